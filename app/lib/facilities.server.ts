// 设施台账 use cases: a community worker adds, edits and closes their community's facilities.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { type Facility, type FacilityInput, findFacility, insertFacility, updateFacility } from "../../db/repositories/facilities";
import type { Database } from "../../db/schema";
import { authorize, type Change, communityPlace, type Outcome, refuse, runUseCase } from "./use-case.server";

export function createFacility(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; facility: FacilityInput },
): Promise<Outcome<{ facility: Facility }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:facility", await communityPlace(trx, input.communityCode));
    const facility = await insertFacility(trx, input.communityCode, input.facility);
    await writeAudit(trx, {
      actor: change.actor,
      action: "facility.create",
      entityType: "facility",
      entityId: facility.id,
      after: facility,
      ip: change.ip,
    });
    return { facility };
  });
}

export function editFacility(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; facilityId: string; facility: FacilityInput },
): Promise<Outcome<{ facility: Facility }>> {
  return changeFacility(db, change, input, "facility.update", () => input.facility);
}

/** A facility that stops operating is closed, not deleted: the record stays, evaluations leave it out. */
export function closeFacility(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; facilityId: string },
): Promise<Outcome<{ facility: Facility }>> {
  return changeFacility(db, change, input, "facility.close", (before) => ({ ...inputOf(before), status: "closed" }));
}

function inputOf(facility: Facility): FacilityInput {
  const { id: _id, communityCode: _c, isDemoData: _d, updatedAt: _u, ...input } = facility;
  return input;
}

function changeFacility(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; facilityId: string },
  action: "facility.update" | "facility.close",
  next: (before: Facility) => FacilityInput,
): Promise<Outcome<{ facility: Facility }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:facility", await communityPlace(trx, input.communityCode));
    const before = await findFacility(trx, input.facilityId);
    if (!before || before.communityCode !== input.communityCode) refuse(404, "找不到该设施。");
    await updateFacility(trx, before.id, next(before));
    const after = (await findFacility(trx, before.id))!;
    await writeAudit(trx, { actor: change.actor, action, entityType: "facility", entityId: before.id, before, after, ip: change.ip });
    return { facility: after };
  });
}
