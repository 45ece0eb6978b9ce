// Operation and resident feedback (三(四)): monthly operating figures per facility, the
// post-build feedback survey's satisfaction per function, and the pure performance review
// (workflows/performance.ts) over both — score, adjustment flag and suggested subsidy. The
// weights and thresholds are the 默认值 settings, overridable in policy_settings under the
// profile id "performance" like the evaluation's and the gap list's.
import type { Kysely } from "kysely";
import { isUniqueViolation } from "../../db/dialect";
import { writeAudit } from "../../db/repositories/audit";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { type Facility, toFacility } from "../../db/repositories/facilities";
import { findOperation, insertOperation, listOperations, type OperatingMonth, updateOperation } from "../../db/repositories/facility-operations";
import { listProjectsOfCycle } from "../../db/repositories/projects";
import type { Database } from "../../db/schema";
import type { CarriedOverItem } from "../../workflows/community-cycle";
import { FACILITY_FUNCTIONS, type FacilityFunction, type Stage } from "../../workflows/glossary";
import {
  flaggedForNextRound,
  listPerformanceSettings,
  type MonthlyFigures,
  PERFORMANCE_SETTINGS,
  PERFORMANCE_SETTINGS_PREFIX,
  type PerformanceResult,
  type PerformanceSettings,
  reviewPerformance,
  withPerformanceSettings,
} from "../../workflows/performance";
import { monthInHangzhou } from "../../db/clock";
import { hangzhouMonth, monthsUpTo } from "../../workflows/dates";
import { type Actor, can, type Place } from "../../workflows/permissions";
import { readSettingOverrides, type SettingView, settingViews } from "./settings.server";
import { type Outcome, refuse, runUseCase } from "./use-case.server";

/** Where the performance [默认值] overrides live in policy_settings. */
export const PERFORMANCE_SETTINGS_ID = PERFORMANCE_SETTINGS_PREFIX;

export interface Change {
  actor: Actor;
  ip: string | null;
}

/** The settings in force; stored overrides the engine cannot use fall back to the defaults. */
export async function loadPerformanceSettings(db: Kysely<Database>): Promise<{ settings: PerformanceSettings; list: SettingView[] }> {
  const result = withPerformanceSettings(await readSettingOverrides(db, PERFORMANCE_SETTINGS_ID));
  const settings = result.ok ? result.settings : PERFORMANCE_SETTINGS;
  return { settings, list: settingViews(listPerformanceSettings(settings), listPerformanceSettings()) };
}

// ---------------------------------------------------------------------------------------
// Feedback survey → satisfaction per function

const SATISFACTION_QUESTIONS = FACILITY_FUNCTIONS.map((f) => `${f}_satisfaction`);

type Satisfaction = Map<FacilityFunction, { sum: number; count: number }>;

/**
 * Per community, the satisfaction answers of its latest published or closed feedback survey
 * (the template's `<function>_satisfaction` questions, 1–5), from the kept tallies.
 */
export async function feedbackSatisfaction(db: Kysely<Database>, communityCodes: readonly string[]): Promise<Map<string, { surveyId: string; byFunction: Satisfaction }>> {
  const out = new Map<string, { surveyId: string; byFunction: Satisfaction }>();
  for (let i = 0; i < communityCodes.length; i += 500) {
    const surveys = await db
      .selectFrom("surveys")
      .select(["id", "community_code", "published_at", "created_at"])
      .where("kind", "=", "feedback")
      .where("status", "in", ["published", "closed"])
      .where("community_code", "in", communityCodes.slice(i, i + 500))
      .execute();
    const latest = new Map<string, { id: string; at: string }>();
    for (const s of surveys) {
      const at = s.published_at ?? s.created_at;
      const seen = latest.get(s.community_code);
      if (!seen || at > seen.at || (at === seen.at && s.id > seen.id)) latest.set(s.community_code, { id: s.id, at });
    }
    const ids = [...latest.values()].map((s) => s.id);
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom("survey_tallies")
      .select((eb) => ["survey_id", "question", eb.fn.sum<number>("count").as("n"), eb.fn.sum<number>("sum").as("total")])
      .where("survey_id", "in", ids)
      .where("segment", "=", "all")
      .where("question", "in", SATISFACTION_QUESTIONS)
      .groupBy(["survey_id", "question"])
      .execute();
    const bySurvey = new Map<string, Satisfaction>();
    for (const r of rows) {
      const map = bySurvey.get(r.survey_id) ?? new Map();
      map.set(r.question.replace(/_satisfaction$/, ""), { sum: Number(r.total), count: Number(r.n) });
      bySurvey.set(r.survey_id, map);
    }
    for (const [code, s] of latest) out.set(code, { surveyId: s.id, byFunction: bySurvey.get(s.id) ?? new Map() });
  }
  return out;
}

