// Batch evaluation of a street, a district or the city (issue item 6). A job row records the
// scope and the progress; the server works through it in chunks of communities, each chunk
// one transaction, yielding to other requests between chunks. Communities whose current
// cycle is in 评估 get a saved version; the others are counted as skipped (their stored
// evaluations are locked, or their round has not reached 评估). A job left running by a
// stopped server is resumed from its page (a POST), after its last chunk.
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { failpoint } from "../../db/failpoints";
import { writeAudit } from "../../db/repositories/audit";
import {
  type BatchJob,
  countScopeCommunities,
  findBatchJob,
  finishBatchJob,
  insertBatchJob,
  type JobScope,
  listBatchJobs,
  listScopeCommunities,
  recordBatchProgress,
} from "../../db/repositories/batch-jobs";
import { lockKey } from "../../db/dialect";
import { findDistrict, findStreet } from "../../db/repositories/places";
import { findActor } from "../../db/repositories/users";
import type { Database } from "../../db/schema";
import { type Actor, CONSOLE_ACTOR, type Place } from "../../workflows/permissions";
import { evaluateCommunities, saveEvaluation } from "./evaluations.server";
import { loadActivePolicy } from "./policy.server";
import { runStepsInBackground } from "./background-steps.server";
import { singleton } from "./singleton.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

export const BATCH_CHUNK_SIZE = 100;

export interface EvaluationScope extends JobScope {
  name: string;
  /** For permission checks and breadcrumbs. */
  place: Place;
  district?: { code: string; name: string };
  street?: { code: string; name: string };
}

/** "city", a 6-digit district code or a 9-digit street code; null when unknown. */
export async function resolveScope(db: Kysely<Database>, raw: string | undefined): Promise<EvaluationScope | null> {
  if (raw === "city") return { type: "city", code: null, name: "杭州市区", place: {} };
  if (raw && /^\d{6}$/.test(raw)) {
    const district = await findDistrict(db, raw);
    return district ? { type: "district", code: district.code, name: district.name, place: { districtCode: district.code }, district } : null;
  }
  if (raw && /^\d{9}$/.test(raw)) {
    const street = await findStreet(db, raw);
    return street
      ? {
          type: "street",
          code: street.code,
          name: street.name,
          place: { districtCode: street.district.code, streetCode: street.code },
          district: street.district,
          street: { code: street.code, name: street.name },
        }
      : null;
  }
  return null;
}

export function scopeKey(scope: JobScope): string {
  return scope.type === "city" ? "city" : (scope.code ?? "city");
}

/**
 * Records a new job for the scope, or answers the one already running for it (one at a
 * time per scope). Call runInBackground (server) or runToEnd (CLI) afterwards.
 */
export function startBatchEvaluation(
  db: Kysely<Database>,
  change: Change,
  input: { scope: EvaluationScope },
): Promise<Outcome<{ jobId: string; alreadyRunning: boolean }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "run:evaluation", input.scope.place);
    // "One running job per scope" is read-then-write: two instances must not both start one (ADR 0006).
    await lockKey(trx, `batch-job:${scopeKey(input.scope)}`);
    const running = await runningJob(trx, input.scope);
    if (running) return { jobId: running.id, alreadyRunning: true };
    const { communities } = await countScopeCommunities(trx, input.scope);
    const jobId = await insertBatchJob(trx, {
      kind: "evaluate",
      scopeType: input.scope.type,
      scopeCode: input.scope.code,
      total: communities,
      startedBy: change.actor.id,
    });
    await auditJob(trx, change, jobId, "evaluation.batch_start", { scope: scopeKey(input.scope), total: communities });
    return { jobId, alreadyRunning: false };
  });
}

/** The scope's running job, to be worked on again (its server stopped); 409 when none is running. */
export function resumeBatchEvaluation(db: Kysely<Database>, change: Change, input: { scope: EvaluationScope }): Promise<Outcome<{ jobId: string }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "run:evaluation", input.scope.place);
    const running = await runningJob(trx, input.scope);
    if (!running) refuse(409, "该范围没有进行中的批量评估，请刷新页面。");
    await auditJob(trx, change, running.id, "evaluation.batch_resume", { scope: scopeKey(input.scope), done: running.done, total: running.total });
    return { jobId: running.id };
  });
}

/** The audit row of a step of a batch job, with what it records after the step. */
function auditJob(trx: Kysely<Database>, change: Change, jobId: string, action: string, after: Record<string, unknown>): Promise<void> {
  return writeAudit(trx, { actor: change.actor, action, entityType: "batch_job", entityId: jobId, after, ip: change.ip });
}

