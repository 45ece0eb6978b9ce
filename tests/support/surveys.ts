// A community's needs survey ready for answers, for tests and benchmarks: created from the
// template by its worker and published, open from a minute ago.
import type { Kysely } from "kysely";
import { createSurvey, issueHouseholdCodes, publishSurvey, saveSurveyDefinition } from "../../app/lib/surveys.server";
import type { Change } from "../../app/lib/use-case.server";
import type { Survey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { createDatabase } from "../../db/client";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";

interface OpenOptions {
  days?: number;
  openLink?: boolean;
}

/** Publishes the draft, open from a minute ago for `days` days. */
async function publishNow(db: Kysely<Database>, change: Change, draft: Survey, options: OpenOptions): Promise<Survey> {
  const now = Date.now();
  const published = await publishSurvey(db, change, {
    surveyId: draft.id,
    expectedVersion: draft.version,
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + (options.days ?? 21) * 86_400_000).toISOString(),
    openLinkEnabled: options.openLink ?? false,
  });
  if (!published.ok) throw new Error(JSON.stringify(published));
  return published.survey;
}

export async function openNeedsSurvey(db: Kysely<Database>, change: Change, communityCode: string, options: OpenOptions = {}): Promise<Survey> {
  const created = await createSurvey(db, change, { communityCode, source: { template: "needs_seven_domain" } });
  if (!created.ok) throw new Error(JSON.stringify(created));
  return publishNow(db, change, created.survey, options);
}

/** A survey of the community with our own questions, published and open from a minute ago. */
export async function openSurveyWith(
  db: Kysely<Database>,
  change: Change,
  communityCode: string,
  definition: SurveyJson,
  options: OpenOptions & { title?: string } = {},
): Promise<Survey> {
  const created = await createSurvey(db, change, { communityCode, source: { template: "needs_seven_domain" } });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const saved = await saveSurveyDefinition(db, change, {
    surveyId: created.survey.id,
    expectedVersion: created.survey.version,
    title: options.title ?? "社区服务满意度调查",
    definition,
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  return publishNow(db, change, saved.survey, options);
}

/**
 * 清波门社区's needs survey, published with household codes for one neighbourhood, made through
 * the real services in the database at `file` (the durability and fault tests answer it over HTTP).
 */
export async function publishedSurveyWithCodes(file: string) {
  const QINGBOMEN = "330102001051";
  const { db } = createDatabase(file);
  try {
    const change = { actor: { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN }, ip: null };
    const survey = await openNeedsSurvey(db, change, QINGBOMEN, { days: 1 });
    const neighbourhood = await db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).executeTakeFirstOrThrow();
    const issued = await issueHouseholdCodes(db, change, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] });
    if (!issued.ok) throw new Error(issued.message);
    const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
    const choices = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
    return { token: survey.publicToken, codes: issued.byNeighbourhood[0].codes, answers: () => sampleNeedsAnswers(questions, choices, seededRandom(9)) };
  } finally {
    await db.destroy();
  }
}