function satisfactionOf(facility: Facility, byFunction: Satisfaction | undefined): { mean: number; respondents: number } | undefined {
  if (!byFunction) return undefined;
  let sum = 0;
  let count = 0;
  for (const fn of facility.functions) {
    const s = byFunction.get(fn);
    if (s) {
      sum += s.sum;
      count += s.count;
    }
  }
  return count > 0 ? { mean: Math.min(5, Math.max(1, sum / count)), respondents: count } : undefined;
}

// ---------------------------------------------------------------------------------------
// Reviews

interface CommunityFacts {
  code: string;
  households: number;
  share60Plus: number;
  shareChildren: number;
}

export interface FacilityReview {
  facility: Facility;
  months: OperatingMonth[];
  /** Null when the facility has no figures yet. */
  result: PerformanceResult | null;
}

/**
 * One facility: with a single function it is reviewed as that function; with several (an
 * older inventory entry), at its domain, since its figures are the facility's.
 */
export function reviewFacility(
  facility: Facility,
  community: CommunityFacts,
  months: readonly OperatingMonth[],
  satisfaction: { mean: number; respondents: number } | undefined,
  settings: PerformanceSettings,
): PerformanceResult {
  const fn = facility.functions.length === 1 ? facility.functions[0] : undefined;
  return reviewPerformance(
    {
      subject: {
        facilityId: facility.id,
        facilityName: facility.name,
        domain: facility.domain,
        ...(fn ? { function: fn } : {}),
        areaM2: Math.max(0, facility.areaM2),
        serviceLevel: facility.serviceLevel,
      },
      community: { code: community.code, households: Math.max(1, community.households), share60Plus: community.share60Plus, shareChildren: community.shareChildren },
      months: months.map(({ month, visits, peopleServed, hoursOpen, income, subsidy, operatingCost }) => ({
        month,
        visits,
        peopleServed,
        hoursOpen,
        income,
        subsidy,
        ...(operatingCost === undefined ? {} : { operatingCost }),
      })),
      ...(satisfaction ? { satisfaction } : {}),
    },
    settings,
  );
}

async function communityFacts(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, CommunityFacts>> {
  const out = new Map<string, CommunityFacts>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db
      .selectFrom("communities")
      .select(["code", "households", "share_60_plus", "share_0_3", "share_3_12"])
      .where("code", "in", codes.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.code, { code: r.code, households: r.households, share60Plus: r.share_60_plus, shareChildren: Math.min(1, r.share_0_3 + r.share_3_12) });
  }
  return out;
}

async function reviewFacilities(db: Kysely<Database>, facilities: readonly Facility[], settings: PerformanceSettings): Promise<FacilityReview[]> {
  const codes = [...new Set(facilities.map((f) => f.communityCode))];
  const [months, satisfaction, communities] = await Promise.all([
    listOperations(db, facilities.map((f) => f.id)),
    feedbackSatisfaction(db, codes),
    communityFacts(db, codes),
  ]);
  return facilities.map((facility) => {
    const figures = months.get(facility.id) ?? [];
    const community = communities.get(facility.communityCode)!;
    return {
      facility,
      months: figures,
      result: figures.length ? reviewFacility(facility, community, figures, satisfactionOf(facility, satisfaction.get(facility.communityCode)?.byFunction), settings) : null,
    };
  });
}

