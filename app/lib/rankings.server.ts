// 赛马 ranking (四(三)) in the app: the facts for every community of a scope, gathered by
// grouped SQL (and the performance review over the kept monthly figures), then the pure
// rankCommunities. Exported for the dashboards too: rankingFacts(db, scope) and
// buildRanking(db, scope). Overrides of the ranking's 默认值 live in policy_settings under
// the profile id "rankings".
import type { ExpressionBuilder, Kysely } from "kysely";
import type { DashboardScope } from "../../db/repositories/dashboard";
import type { Database } from "../../db/schema";
import type { AcceptanceResult, Stage } from "../../workflows/glossary";
import { DOMAINS } from "../../workflows/glossary";
import { meanPerformanceScore } from "../../workflows/performance";
import {
  type CommunityRankingFacts,
  listRankingSettings,
  RANKING_SETTINGS,
  RANKING_SETTINGS_PREFIX,
  rankCommunities,
  type RankingResult,
  type RankingSettings,
  withRankingSettings,
} from "../../workflows/rankings";
import { satisfactionKey } from "../../workflows/surveys/tallies";
import { reviewScope } from "./operations.server";
import { readSettingOverrides, type SettingView, settingViews } from "./settings.server";

export const RANKING_SETTINGS_ID = RANKING_SETTINGS_PREFIX;

type CommunityEb = ExpressionBuilder<Database & { c: Database["communities"] }, "c">;

function inScope(scope: DashboardScope) {
  return (eb: CommunityEb) =>
    scope.level === "city" ? eb.lit(true) : scope.level === "district" ? eb("c.district_code", "=", scope.code) : eb("c.street_code", "=", scope.code);
}

export async function loadRankingSettings(db: Kysely<Database>): Promise<{ settings: RankingSettings; list: SettingView[] }> {
  const result = withRankingSettings(await readSettingOverrides(db, RANKING_SETTINGS_ID));
  const settings = result.ok ? result.settings : RANKING_SETTINGS;
  return { settings, list: settingViews(listRankingSettings(settings), listRankingSettings()) };
}

