// Re-analysing comments after a lexicon change (issue 18, ADR 0011): one survey at a time, a
// chunk of its comments per transaction, the job's progress written with the chunk so a
// restarted server resumes where the last commit left off. SQLite writes through prepared
// statements under Kysely's one connection (as the submission store does); PostgreSQL through
// multi-row statements.
import type BetterSqlite3 from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { sqliteHandleOf } from "../client";
import { lockKey } from "../dialect";
import { nowIso } from "../clock";
import type { Database } from "../schema";
import { emptyTotals, tallyComment } from "../../workflows/comments/keywords";
import { addCommentTotals } from "./comment-keywords";

/** The terms of one comment under the lexicon being applied. */
export type Analyse = (text: string) => ReadonlySet<string>;

/**
 * A survey being re-analysed, in (created_at, id) order — the order of its index, so a chunk
 * reads its rows without sorting the survey's comments: those after (`afterAt`, `after`), of
 * ids up to `upTo` (later ones were counted on arrival).
 */
export interface SurveyInProgress {
  survey: string;
  afterAt: string;
  after: string;
  upTo: string;
  fingerprint: string;
}

/** Comments not yet counted under `fingerprint`: the kept counts of stale surveys, and surveys with comments but no totals. */
export async function countStaleComments(db: Kysely<Database>, fingerprint: string): Promise<number> {
  const [kept, untallied] = await Promise.all([
    db
      .selectFrom("survey_comment_totals")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("comments"), sql<number>`0`).as("n"))
      .where("lexicon_fingerprint", "<>", fingerprint)
      .executeTakeFirst(),
    db
      .selectFrom("survey_text_answers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("survey_id", "in", (eb) =>
        eb
          .selectFrom("surveys as s")
          .select("s.id")
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom("survey_comment_totals as k").select("k.survey_id").whereRef("k.survey_id", "=", "s.id")))),
      )
      .executeTakeFirst(),
  ]);
  return Number(kept?.n ?? 0) + Number(untallied?.n ?? 0);
}

/** The first survey (by id) with comments whose totals are not kept under `fingerprint`. */
export async function nextStaleSurvey(db: Kysely<Database>, fingerprint: string): Promise<string | null> {
  const row = await db
    .selectFrom("surveys as s")
    .select("s.id")
    .where(({ exists, selectFrom }) => exists(selectFrom("survey_text_answers as t").select("t.id").whereRef("t.survey_id", "=", "s.id")))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("survey_comment_totals as k").select("k.survey_id").whereRef("k.survey_id", "=", "s.id").where("k.lexicon_fingerprint", "=", fingerprint))),
    )
    .orderBy("s.id")
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Starts a survey: its totals start again from zero under the new lexicon, and the last comment
 * stored so far is where the chunks stop — answers stored from now on are counted on arrival.
 * The index rows of older comments are replaced chunk by chunk.
 */
export async function beginSurvey(trx: Kysely<Database>, surveyId: string, fingerprint: string): Promise<SurveyInProgress | null> {
  const last = await trx.selectFrom("survey_text_answers").select((eb) => eb.fn.max("id").as("id")).where("survey_id", "=", surveyId).executeTakeFirst();
  await trx.deleteFrom("survey_comment_terms").where("survey_id", "=", surveyId).execute();
  await trx.deleteFrom("survey_comment_totals").where("survey_id", "=", surveyId).execute();
  await trx.insertInto("survey_comment_totals").values({ survey_id: surveyId, comments: 0, lexicon_fingerprint: fingerprint }).execute();
  return last?.id ? { survey: surveyId, afterAt: "", after: "", upTo: last.id, fingerprint } : null;
}

export interface ChunkResult {
  comments: number;
  /** The survey still in progress after this chunk, or null when it is done. */
  next: SurveyInProgress | null;
}

/** What a chunk records on its job, in the chunk's own transaction. */
export interface JobStep {
  jobId: string;
  /** The cursor the chunk was planned from: another instance that moved it first wins (the chunk does nothing). */
  expected: string;
  /** The job's cursor after the chunk (JSON of the survey in progress, or null). */
  cursor: (next: SurveyInProgress | null) => string | null;
}