/** Every operating facility of the community, reviewed where it has figures. */
export async function reviewCommunityFacilities(db: Kysely<Database>, communityCode: string, settings?: PerformanceSettings): Promise<FacilityReview[]> {
  const rows = await db.selectFrom("facilities").selectAll().where("community_code", "=", communityCode).where("status", "=", "operating").orderBy("name").orderBy("id").execute();
  return reviewFacilities(db, rows.map(toFacility), settings ?? (await loadPerformanceSettings(db)).settings);
}

export type ReviewScope = { level: "street"; code: string } | { level: "district"; code: string } | { level: "city" };

/** The reviews of every facility with figures in the scope, by community (for the 赛马 ranking). */
export async function reviewScope(db: Kysely<Database>, scope: ReviewScope, settings?: PerformanceSettings): Promise<Map<string, PerformanceResult[]>> {
  let query = db
    .selectFrom("facilities as f")
    .innerJoin("communities as c", "c.code", "f.community_code")
    .selectAll("f")
    .where("f.status", "=", "operating")
    .where(({ exists, selectFrom }) => exists(selectFrom("facility_operations as o").select("o.facility_id").whereRef("o.facility_id", "=", "f.id")));
  if (scope.level === "street") query = query.where("c.street_code", "=", scope.code);
  if (scope.level === "district") query = query.where("c.district_code", "=", scope.code);
  const rows = await query.orderBy("f.community_code").orderBy("f.id").execute();
  const reviews = await reviewFacilities(db, rows.map(toFacility), settings ?? (await loadPerformanceSettings(db)).settings);
  const out = new Map<string, PerformanceResult[]>();
  for (const r of reviews) {
    if (!r.result) continue;
    const list = out.get(r.facility.communityCode) ?? [];
    list.push(r.result);
    out.set(r.facility.communityCode, list);
  }
  return out;
}

/** The community's functions flagged for adjustment, as the next round carries them over. */
export async function flaggedFunctions(db: Kysely<Database>, communityCode: string): Promise<CarriedOverItem[]> {
  const reviews = await reviewCommunityFacilities(db, communityCode);
  return flaggedForNextRound(reviews.map((r) => r.result).filter((r): r is PerformanceResult => r !== null));
}

// ---------------------------------------------------------------------------------------
// Entering figures

export const STALE_FIGURES_MESSAGE = "该月的运营数据已被他人填报或修改，请刷新页面后在表中核对再修改。";

/** One month of one facility: a new month, or a correction of a month at the version the page showed. */
export function recordOperatingMonth(
  db: Kysely<Database>,
  input: { communityCode: string; facilityId: string; figures: MonthlyFigures; expectedVersion: number | null },
  change: Change,
  currentMonth: string = monthInHangzhou(),
): Promise<Outcome<{ facilityName: string; month: string; updated: boolean }>> {
  return runUseCase(db, change, async (trx) => {
    const place = await trx
      .selectFrom("communities")
      .select(["code", "street_code", "district_code"])
      .where("code", "=", input.communityCode)
      .executeTakeFirst();
    if (!place) refuse(404, "找不到该社区/村。");
    if (!can(change.actor, "manage:project", { communityCode: place.code, streetCode: place.street_code, districtCode: place.district_code })) {
      refuse(403, "只有本社区的社区工作者可以填报运营数据。");
    }
    const row = await trx.selectFrom("facilities").selectAll().where("id", "=", input.facilityId).executeTakeFirst();
    if (!row || row.community_code !== input.communityCode) refuse(404, "找不到该设施。");
    const facility = toFacility(row);
    if (facility.status !== "operating") refuse(409, `“${facility.name}”不在运营中，不能填报运营数据。`);
    const f = input.figures;
    if (f.month > currentMonth) refuse(400, `不能填报未来月份（本月为 ${currentMonth}）。`, { month: "不能填报未来月份" });
    if (f.peopleServed > f.visits) refuse(400, "服务人数不能多于服务人次（同一人多次来访计多人次、一人）。", { peopleServed: "服务人数不能多于服务人次" });
    const existing = await findOperation(trx, facility.id, f.month);
    if (existing && (input.expectedVersion === null || existing.version !== input.expectedVersion)) refuse(409, STALE_FIGURES_MESSAGE);
    if (!existing && input.expectedVersion !== null) refuse(409, STALE_FIGURES_MESSAGE);
    if (existing) {
      if (!(await updateOperation(trx, facility.id, f, existing.version, change.actor.id))) refuse(409, STALE_FIGURES_MESSAGE);
    } else {
      try {
        await insertOperation(trx, facility.id, f, change.actor.id);
      } catch (error) {
        // Two people entering the same new month at once (PostgreSQL): the key decides.
        if (isUniqueViolation(error)) refuse(409, STALE_FIGURES_MESSAGE);
        throw error;
      }
    }
    await writeAudit(trx, {
      actor: change.actor,
      action: "facility.operations",
      entityType: "facility",
      entityId: facility.id,
      before: existing ?? undefined,
      after: f,
      ip: change.ip,
    });
    return { facilityName: facility.name, month: f.month, updated: existing !== null };
  });
}

