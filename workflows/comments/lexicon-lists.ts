// The comment lexicon as [默认值] lists (issue 18): its terms (each with its domain, or
// "other") and its stop words, editable by the 市级管理员 one word at a time through the list
// mechanism (workflows/setting-lists.ts). The spellings (variants) and single characters stay
// as in the default. Pure.
import { DOMAINS, DOMAIN_LABELS, type Domain } from "../glossary";
import { listInForce, type ListChange, type ListItem } from "../setting-lists";
import { CommentLexiconSchema, DEFAULT_COMMENT_LEXICON, type CommentLexicon } from "./dictionary";

export const COMMENT_LEXICON_MODULE = "comment-lexicon";
export const LEXICON_LISTS = ["terms", "stopWords"] as const;
export type LexiconList = (typeof LEXICON_LISTS)[number];
export const LEXICON_LIST_LABELS: Record<LexiconList, string> = { terms: "领域词典", stopWords: "停用词" };

export type TermGroup = Domain | "other";
export const TERM_GROUPS: readonly TermGroup[] = [...DOMAINS, "other"];
export function termGroupLabel(group: string | null): string {
  return group === "other" || group === null ? "七大领域以外" : (DOMAIN_LABELS[group as Domain] ?? group);
}

/** The default lexicon's lists as list items. */
export function defaultLexiconLists(lexicon: CommentLexicon = DEFAULT_COMMENT_LEXICON): Record<LexiconList, ListItem[]> {
  return {
    terms: Object.entries(lexicon.terms).flatMap(([group, terms]) => terms.map((item) => ({ item, value: group }))),
    stopWords: lexicon.stopWords.map((item) => ({ item, value: null })),
  };
}

/**
 * The lexicon with the 市级管理员's changes: a spelling whose term was removed (or that became a
 * term itself) is dropped with it. Refused (a message) when the result breaks a rule of the
 * lexicon, e.g. a word that is both a term and a stop word.
 */
export function lexiconWithChanges(changes: readonly ListChange[], base: CommentLexicon = DEFAULT_COMMENT_LEXICON): { ok: true; lexicon: CommentLexicon } | { ok: false; message: string } {
  if (changes.length === 0) return { ok: true, lexicon: base };
  const defaults = defaultLexiconLists(base);
  const terms = Object.fromEntries(TERM_GROUPS.map((g) => [g, [] as string[]])) as Record<TermGroup, string[]>;
  for (const { item, value } of listInForce(defaults.terms, changes, "terms")) {
    if (value !== null && value in terms) terms[value as TermGroup].push(item);
  }
  const termSet = new Set(Object.values(terms).flat());
  const variants = Object.fromEntries(Object.entries(base.variants).filter(([variant, term]) => termSet.has(term) && !termSet.has(variant)));
  const parsed = CommentLexiconSchema.safeParse({
    ...base,
    default: false,
    terms,
    variants,
    stopWords: listInForce(defaults.stopWords, changes, "stopWords").map((s) => s.item),
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "词典有误" };
  return { ok: true, lexicon: parsed.data };
}
