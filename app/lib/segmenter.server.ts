// Chinese word segmentation for residents' comments: jieba (jieba-rs through @node-rs/jieba,
// a prebuilt N-API binary) with the comment lexicon as its user dictionary. ADR 0011 says why
// jieba and not Intl.Segmenter, and how the frequency below was chosen.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { userDictionaryWords, type Vocabulary } from "../../workflows/comments/dictionary";
import type { Segment } from "../../workflows/comments/keywords";

/**
 * Frequency given to a lexicon word jieba would otherwise cut apart. On our sample every value
 * from 30 to 100 keeps the terms whole; from 200 on, a term starts to swallow its neighbour's
 * character (停车位置 → 停车位/置, 活动室内 → 活动室/内), so we sit low in that window.
 */
const USER_WORD_FREQUENCY = 50;

/**
 * A segmenter that keeps the vocabulary's terms whole. Words jieba's own dictionary already
 * keeps whole keep their frequency (lowering 电梯 or 物业 to ours would change how the text
 * around them is cut). Building one costs ≈ 0.4 s (jieba's 5 MB dictionary): reuse it.
 * `hmm` guesses words that are in no dictionary; off by default (ADR 0011).
 */
export function createSegmenter(vocabulary: Vocabulary | null, { hmm = false }: { hmm?: boolean } = {}): Segment {
  const jieba = Jieba.withDict(dict);
  if (vocabulary) {
    const missing = userDictionaryWords(vocabulary).filter((word) => jieba.cut(word, false).length > 1);
    if (missing.length) jieba.loadDict(Buffer.from(missing.map((word) => `${word} ${USER_WORD_FREQUENCY}`).join("\n")));
  }
  return (text) => jieba.cut(text, hmm);
}

let current: { fingerprint: string; segment: Segment } | null = null;

/** The segmenter for the lexicon in force; rebuilt only when the lexicon changes. */
export function segmenterFor(vocabulary: Vocabulary): Segment {
  if (current?.fingerprint !== vocabulary.fingerprint) {
    current = { fingerprint: vocabulary.fingerprint, segment: createSegmenter(vocabulary) };
  }
  return current.segment;
}