function bucket<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** The ranking's facts for every community of the scope (components without data are left out). */
export async function rankingFacts(db: Kysely<Database>, scope: DashboardScope): Promise<CommunityRankingFacts[]> {
  const satisfactionQuestions = DOMAINS.map(satisfactionKey);
  const [communities, cycles, approved, accepted, acceptances, satisfaction, respondents, needs, performance] = await Promise.all([
    db.selectFrom("communities as c").select(["c.code", "c.name", "c.street_code", "c.district_code", "c.households"]).where(inScope(scope)).orderBy("c.code").execute(),
    db
      .selectFrom("cycles as y")
      .innerJoin("communities as c", "c.code", "y.community_code")
      .select((eb) => ["y.community_code", "y.stage", eb.fn.countAll<number>().as("n")])
      .where(inScope(scope))
      .groupBy(["y.community_code", "y.stage"])
      .execute(),
    db
      .selectFrom("gap_items as i")
      .innerJoin("gap_lists as l", "l.id", "i.list_id")
      .innerJoin("communities as c", "c.code", "l.community_code")
      .select((eb) => ["l.community_code", eb.fn.countAll<number>().as("n")])
      .where(inScope(scope))
      .where("l.status", "=", "approved")
      .where("i.status", "=", "active")
      .where("i.decision", "=", "approve")
      .groupBy("l.community_code")
      .execute(),
    db
      .selectFrom("gap_items as i")
      .innerJoin("gap_lists as l", "l.id", "i.list_id")
      .innerJoin("communities as c", "c.code", "l.community_code")
      .innerJoin("project_items as pi", "pi.gap_item_id", "i.id")
      .innerJoin("projects as p", "p.id", "pi.project_id")
      .select((eb) => ["l.community_code", eb.fn.countAll<number>().as("n")])
      .where(inScope(scope))
      .where("l.status", "=", "approved")
      .where("i.status", "=", "active")
      .where("i.decision", "=", "approve")
      .where("p.acceptance_result", "in", ["pass", "pass_with_remarks"])
      .groupBy("l.community_code")
      .execute(),
    db
      .selectFrom("project_acceptances as a")
      .innerJoin("projects as p", "p.id", "a.project_id")
      .innerJoin("communities as c", "c.code", "p.community_code")
      .select((eb) => ["p.community_code", "a.result", eb.fn.countAll<number>().as("n")])
      .where(inScope(scope))
      .groupBy(["p.community_code", "a.result"])
      .execute(),
    db
      .selectFrom("survey_tallies as t")
      .innerJoin("surveys as s", "s.id", "t.survey_id")
      .innerJoin("communities as c", "c.code", "s.community_code")
      .select((eb) => ["s.community_code", eb.fn.sum<number>("t.count").as("n"), eb.fn.sum<number>("t.sum").as("total")])
      .where(inScope(scope))
      .where("s.kind", "=", "feedback")
      .where("s.status", "in", ["published", "closed"])
      .where("t.segment", "=", "all")
      .where("t.question", "in", satisfactionQuestions)
      .groupBy("s.community_code")
      .execute(),
    db
      .selectFrom("survey_tallies as t")
      .innerJoin("surveys as s", "s.id", "t.survey_id")
      .innerJoin("communities as c", "c.code", "s.community_code")
      .select((eb) => ["s.community_code", eb.fn.sum<number>("t.count").as("n")])
      .where(inScope(scope))
      .where("s.kind", "=", "feedback")
      .where("s.status", "in", ["published", "closed"])
      .where("t.segment", "=", "all")
      .where("t.question", "=", "__respondents")
      .groupBy("s.community_code")
      .execute(),
    db
      .selectFrom("survey_response_counts as r")
      .innerJoin("surveys as s", "s.id", "r.survey_id")
      .innerJoin("communities as c", "c.code", "s.community_code")
      .select((eb) => ["s.community_code", "s.id", "s.closed_at", eb.fn.sum<number>("r.count").as("n")])
      .where(inScope(scope))
      .where("s.kind", "=", "needs")
      .where("s.status", "=", "closed")
      .where("r.channel", "<>", "open_link")
      .groupBy(["s.community_code", "s.id", "s.closed_at"])
      .execute(),
    reviewScope(db, scope),
  ]);

  const progress = new Map<string, { stage: Stage | null; closed: number }>();
  for (const r of cycles) {
    const p = bucket(progress, r.community_code, () => ({ stage: null as Stage | null, closed: 0 }));
    if (r.stage === "closed") p.closed += Number(r.n);
    else p.stage = r.stage;
  }
  const count = (rows: readonly { community_code: string; n: number | string | bigint }[]) => new Map(rows.map((r) => [r.community_code, Number(r.n)]));
  const approvedBy = count(approved);
  const acceptedBy = count(accepted);
  const acceptanceBy = new Map<string, Record<AcceptanceResult, number>>();
  for (const r of acceptances) {
    const a = bucket(acceptanceBy, r.community_code, () => ({ pass: 0, pass_with_remarks: 0, fail: 0 }));
    if (r.result in a) a[r.result] += Number(r.n);
  }
  const respondentsBy = count(respondents);
  const satisfactionBy = new Map(satisfaction.map((r) => [r.community_code, { n: Number(r.n), total: Number(r.total) }]));
  const latestNeeds = new Map<string, { at: string; n: number }>();
  for (const r of needs) {
    const at = r.closed_at ?? "";
    const seen = latestNeeds.get(r.community_code);
    if (!seen || at > seen.at) latestNeeds.set(r.community_code, { at, n: Number(r.n) });
  }

  return communities.map((c) => {
    const p = progress.get(c.code);
    const s = satisfactionBy.get(c.code);
    const needsSurvey = latestNeeds.get(c.code);
    const reviews = performance.get(c.code);
    const facts: CommunityRankingFacts = {
      code: c.code,
      name: c.name,
      streetCode: c.street_code,
      districtCode: c.district_code,
    };
    if (p) facts.progress = { stage: p.stage ?? "closed", roundsCompleted: p.closed };
    const approvedItems = approvedBy.get(c.code) ?? 0;
    if (approvedItems > 0) facts.items = { approved: approvedItems, accepted: acceptedBy.get(c.code) ?? 0 };
    const a = acceptanceBy.get(c.code);
    if (a) facts.acceptance = a;
    if (s && s.n > 0) facts.satisfaction = { mean: s.total / s.n, respondents: respondentsBy.get(c.code) ?? 0 };
    if (reviews) facts.performance = meanPerformanceScore(reviews);
    if (needsSurvey && c.households > 0) facts.responseRate = Math.min(1, needsSurvey.n / c.households);
    return facts;
  });
}

export interface RankingPage {
  result: RankingResult;
  settings: SettingView[];
  names: Record<string, string>;
  /** Some community of the scope still has generated figures (演示数据). */
  isDemoData: boolean;
}

/** The ranking of a scope with the settings in force and the names of its streets and districts. */
export async function buildRanking(db: Kysely<Database>, scope: DashboardScope): Promise<RankingPage> {
  const [{ settings, list }, facts, streets, districts, demo] = await Promise.all([
    loadRankingSettings(db),
    rankingFacts(db, scope),
    db.selectFrom("streets").select(["code", "name"]).execute(),
    db.selectFrom("districts").select(["code", "name"]).execute(),
    db.selectFrom("communities as c").select("c.code").where(inScope(scope)).where("c.is_demo_data", "=", 1).limit(1).executeTakeFirst(),
  ]);
  const names: Record<string, string> = {};
  for (const s of streets) names[s.code] = s.name;
  for (const d of districts) names[d.code] = d.name;
  return { result: rankCommunities(facts, settings), settings: list, names, isDemoData: demo !== undefined };
}
