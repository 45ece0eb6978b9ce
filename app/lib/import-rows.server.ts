// Header matching, row checks, the all-or-nothing decision and the audit row shared by the
// importers (community figures, facilities, 小区, idle spaces).
import type { Kysely } from "kysely";
import type { z } from "zod";
import { writeAudit } from "../../db/repositories/audit";
import { findCommunityPlaces } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import { type CoordinateSystem, resolvePosition } from "../../workflows/coordinates";
import type { LatLng } from "../../workflows/geo";
import { type Actor, can, importPermission, type ImportKindName, type Place, scopeFilter } from "../../workflows/permissions";
import { type ImportError, type ImportMode, importProblemErrors, type ImportReport } from "../validation/import";
import type { Sheet } from "./spreadsheet.server";
import { authorize, type Change, refuse } from "./use-case.server";

/** What every import is given: the file read as a sheet, and how to treat rows with problems. */
export interface ImportInput {
  sheet: Sheet;
  /** The file name, for the audit log. */
  source: string;
  /** all_or_nothing (default): one bad row and nothing is written. valid_rows: write the good rows, report the rest. */
  mode?: ImportMode;
  /** Check only: report what would be written, write nothing. */
  dryRun?: boolean;
  /** The file-level 坐标系, for rows that leave the 坐标系 column empty (or a file without it). */
  defaultSystem?: CoordinateSystem;
}

/** Accepted headers per field: [code name, Chinese label used in our template, …aliases]. */
export type ImportColumns = Record<string, readonly string[]>;

export function importColumns<C extends ImportColumns>(columns: C, optional: readonly (keyof C & string)[]) {
  const namesOf = (field: string): readonly string[] => columns[field] ?? [field];
  /** The header the file uses for a field, if any. */
  const headerOf = (field: string, header: readonly string[]) => {
    const names = namesOf(field);
    return header.find((h) => names.includes(h));
  };
  /** For error messages: the file's own header, else our Chinese label. */
  const columnFor = (field: string, header: readonly string[]) => headerOf(field, header) ?? namesOf(field)[1] ?? field;

  return {
    headerOf,
    columnFor,
    /** Row-1 errors for required columns the file does not have. */
    missingColumns(sheet: Sheet): ImportError[] {
      const errors: ImportError[] = [];
      for (const [field, names] of Object.entries(columns)) {
        if (!optional.includes(field) && !headerOf(field, sheet.header)) {
          errors.push({ row: 1, column: names[1], reason: `缺少列“${names[1]}”（或 ${names[0]}）` });
        }
      }
      return errors;
    },
    /** The row's cells by field name ("" when the column is absent). */
    valuesOf(sheet: Sheet, values: Record<string, string>): Record<keyof C & string, string> {
      const out: Record<string, string> = {};
      for (const field of Object.keys(columns)) out[field] = values[headerOf(field, sheet.header) ?? ""] ?? "";
      return out as Record<keyof C & string, string>;
    },
  };
}

/**
 * The sheet's rows read through `schema`: each problem reported once per column, and a row
 * repeating an earlier row's key refused. Returns the good rows with their row numbers.
 */
export function parseSheetRows<R>(
  sheet: Sheet,
  columns: ReturnType<typeof importColumns>,
  schema: z.ZodType<R>,
  duplicate: { key: (row: R) => string; field: string; reason: (earlierRow: number) => string },
  problems: ImportError[],
): { rowNumber: number; row: R }[] {
  const rows: { rowNumber: number; row: R }[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, values } of sheet.rows) {
    const parsed = schema.safeParse(columns.valuesOf(sheet, values));
    if (!parsed.success) {
      const reported = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = columns.columnFor(String(issue.path[0] ?? ""), sheet.header);
        if (reported.has(`${column}\u0000${issue.message}`)) continue;
        reported.add(`${column}\u0000${issue.message}`);
        problems.push({ row: rowNumber, column, reason: issue.message });
      }
      continue;
    }
    const key = duplicate.key(parsed.data);
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({ row: rowNumber, column: columns.columnFor(duplicate.field, sheet.header), reason: duplicate.reason(earlier) });
      continue;
    }
    seen.set(key, rowNumber);
    rows.push({ rowNumber, row: parsed.data });
  }
  return rows;
}

