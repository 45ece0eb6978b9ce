// 小区 from a sheet: households and position (converted from its 坐标系 to WGS-84), added or
// updated by name within the community. The 选址推演's demand and the evaluation's circle read them.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { listNeighbourhoodIdsByName, saveNeighbourhood } from "../../db/repositories/neighbourhoods";
import type { Database } from "../../db/schema";
import { NEIGHBOURHOOD_IMPORT_COLUMNS, NeighbourhoodImportRowSchema } from "../validation/idle-space";
import type { ImportReport } from "../validation/import";
import { checkImport, importColumns, type ImportInput, importVerdict, parseSheetRows, rowsInScope } from "./import-rows.server";
import { type Change, type Outcome, runUseCase } from "./use-case.server";

const columns = importColumns(NEIGHBOURHOOD_IMPORT_COLUMNS, ["system"]);
const nameKey = (communityCode: string, name: string) => `${communityCode}\u0000${name}`;

export function importNeighbourhoods(db: Kysely<Database>, change: Change, input: ImportInput): Promise<Outcome<ImportReport>> {
  return runUseCase(db, change, async (trx) => {
    const { sheet, mode, problems } = checkImport(change, "neighbourhoods", input, columns);
    const parsedRows = parseSheetRows(
      sheet,
      columns,
      NeighbourhoodImportRowSchema,
      { key: (row) => nameKey(row.communityCode, row.name), field: "name", reason: (earlier) => `同一社区的小区名称与第 ${earlier} 行重复` },
      problems,
    );
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
      const id = existing.get(nameKey(row.communityCode, row.name));
      saved.push(await saveNeighbourhood(trx, row.communityCode, id, { name: row.name, households: row.households, lat: position.lat, lng: position.lng }));
    }
    await writeAudit(trx, {
      actor: change.actor,
      action: "neighbourhoods.import",
      entityType: "import",
      entityId: input.source,
      after: { mode, saved, skippedRows: problems.map((e) => e.row) },
      ip: change.ip,
    });
    return report;
  });
}
