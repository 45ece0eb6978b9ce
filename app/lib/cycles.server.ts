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
import { yearInHangzhou } from "../../db/clock";
import {
  CYCLE_EVENT_ACTIONS,
  type CarriedOverItem,
  type CycleCommand,
  communityCycleMachine,
  persistCycle,
  refusalReason,
  restoreCycle,
  stageOf,
  toCycleEvent,
} from "../../workflows/community-cycle";
import { STAGE_LABELS } from "../../workflows/glossary";
import { gatherCycleFacts } from "./cycle-facts.server";
import { carryOverOf } from "./round-summary.server";
import { authorize, type Change, communityPlace, type Outcome, refuse, runUseCase } from "./use-case.server";

export const STALE_CYCLE_MESSAGE = "该社区的流程已被他人更新，请刷新后重试";

export interface CycleCommandInput {
  communityCode: string;
  /** The cycle version the user saw; a different current version means someone else acted first. */
  expectedVersion: number;
  command: CycleCommand;
}

export interface CycleMoved {
  cycle: Cycle;
  /** The round CLOSE_ROUND opened, if any. */
  nextCycle: Cycle | null;
}

/** Sends one event to a community's current cycle, in its own transaction. */
export function sendCycleEvent(db: Kysely<Database>, change: Change, input: CycleCommandInput): Promise<Outcome<CycleMoved>> {
  return runUseCase(db, change, (trx) => applyCycleEvent(trx, change, input));
}

/**
 * The one way a cycle moves: authorise, restore, check, transition, save with `WHERE
 * version = ?`, record the event and the audit row. Call inside the transaction that made
 * the change the event depends on (e.g. a submitted list), so both commit or neither.
 * Refuses by throwing (use-case.server.ts).
 */
export async function applyCycleEvent(trx: Kysely<Database>, change: Change, input: CycleCommandInput): Promise<CycleMoved> {
  const place = await communityPlace(trx, input.communityCode);
  authorize(change, CYCLE_EVENT_ACTIONS[input.command.type], place);
  const cycle = await findCurrentCycle(trx, input.communityCode);
  if (!cycle) refuse(404, "该社区还没有体检周期。");
  if (cycle.version !== input.expectedVersion) refuse(409, STALE_CYCLE_MESSAGE);

  const snapshot = restoreCycle({ machineVersion: cycle.machineVersion, snapshot: cycle.snapshot });
  const facts = await gatherCycleFacts(trx, cycle);
  const event = toCycleEvent(input.command, change.actor, facts);
  if (!snapshot.can(event)) {
    refuse(400, refusalReason(snapshot.context, event) ?? `当前阶段（${STAGE_LABELS[stageOf(snapshot)]}）不能执行此操作。`);
  }
  const [next, actions] = transition(communityCycleMachine, snapshot, event);
  const fromStage = stageOf(snapshot);
  const toStage = stageOf(next);
  const saved = await saveCycleSnapshot(trx, {
    id: cycle.id,
    expectedVersion: cycle.version,
    ...persistCycle(next),
    stage: toStage,
    stageChanged: fromStage !== toStage,
  });
  if (!saved) refuse(409, STALE_CYCLE_MESSAGE);

  const { command } = input;
  const comment = "comment" in command ? command.comment : "reason" in command ? command.reason : null;
  await insertCycleEvent(trx, {
    cycleId: cycle.id,
    type: event.type,
    actor: change.actor,
    fromStage,
    toStage,
    comment: comment?.trim() || null,
    payload: { command, facts },
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
        year: yearInHangzhou(),
        round: cycle.round + 1,
        // The functions flagged for adjustment and the approved items this round did not deliver.
        carriedOver: await carryOverOf(trx, cycle),
      })
    : null;
  return { cycle: (await findCycle(trx, cycle.id))!, nextCycle };
}

/** Opens a round in 准备; the partial unique index refuses a second open cycle. */
export async function openCycle(
  db: Kysely<Database>,
  input: { communityCode: string; streetCode: string; year: number; round: number; carriedOver: CarriedOverItem[] },
): Promise<Cycle> {
  const [snapshot] = initialTransition(communityCycleMachine, input);
  const id = await insertCycle(db, {
    communityCode: input.communityCode,
    year: input.year,
    round: input.round,
    ...persistCycle(snapshot),
    stage: "preparing",
  });
  return (await findCycle(db, id))!;
}
