import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { nowIso } from "../../db/clock";
import type { Database } from "../../db/schema";
import {
  COMMUNITY_IMPORT_COLUMNS,
  type CommunityImportRow,
  CommunityImportRowSchema,
} from "../validation/community-import";
import type { ImportError, ImportMode, ImportResult } from "../validation/import";
import { importColumns, sortErrors } from "./import-rows.server";
import type { Actor, Place } from "../../workflows/permissions";
import type { Sheet } from "./spreadsheet.server";

export type { ImportError, ImportResult } from "../validation/import";

const columns = importColumns(COMMUNITY_IMPORT_COLUMNS, ["lat", "lng"]);

export interface ImportChange {
  actor: Actor | null;
  ip: string | null;
  source: string;
  /** all_or_nothing (default): one bad row and nothing is written. valid_rows: write the good rows, report the rest. */
  mode?: ImportMode;
  /** Whether the user may change this community (e.g. a 区级管理员: their district only). Default: any. */
  allowed?: (place: Place) => boolean;
  /** Check only: report what would be written, write nothing. */
  dryRun?: boolean;
}

/**
 * Replaces the generated demo figures of the listed communities with real ones.
 * Every row is checked; what is written is written in one transaction with its audit row.
 */
export async function importCommunityFigures(db: Kysely<Database>, sheet: Sheet, change: ImportChange): Promise<ImportResult> {
  const mode = change.mode ?? "all_or_nothing";
  const headerErrors = columns.missingColumns(sheet);
  if (headerErrors.length) return { ok: false, errors: headerErrors };
  if (sheet.rows.length === 0) return { ok: false, errors: [{ row: 2, column: "", reason: "文件中没有数据行" }] };

  const errors: ImportError[] = [];
  const parsedRows: { rowNumber: number; row: CommunityImportRow }[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, values } of sheet.rows) {
    const parsed = CommunityImportRowSchema.safeParse(columns.valuesOf(sheet, values));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row: rowNumber, column: columns.columnFor(String(issue.path[0] ?? ""), sheet.header), reason: issue.message });
      }
      continue;
    }
    const earlier = seen.get(parsed.data.code);
    if (earlier) {
      errors.push({ row: rowNumber, column: columns.columnFor("code", sheet.header), reason: `社区代码与第 ${earlier} 行重复` });
      continue;
    }
    seen.set(parsed.data.code, rowNumber);
    parsedRows.push({ rowNumber, row: parsed.data });
  }

  const known = new Map<string, Place>();
  const codes = parsedRows.map((v) => v.row.code);
  for (let i = 0; i < codes.length; i += 500) {
    const found = await db
      .selectFrom("communities")
      .select(["code", "street_code", "district_code"])
      .where("code", "in", codes.slice(i, i + 500))
      .execute();
    for (const c of found) known.set(c.code, { districtCode: c.district_code, streetCode: c.street_code, communityCode: c.code });
  }
  const valid: CommunityImportRow[] = [];
  for (const { rowNumber, row } of parsedRows) {
    const place = known.get(row.code);
    const column = columns.columnFor("code", sheet.header);
    if (!place) errors.push({ row: rowNumber, column, reason: `社区代码 ${row.code} 不在区划数据中` });
    else if (change.allowed && !change.allowed(place)) errors.push({ row: rowNumber, column, reason: `社区 ${row.code} 不在您的管辖范围内` });
    else valid.push(row);
  }
  sortErrors(errors);
  if (errors.length && (mode === "all_or_nothing" || valid.length === 0)) return { ok: false, errors };
  if (change.dryRun) return mode === "valid_rows" ? { ok: true, updated: valid.length, skipped: errors } : { ok: true, updated: valid.length };

  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    for (const row of valid) {
      await trx
        .updateTable("communities")
        .set({
          households: row.households,
          population: row.population,
          share_60_plus: row.share60Plus,
          share_0_3: row.share0To3,
          share_3_12: row.share3To12,
          development_type: row.developmentType,
          is_pilot: row.isPilot ? 1 : 0,
          has_hub: row.hasHub ? 1 : 0,
          ...(row.lat !== undefined && row.lng !== undefined ? { lat: row.lat, lng: row.lng } : {}),
          is_demo_data: 0,
          updated_at: now,
        })
        .where("code", "=", row.code)
        .execute();
    }
    await writeAudit(trx, {
      actor: change.actor,
      action: "communities.import",
      entityType: "import",
      entityId: change.source,
      after: { mode, rows: valid.length, codes: valid.map((r) => r.code), skippedRows: errors.map((e) => e.row) },
      ip: change.ip,
    });
  });
  return mode === "valid_rows" ? { ok: true, updated: valid.length, skipped: errors } : { ok: true, updated: valid.length };
}
