// Real household and age figures replace a community's generated demo data.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findCommunityPlaces, updateCommunityFigures } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import { COMMUNITY_IMPORT_COLUMNS, type CommunityImportRow, CommunityImportRowSchema } from "../validation/community-import";
import type { ImportError, ImportReport } from "../validation/import";
import { checkImport, importColumns, type ImportInput, importVerdict, outOfScope } from "./import-rows.server";
import { type Change, type Outcome, runUseCase } from "./use-case.server";

const columns = importColumns(COMMUNITY_IMPORT_COLUMNS, ["lat", "lng"]);

/**
 * Replaces the generated demo figures of the listed communities with real ones (区级管理员:
 * their district; 市级管理员: any). Every row is checked; what is written is written in one
 * transaction with its audit row.
 */
export function importCommunityFigures(db: Kysely<Database>, change: Change, input: ImportInput): Promise<Outcome<ImportReport>> {
  return runUseCase(db, change, async (trx) => {
    const { sheet } = input;
    const mode = input.mode ?? "all_or_nothing";
    checkImport(change, "communities", sheet, columns);

    const problems: ImportError[] = [];
    const parsedRows: { rowNumber: number; row: CommunityImportRow }[] = [];
    const seen = new Map<string, number>();
    for (const { rowNumber, values } of sheet.rows) {
      const parsed = CommunityImportRowSchema.safeParse(columns.valuesOf(sheet, values));
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({ row: rowNumber, column: columns.columnFor(String(issue.path[0] ?? ""), sheet.header), reason: issue.message });
        }
        continue;
      }
      const earlier = seen.get(parsed.data.code);
      if (earlier) {
        problems.push({ row: rowNumber, column: columns.columnFor("code", sheet.header), reason: `社区代码与第 ${earlier} 行重复` });
        continue;
      }
      seen.set(parsed.data.code, rowNumber);
      parsedRows.push({ rowNumber, row: parsed.data });
    }

    const known = await findCommunityPlaces(trx, parsedRows.map((v) => v.row.code));
    const valid: CommunityImportRow[] = [];
    for (const { rowNumber, row } of parsedRows) {
      const place = known.get(row.code);
      const column = columns.columnFor("code", sheet.header);
      if (!place) problems.push({ row: rowNumber, column, reason: `社区代码 ${row.code} 不在区划数据中` });
      else if (outOfScope(change.actor, "communities", place)) problems.push({ row: rowNumber, column, reason: `社区 ${row.code} 不在您的管辖范围内` });
      else valid.push(row);
    }
    const report = importVerdict(problems, valid.length, mode);
    if (input.dryRun) return report;

    for (const row of valid) await updateCommunityFigures(trx, row.code, row);
    await writeAudit(trx, {
      actor: change.actor,
      action: "communities.import",
      entityType: "import",
      entityId: input.source,
      after: { mode, rows: valid.length, codes: valid.map((r) => r.code), skippedRows: problems.map((e) => e.row) },
      ip: change.ip,
    });
    return report;
  });
}
