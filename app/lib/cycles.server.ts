import type { Kysely } from "kysely";
import { initialTransition, transition } from "xstate";
import { writeAudit } from "../../db/repositories/audit";
import {
  type Cycle,
  findCurrentCycle,
  findCycle,
  insertCycle,
  insertCycleEvent,
  saveCycleSnapshot,
} from "../../db/repositories/cycles";
import { closeNeedsSurveyOfCycle } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import {
  type CarriedOverItem,
  type CycleCommand,
  communityCycleMachine,
  persistCycle,
  refusalReason,
  restoreCycle,
  stageOf,
  toCycleEvent,
} from "../../workflows/communityCycle";
import { STAGE_LABELS } from "../../workflows/glossary";
import { gatherCycleFacts } from "./cycle-facts.server";
import { carryOverOf } from "./round-summary.server";
import type { Actor } from "./permissions";

export const STALE_CYCLE_MESSAGE = "该社区的流程已被他人更新，请刷新后重试";

export type CycleResult =
  | { ok: true; cycle: Cycle; nextCycle: Cycle | null }
  | { ok: false; status: 400 | 404 | 409; message: string };

export interface CycleChange {
  communityCode: string;
  /** The cycle version the user saw; a different current version means someone else acted first. */
  expectedVersion: number;
  command: CycleCommand;
  actor: Actor;
  ip: string | null;
}

/** Sends one event to a community's current cycle, in its own transaction. */
export function sendCycleEvent(db: Kysely<Database>, change: CycleChange): Promise<CycleResult> {
  return db.transaction().execute((trx) => applyCycleEvent(trx, change));
}

/**
 * The one way a cycle moves: restore, check, transition, save with `WHERE version = ?`,
 * record the event and the audit row. Call inside the transaction that made the change
 * the event depends on (e.g. a submitted list), so both commit or neither.
 */
export async function applyCycleEvent(trx: Kysely<Database>, change: CycleChange): Promise<CycleResult> {
  const cycle = await findCurrentCycle(trx, change.communityCode);
  if (!cycle) return { ok: false, status: 404, message: "该社区还没有体检周期。" };
  if (cycle.version !== change.expectedVersion) return { ok: false, status: 409, message: STALE_CYCLE_MESSAGE };

  const snapshot = restoreCycle({ machineVersion: cycle.machineVersion, snapshot: cycle.snapshot });
  const facts = await gatherCycleFacts(trx, cycle);
  const event = toCycleEvent(change.command, change.actor, facts);
  if (!snapshot.can(event)) {
    const reason = refusalReason(snapshot.context, event) ?? `当前阶段（${STAGE_LABELS[stageOf(snapshot)]}）不能执行此操作。`;
    return { ok: false, status: 400, message: reason };
  }
  const [next, actions] = transition(communityCycleMachine, snapshot, event);
  const fromStage = stageOf(snapshot);
  const toStage = stageOf(next);
  const stored = persistCycle(next);
  const saved = await saveCycleSnapshot(trx, {
    id: cycle.id,
    expectedVersion: cycle.version,
    machineVersion: stored.machineVersion,
    snapshot: stored.snapshot,
    stage: toStage,
    stageChanged: fromStage !== toStage,
  });
  if (!saved) return { ok: false, status: 409, message: STALE_CYCLE_MESSAGE };

  const comment = "comment" in change.command ? change.command.comment : "reason" in change.command ? change.command.reason : null;
  await insertCycleEvent(trx, {
    cycleId: cycle.id,
    type: event.type,
    actor: change.actor,
    fromStage,
    toStage,
    comment: comment?.trim() || null,
    payload: { command: change.command, facts },
  });
  await writeAudit(trx, {
    actor: change.actor,
    action: `cycle.${event.type.toLowerCase()}`,
    entityType: "cycle",
    entityId: cycle.id,
    before: { stage: fromStage, version: cycle.version },
    after: { stage: toStage, version: cycle.version + 1, comment },
    ip: change.ip,
  });

  if (event.type === "CLOSE_SURVEY") await closeNeedsSurveyOfCycle(trx, cycle.id);
  const nextCycle = actions.some((a) => a.type === "startNextRound")
    ? await openCycle(trx, {
        communityCode: cycle.communityCode,
        streetCode: next.context.streetCode,
        year: new Date().getFullYear(),
        round: cycle.round + 1,
        // The functions flagged for adjustment and the approved items this round did not deliver.
        carriedOver: await carryOverOf(trx, cycle),
      })
    : null;
  return { ok: true, cycle: (await findCycle(trx, cycle.id))!, nextCycle };
}

/** Opens a round in 准备; the partial unique index refuses a second open cycle. */
export async function openCycle(
  db: Kysely<Database>,
  input: { communityCode: string; streetCode: string; year: number; round: number; carriedOver: CarriedOverItem[] },
): Promise<Cycle> {
  const [snapshot] = initialTransition(communityCycleMachine, input);
  const stored = persistCycle(snapshot);
  const id = await insertCycle(db, {
    communityCode: input.communityCode,
    year: input.year,
    round: input.round,
    machineVersion: stored.machineVersion,
    snapshot: stored.snapshot,
    stage: "preparing",
  });
  return (await findCycle(db, id))!;
}