// ---------------------------------------------------------------------------------------
// The 运营反馈 page

export interface OperationsPage {
  cycle: { round: number; year: number; stage: Stage } | null;
  canEnter: boolean;
  months: string[];
  defaultMonth: string;
  facilities: (FacilityReview & { builtThisRound: boolean; projectName: string | null })[];
  formula: string;
  settings: SettingView[];
  flagged: CarriedOverItem[];
  feedback: { id: string; title: string; status: string; round: number; responses: number; isCurrentRound: boolean }[];
}

export async function loadOperationsPage(db: Kysely<Database>, place: Place & { communityCode: string }, actor: Actor, now: Date = new Date()): Promise<OperationsPage> {
  const { settings, list } = await loadPerformanceSettings(db);
  const cycle = await findCurrentCycle(db, place.communityCode);
  const [reviews, projects, surveys] = await Promise.all([
    reviewCommunityFacilities(db, place.communityCode, settings),
    cycle ? listProjectsOfCycle(db, cycle.id) : Promise.resolve([]),
    db
      .selectFrom("surveys as s")
      .innerJoin("cycles as y", "y.id", "s.cycle_id")
      .leftJoin("survey_response_counts as r", "r.survey_id", "s.id")
      .select((eb) => ["s.id", "s.title", "s.status", "s.cycle_id", "y.round", eb.fn.sum<number>("r.count").as("responses")])
      .where("s.community_code", "=", place.communityCode)
      .where("s.kind", "=", "feedback")
      .groupBy(["s.id", "s.title", "s.status", "s.cycle_id", "y.round"])
      .orderBy("y.round", "desc")
      .orderBy("s.id", "desc")
      .execute(),
  ]);
  const builtBy = new Map<string, string>();
  for (const p of projects) for (const id of p.facilityIds) builtBy.set(id, p.name);
  const current = hangzhouMonth(now);
  const months = monthsUpTo(current, 12).reverse();
  const facilities = reviews
    .map((r) => ({ ...r, builtThisRound: builtBy.has(r.facility.id), projectName: builtBy.get(r.facility.id) ?? null }))
    .sort((a, b) => Number(b.builtThisRound) - Number(a.builtThisRound) || Number(b.months.length > 0) - Number(a.months.length > 0));
  const results = reviews.map((r) => r.result).filter((r): r is PerformanceResult => r !== null);
  const formula = reviewPerformance(
    { subject: { facilityId: "-", facilityName: "-", domain: "meal_assist", areaM2: 0, serviceLevel: "basic" }, community: { households: 100 }, months: [] },
    settings,
  ).formula.description;
  return {
    cycle: cycle && { round: cycle.round, year: cycle.year, stage: cycle.stage },
    canEnter: can(actor, "manage:project", place),
    months,
    defaultMonth: months[1] ?? current,
    facilities,
    formula,
    settings: list,
    flagged: flaggedForNextRound(results),
    feedback: surveys.map((s) => ({
      id: s.id,
      title: s.title,
      status: s.status,
      round: s.round,
      responses: Number(s.responses ?? 0),
      isCurrentRound: s.cycle_id === cycle?.id,
    })),
  };
}
