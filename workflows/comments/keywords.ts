// Comment keywords (issue 18, ADR 0011). A comment becomes the set of its terms; a scope (a
// survey, or a street's surveys added up) keeps how many comments hold each term, and the city
// keeps the same totals as document frequencies. Both are sums, so they are kept up to date at
// submission like the tallies and never rebuilt from raw answers on a page load. Ranking is
// TF-IDF over those totals. Pure: the segmenter is passed in.
import type { Domain } from "../glossary";
import { normalizeText, type Vocabulary } from "./dictionary";

/** Splits a text into words (jieba on the server, ADR 0011); the caller normalises nothing. */
export type Segment = (text: string) => readonly string[];

const HAS_WORD_CHARACTER = /[\p{Script=Han}\p{L}]/u;

/** The keyword a token counts as, or null for stop words, 1-char tokens, numbers, punctuation. */
export function keywordOfToken(token: string, vocabulary: Vocabulary): string | null {
  // Residents reuse a few thousand words: a re-analysis meets each token hundreds of times.
  let known = tokenMemo.get(vocabulary);
  if (!known || known.size > TOKEN_MEMO_LIMIT) tokenMemo.set(vocabulary, (known = new Map()));
  let keyword = known.get(token);
  if (keyword === undefined) known.set(token, (keyword = keywordOfNewToken(token, vocabulary)));
  return keyword;
}

const TOKEN_MEMO_LIMIT = 50_000;
const tokenMemo = new WeakMap<Vocabulary, Map<string, string | null>>();

function keywordOfNewToken(token: string, vocabulary: Vocabulary): string | null {
  const word = normalizeText(token).trim();
  const term = vocabulary.canonical.get(word) ?? word;
  if (vocabulary.stopWords.has(term) || !HAS_WORD_CHARACTER.test(term)) return null;
  if (term.length <= 2 && [...term].length === 1) {
    return vocabulary.singleChar.has(term) ? term : null;
  }
  return term;
}

/** The distinct keywords of one comment: a comment counts once per term, however often it repeats it. */
export function termsOfComment(text: string, segment: Segment, vocabulary: Vocabulary): Set<string> {
  const terms = new Set<string>();
  const normalized = normalizeText(text);
  if (!normalized.trim()) return terms;
  for (const token of segment(normalized)) {
    const term = keywordOfToken(token, vocabulary);
    if (term) terms.add(term);
  }
  return terms;
}

/** A chunk of comments re-analysed: its totals, and the index rows to add and take out, each term's ids together. */
export interface IndexChanges {
  /** Comments in the chunk, with or without terms (each counts towards the scope's total). */
  comments: number;
  /** Comments of the chunk holding each term under the lexicon applied. */
  terms: Map<string, number>;
  added: Map<string, string[]>;
  removed: Map<string, string[]>;
}

/**
 * What a re-analysis changes in the index for a chunk of comments: a lexicon change moves a few
 * words, so most (term, comment) rows stay and are neither deleted nor written again. Terms come
 * in order, so each term's rows land side by side in the (survey, term, comment) key.
 */
export function indexChanges(
  comments: readonly { id: string; text: string }[],
  termsOf: (text: string) => ReadonlySet<string>,
  indexed: readonly { term: string; id: string }[],
): IndexChanges {
  const before = new Map<string, Set<string>>();
  for (const { term, id } of indexed) {
    const held = before.get(id);
    if (held) held.add(term);
    else before.set(id, new Set([term]));
  }
  const terms = new Map<string, number>();
  const added = new Map<string, string[]>();
  const removed = new Map<string, string[]>();
  for (const comment of comments) {
    const now = termsOf(comment.text);
    const was = before.get(comment.id);
    for (const term of now) {
      terms.set(term, (terms.get(term) ?? 0) + 1);
      if (!was?.has(term)) addTo(added, term, comment.id);
    }
    for (const term of was ?? []) if (!now.has(term)) addTo(removed, term, comment.id);
  }
  return { comments: comments.length, terms, added: inTermOrder(added), removed: inTermOrder(removed) };
}

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function inTermOrder<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Kept totals of a scope (or of the whole city): comments, and comments holding each term. */
export interface KeywordTotals {
  comments: number;
  terms: Map<string, number>;
}

export function emptyTotals(): KeywordTotals {
  return { comments: 0, terms: new Map() };
}

/**
 * Adds one comment's terms to the totals (sign +1), or takes them out again (−1, when an
 * answer is withdrawn). Mutates `totals`: re-analysing 300,000 comments cannot copy maps.
 */
