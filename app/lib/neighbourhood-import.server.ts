// 小区 from a sheet: households and position (converted from its 坐标系 to WGS-84), added or
// updated by name within the community. The 选址推演's demand and the evaluation's circle read them.
import type { Kysely } from "kysely";
import { listNeighbourhoodIdsByName, saveNeighbourhood } from "../../db/repositories/neighbourhoods";
import type { Database } from "../../db/schema";
import { NEIGHBOURHOOD_IMPORT_COLUMNS, NeighbourhoodImportRowSchema } from "../validation/idle-space";
import type { ImportReport } from "../validation/import";
import { auditImport, checkNamedRows, communityNameKey, importColumns, type ImportInput, importVerdict, rowsInScope } from "./import-rows.server";
import { type Change, type Outcome, runUseCase } from "./use-case.server";

const columns = importColumns(NEIGHBOURHOOD_IMPORT_COLUMNS, ["system"]);

export function importNeighbourhoods(db: Kysely<Database>, change: Change, input: ImportInput): Promise<Outcome<ImportReport>> {
  return runUseCase(db, change, async (trx) => {
    const { sheet, mode, problems, parsedRows } = checkNamedRows(change, "neighbourhoods", input, columns, NeighbourhoodImportRowSchema, "小区");
    const existing = await listNeighbourhoodIdsByName(trx, [...new Set(parsedRows.map((r) => r.row.communityCode))]);
    const valid = [];
    for (const { rowNumber, row, position } of await rowsInScope(trx, change, "neighbourhoods", input, columns, parsedRows, problems)) {
      if (!position) problems.push({ row: rowNumber, column: columns.columnFor("lng", sheet.header), reason: "请填写小区的经度和纬度" });
      else valid.push({ row, position });
    }
    const report = importVerdict(problems, valid.length, mode);
    if (input.dryRun) return report;

    const saved: string[] = [];
    for (const { row, position } of valid) {
      const id = existing.get(communityNameKey(row.communityCode, row.name));
      saved.push(await saveNeighbourhood(trx, row.communityCode, id, { name: row.name, households: row.households, lat: position.lat, lng: position.lng }));
    }
    await auditImport(trx, change, "neighbourhoods", input, { mode, saved }, problems);
    return report;
  });
}
