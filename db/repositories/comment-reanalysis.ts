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
import type { IndexChanges } from "../../workflows/comments/keywords";
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

export interface ChunkToAnalyse {
  comments: { id: string; text: string }[];
  /** Their index rows as kept so far (under the lexicon being replaced). */
  indexed: { term: string; id: string }[];
  /** Where the survey stands after this chunk (null: done). */
  next: SurveyInProgress | null;
}

/** The next comments of the survey in progress and their index rows, read outside the write transaction. */
export async function readReanalysisChunk(db: Kysely<Database>, at: SurveyInProgress, limit: number): Promise<ChunkToAnalyse> {
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
  const next = comments.length < limit ? null : { ...at, afterAt: last.created_at, after: last.id };
  const indexed = await db
    .selectFrom("comment_terms")
    .select(["term", "text_answer_id as id"])
    .where("text_answer_id", "in", (eb) =>
      eb
        .selectFrom("survey_text_answers")
        .select("id")
        .where("survey_id", "=", at.survey)
        .where((w) => w(w.refTuple("created_at", "id"), ">", w.tuple(at.afterAt, at.after)))
        .$if(next !== null, (q) => q.where((w) => w(w.refTuple("created_at", "id"), "<=", w.tuple(next!.afterAt, next!.after))))
        .where("id", "<=", at.upTo),
    )
    .execute();
  return { comments, indexed, next };
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
 * Writes a chunk analysed outside the transaction (no segmenting while the write lock is held):
 * the index rows that changed, the chunk's totals and the job's progress, in one transaction.
 * The comments' texts never change and only this job (guarded by its cursor) rewrites their
 * index rows, so what was read before the transaction still holds inside it.
 */
export async function writeReanalysisChunk(db: Kysely<Database>, surveyId: string, fingerprint: string, changes: IndexChanges, job: JobStep): Promise<ChunkResult> {
  const started = performance.now();
  const sqlite = sqliteHandleOf(db);
  const written = sqlite
    ? await db.connection().execute(async () => sqliteWriter(sqlite)(surveyId, fingerprint, changes, job))
    : await db.transaction().execute(async (trx) => {
        await lockKey(trx, `batch-chunk:${job.jobId}`);
        const current = await trx.selectFrom("batch_jobs").select("cursor").where("id", "=", job.jobId).executeTakeFirst();
        if (current?.cursor !== job.expected) return false;
        for (const [term, ids] of changes.removed) {
          await trx.deleteFrom("comment_terms").where("survey_id", "=", surveyId).where("term", "=", term).where("text_answer_id", "in", ids).execute();
        }
        const rows = [...changes.added].flatMap(([term, ids]) => ids.map((id) => ({ survey_id: surveyId, term, text_answer_id: id })));
        for (let i = 0; i < rows.length; i += 1000) await trx.insertInto("comment_terms").values(rows.slice(i, i + 1000)).execute();
        await addCommentTotals(trx, surveyId, changes, fingerprint);
        await trx
          .updateTable("batch_jobs")
          .set((eb) => ({ done: eb("done", "+", changes.comments), saved: eb("saved", "+", job.saved), cursor: job.cursor, updated_at: nowIso() }))
          .where("id", "=", job.jobId)
          .execute();
        return true;
      });
  return { written, writeMs: performance.now() - started };
}

const sqliteWriters = new WeakMap<BetterSqlite3.Database, ReturnType<typeof buildSqliteWriter>>();

function sqliteWriter(sqlite: BetterSqlite3.Database) {
  let writer = sqliteWriters.get(sqlite);
  if (!writer) sqliteWriters.set(sqlite, (writer = buildSqliteWriter(sqlite)));
  return writer;
}

/** Index rows per insert statement: fewer calls into SQLite when a whole survey is indexed anew. */
const ROWS_PER_INSERT = 100;

function buildSqliteWriter(sqlite: BetterSqlite3.Database) {
  const unindex = sqlite.prepare("delete from comment_terms where survey_id = ? and term = ? and text_answer_id = ?");
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
  const run = sqlite.transaction((surveyId: string, fingerprint: string, changes: IndexChanges, job: JobStep): boolean => {
    if (cursorOf.get(job.jobId)?.cursor !== job.expected) return false;
    for (const [term, ids] of changes.removed) for (const id of ids) unindex.run(surveyId, term, id);
    const params: string[] = [];
    for (const [term, ids] of changes.added) {
      for (const id of ids) {
        params.push(surveyId, term, id);
        if (params.length === ROWS_PER_INSERT * 3) indexMany.run(params.splice(0));
      }
    }
    for (let i = 0; i < params.length; i += 3) indexOne.run(params[i], params[i + 1], params[i + 2]);
    for (const [term, n] of changes.terms) termTotal.run(surveyId, term, n);
    if (changes.comments) commentTotal.run(surveyId, changes.comments, fingerprint);
    progress.run(changes.comments, job.saved, job.cursor, nowIso(), job.jobId);
    return true;
  });
  return (surveyId: string, fingerprint: string, changes: IndexChanges, job: JobStep) => run.immediate(surveyId, fingerprint, changes, job);
}

/** A running re-analysis given a new total (the lexicon changed again) or a new cursor (a survey begun). */
export async function updateReanalysisJob(db: Kysely<Database>, jobId: string, set: { total?: number; cursor?: string | null }): Promise<void> {
  await db
    .updateTable("batch_jobs")
    .set({ ...set, updated_at: nowIso() })
    .where("id", "=", jobId)
    .execute();
}
