// The comment lexicon (issue 18, ADR 0011): the domain's terms, each in one of the seven
// domains or in none, spellings that count as one term, stop words, and the few single
// characters that mean something on their own. The default is data (default-lexicon.json,
// shown as 默认值); the 市级管理员 edits a copy, validated by the same schema. Pure.
import { z } from "zod";
import { DOMAINS, type Domain } from "../glossary";
import defaultLexiconJson from "./default-lexicon.json";

/** Full-width letters and digits to half-width, Latin to lower case: one spelling per word. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** One word of the lexicon as the 市级管理员 types it: trimmed, no spaces, NFKC and lower case. */
export const LexiconWordSchema = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^\S+$/u, "词语不能含空格 / a word has no spaces")
  .transform(normalizeText);

const word = LexiconWordSchema;
const domainTerms = z.array(word).default([]);

export const CommentLexiconSchema = z
  .strictObject({
    id: z.string().trim().min(1).max(80),
    /** true: our default (默认值), not yet edited by the 市级管理员. */
    default: z.boolean(),
    note: z.string().optional(),
    terms: z.strictObject({
      ...(Object.fromEntries(DOMAINS.map((d) => [d, domainTerms])) as Record<Domain, typeof domainTerms>),
      /** Real concerns outside the seven domains (停车位, 加装电梯 …). */
      other: domainTerms,
    }),
    /** Another spelling, a synonym or a common typo → the term it counts as. */
    variants: z.record(word, word).default({}),
    stopWords: z.array(word),
    singleCharKeywords: z.array(word.refine((w) => [...w].length === 1, "只能是单个字 / one character only")).default([]),
  })
  .superRefine((lexicon, ctx) => {
    const seen = new Map<string, string>();
    for (const [group, list] of Object.entries(lexicon.terms)) {
      for (const term of list) {
        const earlier = seen.get(term);
        if (earlier) ctx.addIssue({ code: "custom", path: ["terms", group], message: `“${term}”已列在 ${earlier} / listed twice` });
        seen.set(term, group);
      }
    }
    const stop = new Set(lexicon.stopWords);
    for (const term of seen.keys()) {
      if (stop.has(term)) ctx.addIssue({ code: "custom", path: ["stopWords"], message: `“${term}”既是领域词又是停用词 / both a term and a stop word` });
    }
    for (const [variant, term] of Object.entries(lexicon.variants)) {
      if (!seen.has(term)) ctx.addIssue({ code: "custom", path: ["variants", variant], message: `“${variant}”指向的“${term}”不在词典中 / points to an unlisted term` });
      if (seen.has(variant)) ctx.addIssue({ code: "custom", path: ["variants", variant], message: `“${variant}”本身是领域词 / is itself a term` });
    }
  });
export type CommentLexicon = z.infer<typeof CommentLexiconSchema>;
export type CommentLexiconInput = z.input<typeof CommentLexiconSchema>;

export const DEFAULT_COMMENT_LEXICON: CommentLexicon = CommentLexiconSchema.parse(defaultLexiconJson);

/** A lexicon compiled for lookups. Build once per lexicon (compileLexicon) and reuse. */
export interface Vocabulary {
  lexiconId: string;
  /** Changes whenever anything that decides a comment's terms changes: kept totals carry it. */
  fingerprint: string;
  domainOf: ReadonlyMap<string, Domain | null>;
  canonical: ReadonlyMap<string, string>;
  stopWords: ReadonlySet<string>;
  singleChar: ReadonlySet<string>;
}

export function compileLexicon(lexicon: CommentLexicon): Vocabulary {
  const domainOf = new Map<string, Domain | null>();
  for (const [group, list] of Object.entries(lexicon.terms)) {
    for (const term of list) domainOf.set(term, group === "other" ? null : (group as Domain));
  }
  const canonical = new Map(Object.entries(lexicon.variants));
  const stopWords = new Set(lexicon.stopWords);
  const singleChar = new Set(lexicon.singleCharKeywords);
  // Domains are left out: moving a term to another domain changes no comment's terms, so the
  // kept totals stay valid and only the ranking's labels change.
  const fingerprint = fnv1a(
    JSON.stringify([[...domainOf.keys()].sort(), [...canonical].sort(), [...stopWords].sort(), [...singleChar].sort()]),
  );
  return { lexiconId: lexicon.id, fingerprint, domainOf, canonical, stopWords, singleChar };
}

/** The words a segmenter must keep whole: every term and every variant spelling. */
export function userDictionaryWords(vocabulary: Vocabulary): string[] {
  return [...vocabulary.domainOf.keys(), ...vocabulary.canonical.keys()];
}

/** The spellings of a term as residents write them (for highlighting a keyword in a comment). */
export function spellingsOf(term: string, vocabulary: Vocabulary): string[] {
  const spellings = [term];
  for (const [variant, target] of vocabulary.canonical) if (target === term) spellings.push(variant);
  return spellings;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
