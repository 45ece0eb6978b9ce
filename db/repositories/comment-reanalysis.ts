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
import type { IndexedComments } from "../../workflows/comments/keywords";
import { addCommentTotals } from "./comment-keywords";

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

/** The next comments of the survey in progress, and where the survey stands after them (null: done). */
export async function readReanalysisChunk(
  db: Kysely<Database>,
  at: SurveyInProgress,
  limit: number,
): Promise<{ comments: { id: string; text: string }[]; next: SurveyInProgress | null }> {
  const comments = await db
    .selectFrom("survey_text_answers")
    .select(["id", "text", "created_at"])
    .where("survey_id", "=", at.survey)
    .where((eb) => eb(eb.refTuple("created_at", "id"), ">", eb.tuple(at.afterAt, at.after)))
    .where("id", "<=", at.upTo)
    .orderBy("created_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  const last = comments[comments.length - 1];
  return { comments, next: comments.length < limit ? null : { ...at, afterAt: last.created_at, after: last.id } };
}

export interface ChunkResult {
  /** False when another instance moved the job first: nothing was written. */
  written: boolean;
  /** How long the chunk's write transaction held the database (ms). */
  writeMs: number;
}

/** What a chunk records on its job, in the chunk's own transaction. */
export interface JobStep {
  jobId: string;
  /** The cursor the chunk was planned from: another instance that moved it first wins (the chunk does nothing). */
  expected: string;
  /** The job's cursor after the chunk (JSON of the survey in progress, or null). */
  cursor: string | null;
  /** 1 when the chunk finishes its survey. */
  saved: number;
}

/**
 * Writes a chunk read by readReanalysisChunk and analysed outside the transaction (no
 * segmenting while the write lock is held): replaces its comments' index rows, adds their
 * totals and records the job's progress, in one transaction.
 */
export async function writeReanalysisChunk(db: Kysely<Database>, at: SurveyInProgress, next: SurveyInProgress | null, chunk: IndexedComments, job: JobStep): Promise<ChunkResult> {
  const started = performance.now();
  const sqlite = sqliteHandleOf(db);
  const written = sqlite
    ? await db.connection().execute(async () => sqliteWriter(sqlite)(at, next, chunk, job))
    : await db.transaction().execute(async (trx) => {
        await lockKey(trx, `batch-chunk:${job.jobId}`);
        const current = await trx.selectFrom("batch_jobs").select("cursor").where("id", "=", job.jobId).executeTakeFirst();
        if (current?.cursor !== job.expected) return false;
        await trx.deleteFrom("comment_terms").where("text_answer_id", "in", commentsOfChunk(trx, at, next)).execute();
        const rows = [...chunk.byTerm].flatMap(([term, ids]) => ids.map((id) => ({ survey_id: at.survey, term, text_answer_id: id })));
        for (let i = 0; i < rows.length; i += 1000) await trx.insertInto("comment_terms").values(rows.slice(i, i + 1000)).execute();
        await addCommentTotals(trx, at.survey, totalsOf(chunk), at.fingerprint);
        await trx
          .updateTable("batch_jobs")
          .set((eb) => ({ done: eb("done", "+", chunk.ids.length), saved: eb("saved", "+", job.saved), cursor: job.cursor, updated_at: nowIso() }))
          .where("id", "=", job.jobId)
          .execute();
        return true;
      });
  return { written, writeMs: performance.now() - started };
}

/** The ids of the comments between two cursors: the old index rows of a chunk go in one statement. */
function commentsOfChunk(db: Kysely<Database>, at: SurveyInProgress, next: SurveyInProgress | null) {
  return db
    .selectFrom("survey_text_answers")
    .select("id")
    .where("survey_id", "=", at.survey)
    .where((eb) => eb(eb.refTuple("created_at", "id"), ">", eb.tuple(at.afterAt, at.after)))
    .where((eb) => (next ? eb(eb.refTuple("created_at", "id"), "<=", eb.tuple(next.afterAt, next.after)) : eb.val(true)))
    .where("id", "<=", at.upTo);
}

function totalsOf(chunk: IndexedComments): { comments: number; terms: Map<string, number> } {
  return { comments: chunk.ids.length, terms: new Map([...chunk.byTerm].map(([term, ids]) => [term, ids.length])) };
}

const sqliteWriters = new WeakMap<BetterSqlite3.Database, ReturnType<typeof buildSqliteWriter>>();

function sqliteWriter(sqlite: BetterSqlite3.Database) {
  let writer = sqliteWriters.get(sqlite);
  if (!writer) sqliteWriters.set(sqlite, (writer = buildSqliteWriter(sqlite)));
  return writer;
}

/** Index rows per insert statement: fewer calls into SQLite per chunk. */
const ROWS_PER_INSERT = 100;

function buildSqliteWriter(sqlite: BetterSqlite3.Database) {
  const chunkRange = "survey_id = ? and (created_at, id) > (?, ?) and id <= ?";
  const unindex = sqlite.prepare(`delete from comment_terms where text_answer_id in (select id from survey_text_answers where ${chunkRange})`);
  const unindexUpTo = sqlite.prepare(`delete from comment_terms where text_answer_id in (select id from survey_text_answers where ${chunkRange} and (created_at, id) <= (?, ?))`);
  const insert = (rows: number) => sqlite.prepare(`insert into comment_terms (survey_id, term, text_answer_id) values ${Array(rows).fill("(?, ?, ?)").join(", ")}`);
  const indexOne = insert(1);
  const indexMany = insert(ROWS_PER_INSERT);
  const termTotal = sqlite.prepare(
    "insert into survey_comment_terms (survey_id, term, comments) values (?, ?, ?) on conflict (survey_id, term) do update set comments = comments + excluded.comments",
  );
  const commentTotal = sqlite.prepare(
    `insert into survey_comment_totals (survey_id, comments, lexicon_fingerprint) values (?, ?, ?)
     on conflict (survey_id) do update set comments = comments + excluded.comments`,
  );
  const cursorOf = sqlite.prepare<[string], { cursor: string | null }>("select cursor from batch_jobs where id = ?");
  const progress = sqlite.prepare("update batch_jobs set done = done + ?, saved = saved + ?, cursor = ?, updated_at = ? where id = ?");
  const run = sqlite.transaction((at: SurveyInProgress, next: SurveyInProgress | null, chunk: IndexedComments, job: JobStep): boolean => {
    if (cursorOf.get(job.jobId)?.cursor !== job.expected) return false;
    if (next) unindexUpTo.run(at.survey, at.afterAt, at.after, at.upTo, next.afterAt, next.after);
    else unindex.run(at.survey, at.afterAt, at.after, at.upTo);
    const params: string[] = [];
    for (const [term, ids] of chunk.byTerm) {
      for (const id of ids) {
        params.push(at.survey, term, id);
        if (params.length === ROWS_PER_INSERT * 3) indexMany.run(params.splice(0));
      }
    }
    for (let i = 0; i < params.length; i += 3) indexOne.run(params[i], params[i + 1], params[i + 2]);
    for (const [term, ids] of chunk.byTerm) termTotal.run(at.survey, term, ids.length);
    if (chunk.ids.length) commentTotal.run(at.survey, chunk.ids.length, at.fingerprint);
    progress.run(chunk.ids.length, job.saved, job.cursor, nowIso(), job.jobId);
    return true;
  });
  return (at: SurveyInProgress, next: SurveyInProgress | null, chunk: IndexedComments, job: JobStep) => run.immediate(at, next, chunk, job);
}

/** A running re-analysis given a new total (the lexicon changed again) or a new cursor (a survey begun). */
export async function updateReanalysisJob(db: Kysely<Database>, jobId: string, set: { total?: number; cursor?: string | null }): Promise<void> {
  await db
    .updateTable("batch_jobs")
    .set({ ...set, updated_at: nowIso() })
    .where("id", "=", jobId)
    .execute();
}
