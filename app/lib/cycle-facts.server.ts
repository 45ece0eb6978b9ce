import type { Kysely } from "kysely";
import type { Cycle } from "../../db/repositories/cycles";
import { countEvaluationsOfCycle } from "../../db/repositories/evaluations";
import { countGapItemsOfCycle } from "../../db/repositories/gap-lists";
import { findCommunity } from "../../db/repositories/places";
import { countProjectFacts } from "../../db/repositories/projects";
import { countVerifiedResponses, hasPublishedNeedsSurvey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import type { CycleFacts } from "../../workflows/community-cycle";
import { PARTICIPATION_SETTING_MODULE } from "./participation-settings.server";
import { loadSettingModule } from "./settings.server";

/**
 * The facts the cycle's guards need, read in the caller's transaction. Each stage's
 * feature owns its figures: surveys (response rate), evaluations, the gap list, projects.
 */
export async function gatherCycleFacts(db: Kysely<Database>, cycle: Cycle): Promise<CycleFacts> {
  const [surveyPublished, responses, community, gapItems, projects, participation] = await Promise.all([
    hasPublishedNeedsSurvey(db, cycle.id),
    countVerifiedResponses(db, cycle.id),
    findCommunity(db, cycle.communityCode),
    countGapItemsOfCycle(db, cycle.id),
    countProjectFacts(db, cycle.id),
    loadSettingModule(db, PARTICIPATION_SETTING_MODULE),
  ]);
  return {
    surveyPublished,
    responseRate: community && community.households > 0 ? responses / community.households : 0,
    overrideApprovalBelow: participation.settings.overrideApprovalBelow.value,
    evaluationSaved: (await countEvaluationsOfCycle(db, cycle.id)) > 0,
    itemCount: gapItems.active,
    undecidedItems: gapItems.undecided,
    projectCount: projects.projectCount,
    unfinishedProjects: projects.unfinishedProjects,
    unresolvedItems: projects.unresolvedItems,
    unplannedItems: projects.unplannedItems,
  };
}
