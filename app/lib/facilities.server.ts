import type { Kysely } from "kysely";
import {
  type Facility,
  type FacilityInput,
  findFacility,
  insertFacility,
  updateFacility,
} from "../../db/repositories/facilities";
import { writeAudit } from "../../db/repositories/audit";
import type { Database } from "../../db/schema";
import type { Actor } from "../../workflows/permissions";

export interface Change {
  actor: Actor;
  ip: string | null;
}

export async function createFacility(
  db: Kysely<Database>,
  change: Change,
  communityCode: string,
  input: FacilityInput,
): Promise<Facility> {
  return db.transaction().execute(async (trx) => {
    const facility = await insertFacility(trx, communityCode, input);
    await writeAudit(trx, {
      actor: change.actor,
      action: "facility.create",
      entityType: "facility",
      entityId: facility.id,
      after: facility,
      ip: change.ip,
    });
    return facility;
  });
}

function inputOf(facility: Facility): FacilityInput {
  const { id: _id, communityCode: _c, isDemoData: _d, updatedAt: _u, ...input } = facility;
  return input;
}

/** Null when the facility does not exist in that community. */
async function changeFacility(
  db: Kysely<Database>,
  change: Change,
  communityCode: string,
  facilityId: string,
  action: "facility.update" | "facility.close",
  next: (before: Facility) => FacilityInput,
): Promise<Facility | null> {
  return db.transaction().execute(async (trx) => {
    const before = await findFacility(trx, facilityId);
    if (!before || before.communityCode !== communityCode) return null;
    await updateFacility(trx, facilityId, next(before));
    const after = await findFacility(trx, facilityId);
    await writeAudit(trx, { actor: change.actor, action, entityType: "facility", entityId: facilityId, before, after, ip: change.ip });
    return after;
  });
}

export function editFacility(db: Kysely<Database>, change: Change, communityCode: string, facilityId: string, input: FacilityInput) {
  return changeFacility(db, change, communityCode, facilityId, "facility.update", () => input);
}

export function closeFacility(db: Kysely<Database>, change: Change, communityCode: string, facilityId: string) {
  return changeFacility(db, change, communityCode, facilityId, "facility.close", (before) => ({ ...inputOf(before), status: "closed" }));
}
