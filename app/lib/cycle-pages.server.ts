// Read models of the cycle pages: the current round with what this user may do now, and a
// round's summary with the close action.
import type { Kysely } from "kysely";
import { findCurrentCycle, listCycleHistory, listCycles } from "../../db/repositories/cycles";
import type { CommunityDetail } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import { cycleActions, restoreCycle, stageOf } from "../../workflows/community-cycle";
import { type Actor, can } from "../../workflows/permissions";
import { gatherCycleFacts } from "./cycle-facts.server";
import { loadRoundSummary } from "./round-summary.server";

/** The community's current round, its history, and each action with why it is unavailable. Null without a cycle. */
export async function loadCyclePage(db: Kysely<Database>, actor: Actor, communityCode: string) {
  const cycle = await findCurrentCycle(db, communityCode);
  if (!cycle) return null;
  const snapshot = restoreCycle({ machineVersion: cycle.machineVersion, snapshot: cycle.snapshot });
  const [facts, history] = await Promise.all([gatherCycleFacts(db, cycle), listCycleHistory(db, cycle.id)]);
  return {
    cycle: {
      year: cycle.year,
      round: cycle.round,
      version: cycle.version,
      stage: stageOf(snapshot),
      stageEnteredAt: cycle.stageEnteredAt,
      isDemoData: cycle.isDemoData,
    },
    context: snapshot.context,
    responseRate: facts.responseRate,
    actions: cycleActions(snapshot, actor, facts),
    history,
  };
}

/** A round's summary (`round`, or the open round, or the last one); null when there is no such round. */
export async function loadRoundSummaryPage(db: Kysely<Database>, actor: Actor, community: CommunityDetail, round: number | null) {
  const cycles = await listCycles(db, community.code);
  const cycle = round !== null ? cycles.find((c) => c.round === round) : (cycles.find((c) => c.stage !== "closed") ?? cycles.at(-1));
  if (!cycle) return null;
  const summary = await loadRoundSummary(db, cycle, community.households);
  const snapshot = restoreCycle({ machineVersion: cycle.machineVersion, snapshot: cycle.snapshot });
  const closeAction =
    cycle.stage === "closed" ? null : (cycleActions(snapshot, actor, await gatherCycleFacts(db, cycle)).find((a) => a.type === "CLOSE_ROUND") ?? null);
  // A closed round: what the next one actually received.
  const next = cycles.find((c) => c.round === cycle.round + 1);
  const carriedOver =
    cycle.stage === "closed" && next ? restoreCycle({ machineVersion: next.machineVersion, snapshot: next.snapshot }).context.carriedOver : summary.carriedOver;
  const place = { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code };
  return {
    cycle: { id: cycle.id, round: cycle.round, year: cycle.year, stage: cycle.stage, version: cycle.version, isDemoData: cycle.isDemoData },
    rounds: cycles.map((c) => ({ round: c.round, year: c.year, stage: c.stage })),
    summary,
    carriedOver,
    close: closeAction && {
      available: closeAction.unavailableBecause === null,
      why: closeAction.unavailableBecause,
      shown: cycle.stage === "operation_feedback" && can(actor, "advance:cycle", place),
    },
  };
}