/**
 * 403 unless the actor may import this kind at all (rows outside their scope are reported
 * row by row, see outOfScope); 400 when the sheet lacks a required column or has no rows.
 * Returns the sheet, the mode and the list the row problems are collected in.
 */
export function checkImport(
  change: Change,
  kind: ImportKindName,
  input: ImportInput,
  columns: { missingColumns(sheet: Sheet): ImportError[] },
): { sheet: Sheet; mode: ImportMode; problems: ImportError[] } {
  authorize(change, importPermission(kind, change.actor), scopeFilter(change.actor));
  const headerErrors = columns.missingColumns(input.sheet);
  if (headerErrors.length) refuseFile(headerErrors);
  if (input.sheet.rows.length === 0) refuseFile([{ row: 2, column: "", reason: "文件中没有数据行" }]);
  return { sheet: input.sheet, mode: input.mode ?? "all_or_nothing", problems: [] };
}

/** A named thing's key: its name is unique within its community, so a corrected file imported again updates rather than duplicates. */
export const communityNameKey = (communityCode: string, name: string) => `${communityCode}\u0000${name}`;

/**
 * checkImport, then the sheet's rows through `schema`, each name once within its community
 * (`noun` is what the repeated row names: 设施, 小区, 空间).
 */
export function checkNamedRows<R extends { communityCode: string; name: string }>(
  change: Change,
  kind: ImportKindName,
  input: ImportInput,
  columns: ReturnType<typeof importColumns>,
  schema: z.ZodType<R>,
  noun: string,
) {
  const { sheet, mode, problems } = checkImport(change, kind, input, columns);
  const parsedRows = parseSheetRows(
    sheet,
    columns,
    schema,
    { key: (row) => communityNameKey(row.communityCode, row.name), field: "name", reason: (earlier) => `同一社区的${noun}名称与第 ${earlier} 行重复` },
    problems,
  );
  return { sheet, mode, problems, parsedRows };
}

/** The audit row of an import that wrote: what it wrote, and the rows it skipped. */
export async function auditImport(
  trx: Kysely<Database>,
  change: Change,
  kind: ImportKindName,
  input: ImportInput,
  written: { mode: ImportMode } & Record<string, unknown>,
  problems: readonly ImportError[],
): Promise<void> {
  await writeAudit(trx, {
    actor: change.actor,
    action: `${kind}.import`,
    entityType: "import",
    entityId: input.source,
    after: { ...written, skippedRows: problems.map((e) => e.row) },
    ip: change.ip,
  });
}

/** Whether a row's community is outside what the actor may import for. */
export function outOfScope(actor: Actor, kind: ImportKindName, place: Place): boolean {
  return !can(actor, importPermission(kind, actor), place);
}

/** A position in WGS-84 and the system it was given in. */
export type Position = LatLng & { system: CoordinateSystem };

/**
 * The rows whose 社区代码 exists and lies in the actor's scope, each with its community's place
 * and centroid and its position in WGS-84 (null when the row gives none); the others are reported.
 */
