// Re-analysing every comment after a lexicon change (issue 18, ADR 0011), as a job of the
// server like the batch evaluation (batch-evaluation.server.ts): a batch_jobs row (kind
// comment_reanalysis, scope the city) records the progress and the survey in progress, each
// chunk of comments commits with its progress, so a restarted server resumes where it stopped
// (a POST from the policy page). It works until no survey is left whose totals were kept under
// another lexicon — a change made while it runs is picked up. Memory: one chunk and one segmenter.
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { type BatchJob, findBatchJob, finishBatchJob, insertBatchJob, listBatchJobs } from "../../db/repositories/batch-jobs";
import {
  beginSurvey,
  countStaleComments,
  nextStaleSurvey,
  readReanalysisChunk,
  type SurveyInProgress,
  updateReanalysisJob,
  writeReanalysisChunk,
} from "../../db/repositories/comment-reanalysis";
import { nowIso } from "../../db/clock";
import { lockKey } from "../../db/dialect";
import type { Database } from "../../db/schema";
import { indexChanges, termsOfComment } from "../../workflows/comments/keywords";
import { lexiconInForce } from "./comment-lexicon.server";
import { segmenterFor } from "./segmenter.server";
import { runStepsInBackground } from "./background-steps.server";
import { singleton } from "./singleton.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

/** Comments per transaction: ≈ 40 ms of segmenting and writing, so answers and pages keep flowing. */
export const REANALYSIS_CHUNK = 2_000;
const KIND = "comment_reanalysis";

export async function latestReanalysis(db: Kysely<Database>): Promise<BatchJob | null> {
  return (await listBatchJobs(db, "city", null, 1, KIND))[0] ?? null;
}

function parseCursor(cursor: string | null): SurveyInProgress | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(cursor) as SurveyInProgress;
    return typeof value.survey === "string" && typeof value.afterAt === "string" && typeof value.after === "string" && typeof value.upTo === "string" && typeof value.fingerprint === "string" ? value : null;
  } catch {
    return null;
  }
}

/**
 * Inside a use case that changed the lexicon: the running re-analysis takes the change on (its
 * total grows by what is stale now), or a new one is recorded. Null when nothing is stale.
 */
export async function requireReanalysis(trx: Kysely<Database>, change: Change): Promise<string | null> {
  await lockKey(trx, "batch-job:comment-reanalysis");
  const { vocabulary } = await lexiconInForce(trx, { fresh: true });
  const stale = await countStaleComments(trx, vocabulary.fingerprint);
  const running = await latestReanalysis(trx);
  if (running?.status === "running") {
    await updateReanalysisJob(trx, running.id, { total: running.done + stale });
    return running.id;
  }
  if (stale === 0) return null;
  return insertBatchJob(trx, { kind: KIND, scopeType: "city", scopeCode: null, total: stale, startedBy: change.actor.id });
}

/** The policy page's 继续/重新分析 button: resumes the running job (its server stopped) or starts one for stale comments. */
export function resumeCommentReanalysis(db: Kysely<Database>, change: Change): Promise<Outcome<{ jobId: string }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:policy", {});
    const jobId = await requireReanalysis(trx, change);
    if (!jobId) refuse(409, "所有意见都已按当前词典分析，无需重新分析。");
    await writeAudit(trx, { actor: change.actor, action: "comment_reanalysis.resume", entityType: "batch_job", entityId: jobId, ip: change.ip });
    return { jobId };
  });
}

export interface ReanalysisStep {
  finished: boolean;
  job: BatchJob | null;
  /** How long the step's chunk held the write transaction (ms), when it wrote one. */
  writeMs?: number;
}

/** One step of the job: begins the next stale survey, or re-analyses a chunk of the one in progress. */
export async function processReanalysisStep(db: Kysely<Database>, jobId: string, chunk = REANALYSIS_CHUNK): Promise<ReanalysisStep> {
  const job = await findBatchJob(db, jobId);
  if (!job || job.status !== "running") return { finished: true, job };
  const { vocabulary } = await lexiconInForce(db, { fresh: true });
  const at = parseCursor(job.cursor);
  if (at && at.fingerprint === vocabulary.fingerprint) {
    const { comments, indexed, next } = await readReanalysisChunk(db, at, chunk);
    const segment = segmenterFor(vocabulary);
    // Segmented before the write transaction, as submissions are (ADR 0011).
    const changes = indexChanges(comments, (text) => termsOfComment(text, segment, vocabulary), indexed);
    const cursor = next ? JSON.stringify(next) : null;
    const saved = next ? 0 : 1;
    const { written, writeMs } = await writeReanalysisChunk(db, at.survey, at.fingerprint, changes, { jobId, expected: job.cursor ?? "", cursor, saved });
    if (!written) return { finished: false, job: await findBatchJob(db, jobId) };
    return { finished: false, writeMs, job: { ...job, done: job.done + comments.length, saved: job.saved + saved, cursor, updatedAt: nowIso() } };
  }
  // No survey in progress (or it began under a lexicon changed since): begin the next stale one.
  return db.transaction().execute(async (trx) => {
    await lockKey(trx, `batch-chunk:${jobId}`);
    // Another instance may have begun a survey since this step read the job.
    if ((await findBatchJob(trx, jobId))?.cursor !== job.cursor) return { finished: false, job };
    const surveyId = await nextStaleSurvey(trx, vocabulary.fingerprint);
    if (!surveyId) {
      const current = await findBatchJob(trx, jobId);
      await finishBatchJob(trx, jobId, { status: "done" });
      await updateReanalysisJob(trx, jobId, { total: current?.done ?? 0 });
      return { finished: true, job: await findBatchJob(trx, jobId) };
    }
    const begun = await beginSurvey(trx, surveyId, vocabulary.fingerprint);
    await updateReanalysisJob(trx, jobId, { cursor: begun ? JSON.stringify(begun) : null });
    return { finished: false, job: await findBatchJob(trx, jobId) };
  });
}

function failureMessage(jobId: string, error: unknown): string {
  const errorId = crypto.randomBytes(4).toString("hex");
  console.error(`comment re-analysis ${jobId} failed (error ${errorId}):`, error);
  return `重新分析中断（错误编号 ${errorId}）。已分析的部分已保存，可以在本页继续；如果反复中断，请把错误编号告诉系统管理员。`;
}

/** Runs the job to the end in this process (the bench, tests, the CLI). */
export async function runReanalysisToEnd(
  db: Kysely<Database>,
  jobId: string,
  onProgress: (job: BatchJob, step: ReanalysisStep) => void = () => {},
  chunk?: number,
): Promise<BatchJob> {
  for (;;) {
    const step = await processReanalysisStep(db, jobId, chunk).catch(async (error: unknown) => {
      await finishBatchJob(db, jobId, { status: "failed", error: failureMessage(jobId, error) });
      throw error;
    });
    if (step.job) onProgress(step.job, step);
    if (step.finished) return step.job ?? (await findBatchJob(db, jobId))!;
  }
}

const active = singleton("comment-reanalysis-jobs", () => new Set<string>());

/** Works through the job in this server process, a chunk per turn of the event loop. */
export function runReanalysisInBackground(db: Kysely<Database>, jobId: string): void {
  runStepsInBackground(active, jobId, () => processReanalysisStep(db, jobId), (error) => finishBatchJob(db, jobId, { status: "failed", error: failureMessage(jobId, error) }));
}

/** A running job this process is not working on: its server stopped. */
export function isReanalysisStalled(job: BatchJob | null | undefined): boolean {
  return job?.status === "running" && !active.has(job.id);
}
