// The one shape of a state-changing use case (docs/decisions/0010-use-case-shape.md):
//
//   export function doThing(db: Kysely<Database>, change: Change, input: Input): Promise<Outcome<{ … }>> {
//     return runUseCase(db, change, async (trx) => {
//       authorize(change, "manage:thing", await placeOf(trx, input.communityCode));   // 403
//       const cycle = await currentCycle(trx, input.communityCode);                    // 404
//       requireStage(cycle.stage, "edit:gaplist");                                      // 409
//       …pure rule from workflows/…                                                    // 400/422
//       …repository writes, `WHERE version = ?`                                        // 409
//       await writeAudit(trx, { actor: change.actor, ip: change.ip, … });
//       return { thingId };
//     });
//   }
//
// Refusals are thrown inside the transaction (so nothing is kept) and come back as values.
// A refused permission is written to the audit log after the rollback.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findCommunityPlace } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import { type Action, type Actor, permissionRefusal, type Place } from "../../workflows/permissions";
import { type StageActivity, stageRefusal } from "../../workflows/stage-rules";
import type { Stage } from "../../workflows/glossary";

/** Who is changing something, and from where (for the audit log). */
export interface Change {
  actor: Actor;
  ip: string | null;
}

/** 400 bad input · 403 not allowed · 404 absent · 409 stale or wrong stage · 422 a rule refuses it. */
export type FailureStatus = 400 | 403 | 404 | 409 | 422;
export type Failure = { ok: false; status: FailureStatus; message: string; errors?: Record<string, string> };
export type Outcome<T extends object = object> = ({ ok: true } & T) | Failure;

export class Refusal extends Error {
  constructor(
    readonly failure: Failure,
    /** Set for a 403 so the attempt can be audited. */
    readonly denied?: { action: Action; place: Place },
  ) {
    super(failure.message);
  }
}

export function refuse(status: FailureStatus, message: string, errors?: Record<string, string>): never {
  throw new Refusal({ ok: false, status, message, ...(errors ? { errors } : {}) });
}

/** 403 unless the change's actor may do `action` at `place` (workflows/permissions.ts). */
export function authorize(change: Change, action: Action, place: Place): void {
  const reason = permissionRefusal(change.actor, action, place);
  if (reason) throw new Refusal({ ok: false, status: 403, message: reason }, { action, place });
}

/** 409 unless the cycle's stage allows `activity` (workflows/stage-rules.ts). */
export function requireStage(stage: Stage, activity: StageActivity, what?: string): void {
  const reason = stageRefusal(stage, activity, what);
  if (reason) refuse(409, reason);
}

/** The community's place in 市 › 区 › 街道 › 社区, for `authorize` (404 when there is none). */
export async function communityPlace(db: Kysely<Database>, communityCode: string) {
  const place = await findCommunityPlace(db, communityCode);
  if (!place) refuse(404, "找不到该社区/村。");
  return place;
}

/** Runs `work` in one transaction; a Refusal becomes the answer and nothing is kept. */
export async function runUseCase<T extends object>(
  db: Kysely<Database>,
  change: Change,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<Outcome<T>> {
  try {
    const value = await db.transaction().execute(work);
    return { ok: true as const, ...value };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    if (error.denied) await auditDenied(db, change, error.denied.action, error.denied.place);
    return error.failure;
  }
}

export async function auditDenied(db: Kysely<Database>, change: Change, action: Action, place: Place): Promise<void> {
  await writeAudit(db, {
    actor: change.actor,
    action: `denied:${action}`,
    entityType: "place",
    entityId: place.communityCode ?? place.streetCode ?? place.districtCode ?? "city",
    ip: change.ip,
  });
}
