// npm run bench:comments — what residents said, at scale (issue 18). Prints (1) the results
// page's server time (tallies, comments, keyword panel with a keyword opened) for a survey with
// 100,000 comments, and (2) the first analysis of 300,000 comments and their full re-analysis
// after a lexicon change, each with a progress bar, its time, its chunks' write transactions and
// the process's peak RSS; (3) the cross-tab's bounded read of one
// survey's answer sets. Figures only; never fails on them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { keywordPanel } from "../app/lib/comment-keywords.server";
import { REANALYSIS_CHUNK, requireReanalysis, runReanalysisToEnd } from "../app/lib/comment-reanalysis.server";
import { loadCrossTabPage } from "../app/lib/crosstab-pages.server";
import { loadSurveyResults } from "../app/lib/survey-results.server";
import type { Kysely } from "kysely";
import { sqliteHandleOf } from "../db/client";
import { newId } from "../db/ids";
import { nowIso } from "../db/clock";
import { findCommunity } from "../db/repositories/places";
import type { Database } from "../db/schema";
import { upsertListItemChange } from "../db/repositories/setting-lists";
import { COMMENT_LEXICON_MODULE } from "../workflows/comments/lexicon-lists";
import { CONSOLE_ACTOR } from "../workflows/permissions";
import { compileAnswerValidator } from "../workflows/surveys/answers";
import type { SurveyJson } from "../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../workflows/surveys/sample-answers";
import { openNeedsSurvey } from "../tests/support/surveys";
import { seededDatabase } from "./bench-app";

const PAGE_COMMENTS = 100_000;
const ALL_COMMENTS = 300_000;
const CROSSTAB_ANSWERS = 3_000;

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Comments of 1–3 clauses drawn from the residents' sample (tests/fixtures). */
function commentMaker(seed: number): () => string {
  const lines = fs.readFileSync(path.join(import.meta.dirname, "../tests/fixtures/resident-comments.txt"), "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
  const random = seededRandom(seed);
  return () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => lines[Math.floor(random() * lines.length)]).join("，");
}

interface TimedJob {
  comments: number;
  ms: number;
  cpuMs: number;
  peakRssAbove: number;
  peakRss: number;
  /** Each chunk's write transaction (ms), sorted. */
  writes: number[];
  load: [number, number];
}

/** Records the job a lexicon change needs and runs it to the end with a progress bar. */
async function timedJob(db: Kysely<Database>, label: string): Promise<TimedJob> {
  const jobId = (await db.transaction().execute((trx) => requireReanalysis(trx, { actor: CONSOLE_ACTOR, ip: null })))!;
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const width = 30;
  const loadBefore = os.loadavg()[0];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const writes: number[] = [];
  const job = await runReanalysisToEnd(db, jobId, (p, step) => {
    if (step.writeMs !== undefined) writes.push(step.writeMs);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const done = Math.round((p.done / Math.max(1, p.total)) * width);
    process.stderr.write(`\r  ${label} [${"#".repeat(done)}${".".repeat(width - done)}] ${p.done.toLocaleString()} / ${p.total.toLocaleString()} 条，问卷 ${p.saved}`);
  });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  process.stderr.write("\n");
  return {
    comments: job.done,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRss,
    peakRssAbove: peakRss - rssBefore,
    writes: writes.sort((a, b) => a - b),
    load: [loadBefore, os.loadavg()[0]],
  };
}

function printJob(what: string, job: TimedJob): void {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const percentile = (p: number) => job.writes[Math.min(job.writes.length - 1, Math.floor(job.writes.length * p))]?.toFixed(0) ?? "–";
  console.log(
    `  ${what}: ${(job.ms / 1000).toFixed(1)} s wall, ${(job.cpuMs / 1000).toFixed(1)} s CPU, load ${job.load[0].toFixed(1)} → ${job.load[1].toFixed(1)}; peak RSS ${mb(job.peakRss)} MB (${mb(job.peakRssAbove)} MB above the start)`,
  );
  console.log(`    write transaction per chunk of ${REANALYSIS_CHUNK.toLocaleString()} comments (${job.writes.length} chunks): median ${percentile(0.5)} ms, p90 ${percentile(0.9)} ms, max ${percentile(1)} ms`);
}

