// Facilities from a sheet: added, or updated when the community already has one of that name.
import type { Kysely } from "kysely";
import { type FacilityInput, insertFacility, listFacilityIdsByName, updateFacility } from "../../db/repositories/facilities";
import type { Database } from "../../db/schema";
import { FACILITY_IMPORT_COLUMNS, FACILITY_IMPORT_OPTIONAL, FacilityImportRowSchema } from "../validation/facility-import";
import type { ImportReport } from "../validation/import";
import { auditImport, checkNamedRows, communityNameKey, importColumns, type ImportInput, importVerdict, rowsInScope } from "./import-rows.server";
import { type Change, type Outcome, runUseCase } from "./use-case.server";

const columns = importColumns(FACILITY_IMPORT_COLUMNS, FACILITY_IMPORT_OPTIONAL);

/**
 * Adds facilities from a sheet, or updates the one of the same name in the same community
 * (so importing a corrected file again does not duplicate). Rows without coordinates take
 * the community's centroid; given ones are converted from their 坐标系 to WGS-84. Admins import for their district or the city, a 社区工作者 for
 * their own community. Same checking, modes and transaction as the community import.
 */
export function importFacilities(db: Kysely<Database>, change: Change, input: ImportInput): Promise<Outcome<ImportReport>> {
  return runUseCase(db, change, async (trx) => {
    const { mode, problems, parsedRows } = checkNamedRows(change, "facilities", input, columns, FacilityImportRowSchema, "设施");

    const named = await listFacilityIdsByName(trx, [...new Set(parsedRows.map((r) => r.row.communityCode))]);
    const existing = new Map(named.map((f) => [communityNameKey(f.communityCode, f.name), f.id]));

    const valid: { communityCode: string; input: FacilityInput; existingId: string | undefined }[] = [];
    for (const { row, community, position } of await rowsInScope(trx, change, "facilities", input, columns, parsedRows, problems)) {
      valid.push({
        communityCode: row.communityCode,
        existingId: existing.get(communityNameKey(row.communityCode, row.name)),
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
    await auditImport(trx, change, "facilities", input, { mode, created, updated }, problems);
    return report;
  });
}
