import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { type FacilityInput, insertFacility, updateFacility } from "../../db/repositories/facilities";
import type { Database } from "../../db/schema";
import {
  FACILITY_IMPORT_COLUMNS,
  FACILITY_IMPORT_OPTIONAL,
  type FacilityImportRow,
  FacilityImportRowSchema,
} from "../validation/facility-import";
import type { ImportError, ImportResult } from "../validation/import";
import type { ImportChange } from "./community-import.server";
import { importColumns, sortErrors } from "./import-rows.server";
import type { Place } from "../../workflows/permissions";
import type { Sheet } from "./spreadsheet.server";

const columns = importColumns(FACILITY_IMPORT_COLUMNS, FACILITY_IMPORT_OPTIONAL);

const nameKey = (communityCode: string, name: string) => `${communityCode}\u0000${name}`;

/**
 * Adds facilities from a sheet, or updates the one of the same name in the same community
 * (so importing a corrected file again does not duplicate). Rows without coordinates take
 * the community's centroid. Same checking, modes and transaction as the community import.
 */
export async function importFacilities(db: Kysely<Database>, sheet: Sheet, change: ImportChange): Promise<ImportResult> {
  const mode = change.mode ?? "all_or_nothing";
  const headerErrors = columns.missingColumns(sheet);
  if (headerErrors.length) return { ok: false, errors: headerErrors };
  if (sheet.rows.length === 0) return { ok: false, errors: [{ row: 2, column: "", reason: "文件中没有数据行" }] };

  const errors: ImportError[] = [];
  const parsedRows: { rowNumber: number; row: FacilityImportRow }[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, values } of sheet.rows) {
    const parsed = FacilityImportRowSchema.safeParse(columns.valuesOf(sheet, values));
    if (!parsed.success) {
      const reported = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = columns.columnFor(String(issue.path[0] ?? ""), sheet.header);
        const key = `${column}\u0000${issue.message}`;
        if (reported.has(key)) continue;
        reported.add(key);
        errors.push({ row: rowNumber, column, reason: issue.message });
      }
      continue;
    }
    const key = nameKey(parsed.data.communityCode, parsed.data.name);
    const earlier = seen.get(key);
    if (earlier) {
      errors.push({ row: rowNumber, column: columns.columnFor("name", sheet.header), reason: `同一社区的设施名称与第 ${earlier} 行重复` });
      continue;
    }
    seen.set(key, rowNumber);
    parsedRows.push({ rowNumber, row: parsed.data });
  }

  const codes = [...new Set(parsedRows.map((r) => r.row.communityCode))];
  const communities = new Map<string, Place & { lat: number; lng: number }>();
  const existing = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 500) {
    const part = codes.slice(i, i + 500);
    const [found, facilities] = await Promise.all([
      db.selectFrom("communities").select(["code", "street_code", "district_code", "lat", "lng"]).where("code", "in", part).execute(),
      db.selectFrom("facilities").select(["id", "community_code", "name"]).where("community_code", "in", part).execute(),
    ]);
    for (const c of found) {
      communities.set(c.code, { districtCode: c.district_code, streetCode: c.street_code, communityCode: c.code, lat: c.lat, lng: c.lng });
    }
    for (const f of facilities) existing.set(nameKey(f.community_code, f.name), f.id);
  }

  const valid: { communityCode: string; input: FacilityInput; existingId: string | undefined }[] = [];
  for (const { rowNumber, row } of parsedRows) {
    const community = communities.get(row.communityCode);
    const column = columns.columnFor("communityCode", sheet.header);
    if (!community) {
      errors.push({ row: rowNumber, column, reason: `社区代码 ${row.communityCode} 不在区划数据中` });
      continue;
    }
    if (change.allowed && !change.allowed(community)) {
      errors.push({ row: rowNumber, column, reason: `社区 ${row.communityCode} 不在您的管辖范围内` });
      continue;
    }
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
        lat: row.lat ?? community.lat,
        lng: row.lng ?? community.lng,
        operator: row.operator,
        operatingModel: row.operatingModel,
        pricing: row.pricing,
        serviceLevel: row.serviceLevel,
        hubPart: row.hubPart,
      },
    });
  }
  sortErrors(errors);
  if (errors.length && (mode === "all_or_nothing" || valid.length === 0)) return { ok: false, errors };
  const outcome: ImportResult = mode === "valid_rows" ? { ok: true, updated: valid.length, skipped: errors } : { ok: true, updated: valid.length };
  if (change.dryRun) return outcome;

  await db.transaction().execute(async (trx) => {
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
      entityId: change.source,
      after: { mode, created, updated, skippedRows: errors.map((e) => e.row) },
      ip: change.ip,
    });
  });
  return outcome;
}