export async function rowsInScope<R extends { communityCode: string; lat: string; lng: string; system: string }>(
  trx: Kysely<Database>,
  change: Change,
  kind: ImportKindName,
  input: ImportInput,
  columns: ReturnType<typeof importColumns>,
  parsedRows: { rowNumber: number; row: R }[],
  problems: ImportError[],
) {
  const communities = await findCommunityPlaces(trx, [...new Set(parsedRows.map((r) => r.row.communityCode))]);
  const column = columns.columnFor("communityCode", input.sheet.header);
  const rows: { rowNumber: number; row: R; community: Place & { lat: number; lng: number }; position: Position | null }[] = [];
  for (const { rowNumber, row } of parsedRows) {
    const community = communities.get(row.communityCode);
    if (!community) {
      problems.push({ row: rowNumber, column, reason: `社区代码 ${row.communityCode} 不在区划数据中` });
      continue;
    }
    if (outOfScope(change.actor, kind, community)) {
      problems.push({ row: rowNumber, column, reason: `社区 ${row.communityCode} 不在您的管辖范围内` });
      continue;
    }
    const at = rowPosition(input.sheet, columns, { rowNumber, cells: row }, input.defaultSystem, problems);
    if (at) rows.push({ rowNumber, row, community, position: at.position });
  }
  return rows;
}

/**
 * A row's position in WGS-84 from its 经度, 纬度 and 坐标系 (or the file's): `{ position: null }`
 * when both are blank, null when refused (the problem is added as row · column · reason).
 */
export function rowPosition(
  sheet: Sheet,
  columns: ReturnType<typeof importColumns>,
  at: { rowNumber: number; cells: { lat: string; lng: string; system: string } },
  defaultSystem: CoordinateSystem | undefined,
  problems: ImportError[],
): { position: Position | null } | null {
  const { lat, lng, system } = at.cells;
  if (lat.trim() === "" && lng.trim() === "") return { position: null };
  if (lat.trim() === "" || lng.trim() === "") {
    problems.push({ row: at.rowNumber, column: columns.columnFor(lat.trim() === "" ? "lat" : "lng", sheet.header), reason: "纬度和经度须同时填写或同时留空" });
    return null;
  }
  const resolved = resolvePosition({ lat, lng, system: system.trim() === "" ? defaultSystem : system });
  if (!resolved.ok) {
    problems.push({ row: at.rowNumber, column: columns.columnFor(resolved.field, sheet.header), reason: resolved.reason });
    return null;
  }
  return { position: { lat: resolved.lat, lng: resolved.lng, system: resolved.system } };
}

/**
 * The file's verdict: 400 with every problem when nothing may be written (a problem in
 * 全部成功才导入, or no good row); otherwise what is (or would be) written.
 */
export function importVerdict(problems: ImportError[], updated: number, mode: ImportMode): ImportReport {
  problems.sort((a, b) => a.row - b.row);
  if (problems.length && (mode === "all_or_nothing" || updated === 0)) refuseFile(problems);
  return mode === "valid_rows" ? { updated, skipped: problems } : { updated };
}

function refuseFile(problems: ImportError[]): never {
  refuse(400, `文件有 ${problems.length} 处问题，未写入任何数据。`, importProblemErrors(problems));
}

/**
 * Checks an uploaded file before it is parsed: size, extension and that its bytes match it
 * (an XLSX is a ZIP; a CSV is UTF-8 text). Returns the reason in Chinese, or null.
 */
export function uploadProblem(fileName: string, data: Uint8Array, maxBytes: number): string | null {
  const extension = fileName.toLowerCase().match(/\.[a-z0-9]+$/)?.[0] ?? "";
  if (data.byteLength === 0) return "请选择要上传的文件（文件为空）。";
  if (data.byteLength > maxBytes) return `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后分批导入。`;
  if (extension === ".xlsx") {
    const zip = data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
    return zip ? null : "文件扩展名为 .xlsx，但内容不是 Excel 工作簿：请在 Excel 或 WPS 中另存为 .xlsx 后重新上传。";
  }
  if (extension === ".csv") {
    if (data.includes(0)) return "文件扩展名为 .csv，但内容不是文本：请另存为“CSV UTF-8（逗号分隔）”后重新上传。";
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(data);
    } catch {
      return "CSV 文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或改用 .xlsx。";
    }
    return null;
  }
  return `不支持的文件类型“${extension || fileName}”：请上传 .xlsx 或 .csv 文件。`;
}
