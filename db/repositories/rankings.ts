// The 赛马 ranking's facts for every community of a scope, each one grouped query (loop
// progress, approved and accepted items, acceptance results, feedback satisfaction, needs
// survey participation); the performance review over the monthly figures is added by the app.
import type { Kysely } from "kysely";
import { type AcceptanceResult, type Stage, VERIFIED_CHANNELS } from "../../workflows/glossary";
import type { Database } from "../schema";
import { type DashboardScope, inScope } from "./dashboard";

export interface CommunityRankingCounts {
  code: string;
  name: string;
  streetCode: string;
  districtCode: string;
  households: number;
  /** Absent when the community has no cycle yet. */
  progress?: { stage: Stage | null; roundsCompleted: number };
  approvedItems: number;
  acceptedItems: number;
  acceptances?: Record<AcceptanceResult, number>;
  /** Feedback satisfaction answers (sum of scores, count) and respondents. */
  satisfaction?: { total: number; n: number };
  respondents: number;
  /** Verified answers to the latest closed needs survey. */
  latestNeedsResponses?: number;
}

function bucket<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

const countBy = (rows: readonly { community_code: string; n: number | string | bigint }[]) => new Map(rows.map((r) => [r.community_code, Number(r.n)]));

/** The scope's active 查漏补缺 items approved on an approved list. */
function approvedItems(db: Kysely<Database>, scope: DashboardScope) {
  return db
    .selectFrom("gap_items as i")
    .innerJoin("gap_lists as l", "l.id", "i.list_id")
    .innerJoin("communities as c", "c.code", "l.community_code")
    .where(inScope(scope))
    .where("l.status", "=", "approved")
    .where("i.status", "=", "active")
    .where("i.decision", "=", "approve");
}

/** The verified, all-respondent tallies of the scope's published feedback surveys. */
function feedbackTallies(db: Kysely<Database>, scope: DashboardScope) {
  return db
    .selectFrom("survey_tallies as t")
    .innerJoin("surveys as s", "s.id", "t.survey_id")
    .innerJoin("communities as c", "c.code", "s.community_code")
    .where(inScope(scope))
    .where("s.kind", "=", "feedback")
    .where("s.status", "in", ["published", "closed"])
    .where("t.segment", "=", "all")
    .where("t.verified", "=", 1);
}

/** `satisfactionQuestions`: the tally keys of the feedback survey's satisfaction questions. */
export async function listRankingCounts(db: Kysely<Database>, scope: DashboardScope, satisfactionQuestions: readonly string[]): Promise<CommunityRankingCounts[]> {
  const [communities, cycles, approved, accepted, acceptances, satisfaction, respondents, needs] = await Promise.all([
    db.selectFrom("communities as c").select(["c.code", "c.name", "c.street_code", "c.district_code", "c.households"]).where(inScope(scope)).orderBy("c.code").execute(),
    db
      .selectFrom("cycles as y")
      .innerJoin("communities as c", "c.code", "y.community_code")
      .select((eb) => ["y.community_code", "y.stage", eb.fn.countAll<number>().as("n")])
      .where(inScope(scope))
      .groupBy(["y.community_code", "y.stage"])
      .execute(),
    approvedItems(db, scope)
      .select((eb) => ["l.community_code", eb.fn.countAll<number>().as("n")])
      .groupBy("l.community_code")
      .execute(),
    approvedItems(db, scope)
      .innerJoin("project_items as pi", "pi.gap_item_id", "i.id")
      .innerJoin("projects as p", "p.id", "pi.project_id")
      .select((eb) => ["l.community_code", eb.fn.countAll<number>().as("n")])
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
    feedbackTallies(db, scope)
      .select((eb) => ["s.community_code", eb.fn.sum<number>("t.count").as("n"), eb.fn.sum<number>("t.sum").as("total")])
      .where("t.question", "in", satisfactionQuestions)
      .groupBy("s.community_code")
      .execute(),
    feedbackTallies(db, scope)
      .select((eb) => ["s.community_code", eb.fn.sum<number>("t.count").as("n")])
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
      .where("r.channel", "in", VERIFIED_CHANNELS)
      .groupBy(["s.community_code", "s.id", "s.closed_at"])
      .execute(),
  ]);

  const progress = new Map<string, { stage: Stage | null; roundsCompleted: number }>();
  for (const r of cycles) {
    const p = bucket(progress, r.community_code, () => ({ stage: null as Stage | null, roundsCompleted: 0 }));
    if (r.stage === "closed") p.roundsCompleted += Number(r.n);
    else p.stage = r.stage;
  }
  const approvedBy = countBy(approved);
  const acceptedBy = countBy(accepted);
  const respondentsBy = countBy(respondents);
  const acceptanceBy = new Map<string, Record<AcceptanceResult, number>>();
  for (const r of acceptances) {
    const a = bucket(acceptanceBy, r.community_code, () => ({ pass: 0, pass_with_remarks: 0, fail: 0 }));
    if (r.result in a) a[r.result] += Number(r.n);
  }
  const satisfactionBy = new Map(satisfaction.map((r) => [r.community_code, { n: Number(r.n), total: Number(r.total) }]));
  const latestNeeds = new Map<string, { at: string; n: number }>();
  for (const r of needs) {
    const at = r.closed_at ?? "";
    const seen = latestNeeds.get(r.community_code);
    if (!seen || at > seen.at) latestNeeds.set(r.community_code, { at, n: Number(r.n) });
  }

  return communities.map((c) => ({
    code: c.code,
    name: c.name,
    streetCode: c.street_code,
    districtCode: c.district_code,
    households: c.households,
    ...(progress.has(c.code) ? { progress: progress.get(c.code) } : {}),
    approvedItems: approvedBy.get(c.code) ?? 0,
    acceptedItems: acceptedBy.get(c.code) ?? 0,
    ...(acceptanceBy.has(c.code) ? { acceptances: acceptanceBy.get(c.code) } : {}),
    ...(satisfactionBy.has(c.code) ? { satisfaction: satisfactionBy.get(c.code) } : {}),
    respondents: respondentsBy.get(c.code) ?? 0,
    ...(latestNeeds.has(c.code) ? { latestNeedsResponses: latestNeeds.get(c.code)!.n } : {}),
  }));
}

/** Whether some community of the scope still has generated figures (演示数据). */
export async function scopeHasDemoData(db: Kysely<Database>, scope: DashboardScope): Promise<boolean> {
  const row = await db.selectFrom("communities as c").select("c.code").where(inScope(scope)).where("c.is_demo_data", "=", 1).limit(1).executeTakeFirst();
  return row !== undefined;
}
