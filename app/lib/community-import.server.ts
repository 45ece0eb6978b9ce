import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { nowIso } from "../../db/ids";
import type { Database } from "../../db/schema";
import {
  COMMUNITY_IMPORT_COLUMNS,
  type CommunityImportField,
  type CommunityImportRow,
  CommunityImportRowSchema,
} from "../validation/community-import";
import type { Actor } from "./permissions";
import type { Sheet } from "./spreadsheet.server";

export interface ImportError {
  row: number;
  column: string;
  reason: string;
}

export type ImportResult = { ok: true; updated: number } | { ok: false; errors: ImportError[] };

function namesOf(field: string): readonly string[] {
  return COMMUNITY_IMPORT_COLUMNS[field as CommunityImportField] ?? [field];
}

/** The header the file uses for a field, if any. */
function headerOf(field: string, header: string[]): string | undefined {
  const names = namesOf(field);
  return header.find((h) => names.includes(h));
}

/** For error messages: the file's own header, else our Chinese label. */
function columnFor(field: string, header: string[]): string {
  return headerOf(field, header) ?? namesOf(field)[1] ?? field;
}

/**
 * Replaces the generated demo figures of the listed communities with real ones.
 * All or nothing: one bad row and nothing is written.
 */
export async function importCommunityFigures(
  db: Kysely<Database>,
  sheet: Sheet,
  change: { actor: Actor | null; ip: string | null; source: string },
): Promise<ImportResult> {
  const errors: ImportError[] = [];
  for (const [field, names] of Object.entries(COMMUNITY_IMPORT_COLUMNS)) {
    const optional = field === "lat" || field === "lng";
    if (!optional && !headerOf(field, sheet.header)) {
      errors.push({ row: 1, column: names[1], reason: `缺少列“${names[1]}”（或 ${names[0]}）` });
    }
  }
  if (errors.length) return { ok: false, errors };
  if (sheet.rows.length === 0) return { ok: false, errors: [{ row: 2, column: "", reason: "文件中没有数据行" }] };

  const valid: { rowNumber: number; row: CommunityImportRow }[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, values } of sheet.rows) {
    const input: Record<string, string> = {};
    for (const field of Object.keys(COMMUNITY_IMPORT_COLUMNS)) {
      input[field] = values[headerOf(field, sheet.header) ?? ""] ?? "";
    }
    const parsed = CommunityImportRowSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row: rowNumber, column: columnFor(String(issue.path[0] ?? ""), sheet.header), reason: issue.message });
      }
      continue;
    }
    const earlier = seen.get(parsed.data.code);
    if (earlier) {
      errors.push({ row: rowNumber, column: columnFor("code", sheet.header), reason: `社区代码与第 ${earlier} 行重复` });
      continue;
    }
    seen.set(parsed.data.code, rowNumber);
    valid.push({ rowNumber, row: parsed.data });
  }

  const codes = valid.map((v) => v.row.code);
  const known = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    const found = await db.selectFrom("communities").select("code").where("code", "in", codes.slice(i, i + 500)).execute();
    for (const { code } of found) known.add(code);
  }
  for (const { rowNumber, row } of valid) {
    if (!known.has(row.code)) {
      errors.push({ row: rowNumber, column: columnFor("code", sheet.header), reason: `社区代码 ${row.code} 不在区划数据中` });
    }
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };

  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    for (const { row } of valid) {
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
      after: { rows: valid.length, codes },
      ip: change.ip,
    });
  });
  return { ok: true, updated: valid.length };
}