/** Re-analyses the next `limit` comments of the survey in progress, and records the job's progress, in one transaction. */
export async function reanalyseChunk(db: Kysely<Database>, at: SurveyInProgress, limit: number, analyse: Analyse, job: JobStep): Promise<ChunkResult> {
  const sqlite = sqliteHandleOf(db);
  if (sqlite) return db.connection().execute(async () => sqliteChunk(sqlite)(at, limit, analyse, job));
  return db.transaction().execute(async (trx) => {
    await lockKey(trx, `batch-chunk:${job.jobId}`);
    const current = await trx.selectFrom("batch_jobs").select("cursor").where("id", "=", job.jobId).executeTakeFirst();
    if (current?.cursor !== job.expected) return { comments: 0, next: at };
    const page = await trx
      .selectFrom("survey_text_answers")
      .select(["id", "text", "created_at"])
      .where("survey_id", "=", at.survey)
      .where((eb) => eb(eb.refTuple("created_at", "id"), ">", eb.tuple(at.afterAt, at.after)))
      .where("id", "<=", at.upTo)
      .orderBy("created_at")
      .orderBy("id")
      .limit(limit)
      .execute();
    const totals = emptyTotals();
    const rows: { survey_id: string; term: string; text_answer_id: string }[] = [];
    for (const comment of page) {
      const terms = analyse(comment.text);
      tallyComment(totals, terms);
      for (const term of terms) rows.push({ survey_id: at.survey, term, text_answer_id: comment.id });
    }
    const ids = page.map((c) => c.id);
    for (let i = 0; i < ids.length; i += 1000) await trx.deleteFrom("comment_terms").where("text_answer_id", "in", ids.slice(i, i + 1000)).execute();
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto("comment_terms").values(rows.slice(i, i + 1000)).execute();
    await addCommentTotals(trx, at.survey, totals, at.fingerprint);
    const last = page[page.length - 1];
    const next = page.length < limit ? null : { ...at, afterAt: last.created_at, after: last.id };
    await trx
      .updateTable("batch_jobs")
      .set((eb) => ({ done: eb("done", "+", page.length), saved: eb("saved", "+", next ? 0 : 1), cursor: job.cursor(next), updated_at: nowIso() }))
      .where("id", "=", job.jobId)
      .execute();
    return { comments: page.length, next };
  });
}

const sqliteChunks = new WeakMap<BetterSqlite3.Database, ReturnType<typeof buildSqliteChunk>>();

function sqliteChunk(sqlite: BetterSqlite3.Database) {
  let chunk = sqliteChunks.get(sqlite);
  if (!chunk) sqliteChunks.set(sqlite, (chunk = buildSqliteChunk(sqlite)));
  return chunk;
}

function buildSqliteChunk(sqlite: BetterSqlite3.Database) {
  const read = sqlite.prepare<[string, string, string, string, number], { id: string; text: string; created_at: string }>(
    "select id, text, created_at from survey_text_answers where survey_id = ? and (created_at, id) > (?, ?) and id <= ? order by created_at, id limit ?",
  );
  const unindex = sqlite.prepare("delete from comment_terms where text_answer_id = ?");
  const index = sqlite.prepare("insert into comment_terms (survey_id, term, text_answer_id) values (?, ?, ?)");
  const termTotal = sqlite.prepare(
    "insert into survey_comment_terms (survey_id, term, comments) values (?, ?, ?) on conflict (survey_id, term) do update set comments = comments + excluded.comments",
  );
  const commentTotal = sqlite.prepare(
    `insert into survey_comment_totals (survey_id, comments, lexicon_fingerprint) values (?, ?, ?)
     on conflict (survey_id) do update set comments = comments + excluded.comments`,
  );
  const cursorOf = sqlite.prepare<[string], { cursor: string | null }>("select cursor from batch_jobs where id = ?");
  const progress = sqlite.prepare("update batch_jobs set done = done + ?, saved = saved + ?, cursor = ?, updated_at = ? where id = ?");
  const run = sqlite.transaction((at: SurveyInProgress, limit: number, analyse: Analyse, job: JobStep): ChunkResult => {
    if (cursorOf.get(job.jobId)?.cursor !== job.expected) return { comments: 0, next: at };
    const page = read.all(at.survey, at.afterAt, at.after, at.upTo, limit);
    const totals = emptyTotals();
    const rows: [string, string][] = [];
    for (const comment of page) {
      const terms = analyse(comment.text);
      tallyComment(totals, terms);
      unindex.run(comment.id);
      for (const term of terms) rows.push([term, comment.id]);
    }
    // In the primary key's order: each term's rows land side by side in the B-tree (fewer pages touched).
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
    for (const [term, id] of rows) index.run(at.survey, term, id);
    for (const [term, n] of totals.terms) termTotal.run(at.survey, term, n);
    if (totals.comments) commentTotal.run(at.survey, totals.comments, at.fingerprint);
    const last = page[page.length - 1];
    const next = page.length < limit ? null : { ...at, afterAt: last.created_at, after: last.id };
    progress.run(page.length, next ? 0 : 1, job.cursor(next), nowIso(), job.jobId);
    return { comments: page.length, next };
  });
  return (at: SurveyInProgress, limit: number, analyse: Analyse, job: JobStep) => run.immediate(at, limit, analyse, job);
}

/** A running re-analysis given a new total (the lexicon changed again) or a new cursor (a survey begun). */
export async function updateReanalysisJob(db: Kysely<Database>, jobId: string, set: { total?: number; cursor?: string | null }): Promise<void> {
  await db
    .updateTable("batch_jobs")
    .set({ ...set, updated_at: nowIso() })
    .where("id", "=", jobId)
    .execute();
}