export function tallyComment(totals: KeywordTotals, terms: ReadonlySet<string>, sign: 1 | -1 = 1): void {
  totals.comments += sign;
  for (const term of terms) addCount(totals.terms, term, sign);
}

/**
 * What a batch of comments adds to the totals, added up per term before anything is written
 * (one upsert per term and scope, as the survey tallies do, ADR 0005).
 */
export function keywordDelta(termSets: Iterable<ReadonlySet<string>>, sign: 1 | -1 = 1): KeywordTotals {
  const delta = emptyTotals();
  for (const terms of termSets) tallyComment(delta, terms, sign);
  return delta;
}

/** Adds a delta (or another scope's totals) into `totals`; terms whose count reaches 0 are removed. */
export function applyKeywordDelta(totals: KeywordTotals, delta: KeywordTotals): void {
  totals.comments += delta.comments;
  for (const [term, count] of delta.terms) addCount(totals.terms, term, count);
}

/** Totals counted from scratch: what the kept totals must always equal. */
export function countKeywords(termSets: Iterable<ReadonlySet<string>>): KeywordTotals {
  return keywordDelta(termSets, 1);
}

function addCount(counts: Map<string, number>, term: string, by: number): void {
  const next = (counts.get(term) ?? 0) + by;
  if (next === 0) counts.delete(term);
  else counts.set(term, next);
}

export interface RankedKeyword {
  term: string;
  /** Comments in the scope that hold the term. */
  count: number;
  domain: Domain | null;
  score: number;
}

export interface RankOptions {
  limit?: number;
  minCount?: number;
}

/**
 * Keywords of a scope, best first. The score is the scope's TF-IDF summed over its comments:
 * count × idf, with the smoothed idf ln((1 + N) / (1 + df)) + 1 over the city's comments. The
 * idf stays ≥ 1, so how many residents said a thing decides first, and a word that every
 * comment in the city carries ("反映" and the like, left off the stop list) sinks below a concern
 * of this place. Terms the vocabulary now treats as stop words never rank, even in totals
 * kept under an older lexicon.
 */
export function rankKeywords(
  scope: KeywordTotals,
  city: KeywordTotals,
  vocabulary: Vocabulary,
  { limit = 30, minCount = 1 }: RankOptions = {},
): RankedKeyword[] {
  const documents = Math.max(city.comments, scope.comments);
  const ranked: RankedKeyword[] = [];
  for (const [term, count] of scope.terms) {
    if (count < minCount || keywordOfToken(term, vocabulary) !== term) continue;
    const df = Math.max(city.terms.get(term) ?? 0, count);
    const idf = Math.log((1 + documents) / (1 + df)) + 1;
    ranked.push({ term, count, domain: vocabulary.domainOf.get(term) ?? null, score: count * idf });
  }
  ranked.sort((a, b) => b.score - a.score || b.count - a.count || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  return ranked.slice(0, limit);
}

/** Up to `perTerm` distinct comments behind each keyword, in the order given. */
export function keywordExamples(
  comments: readonly string[],
  termSets: readonly ReadonlySet<string>[],
  terms: readonly string[],
  perTerm = 3,
): Map<string, string[]> {
  const examples = new Map(terms.map((term) => [term, [] as string[]]));
  for (let i = 0; i < comments.length; i++) {
    for (const term of termSets[i]) {
      const list = examples.get(term);
      const text = comments[i].trim();
      if (list && list.length < perTerm && !list.includes(text)) list.push(text);
    }
  }
  return examples;
}

export interface KeywordReportEntry {
  term: string;
  count: number;
  domain: Domain | null;
  examples: string[];
}

/**
 * Keywords of a set of comments taken on their own (the CLI, a re-analysis): the comments
 * are both the scope and the corpus the idf is taken over.
 */
export function keywordReport(
  comments: readonly string[],
  segment: Segment,
  vocabulary: Vocabulary,
  { limit = 30, examples = 3 }: { limit?: number; examples?: number } = {},
): KeywordReportEntry[] {
  const termSets = comments.map((text) => termsOfComment(text, segment, vocabulary));
  const totals = countKeywords(termSets);
  const ranked = rankKeywords(totals, totals, vocabulary, { limit });
  const behind = keywordExamples(comments, termSets, ranked.map((k) => k.term), examples);
  return ranked.map(({ term, count, domain }) => ({ term, count, domain, examples: behind.get(term) ?? [] }));
}
