// The end of a round (运营反馈 → 已完成): what was found, approved, built, how residents
// rated it and what is flagged; and what the next round carries over — the functions the
// performance review flags for adjustment (三(四)2) and the approved items this round did not
// deliver. applyCycleEvent calls carryOverOf in the CLOSE_ROUND transaction, so the page's
// preview and what the next round receives are the same computation.
import type { Kysely } from "kysely";
import type { Cycle } from "../../db/repositories/cycles";
import { feedbackOfCycle } from "../../db/repositories/feedback";
import { findGapListOfCycle, listGapItems } from "../../db/repositories/gap-lists";
import {
  approvedItemsOfCycle,
  countAcceptanceResults,
  listBuiltFacilities,
  listDrops,
  listProjectsOfCycle,
  projectOfItems,
} from "../../db/repositories/projects";
import { latestEvaluationOutcome } from "../../db/repositories/round-summary";
import { countVerifiedResponses, hasPublishedNeedsSurvey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import type { CarriedOverItem } from "../../workflows/community-cycle";
import type { Domain, DomainStatus } from "../../workflows/glossary";
import { FACILITY_FUNCTIONS, type FacilityFunction, PROJECT_STATUSES, type ProjectStatus } from "../../workflows/glossary";
import { flaggedForNextRound, type PerformanceResult } from "../../workflows/performance";
import { type UnfinishedItem, unfinishedItemsForNextRound } from "../../workflows/projects";
import { flaggedFunctions, PERFORMANCE_SETTING_MODULE, reviewCommunityFacilities } from "./operations.server";
import { loadSettingModule } from "./settings.server";

/** Approved items of the round not in a project that passed 验收, each with why. */
export async function unfinishedItems(db: Kysely<Database>, cycleId: string): Promise<(UnfinishedItem & { itemId: string; position: number })[]> {
  const { items } = await approvedItemsOfCycle(db, cycleId);
  if (items.length === 0) return [];
  const [linked, drops, projects] = await Promise.all([projectOfItems(db, items.map((i) => i.id)), listDrops(db, cycleId), listProjectsOfCycle(db, cycleId)]);
  const byId = new Map(projects.map((p) => [p.id, p]));
  const out: (UnfinishedItem & { itemId: string; position: number })[] = [];
  for (const item of items) {
    const project = byId.get(linked.get(item.id) ?? "");
    if (project?.acceptance && project.acceptance.result !== "fail") continue;
    const drop = drops.get(item.id);
    const reason = drop
      ? `本轮撤销：${drop.reason}`
      : project?.acceptance?.result === "fail"
        ? `验收不通过：${project.acceptance.remarks ?? ""}`
        : project
          ? `项目“${project.name}”未完成验收`
          : "未编入建设项目";
    out.push({ itemId: item.id, position: item.position, domain: item.domain, function: item.function, approach: item.approach, reason });
  }
  return out;
}

/** What the next round starts with: flagged functions first, then the unfinished items. */
export async function carryOverOf(
  db: Kysely<Database>,
  cycle: Pick<Cycle, "id" | "communityCode">,
  reviews?: readonly PerformanceResult[],
): Promise<CarriedOverItem[]> {
  const [flagged, unfinished] = await Promise.all([
    reviews ? flaggedForNextRound(reviews) : flaggedFunctions(db, cycle.communityCode),
    unfinishedItems(db, cycle.id),
  ]);
  return [...flagged, ...unfinishedItemsForNextRound(unfinished)];
}

export interface RoundSummary {
  found: {
    evaluationScore: number | null;
    bindingFailures: number | null;
    domains: { domain: Domain; status: DomainStatus }[];
    responseRate: number | null;
  };
  approved: { items: number; rejected: number; estimatedCost: number; dropped: number };
  built: {
    projects: number;
    byStatus: Record<ProjectStatus, number>;
    accepted: { pass: number; pass_with_remarks: number; fail: number };
    facilities: { id: string; name: string; areaM2: number }[];
    budget: number;
  };
  rated: {
    surveys: number;
    respondents: number;
    byFunction: { function: FacilityFunction; mean: number; answered: number }[];
  };
  reviews: PerformanceResult[];
  carriedOver: CarriedOverItem[];
}

export async function loadRoundSummary(db: Kysely<Database>, cycle: Cycle, households: number): Promise<RoundSummary> {
  const [evaluation, responses, hasNeedsSurvey] = await Promise.all([
    latestEvaluationOutcome(db, cycle.id),
    countVerifiedResponses(db, cycle.id),
    hasPublishedNeedsSurvey(db, cycle.id),
  ]);

  const list = await findGapListOfCycle(db, cycle.id);
  const items = list ? (await listGapItems(db, list.id)).filter((i) => i.status === "active") : [];
  const approvedItems = list?.status === "approved" ? items.filter((i) => i.decision === "approve") : [];
  const drops = await listDrops(db, cycle.id);

  const projects = await listProjectsOfCycle(db, cycle.id);
  const byStatus = Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<ProjectStatus, number>;
  for (const p of projects) byStatus[p.status]++;
  const [accepted, facilities, feedback] = await Promise.all([
    countAcceptanceResults(db, projects.map((p) => p.id)),
    listBuiltFacilities(db, projects.flatMap((p) => p.facilityIds)),
    feedbackOfCycle(db, cycle.id),
  ]);
  const byFunction = [...feedback.byFunction]
    .filter(([, t]) => t.count > 0)
    .map(([fn, t]) => ({ function: fn, mean: Math.round((t.sum / t.count) * 100) / 100, answered: t.count }))
    .sort((a, b) => FACILITY_FUNCTIONS.indexOf(a.function) - FACILITY_FUNCTIONS.indexOf(b.function));

  const { settings } = await loadSettingModule(db, PERFORMANCE_SETTING_MODULE);
  const reviews = (await reviewCommunityFacilities(db, cycle.communityCode, settings)).map((r) => r.result).filter((r): r is PerformanceResult => r !== null);

  return {
    found: {
      evaluationScore: evaluation?.score ?? null,
      bindingFailures: evaluation?.bindingFailures ?? null,
      domains: evaluation?.domains ?? [],
      responseRate: hasNeedsSurvey && households > 0 ? responses / households : null,
    },
    approved: {
      items: approvedItems.length,
      rejected: items.filter((i) => i.decision === "reject").length,
      estimatedCost: approvedItems.reduce((sum, i) => sum + i.estimatedCost, 0),
      dropped: approvedItems.filter((i) => drops.has(i.id)).length,
    },
    built: {
      projects: projects.length,
      byStatus,
      accepted,
      facilities,
      budget: projects.reduce((sum, p) => sum + p.budgetTotal, 0),
    },
    rated: { surveys: feedback.surveys, respondents: feedback.respondents, byFunction },
    reviews,
    carriedOver: await carryOverOf(db, cycle, reviews),
  };
}
