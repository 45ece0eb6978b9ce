// Real household and age figures replace a community's generated demo data.
import type { Kysely } from "kysely";
import { findCommunityPlaces, updateCommunityFigures } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import type { CommunityFigures } from "../../db/repositories/places";
import { COMMUNITY_IMPORT_COLUMNS, CommunityImportRowSchema } from "../validation/community-import";
import type { ImportReport } from "../validation/import";
import { auditImport, checkImport, importColumns, type ImportInput, importVerdict, outOfScope, parseSheetRows, rowPosition } from "./import-rows.server";
import { type Change, type Outcome, runUseCase } from "./use-case.server";

const columns = importColumns(COMMUNITY_IMPORT_COLUMNS, ["lat", "lng", "system"]);

/**
 * Replaces the generated demo figures of the listed communities with real ones (区级管理员:
 * their district; 市级管理员: any). Every row is checked; what is written is written in one
 * transaction with its audit row.
 */
export function importCommunityFigures(db: Kysely<Database>, change: Change, input: ImportInput): Promise<Outcome<ImportReport>> {
  return runUseCase(db, change, async (trx) => {
    const { sheet, mode, problems } = checkImport(change, "communities", input, columns);
    const parsedRows = parseSheetRows(sheet, columns, CommunityImportRowSchema, { key: (row) => row.code, field: "code", reason: (earlier) => `社区代码与第 ${earlier} 行重复` }, problems);

    const known = await findCommunityPlaces(trx, parsedRows.map((v) => v.row.code));
    const valid: (CommunityFigures & { code: string })[] = [];
    for (const { rowNumber, row } of parsedRows) {
      const place = known.get(row.code);
      const column = columns.columnFor("code", sheet.header);
      if (!place) problems.push({ row: rowNumber, column, reason: `社区代码 ${row.code} 不在区划数据中` });
      else if (outOfScope(change.actor, "communities", place)) problems.push({ row: rowNumber, column, reason: `社区 ${row.code} 不在您的管辖范围内` });
      else {
        const at = rowPosition(sheet, columns, { rowNumber, cells: row }, input.defaultSystem, problems);
        if (!at) continue;
        const { lat: _lat, lng: _lng, system: _system, ...figures } = row;
        valid.push({ ...figures, ...(at.position ?? {}) });
      }
    }
    const report = importVerdict(problems, valid.length, mode);
    if (input.dryRun) return report;

    for (const row of valid) await updateCommunityFigures(trx, row.code, row);
    await auditImport(trx, change, "communities", input, { mode, rows: valid.length, codes: valid.map((r) => r.code) }, problems);
    return report;
  });
}