async function runningJob(db: Kysely<Database>, scope: JobScope): Promise<BatchJob | null> {
  return (await listBatchJobs(db, scope.type, scope.code, 1)).find((j) => j.status === "running") ?? null;
}

/** Who a job works for: the user who started it, or the command line. */
async function actorOf(db: Kysely<Database>, userId: string | null): Promise<Actor> {
  return (userId && userId !== CONSOLE_ACTOR.id ? await findActor(db, userId) : null) ?? CONSOLE_ACTOR;
}

/**
 * One chunk: the next communities of the scope after the cursor, in code order (so a chunk
 * is a street or two, and its neighbours are near). One transaction: the saved versions,
 * their audit rows and the progress commit together, or none of them. The job's starter was
 * authorised when it started; each chunk saves on their behalf.
 */
export function processNextChunk(
  db: Kysely<Database>,
  jobId: string,
  options: { chunkSize?: number; ip?: string | null } = {},
): Promise<{ finished: boolean; job: BatchJob | null }> {
  return db.transaction().execute(async (trx) => {
    // Another instance may be working on the same job (it resumed it as stalled): chunks take
    // turns, and each one reads the cursor the previous one left.
    await lockKey(trx, `batch-chunk:${jobId}`);
    const job = await findBatchJob(trx, jobId);
    if (!job || job.status !== "running") return { finished: true, job };
    const change: Change = { actor: await actorOf(trx, job.startedBy), ip: options.ip ?? null };
    const rows = await listScopeCommunities(trx, { type: job.scopeType, code: job.scopeCode }, { after: job.cursor, limit: options.chunkSize ?? BATCH_CHUNK_SIZE });
    if (!rows.length) {
      await finishBatchJob(trx, jobId, { status: "done" });
      await auditJob(trx, change, jobId, "evaluation.batch_finish", { total: job.total, saved: job.saved, skipped: job.skipped });
      return { finished: true, job: await findBatchJob(trx, jobId) };
    }
    const evaluating = rows.filter((r) => r.stage === "evaluating").map((r) => r.code);
    let saved = 0;
    if (evaluating.length) {
      const policy = await loadActivePolicy(trx);
      for (const prepared of await evaluateCommunities(trx, evaluating, policy)) {
        if (prepared.cycle?.stage !== "evaluating") continue;
        await saveEvaluation(trx, change, prepared, policy);
        saved++;
      }
    }
    await failpoint("batch-evaluation-chunk");
    await recordBatchProgress(trx, jobId, {
      done: rows.length,
      saved,
      skipped: rows.length - saved,
      cursor: rows[rows.length - 1].code,
    });
    return { finished: false, job: await findBatchJob(trx, jobId) };
  });
}

/** What the page shows: no exception text, only an id that finds the details in the server log. */
function failureMessage(jobId: string, error: unknown): string {
  const errorId = crypto.randomBytes(4).toString("hex");
  console.error(`batch evaluation ${jobId} failed (error ${errorId}):`, error);
  return `批量评估中断（错误编号 ${errorId}）。已保存的结果不受影响，可以继续或重新开始批量评估；如果反复中断，请把错误编号告诉系统管理员。`;
}

/** Runs the job to the end in this process (the CLI). */
export async function runToEnd(
  db: Kysely<Database>,
  jobId: string,
  onProgress: (job: BatchJob) => void = () => {},
  options: { chunkSize?: number } = {},
): Promise<BatchJob> {
  for (;;) {
    let step: Awaited<ReturnType<typeof processNextChunk>>;
    try {
      step = await processNextChunk(db, jobId, options);
    } catch (error) {
      await finishBatchJob(db, jobId, { status: "failed", error: failureMessage(jobId, error) });
      throw error;
    }
    if (step.job) onProgress(step.job);
    if (step.finished) return step.job ?? (await findBatchJob(db, jobId))!;
  }
}

/** Jobs this server process is working on. */
const active = singleton("evaluation-batch-jobs", () => new Set<string>());

/**
 * Works through the job chunk by chunk in this server process, yielding between chunks so
 * pages stay responsive. Safe to call again: a job already being worked on is left alone.
 */
export function runInBackground(db: Kysely<Database>, jobId: string, options: { chunkSize?: number } = {}): void {
  runStepsInBackground(active, jobId, () => processNextChunk(db, jobId, options), (error) => finishBatchJob(db, jobId, { status: "failed", error: failureMessage(jobId, error) }));
}

/** A running job this process is not working on: its server stopped (or another instance has it). */
export function isStalled(job: BatchJob | null | undefined): boolean {
  return job?.status === "running" && !active.has(job.id);
}
