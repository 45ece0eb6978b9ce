// The keyword engine's own speed (ADR 0011): segment and count N synthetic comments into kept
// totals for 300 surveys and the city, then rank one scope from its totals. No database.
// `npx tsx scripts/bench-comment-engine.ts [100000 300000] [--intl]`
import fs from "node:fs";
import { createSegmenter } from "../app/lib/segmenter.server";
import { compileLexicon, DEFAULT_COMMENT_LEXICON } from "../workflows/comments/dictionary";
import { applyKeywordDelta, emptyTotals, rankKeywords, tallyComment, termsOfComment, type KeywordTotals, type Segment } from "../workflows/comments/keywords";

const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const withIntl = args.includes("--intl");
const SURVEYS = 300;

const sample = fs.readFileSync("tests/fixtures/resident-comments.txt", "utf8").split("\n").filter((l) => l.trim());
const clauses = sample.flatMap((c) => c.split(/[，,。！？!?；;]/)).filter((c) => c.trim().length > 1);

/** Deterministic comments of 1–4 clauses from the sample, with numbers varied: 4–80 characters. */
function* syntheticComments(count: number): Generator<string> {
  let seed = 20261205;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
    const parts = 1 + Math.floor(next() * 4);
    const picked: string[] = [];
    for (let p = 0; p < parts; p++) picked.push(clauses[Math.floor(next() * clauses.length)].replace(/\d+/g, () => String(1 + Math.floor(next() * 30))));
    yield picked.join("，");
  }
}

function run(name: string, segment: Segment, count: number): void {
  const vocabulary = compileLexicon(DEFAULT_COMMENT_LEXICON);
  const surveys: KeywordTotals[] = Array.from({ length: SURVEYS }, emptyTotals);
  const city = emptyTotals();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let i = 0;
  let characters = 0;
  for (const text of syntheticComments(count)) {
    characters += text.length;
    const terms = termsOfComment(text, segment, vocabulary);
    tallyComment(surveys[i++ % SURVEYS], terms);
  }
  for (const survey of surveys) applyKeywordDelta(city, survey);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;

  const rankStarted = performance.now();
  const top = rankKeywords(surveys[0], city, vocabulary);
  const rankMs = performance.now() - rankStarted;
  const cityRankStarted = performance.now();
  rankKeywords(city, city, vocabulary);
  const cityRankMs = performance.now() - cityRankStarted;

  console.log(
    `${name}: ${count.toLocaleString("en")} comments (${(characters / count).toFixed(1)} characters each) in ${seconds.toFixed(1)} s wall, ` +
      `${cpuSeconds.toFixed(1)} s CPU → ${Math.round(count / seconds).toLocaleString("en")}/s wall, ${Math.round(count / cpuSeconds).toLocaleString("en")}/s CPU; ` +
      `kept totals ${city.terms.size.toLocaleString("en")} city terms, heap +${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MB, ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ranking a survey from its totals ${rankMs.toFixed(2)} ms ` +
      `(the city ${cityRankMs.toFixed(1)} ms), top: ${top.slice(0, 5).map((k) => `${k.term} ${k.count}`).join("、")}`,
  );
}

const vocabulary = compileLexicon(DEFAULT_COMMENT_LEXICON);
const jieba = createSegmenter(vocabulary);
const intl = new Intl.Segmenter("zh", { granularity: "word" });
for (const count of sizes.length ? sizes : [100_000, 300_000]) {
  run("jieba + lexicon", jieba, count);
  if (withIntl) run("Intl.Segmenter", (text) => Array.from(intl.segment(text), (s) => s.segment), count);
}
