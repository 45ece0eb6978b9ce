import { Migrator } from "kysely";
import { describe, expect, it } from "vitest";
import { runEvaluation } from "../../app/lib/evaluations.server";
import { submitResponse } from "../../app/lib/survey-submission.server";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import type { Survey } from "../../db/repositories/surveys";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { databasePerTest } from "../support/database";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";
const worker = { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN };
const change = { actor: worker, ip: "10.0.0.5" };

const t = databasePerTest();

function answersFor(survey: Survey, seed: number): Record<string, unknown> {
  const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
  const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
  return sampleNeedsAnswers(questions, neighbourhoods, seededRandom(seed));
}

/** Two households with codes (online, paper), one paper form without a code, two open-link answers. */
async function answeredSurvey(): Promise<Survey> {
  const survey = await openNeedsSurvey(t.db, change, QINGBOMEN, { openLink: true });
  const neighbourhood = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).orderBy("name").executeTakeFirstOrThrow();
  const issued = await issueHouseholdCodes(t.db, change, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] });
  if (!issued.ok) throw new Error(JSON.stringify(issued));
  const codes = issued.byNeighbourhood[0].codes;
  const mix: [Record<string, unknown>, "online" | "paper"][] = [
    [{ householdCode: codes[0] }, "online"],
    [{ householdCode: codes[1] }, "paper"],
    [{}, "paper"],
    [{ deviceId: "device-open-0001" }, "online"],
    [{ deviceId: "device-open-0002" }, "online"],
  ];
  for (const [i, [extra, channel]] of mix.entries()) {
    const result = await submitResponse(t.db, survey, { idempotencyKey: `split-${i}-abcdefgh`, answers: answersFor(survey, 100 + i), ...extra }, { channel, enteredBy: channel === "paper" ? "wang" : null });
    if (!result.ok) throw new Error(JSON.stringify(result));
  }
  return survey;
}

async function keptTotals(surveyId: string) {
  const tallies = await t.db
    .selectFrom("survey_tallies")
    .select(["question", "option", "segment", "verified", "count", "sum"])
    .where("survey_id", "=", surveyId)
    .orderBy("question").orderBy("option").orderBy("segment").orderBy("verified")
    .execute();
  const counts = await t.db.selectFrom("survey_response_counts").select(["neighbourhood_id", "channel", "count"]).where("survey_id", "=", surveyId).orderBy("channel").orderBy("neighbourhood_id").execute();
  return { tallies: tallies.map((r) => ({ ...r, count: Number(r.count), sum: Number(r.sum) })), counts: counts.map((c) => ({ ...c, count: Number(c.count) })) };
}

describe("verified and unverified answers kept apart (issue 16)", () => {
  it("the migration re-tallies existing answers into exactly the split a new submission keeps", async () => {
    const survey = await answeredSurvey();
    const live = await keptTotals(survey.id);
    expect(live.tallies.filter((r) => r.question === "__respondents" && r.segment === "all")).toEqual([
      { question: "__respondents", option: "", segment: "all", verified: 0, count: 3, sum: 0 },
      { question: "__respondents", option: "", segment: "all", verified: 1, count: 2, sum: 0 },
    ]);
    expect(live.counts.map((c) => c.channel).sort()).toEqual(expect.arrayContaining(["online", "open_link", "paper", "paper_uncoded"]));

    // Back to the mixed totals of before the split, then forward again.
    const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo("2026-12-05-01-accounts");
    expect(down.error).toBeUndefined();
    expect(down.results?.at(-1)).toMatchObject({ migrationName: "2026-12-05-02-verified-answers", direction: "Down", status: "Success" });
    const merged = await t.db.selectFrom("survey_responses").select("channel").where("survey_id", "=", survey.id).where("channel", "=", "paper_uncoded").execute();
    expect(merged).toHaveLength(0);
    await migrateToLatest(t.db);

    const retallied = await keptTotals(survey.id);
    expect(retallied.counts).toEqual(live.counts);
    // Float sums may differ in the last bit after subtracting: compare rounded.
    const round = (rows: typeof live.tallies) => rows.filter((r) => r.count !== 0).map((r) => ({ ...r, sum: Math.round(r.sum * 1e6) / 1e6 }));
    expect(round(retallied.tallies)).toEqual(round(live.tallies));
  });

  it("the evaluation uses verified answers unless the worker records a reason, which is audited and kept with the version", async () => {
    const survey = await answeredSurvey();
    await t.db.updateTable("cycles").set({ stage: "evaluating" }).where("id", "=", survey.cycleId).execute();
    const plain = await runEvaluation(t.db, change, { communityCode: QINGBOMEN });
    const widened = await runEvaluation(t.db, change, { communityCode: QINGBOMEN, unverifiedReason: "纸质问卷多为老人代填，户码条遗失" });
    if (!plain.ok || !widened.ok) throw new Error(JSON.stringify({ plain, widened }));
    const rows = await t.db.selectFrom("evaluations").select(["id", "input", "unverified_reason"]).where("id", "in", [plain.evaluationId, widened.evaluationId]).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const respondents = (id: string) => (JSON.parse(byId.get(id)!.input) as { survey?: { respondents: number } }).survey?.respondents;
    expect(respondents(plain.evaluationId)).toBe(2);
    expect(respondents(widened.evaluationId)).toBe(5);
    expect(byId.get(plain.evaluationId)!.unverified_reason).toBeNull();
    expect(byId.get(widened.evaluationId)!.unverified_reason).toBe("纸质问卷多为老人代填，户码条遗失");
    const audit = await t.db.selectFrom("audit_log").select("after_json").where("entity_id", "=", widened.evaluationId).where("action", "=", "evaluation.save").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ answers: "verified+unverified", unverifiedReason: "纸质问卷多为老人代填，户码条遗失" });
  });
});
