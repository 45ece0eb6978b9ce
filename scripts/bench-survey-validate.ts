// Micro-benchmark: µs to validate one full answer set of the seven-domain needs template,
// and to derive its tally rows. Target: well under 50 µs per validation (≈1,700 req/s on 2 cores).
//   npx tsx scripts/bench-survey-validate.ts
import { compileAnswerValidator, type AnswerValidator } from "../workflows/surveys/answers";
import { NEIGHBOURHOOD_QUESTION, setQuestionChoices } from "../workflows/surveys/definition";
import { validateSurveyDefinition } from "../workflows/surveys/definition.server";
import { sampleNeedsAnswers, seededRandom } from "../workflows/surveys/sample-answers";
import { tallyDeltas } from "../workflows/surveys/tallies";
import { surveyTemplate } from "../workflows/surveys/templates";

const NEIGHBOURHOODS = ["qbm_1", "qbm_2", "qbm_3", "qbm_4"];
const filled = setQuestionChoices(
  surveyTemplate("needs_seven_domain"),
  NEIGHBOURHOOD_QUESTION,
  NEIGHBOURHOODS.map((value, i) => ({ value, text: `清波门${i + 1}号小区` })),
);
const checked = validateSurveyDefinition(filled, { stage: "publish" });
if (!checked.ok) throw new Error(checked.errors.join("\n"));

const t = performance.now();
const validate: AnswerValidator = compileAnswerValidator(checked.definition);
const compileMs = performance.now() - t;

const random = seededRandom(2024);
// Round trip through JSON, as a request body would arrive.
const samples = Array.from({ length: 1000 }, () => JSON.parse(JSON.stringify(sampleNeedsAnswers(validate.questions, NEIGHBOURHOODS, random))));
const rejected = samples.map((s) => validate(s)).filter((r) => !r.ok);
if (rejected.length) throw new Error(`sample answers rejected: ${JSON.stringify(rejected[0])}`);
const answered = samples.reduce((n, s) => n + Object.keys(s).length, 0) / samples.length;

function run(label: string, rounds: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < 20_000; i++) fn(i); // warm up the JIT
  const start = performance.now();
  for (let i = 0; i < rounds; i++) fn(i);
  const us = ((performance.now() - start) * 1000) / rounds;
  console.log(`${label.padEnd(28)} ${us.toFixed(2)} µs`);
  return us;
}

const results = samples.map((s) => validate(s));
console.log(`template: ${validate.questions.length} questions; samples answer ${answered.toFixed(1)} on average; compile ${compileMs.toFixed(1)} ms`);
const us = run("validate one answer set", 200_000, (i) => validate(samples[i % samples.length]));
run("tally rows of one set", 200_000, (i) => {
  const r = results[i % results.length];
  return r.ok ? tallyDeltas(validate.questions, r.data) : null;
});
const rows = results.reduce((n, r) => n + (r.ok ? tallyDeltas(validate.questions, r.data).length : 0), 0) / results.length;
console.log(`tally rows per submission: ${rows.toFixed(1)} on average`);
if (us > 50) process.exitCode = 1;
