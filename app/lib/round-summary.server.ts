// The end of a round (运营反馈 → 已完成): what was found, approved, built, how residents
// rated it and what is flagged; and what the next round carries over — the functions the
// performance review flags for adjustment (三(四)2) and the approved items this round did not
// deliver. applyCycleEvent calls carryOverOf in the CLOSE_ROUND transaction, so the page's
// preview and what the next round receives are the same computation.
import type { Kysely } from "kysely";
import type { Cycle } from "../../db/repositories/cycles";
import { findGapListOfCycle, listGapItems } from "../../db/repositories/gap-lists";
import { listDrops, listProjectsOfCycle, projectOfItems } from "../../db/repositories/projects";
import type { Database } from "../../db/schema";
import type { CarriedOverItem } from "../../workflows/community-cycle";
import type { Domain, DomainStatus } from "../../workflows/glossary";
import { FACILITY_FUNCTIONS, type FacilityFunction } from "../../workflows/glossary";
import { flaggedForNextRound, type PerformanceResult } from "../../workflows/performance";
import { PROJECT_STATUSES, type ProjectStatus, type UnfinishedItem, unfinishedItemsForNextRound } from "../../workflows/projects";
import { flaggedFunctions, loadPerformanceSettings, reviewCommunityFacilities } from "./operations.server";

/** Approved items of the round not in a project that passed 验收, each with why. */
export async function unfinishedItems(db: Kysely<Database>, cycleId: string): Promise<(UnfinishedItem & { itemId: string; position: number })[]> {
  const list = await findGapListOfCycle(db, cycleId);
  if (!list || list.status !== "approved") return [];
  const items = (await listGapItems(db, list.id)).filter((i) => i.status === "active" && i.decision === "approve");
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
  const evaluation = await db
    .selectFrom("evaluations")
    .select(["id", "score", "binding_failures"])
    .where("cycle_id", "=", cycle.id)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  const domains = evaluation
    ? await db.selectFrom("evaluation_domains").select(["domain", "status"]).where("evaluation_id", "=", evaluation.id).orderBy("domain").execute()
    : [];
  const responses = await db
    .selectFrom("survey_response_counts as r")
    .innerJoin("surveys as s", "s.id", "r.survey_id")
    .select((eb) => eb.fn.sum<number>("r.count").as("n"))
    .where("s.cycle_id", "=", cycle.id)
    .where("s.kind", "=", "needs")
    .where("r.channel", "<>", "open_link")
    .executeTakeFirst();
  const hasNeedsSurvey = await db.selectFrom("surveys").select("id").where("cycle_id", "=", cycle.id).where("kind", "=", "needs").where("status", "<>", "draft").executeTakeFirst();

  const list = await findGapListOfCycle(db, cycle.id);
  const items = list ? (await listGapItems(db, list.id)).filter((i) => i.status === "active") : [];
  const approvedItems = list?.status === "approved" ? items.filter((i) => i.decision === "approve") : [];
  const drops = await listDrops(db, cycle.id);

  const projects = await listProjectsOfCycle(db, cycle.id);
  const byStatus = Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<ProjectStatus, number>;
  for (const p of projects) byStatus[p.status]++;
  const acceptances = projects.length
    ? await db
        .selectFrom("project_acceptances")
        .select((eb) => ["result", eb.fn.countAll<number>().as("n")])
        .where("project_id", "in", projects.map((p) => p.id))
        .groupBy("result")
        .execute()
    : [];
  const accepted = { pass: 0, pass_with_remarks: 0, fail: 0 };
  for (const a of acceptances) if (a.result in accepted) accepted[a.result as keyof typeof accepted] = Number(a.n);
  const facilityIds = projects.flatMap((p) => p.facilityIds);
  const facilities = facilityIds.length ? await db.selectFrom("facilities").select(["id", "name", "area_m2"]).where("id", "in", facilityIds).orderBy("name").execute() : [];

  const feedbackSurveys = await db
    .selectFrom("surveys")
    .select("id")
    .where("cycle_id", "=", cycle.id)
    .where("kind", "=", "feedback")
    .where("status", "in", ["published", "closed"])
    .execute();
  const ids = feedbackSurveys.map((s) => s.id);
  const tallies = ids.length
    ? await db
        .selectFrom("survey_tallies")
        .select((eb) => ["question", eb.fn.sum<number>("count").as("n"), eb.fn.sum<number>("sum").as("total")])
        .where("survey_id", "in", ids)
        .where("segment", "=", "all")
        .where("question", "in", [...FACILITY_FUNCTIONS.map((f) => `${f}_satisfaction`), "__respondents"])
        .groupBy("question")
        .execute()
    : [];
  const respondents = Number(tallies.find((t) => t.question === "__respondents")?.n ?? 0);
  const byFunction = tallies
    .filter((t) => t.question !== "__respondents" && Number(t.n) > 0)
    .map((t) => ({ function: t.question.replace(/_satisfaction$/, "") as FacilityFunction, mean: Math.round((Number(t.total) / Number(t.n)) * 100) / 100, answered: Number(t.n) }))
    .sort((a, b) => FACILITY_FUNCTIONS.indexOf(a.function) - FACILITY_FUNCTIONS.indexOf(b.function));

  const { settings } = await loadPerformanceSettings(db);
  const reviews = (await reviewCommunityFacilities(db, cycle.communityCode, settings)).map((r) => r.result).filter((r): r is PerformanceResult => r !== null);

  return {
    found: {
      evaluationScore: evaluation ? evaluation.score : null,
      bindingFailures: evaluation ? evaluation.binding_failures : null,
      domains: domains.map((d) => ({ domain: d.domain, status: d.status })),
      responseRate: hasNeedsSurvey && households > 0 ? Number(responses?.n ?? 0) / households : null,
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
      facilities: facilities.map((f) => ({ id: f.id, name: f.name, areaM2: f.area_m2 })),
      budget: projects.reduce((sum, p) => sum + p.budgetTotal, 0),
    },
    rated: { surveys: ids.length, respondents, byFunction },
    reviews,
    carriedOver: await carryOverOf(db, cycle, reviews),
  };
}
