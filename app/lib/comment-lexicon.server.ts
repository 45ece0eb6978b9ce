// The comment lexicon in force (the default 默认值 with the 市级管理员's changes to its lists) and
// its segmenter, cached per process. Another instance may change the lexicon, so the cache is
// checked against the stored rows now and then, not on every submission (the hot path).
import type { Kysely } from "kysely";
import { listItemChanges } from "../../db/repositories/setting-lists";
import type { Database } from "../../db/schema";
import { compileLexicon, DEFAULT_COMMENT_LEXICON, type CommentLexicon, type Vocabulary } from "../../workflows/comments/dictionary";
import { termsOfComment, type Segment } from "../../workflows/comments/keywords";
import { COMMENT_LEXICON_MODULE, lexiconWithChanges } from "../../workflows/comments/lexicon-lists";
import { segmenterFor } from "./segmenter.server";

const RECHECK_MS = 10_000;

export interface LexiconInForce {
  lexicon: CommentLexicon;
  vocabulary: Vocabulary;
  /** False while the default is in force. */
  edited: boolean;
}

const DEFAULT_IN_FORCE: LexiconInForce = { lexicon: DEFAULT_COMMENT_LEXICON, vocabulary: compileLexicon(DEFAULT_COMMENT_LEXICON), edited: false };

const cache = new WeakMap<Kysely<Database>, { at: number; value: Promise<LexiconInForce> }>();

/** The last lexicon built, by the changes it was built from: a re-analysis re-reads the changes every step. */
let lastBuilt: { changes: string; value: LexiconInForce } | null = null;

async function load(db: Kysely<Database>): Promise<LexiconInForce> {
  const changes = await listItemChanges(db, COMMENT_LEXICON_MODULE);
  if (changes.length === 0) return DEFAULT_IN_FORCE;
  const key = JSON.stringify(changes.map((c) => [c.list, c.item, c.action, c.value]));
  if (lastBuilt?.changes === key) return lastBuilt.value;
  const built = lexiconWithChanges(changes);
  // Stored changes this version cannot use fall back to the default, like the settings do.
  if (!built.ok) return DEFAULT_IN_FORCE;
  lastBuilt = { changes: key, value: { lexicon: built.lexicon, vocabulary: compileLexicon(built.lexicon), edited: true } };
  return lastBuilt.value;
}

export function lexiconInForce(db: Kysely<Database>, { fresh = false }: { fresh?: boolean } = {}): Promise<LexiconInForce> {
  const now = performance.now();
  const cached = cache.get(db);
  if (cached && !fresh && now - cached.at < RECHECK_MS) return cached.value;
  const value = load(db).catch((error: unknown) => {
    cache.delete(db);
    throw error;
  });
  cache.set(db, { at: now, value });
  return value;
}

/** The keywords of each text of one answer set, segmented before the store's transaction (ADR 0011). */
export function termsOfTexts(texts: readonly { text: string }[], vocabulary: Vocabulary, segment?: Segment): string[][] {
  if (texts.length === 0) return [];
  const cut = segment ?? segmenterFor(vocabulary);
  return texts.map((t) => [...termsOfComment(t.text, cut, vocabulary)]);
}
