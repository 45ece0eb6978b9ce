// The measurement behind ADR 0011: jieba and Intl.Segmenter on our sample of residents'
// comments, with and without the lexicon. `npx tsx scripts/compare-segmenters.ts [file]`.
import fs from "node:fs";
import { createSegmenter } from "../app/lib/segmenter.server";
import { compileLexicon, DEFAULT_COMMENT_LEXICON, normalizeText, userDictionaryWords } from "../workflows/comments/dictionary";
import { termsOfComment, type Segment } from "../workflows/comments/keywords";

const file = process.argv[2] ?? "tests/fixtures/resident-comments.txt";
const comments = fs.readFileSync(file, "utf8").split("\n").map(normalizeText).filter((line) => line.trim());
const vocabulary = compileLexicon(DEFAULT_COMMENT_LEXICON);
const lexiconWords = userDictionaryWords(vocabulary);
const lexiconSet = new Set(lexiconWords);

const intl = new Intl.Segmenter("zh", { granularity: "word" });
const intlSegment: Segment = (text) => Array.from(intl.segment(text), (s) => s.segment);

/** Intl.Segmenter with the lexicon in front: longest lexicon word first, Intl for the gaps. */
function intlWithLexicon(): Segment {
  const longest = Math.max(...lexiconWords.map((w) => w.length));
  return (text) => {
    const out: string[] = [];
    let gapStart = 0;
    let i = 0;
    while (i < text.length) {
      let match = 0;
      for (let len = Math.min(longest, text.length - i); len >= 2; len--) {
        if (lexiconSet.has(text.slice(i, i + len))) {
          match = len;
          break;
        }
      }
      if (!match) {
        i++;
        continue;
      }
      if (gapStart < i) out.push(...intlSegment(text.slice(gapStart, i)));
      out.push(text.slice(i, i + match));
      i += match;
      gapStart = i;
    }
    if (gapStart < text.length) out.push(...intlSegment(text.slice(gapStart)));
    return out;
  };
}

/** Occurrences of lexicon words in the text that end up inside one lexicon token. */
function keptWhole(segment: Segment): { occurrences: number; kept: number } {
  let occurrences = 0;
  let kept = 0;
  for (const text of comments) {
    const tokens = segment(text);
    const spans: [number, number, string][] = [];
    let at = 0;
    for (const t of tokens) {
      spans.push([at, at + t.length, t]);
      at += t.length;
    }
    for (const word of lexiconWords) {
      for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
        occurrences++;
        if (spans.some(([s, e, t]) => s <= i && i + word.length <= e && lexiconSet.has(t))) kept++;
      }
    }
  }
  return { occurrences, kept };
}

/** Sentences where a lexicon word could swallow a neighbour's character; the words a correct cut has. */
const TRAPS: [string, string[]][] = [
  ["停车位置不好找", ["停车", "位置"]],
  ["我家政府补贴了一部分", ["我家", "政府"]],
  ["外卖不要送餐具", ["餐具"]],
  ["希望建游泳池", ["游泳池"]],
  ["绿化带里全是垃圾", ["绿化带"]],
  ["老人家政策不懂", ["老人家", "政策"]],
  ["感谢帮助餐厅的阿姨", ["帮助", "餐厅"]],
];

function trapsAvoided(segment: Segment): number {
  return TRAPS.filter(([text, words]) => {
    const tokens = segment(text);
    return words.every((w) => tokens.includes(w));
  }).length;
}

/** Comments per CPU-second (the machine is shared: wall time says more about the neighbours). */
function speed(segment: Segment, total = 50_000): number {
  for (let i = 0; i < 2_000; i++) termsOfComment(comments[i % comments.length], segment, vocabulary);
  const before = process.cpuUsage();
  for (let i = 0; i < total; i++) termsOfComment(comments[i % comments.length], segment, vocabulary);
  const cpu = process.cpuUsage(before);
  return total / ((cpu.user + cpu.system) / 1e6);
}

const candidates: [string, () => Segment][] = [
  ["jieba, own dictionary only (HMM on)", () => createSegmenter(null, { hmm: true })],
  ["jieba + lexicon (HMM off)", () => createSegmenter(vocabulary)],
  ["jieba + lexicon (HMM on)", () => createSegmenter(vocabulary, { hmm: true })],
  ["Intl.Segmenter zh", () => intlSegment],
  ["Intl.Segmenter zh + lexicon first", intlWithLexicon],
];

const built = candidates.map(([name, make]) => {
  const started = performance.now();
  const segment = make();
  return { name, segment, buildMs: performance.now() - started };
});
console.log(`${comments.length} comments, ${lexiconWords.length} lexicon words\n`);
for (const { name, segment, buildMs } of built) {
  const { occurrences, kept } = keptWhole(segment);
  const distinct = new Set(comments.flatMap((c) => [...termsOfComment(c, segment, vocabulary)]));
  const outside = [...distinct].filter((t) => !lexiconSet.has(t)).length;
  console.log(
    `${name.padEnd(36)} kept whole ${kept}/${occurrences} = ${(kept / occurrences).toFixed(3)}  ` +
      `traps avoided ${trapsAvoided(segment)}/${TRAPS.length}  keywords ${distinct.size} (${outside} outside the lexicon)  ${Math.round(speed(segment)).toLocaleString("en")} comments/CPU-s  build ${buildMs.toFixed(0)} ms`,
  );
}

const showcase = [3, 10, 18, 22, 28, 33, 36, 58, 80, 127].map((i) => comments[i]).filter(Boolean);
console.log("\nSide by side (jieba + lexicon | Intl.Segmenter | Intl + lexicon):");
const [, jieba, , bare, intlLex] = built.map((b) => b.segment);
for (const text of [...showcase, ...TRAPS.slice(0, 5).map(([t]) => t)]) {
  console.log(`  ${jieba(text).join("/")}\n  ${bare(text).join("/")}\n  ${intlLex(text).join("/")}\n`);
}
