// A round of 清波门社区 in the cycle machine's unit tests: its people, its start, and facts that
// allow nothing beyond a published survey (a test overrides what it needs).
import { initialTransition } from "xstate";
import { type CycleActor, type CycleFacts, communityCycleMachine } from "../../workflows/community-cycle";

export const COMMUNITY = "330102001051";
export const STREET = "330102001";
export const ROUND_INPUT = { communityCode: COMMUNITY, streetCode: STREET, year: 2026, round: 1 };

export const worker: CycleActor = { id: "wang", role: "community_worker", scopeCode: COMMUNITY };
export const reviewer: CycleActor = { id: "chen", role: "street_reviewer", scopeCode: STREET };
export const otherReviewer: CycleActor = { id: "zhao", role: "street_reviewer", scopeCode: "330102003" };

/** The round as it starts (准备). */
export const startRound = () => initialTransition(communityCycleMachine, ROUND_INPUT)[0];

export function cycleFacts(overrides: Partial<CycleFacts> = {}): CycleFacts {
  return {
    surveyPublished: true,
    responseRate: 0,
    overrideApprovalBelow: 0.1,
    evaluationSaved: false,
    itemCount: 0,
    undecidedItems: 0,
    projectCount: 0,
    unfinishedProjects: 0,
    unresolvedItems: 0,
    unplannedItems: 0,
    ...overrides,
  };
}
