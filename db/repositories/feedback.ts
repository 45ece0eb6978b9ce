// Reads of the post-build feedback surveys (新设施使用反馈): which surveys a community has,
// and the satisfaction answers per facility function (1–5) from the kept tallies: a row of the
// template's satisfaction matrix (`service_satisfaction.<function>`), or in surveys made before
// the matrix, a rating question per function (`<function>_satisfaction`).
import type { Kysely } from "kysely";
import { FACILITY_FUNCTIONS, type FacilityFunction, type SurveyStatus } from "../../workflows/glossary";
import { SERVICE_SATISFACTION_MATRIX } from "../../workflows/surveys/templates";
import type { Database } from "../schema";
import { publishedSurveysOfCycle } from "./surveys";

const SATISFACTION_QUESTIONS = FACILITY_FUNCTIONS.flatMap((f) => [`${SERVICE_SATISFACTION_MATRIX}.${f}`, `${f}_satisfaction`]);
const functionOf = (question: string) => question.replace(`${SERVICE_SATISFACTION_MATRIX}.`, "").replace(/_satisfaction$/, "") as FacilityFunction;

function add(map: SatisfactionTally, question: string, sum: number, count: number): void {
  const fn = functionOf(question);
  const seen = map.get(fn);
  map.set(fn, seen ? { sum: seen.sum + sum, count: seen.count + count } : { sum, count });
}

export type SatisfactionTally = Map<FacilityFunction, { sum: number; count: number }>;

/**
 * Per community, the satisfaction answers of its latest published or closed feedback survey
 * (the latest by publication, then by id).
 */
export async function latestFeedbackSatisfaction(
  db: Kysely<Database>,
  communityCodes: readonly string[],
): Promise<Map<string, { surveyId: string; byFunction: SatisfactionTally }>> {
  const out = new Map<string, { surveyId: string; byFunction: SatisfactionTally }>();
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
      .where("verified", "=", 1)
      .where("question", "in", SATISFACTION_QUESTIONS)
      .groupBy(["survey_id", "question"])
      .execute();
    const bySurvey = new Map<string, SatisfactionTally>();
    for (const r of rows) {
      const map: SatisfactionTally = bySurvey.get(r.survey_id) ?? new Map();
      add(map, r.question, Number(r.total), Number(r.n));
      bySurvey.set(r.survey_id, map);
    }
    for (const [code, s] of latest) out.set(code, { surveyId: s.id, byFunction: bySurvey.get(s.id) ?? new Map() });
  }
  return out;
}

/** Everything the round's published or closed feedback surveys were told: respondents and satisfaction per function. */
export async function feedbackOfCycle(
  db: Kysely<Database>,
  cycleId: string,
): Promise<{ surveys: number; respondents: number; byFunction: SatisfactionTally }> {
  const surveys = await publishedSurveysOfCycle(db, cycleId, "feedback").execute();
  const ids = surveys.map((s) => s.id);
  const tallies = ids.length
    ? await db
        .selectFrom("survey_tallies")
        .select((eb) => ["question", eb.fn.sum<number>("count").as("n"), eb.fn.sum<number>("sum").as("total")])
        .where("survey_id", "in", ids)
        .where("segment", "=", "all")
        .where("verified", "=", 1)
        .where("question", "in", [...SATISFACTION_QUESTIONS, "__respondents"])
        .groupBy("question")
        .execute()
    : [];
  const byFunction: SatisfactionTally = new Map();
  for (const t of tallies) if (t.question !== "__respondents") add(byFunction, t.question, Number(t.total), Number(t.n));
  return { surveys: ids.length, respondents: Number(tallies.find((t) => t.question === "__respondents")?.n ?? 0), byFunction };
}

export interface FeedbackSurveyRow {
  id: string;
  title: string;
  status: SurveyStatus;
  cycleId: string;
  round: number;
  responses: number;
}

/** A community's feedback surveys with their answer counts, latest round first. */
export async function listFeedbackSurveys(db: Kysely<Database>, communityCode: string): Promise<FeedbackSurveyRow[]> {
  const rows = await db
    .selectFrom("surveys as s")
    .innerJoin("cycles as y", "y.id", "s.cycle_id")
    .leftJoin("survey_response_counts as r", "r.survey_id", "s.id")
    .select((eb) => ["s.id", "s.title", "s.status", "s.cycle_id", "y.round", eb.fn.sum<number>("r.count").as("responses")])
    .where("s.community_code", "=", communityCode)
    .where("s.kind", "=", "feedback")
    .groupBy(["s.id", "s.title", "s.status", "s.cycle_id", "y.round"])
    .orderBy("y.round", "desc")
    .orderBy("s.id", "desc")
    .execute();
  return rows.map((s) => ({ id: s.id, title: s.title, status: s.status, cycleId: s.cycle_id, round: s.round, responses: Number(s.responses ?? 0) }));
}
