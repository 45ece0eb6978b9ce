// What residents said (issue 18): the keywords of one survey, or of a street's or district's
// surveys, ranked by TF-IDF over the kept totals (ADR 0011), and the comments behind one
// keyword. Read model only: reads term rows and the term → comment index, never all texts.
import type { Kysely } from "kysely";
import { surveyIdsOfCycle, readCityCommentTotals, readCommentsWithTerms, readCommentTotals, readCommentTotalsOfPlace, type CommentTotals } from "../../db/repositories/comment-keywords";
import type { Database } from "../../db/schema";
import { spellingsOf, type Vocabulary } from "../../workflows/comments/dictionary";
import { highlightParts, type TextPart } from "../../workflows/comments/highlight";
import { keywordOfToken, rankKeywords, type KeywordTotals } from "../../workflows/comments/keywords";
import { DOMAIN_LABELS, type Domain } from "../../workflows/glossary";
import { lexiconInForce } from "./comment-lexicon.server";

export const KEYWORD_COMMENTS_PER_PAGE = 20;
/** The city's document frequencies change slowly; a minute-old copy ranks the same. */
const CITY_TOTALS_TTL_MS = 60_000;

export interface KeywordView {
  term: string;
  count: number;
  domain: Domain | null;
  domainLabel: string | null;
}

export interface KeywordCommentView {
  id: string;
  questionTitle: string;
  createdAt: string;
  flagged: boolean;
  verified: boolean;
  parts: TextPart[];
}

export interface SelectedKeyword {
  term: string;
  /** Longer keywords holding the term (加装电梯 for 电梯): their comments are listed too. */
  related: string[];
  total: number;
  page: number;
  pageCount: number;
  rows: KeywordCommentView[];
}

export interface KeywordPanel {
  comments: number;
  keywords: KeywordView[];
  selected: SelectedKeyword | null;
}

const cityCache = new WeakMap<Kysely<Database>, { at: number; value: Promise<CommentTotals> }>();

function cityTotals(db: Kysely<Database>): Promise<CommentTotals> {
  const cached = cityCache.get(db);
  if (cached && performance.now() - cached.at < CITY_TOTALS_TTL_MS) return cached.value;
  const value = readCityCommentTotals(db).catch((error: unknown) => {
    cityCache.delete(db);
    throw error;
  });
  cityCache.set(db, { at: performance.now(), value });
  return value;
}

function asTotals(totals: CommentTotals): KeywordTotals {
  return { comments: totals.comments, terms: new Map(totals.terms.map((t) => [t.term, t.comments])) };
}

function keywordViews(scope: CommentTotals, city: CommentTotals, vocabulary: Vocabulary, limit: number): KeywordView[] {
  return rankKeywords(asTotals(scope), asTotals(city), vocabulary, { limit }).map((k) => ({
    term: k.term,
    count: k.count,
    domain: k.domain,
    domainLabel: k.domain ? DOMAIN_LABELS[k.domain] : null,
  }));
}

export interface PlaceKeywords {
  comments: number;
  keywords: KeywordView[];
}

/** Keywords of some surveys (one community's rounds, the evaluation's evidence), best first. */
export async function keywordsOfSurveys(db: Kysely<Database>, surveyIds: readonly string[], limit = 20): Promise<PlaceKeywords> {
  const [scope, city, { vocabulary }] = await Promise.all([readCommentTotals(db, surveyIds), cityTotals(db), lexiconInForce(db)]);
  return { comments: scope.comments, keywords: keywordViews(scope, city, vocabulary, limit) };
}

/** Keywords of a street's or district's comments (all rounds) for its dashboard. */
export async function keywordsOfPlace(db: Kysely<Database>, place: { level: "street" | "district"; code: string }, limit = 20): Promise<PlaceKeywords> {
  const [scope, city, { vocabulary }] = await Promise.all([readCommentTotalsOfPlace(db, place), cityTotals(db), lexiconInForce(db)]);
  return { comments: scope.comments, keywords: keywordViews(scope, city, vocabulary, limit) };
}

/**
 * The results page's panel: the survey's keywords and, when one is chosen, the comments
 * behind it — flagged first — with the keyword (and its spellings) marked. A keyword also
 * brings the comments of the longer keywords holding it: residents who wrote 加装电梯 speak
 * about the 电梯 too, and a worker who clicks 电梯 expects to read them.
 */
export async function keywordPanel(
  db: Kysely<Database>,
  surveyId: string,
  titles: ReadonlyMap<string, string>,
  chosen: { term: string | null; page: number },
): Promise<KeywordPanel> {
  const [scope, city, { vocabulary }] = await Promise.all([readCommentTotals(db, [surveyId]), cityTotals(db), lexiconInForce(db)]);
  const keywords = keywordViews(scope, city, vocabulary, 30);
  const term = chosen.term ? keywordOfToken(chosen.term, vocabulary) : null;
  if (!term || !scope.terms.some((t) => t.term === term)) return { comments: scope.comments, keywords, selected: null };
  const related = scope.terms.map((t) => t.term).filter((t) => t !== term && t.includes(term) && keywordOfToken(t, vocabulary) === t);
  const requested = Math.max(1, Math.floor(chosen.page) || 1);
  // One keyword's count is kept; with longer keywords holding it, a comment may hold several.
  const kept = related.length ? undefined : scope.terms.find((t) => t.term === term)?.comments;
  const read = (page: number) =>
    readCommentsWithTerms(db, surveyId, [term, ...related], { limit: KEYWORD_COMMENTS_PER_PAGE, offset: (page - 1) * KEYWORD_COMMENTS_PER_PAGE, total: kept });
  const first = await read(requested);
  const pageCount = Math.max(1, Math.ceil(first.total / KEYWORD_COMMENTS_PER_PAGE));
  const page = Math.min(requested, pageCount);
  const found = page === requested ? first : await read(page);
  const needles = [term, ...related].flatMap((t) => spellingsOf(t, vocabulary));
  return {
    comments: scope.comments,
    keywords,
    selected: {
      term,
      related,
      total: found.total,
      page,
      pageCount,
      rows: found.rows.map((r) => ({
        id: r.id,
        questionTitle: titles.get(r.question) ?? r.question,
        createdAt: r.createdAt,
        flagged: r.flagged,
        verified: r.verified,
        parts: highlightParts(r.text, needles),
      })),
    },
  };
}

/** Residents' keywords per domain for a round: the evidence a DEMAND_PRIORITY finding lists. */
export async function domainKeywordsOfCycle(db: Kysely<Database>, cycleId: string, perDomain = 5): Promise<Partial<Record<Domain, { term: string; count: number }[]>>> {
  const { keywords } = await keywordsOfSurveys(db, await surveyIdsOfCycle(db, cycleId), 200);
  const byDomain: Partial<Record<Domain, { term: string; count: number }[]>> = {};
  for (const k of keywords) {
    if (!k.domain) continue;
    const list = (byDomain[k.domain] ??= []);
    if (list.length < perDomain) list.push({ term: k.term, count: k.count });
  }
  return byDomain;
}
