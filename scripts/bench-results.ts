// npm run bench:results — results never scan raw answers. Prints (1) the results-page server
// time for a community with 3,000 real answers (stored through the submission path, so the
// kept totals are the app's own), and (2) city-wide aggregates over the kept totals of
// ≈ 900,000 answers, next to what scanning the raw answers of one community costs.
import fs from "node:fs";
import { submitResponse } from "../app/lib/survey-submission.server";
import { loadSurveyResults } from "../app/lib/survey-results.server";
import { compileAnswerValidator } from "../workflows/surveys/answers";
import type { SurveyJson } from "../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../workflows/surveys/sample-answers";
import { demandFromTallies, demandKey, RESPONDENTS_KEY, satisfactionKey, sumTallies, type TallyRow } from "../workflows/surveys/tallies";
import { DOMAINS } from "../workflows/glossary";
import { surveyTemplate } from "../workflows/surveys/templates";
import { sqliteHandleOf } from "../db/client";
import { newId } from "../db/ids";
import { nowIso } from "../db/clock";
import { findCommunity } from "../db/repositories/places";
import { synthesiseSurveyTotals } from "../db/seed-surveys";
import { openNeedsSurvey } from "../tests/support/surveys";
import { seededDatabase } from "./bench-app";

const COMMUNITY = "330102001051";
const ANSWERS = 3000;
const CITY_ANSWERS = 900_000;

function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  return fn().then((value) => ({ ms: performance.now() - started, value }));
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await time(fn)).ms);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main() {
  const { dir, db } = await seededDatabase("results");
  const sqlite = sqliteHandleOf(db)!;

  // (1) 3,000 answers to one community's survey, through submitResponse.
  const actor = { id: "bench", role: "community_worker" as const, scopeCode: COMMUNITY };
  const survey = await openNeedsSurvey(db, { actor, ip: null }, COMMUNITY, { days: 1, openLink: true });
  const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
  const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
  const random = seededRandom(11);
  const storing = await time(async () => {
    for (let i = 0; i < ANSWERS; i++) {
      const result = await submitResponse(db, survey, {
        idempotencyKey: `bench-results-${i}`,
        deviceId: `device-bench-${i.toString().padStart(6, "0")}`,
        answers: sampleNeedsAnswers(questions, neighbourhoods, random),
      });
      if (!result.ok) throw new Error(result.message);
    }
  });
  const community = (await findCommunity(db, COMMUNITY))!;
  await loadSurveyResults(db, survey, community, 1); // warm
  const resultsMs = await median(9, () => loadSurveyResults(db, survey, community, 1));
  const scanMs = await median(5, async () => {
    const rows = sqlite.prepare("select answers from survey_responses where survey_id = ?").all(survey.id) as { answers: string }[];
    for (const r of rows) JSON.parse(r.answers);
  });

  // (2) A city's kept totals: a survey per community with ≈ 900,000 answers between them.
  const template = surveyTemplate("needs_seven_domain");
  const templateQuestions = compileAnswerValidator(template).questions;
  const cycles = sqlite.prepare("select y.id, y.community_code from cycles y where y.stage <> 'closed' and not exists (select 1 from surveys s where s.cycle_id = y.id)").all() as {
    id: string;
    community_code: string;
  }[];
  const perSurvey = Math.round(CITY_ANSWERS / cycles.length);
  const now = nowIso();
  const addSurvey = sqlite.prepare(
    `insert into surveys (id, cycle_id, community_code, kind, title, definition, definition_version, status, public_token, open_link_enabled, code_salt, version, is_demo_data, created_at, updated_at)
     values (?, ?, ?, 'needs', '合成', '{"pages":[]}', 1, 'closed', ?, 0, 'bench-salt-0123456789', 1, 1, ?, ?)`,
  );
  const addTally = sqlite.prepare("insert into survey_tallies (survey_id, question, option, segment, count, sum) values (?, ?, ?, ?, ?, ?)");
  sqlite.transaction(() => {
    for (const [i, cycle] of cycles.entries()) {
      const id = newId();
      addSurvey.run(id, cycle.id, cycle.community_code, `bench-city-${i}`, now, now);
      for (const t of synthesiseSurveyTotals(templateQuestions, ["n"], perSurvey, seededRandom(i + 1)).tallies) {
        addTally.run(id, t.question, t.option, t.segment, t.count, t.sum);
      }
    }
  })();
  const tallyRows = (sqlite.prepare("select count(*) n from survey_tallies").get() as { n: number }).n;
  const cityQuery = () =>
    db
      .selectFrom("survey_tallies as t")
      .innerJoin("surveys as s", "s.id", "t.survey_id")
      .select((eb) => ["t.question", "t.option", "t.segment", eb.fn.sum<number>("t.count").as("count"), eb.fn.sum<number>("t.sum").as("sum")])
      .where("s.kind", "=", "needs")
      .groupBy(["t.question", "t.option", "t.segment"])
      .execute();
  await cityQuery();
  const cityMs = await median(5, async () => {
    const rows = await cityQuery();
    demandFromTallies(rows.map((r) => ({ ...r, count: Number(r.count), sum: Number(r.sum) })) as TallyRow[]);
  });
  // What the evaluation and dashboards need: only the derived demand/satisfaction rows.
  const demandKeys = [RESPONDENTS_KEY, ...DOMAINS.flatMap((d) => [demandKey(d), satisfactionKey(d)])];
  const demandMs = await median(5, async () => {
    const rows = await db
      .selectFrom("survey_tallies")
      .select((eb) => ["question", "option", "segment", eb.fn.sum<number>("count").as("count"), eb.fn.sum<number>("sum").as("sum")])
      .where("question", "in", demandKeys)
      .groupBy(["question", "option", "segment"])
      .execute();
    demandFromTallies(rows.map((r) => ({ ...r, count: Number(r.count), sum: Number(r.sum) })) as TallyRow[]);
  });
  const readAllMs = await median(3, async () => {
    const rows = sqlite.prepare("select question, option, segment, count, sum from survey_tallies").all() as TallyRow[];
    sumTallies(rows);
  });
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log("bench:results");
  console.log(`(1) ${ANSWERS.toLocaleString()} answers stored through submitResponse in ${(storing.ms / 1000).toFixed(1)} s (${((storing.ms / ANSWERS) * 1000).toFixed(0)} µs each, sequential, in-process)`);
  console.log(`    results page server time (loadSurveyResults, median of 9): ${resultsMs.toFixed(1)} ms`);
  console.log(`    for comparison, reading and parsing those ${ANSWERS.toLocaleString()} raw answers: ${scanMs.toFixed(1)} ms`);
  console.log(`(2) city: ${cycles.length.toLocaleString()} surveys ≈ ${(perSurvey * cycles.length).toLocaleString()} answers kept as ${tallyRows.toLocaleString()} tally rows`);
  console.log(`    city-wide demand index (GROUP BY over the ${demandKeys.length} demand/satisfaction keys + demandFromTallies), median of 5: ${demandMs.toFixed(0)} ms`);
  console.log(`    city-wide roll-up of every question and option (GROUP BY over all tally rows), median of 5: ${cityMs.toFixed(0)} ms`);
  console.log(`    reading every tally row back and adding up in JS: ${readAllMs.toFixed(0)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
