// What needs the street official (issue 20, point 14), read for the street page: lists waiting
// for review, overdue milestones, and the rounds whose minimum participation was lowered
// (waiting for the street's approval, or taken), each with where to act.
import type { Kysely } from "kysely";
import { todayInHangzhou } from "../../db/clock";
import { type Cycle, findCurrentCycle, listOpenCyclesOfStreet } from "../../db/repositories/cycles";
import type { Database } from "../../db/schema";
import { restoreCycle } from "../../workflows/community-cycle";
import type { Stage } from "../../workflows/glossary";
import { isWaiting, overrideStatusText } from "../../workflows/participation-override";
import { daysSince } from "./format";
import { listOverdueMilestones, type OverdueRow } from "./project-pages.server";

export interface OverrideFlag {
  communityCode: string;
  communityName: string;
  stage: Stage;
  reason: string;
  /** Participation when the minimum was lowered (null: recorded before it was kept). */
  responseRate: number | null;
  status: string;
  /** Waiting for this street's reviewer to approve or refuse. */
  waiting: boolean;
  isDemoData: boolean;
}

export interface StreetAttention {
  reviews: { communityCode: string; communityName: string; waitingDays: number; isDemoData: boolean }[];
  overdue: OverdueRow[];
  overrides: OverrideFlag[];
}

function overrideFlag(cycle: Cycle, communityName: string): OverrideFlag | null {
  const o = restoreCycle({ machineVersion: cycle.machineVersion, snapshot: cycle.snapshot }).context.responseOverride;
  if (!o) return null;
  return {
    communityCode: cycle.communityCode,
    communityName,
    stage: cycle.stage,
    reason: o.reason,
    responseRate: o.responseRate,
    status: overrideStatusText(o),
    waiting: isWaiting(o),
    isDemoData: cycle.isDemoData,
  };
}

/** The current round's lowered minimum, if any: flagged in the street's review of the list. */
export async function findOverrideFlag(db: Kysely<Database>, community: { code: string; name: string }): Promise<OverrideFlag | null> {
  const cycle = await findCurrentCycle(db, community.code);
  return cycle ? overrideFlag(cycle, community.name) : null;
}

export async function loadStreetAttention(db: Kysely<Database>, streetCode: string, today: string = todayInHangzhou()): Promise<StreetAttention> {
  const [cycles, overdue] = await Promise.all([listOpenCyclesOfStreet(db, streetCode), listOverdueMilestones(db, { level: "street", code: streetCode }, today)]);
  const overrides = cycles.map((c) => overrideFlag(c, c.communityName)).filter((f): f is OverrideFlag => f !== null);
  const reviews = cycles
    .filter((c) => c.stage === "street_review")
    .map((c) => ({ communityCode: c.communityCode, communityName: c.communityName, waitingDays: daysSince(c.stageEnteredAt), isDemoData: c.isDemoData }))
    .sort((a, b) => b.waitingDays - a.waitingDays);
  // Waiting requests first: they hold a survey open.
  overrides.sort((a, b) => Number(b.waiting) - Number(a.waiting));
  return { reviews, overdue, overrides };
}
