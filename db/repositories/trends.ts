// Trends (issue 18.4): the kept totals of a place's needs surveys, summed per round in one
// grouped query (never raw answers). A community's round is its cycle; a street's or a
// district's is the year of its communities' cycles.
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { inScope } from "./dashboard";

export type TrendScope = { level: "community" | "street" | "district"; code: string };

export interface TrendTallyRow {
  year: number;
  /** The cycle's round for a community; 0 for a street or a district (a round is a year). */
  round: number;
  question: string;
  option: string;
  count: number;
  sum: number;
  /** Communities whose surveys add to the row. */
  communities: number;
  isDemoData: boolean;
}

function surveysInScope(db: Kysely<Database>, scope: TrendScope) {
  return db
    .selectFrom("surveys as s")
    .innerJoin("communities as c", "c.code", "s.community_code")
    .innerJoin("cycles as y", "y.id", "s.cycle_id")
    .where("s.kind", "=", "needs")
    .where((eb) => (scope.level === "community" ? eb("c.code", "=", scope.code) : inScope({ level: scope.level, code: scope.code })(eb)));
}

/**
 * The place's tallies of 全部家庭 summed per round, question and option: 已核验 answers only, or
 * 已核验 and 未核验 together (the cross-tab's 包括未核验答卷).
 */
export async function sumTalliesByRound(db: Kysely<Database>, scope: TrendScope, { verifiedOnly }: { verifiedOnly: boolean }): Promise<TrendTallyRow[]> {
  const byCycle = scope.level === "community";
  const rows = await surveysInScope(db, scope)
    .innerJoin("survey_tallies as t", "t.survey_id", "s.id")
    .select((eb) => [
      "y.year",
      byCycle ? eb.ref("y.round").as("round") : eb.lit(0).as("round"),
      "t.question",
      "t.option",
      eb.fn.sum<number>("t.count").as("count"),
      eb.fn.sum<number>("t.sum").as("sum"),
      eb.fn.count<number>("s.community_code").distinct().as("communities"),
      eb.fn.max("s.is_demo_data").as("demo"),
    ])
    .where("t.segment", "=", "all")
    .$if(verifiedOnly, (q) => q.where("t.verified", "=", 1))
    .groupBy(byCycle ? ["y.year", "y.round", "t.question", "t.option"] : ["y.year", "t.question", "t.option"])
    .execute();
  return rows.map((r) => ({
    year: Number(r.year),
    round: Number(r.round),
    question: r.question,
    option: r.option,
    count: Number(r.count),
    sum: Number(r.sum),
    communities: Number(r.communities),
    isDemoData: Number(r.demo) === 1,
  }));
}

export interface TrendSurvey {
  id: string;
  definitionVersion: number;
  year: number;
  round: number;
}

/** The place's needs surveys, newest round first (ids only: definitions are read one by one). */
export async function listTrendSurveys(db: Kysely<Database>, scope: TrendScope): Promise<TrendSurvey[]> {
  const rows = await surveysInScope(db, scope)
    .select(["s.id", "s.definition_version", "y.year", "y.round"])
    .where("s.status", "<>", "draft")
    .orderBy("y.year", "desc")
    .orderBy("y.round", "desc")
    .orderBy("s.created_at", "desc")
    .orderBy("s.id")
    .execute();
  return rows.map((r) => ({ id: r.id, definitionVersion: Number(r.definition_version), year: Number(r.year), round: Number(r.round) }));
}

export async function readSurveyDefinitions(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("surveys").select(["id", "definition"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, r.definition]));
}
