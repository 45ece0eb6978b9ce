// Facilities from a sheet: added, or updated when the community already has one of that name.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { type FacilityInput, insertFacility, listFacilityIdsByName, updateFacility } from "../../db/repositories/facilities";
import type { Database } from "../../db/schema";
import { FACILITY_IMPORT_COLUMNS, FACILITY_IMPORT_OPTIONAL, FacilityImportRowSchema } from "../validation/facility-import";
import type { ImportReport } from "../validation/import";
import { checkImport, importColumns, type ImportInput, importVerdict, parseSheetRows, rowsInScope } from "./import-rows.server";
import { type Change, type Outcome, runUseCase } from "./use-case.server";

const columns = importColumns(FACILITY_IMPORT_COLUMNS, FACILITY_IMPORT_OPTIONAL);

const nameKey = (communityCode: string, name: string) => `${communityCode}\u0000${name}`;

/**
 * Adds facilities from a sheet, or updates the one of the same name in the same community
 * (so importing a corrected file again does not duplicate). Rows without coordinates take
 * the community's centroid; given ones are converted from their 坐标系 to WGS-84. Admins import for their district or the city, a 社区工作者 for
 * their own community. Same checking, modes and transaction as the community import.
 */
export function importFacilities(db: Kysely<Database>, change: Change, input: ImportInput): Promise<Outcome<ImportReport>> {
  return runUseCase(db, change, async (trx) => {
    const { sheet, mode, problems } = checkImport(change, "facilities", input, columns);
    const parsedRows = parseSheetRows(
      sheet,
      columns,
      FacilityImportRowSchema,
      { key: (row) => nameKey(row.communityCode, row.name), field: "name", reason: (earlier) => `同一社区的设施名称与第 ${earlier} 行重复` },
      problems,
    );

    const named = await listFacilityIdsByName(trx, [...new Set(parsedRows.map((r) => r.row.communityCode))]);
    const existing = new Map(named.map((f) => [nameKey(f.communityCode, f.name), f.id]));

    const valid: { communityCode: string; input: FacilityInput; existingId: string | undefined }[] = [];
    for (const { row, community, position } of await rowsInScope(trx, change, "facilities", input, columns, parsedRows, problems)) {
      valid.push({
        communityCode: row.communityCode,
        existingId: existing.get(nameKey(row.communityCode, row.name)),
        input: {
          name: row.name,
          domain: row.domain,
          functions: row.functions,
          areaM2: row.areaM2,
          officeAreaM2: row.officeAreaM2 ?? 0,
          status: row.status,
          lat: position?.lat ?? community.lat,
          lng: position?.lng ?? community.lng,
          operator: row.operator,
          operatingModel: row.operatingModel,
          pricing: row.pricing,
          serviceLevel: row.serviceLevel,
          hubPart: row.hubPart,
        },
      });
    }
    const report = importVerdict(problems, valid.length, mode);
    if (input.dryRun) return report;

    const created: string[] = [];
    const updated: string[] = [];
    for (const row of valid) {
      if (row.existingId) {
        await updateFacility(trx, row.existingId, row.input);
        updated.push(row.existingId);
      } else {
        created.push((await insertFacility(trx, row.communityCode, row.input)).id);
      }
    }
    await writeAudit(trx, {
      actor: change.actor,
      action: "facilities.import",
      entityType: "import",
      entityId: input.source,
      after: { mode, created, updated, skippedRows: problems.map((e) => e.row) },
      ip: change.ip,
    });
    return report;
  });
}
