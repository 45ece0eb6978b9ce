// The answer sets of one survey for a cross-tab (issue 18): the only page besides the export
// that reads raw answers, for one survey, bounded. ADR 0011 says why not kept pair totals.
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { VERIFIED_CHANNELS } from "../../workflows/glossary";

/** More answer sets than a community has households is not a survey the cross-tab is for. */
export const MAX_CROSSTAB_ANSWER_SETS = 20_000;

export async function readAnswerSetsForCrossTab(
  db: Kysely<Database>,
  surveyId: string,
  { verifiedOnly }: { verifiedOnly: boolean },
): Promise<{ answerSets: Record<string, unknown>[]; truncated: boolean }> {
  let query = db.selectFrom("survey_responses").select("answers").where("survey_id", "=", surveyId);
  if (verifiedOnly) query = query.where("channel", "in", VERIFIED_CHANNELS);
  const rows = await query
    .orderBy("created_at")
    .orderBy("id")
    .limit(MAX_CROSSTAB_ANSWER_SETS + 1)
    .execute();
  const truncated = rows.length > MAX_CROSSTAB_ANSWER_SETS;
  return { answerSets: rows.slice(0, MAX_CROSSTAB_ANSWER_SETS).map((r) => JSON.parse(r.answers) as Record<string, unknown>), truncated };
}