async function main() {
  const { dir, db } = await seededDatabase("comments");
  const sqlite = sqliteHandleOf(db)!;
  const communities = (sqlite.prepare("select code from communities order by code limit 3").all() as { code: string }[]).map((c) => c.code);
  const surveys: Awaited<ReturnType<typeof openNeedsSurvey>>[] = [];
  for (const code of communities) surveys.push(await openNeedsSurvey(db, { actor: { id: "bench", role: "community_worker", scopeCode: code }, ip: null }, code, { days: 1 }));

  // Comments straight into the tables (their totals are then built by the re-analysis itself).
  const next = commentMaker(7);
  const now = nowIso();
  const response = sqlite.prepare(
    `insert into survey_responses (id, survey_id, community_code, neighbourhood_id, channel, household_code_id, idempotency_key, device_id, receipt, answers,
       has_elderly, has_young_children, entered_by, is_demo_data, created_at) values (?, ?, ?, null, 'paper', null, ?, null, ?, ?, 0, 0, null, 0, ?)`,
  );
  const text = sqlite.prepare("insert into survey_text_answers (id, survey_id, response_id, question, text, created_at) values (?, ?, ?, 'comments', ?, ?)");
  const questions = compileAnswerValidator(surveys[0].definition as SurveyJson).questions;
  const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
  const random = seededRandom(3);
  const insertAll = sqlite.transaction(() => {
    for (let i = 0; i < ALL_COMMENTS; i++) {
      const survey = surveys[i < PAGE_COMMENTS ? 0 : 1 + (i % 2)];
      const id = newId();
      const answers = i < CROSSTAB_ANSWERS ? JSON.stringify(sampleNeedsAnswers(questions, neighbourhoods, random)) : "{}";
      response.run(id, survey.id, survey.communityCode, `bench-${i}`, `R${i}`, answers, now);
      text.run(newId(), survey.id, id, next(), now);
    }
  });
  insertAll();
  process.stderr.write(`  ${ALL_COMMENTS.toLocaleString()} 条意见已写入（其中 ${PAGE_COMMENTS.toLocaleString()} 条属于同一份问卷）\n`);

  // (2) The comments are first analysed by the job (no index yet: every (term, comment) row is
  // written), then a lexicon change — one more stop word, so the fingerprint moves — re-analyses
  // all of them (老人, the most frequent keyword, becomes a stop word), as the policy page's job
  // does, run here to the end in chunks.
  const first = await timedJob(db, "首次分析");
  await upsertListItemChange(db, { module: COMMENT_LEXICON_MODULE, list: "stopWords", item: "老人", action: "add", value: null, updatedBy: null });
  const again = await timedJob(db, "重新分析");

  // (1) The results page of the survey with 100,000 comments, a keyword opened.
  const community = (await findCommunity(db, surveys[0].communityCode))!;
  const page = async () => {
    const { titles } = await loadSurveyResults(db, surveys[0], community, 1);
    return keywordPanel(db, surveys[0].id, titles, { term: "电梯", page: 1 });
  };
  const panel = await page();
  const pageMs = await median(9, page);
  const resultsOnly = await median(9, () => loadSurveyResults(db, surveys[0], community, 1));
  const panelOnly = await median(9, () => keywordPanel(db, surveys[0].id, new Map(), { term: "电梯", page: 1 }));
  const flaggedPage = await median(9, () => keywordPanel(db, surveys[0].id, new Map(), { term: "电梯", page: 40 }));

  // (3) The cross-tab reads one survey's answer sets (3,000 here) and counts them.
  const crossTabMs = await median(9, () => loadCrossTabPage(db, surveys[0], { row: "hh_disability", column: "meal_assist_need", includeOpenLink: false }));

  console.log("bench:comments");
  console.log(`  results page, survey with ${PAGE_COMMENTS.toLocaleString()} comments (tallies, comments page, keyword panel with 电梯 opened): median ${pageMs.toFixed(1)} ms server time (target < 300 ms)`);
  console.log(`    top keywords: ${panel.keywords.slice(0, 8).map((k) => `${k.term} ${k.count}`).join("、")}; 电梯 → ${panel.selected?.total ?? 0} comments`);
  console.log(`    of which: tallies and comments page ${resultsOnly.toFixed(1)} ms, keyword panel ${panelOnly.toFixed(1)} ms (medians on their own)`);
  console.log(`    keyword comments, page 40: median ${flaggedPage.toFixed(1)} ms`);
  console.log(`  load average (1 min) at the end: ${os.loadavg()[0].toFixed(2)}; ${os.cpus().length} cores`);
  printJob(`first analysis of ${first.comments.toLocaleString()} comments (no index yet)`, first);
  printJob(`re-analysis of ${again.comments.toLocaleString()} comments after a lexicon change (target < 60 s)`, again);
  console.log(`  cross-tab of one survey (${CROSSTAB_ANSWERS.toLocaleString()} answer sets read and counted): median ${crossTabMs.toFixed(1)} ms`);
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
