// 赛马 ranking (四(三)) in the app: the facts for every community of a scope (grouped SQL in
// db/repositories/rankings.ts, and the performance review over the kept monthly figures),
// then the pure rankCommunities. Serves the dashboards (rankingFacts, buildRanking) and the
// street's and district's ranking pages (loadRankingPage). Overrides of the ranking's 默认值
// live in policy_settings under "rankings" (settings.server.ts).
import type { Kysely } from "kysely";
import type { DashboardScope } from "../../db/repositories/dashboard";
import { listDistricts, listStreets } from "../../db/repositories/places";
import { listRankingCounts, scopeHasDemoData } from "../../db/repositories/rankings";
import type { Database } from "../../db/schema";
import { DOMAINS } from "../../workflows/glossary";
import { meanPerformanceScore } from "../../workflows/performance";
import {
  type CommunityRankingFacts,
  RANKING_SETTINGS,
  RANKING_SETTINGS_PREFIX,
  rankCommunities,
  type RankingResult,
  type RankingSettings,
  rankingSettingsProblem,
} from "../../workflows/rankings";
import { satisfactionKey } from "../../workflows/surveys/tallies";
import { reviewScope } from "./operations.server";
import { loadSettingModule, type SettingModule, type SettingView } from "./settings.server";

export const RANKING_SETTING_MODULE: SettingModule<RankingSettings> = { prefix: RANKING_SETTINGS_PREFIX, defaults: RANKING_SETTINGS, problem: rankingSettingsProblem };

/** The ranking's facts for every community of the scope (components without data are left out). */
export async function rankingFacts(db: Kysely<Database>, scope: DashboardScope): Promise<CommunityRankingFacts[]> {
  const [counts, performance] = await Promise.all([listRankingCounts(db, scope, DOMAINS.map(satisfactionKey)), reviewScope(db, scope)]);
  return counts.map((c) => {
    const facts: CommunityRankingFacts = { code: c.code, name: c.name, streetCode: c.streetCode, districtCode: c.districtCode };
    if (c.progress) facts.progress = { stage: c.progress.stage ?? "closed", roundsCompleted: c.progress.roundsCompleted };
    if (c.approvedItems > 0) facts.items = { approved: c.approvedItems, accepted: c.acceptedItems };
    if (c.acceptances) facts.acceptance = c.acceptances;
    if (c.satisfaction && c.satisfaction.n > 0) facts.satisfaction = { mean: c.satisfaction.total / c.satisfaction.n, respondents: c.respondents };
    const reviews = performance.get(c.code);
    if (reviews) facts.performance = meanPerformanceScore(reviews);
    if (c.latestNeedsResponses !== undefined && c.households > 0) facts.responseRate = Math.min(1, c.latestNeedsResponses / c.households);
    return facts;
  });
}

export interface Ranking {
  result: RankingResult;
  settings: SettingView[];
  names: Record<string, string>;
  /** Some community of the scope still has generated figures (演示数据). */
  isDemoData: boolean;
}

/** The ranking of a scope with the settings in force and the names of its streets and districts. */
export async function buildRanking(db: Kysely<Database>, scope: DashboardScope): Promise<Ranking> {
  const [{ settings, list }, facts, streets, districts, isDemoData] = await Promise.all([
    loadSettingModule(db, RANKING_SETTING_MODULE),
    rankingFacts(db, scope),
    listStreets(db),
    listDistricts(db),
    scopeHasDemoData(db, scope),
  ]);
  const names: Record<string, string> = {};
  for (const s of streets) names[s.code] = s.name;
  for (const d of districts) names[d.code] = d.name;
  return { result: rankCommunities(facts, settings), settings: list, names, isDemoData };
}

/** What the street's and the district's ranking pages show (routes/{streets,districts}.$code_.ranking.tsx). */
export async function loadRankingPage(db: Kysely<Database>, scope: Exclude<DashboardScope, { level: "city" }>) {
  const ranking = await buildRanking(db, scope);
  return {
    streets: ranking.result.streets,
    communities: ranking.result.communities,
    names: ranking.names,
    formula: ranking.result.formula.description,
    clause: ranking.result.clause,
    settings: ranking.settings,
    isDemoData: ranking.isDemoData,
  };
}
