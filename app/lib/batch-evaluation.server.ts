// Batch evaluation of a street, a district or the city (issue item 6). A job row records the
// scope and the progress; the server works through it in chunks of communities, each chunk
// one transaction, yielding to other requests between chunks. Communities whose current
// cycle is in 评估 get a saved version; the others are counted as skipped (their stored
// evaluations are locked, or their round has not reached 评估). A job left running by a
// stopped server resumes after its last chunk when its page is opened again.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import {
  type BatchJob,
  findBatchJob,
  finishBatchJob,
  insertBatchJob,
  listBatchJobs,
  recordBatchProgress,
} from "../../db/repositories/batch-jobs";
import { lockKey } from "../../db/dialect";
import { findDistrict, findStreet } from "../../db/repositories/places";
import type { BatchScopeType, Database } from "../../db/schema";
import { evaluateCommunities, saveEvaluation } from "./evaluations.server";
import type { Actor, Place } from "../../workflows/permissions";
import { loadActivePolicy } from "./policy.server";
import { singleton } from "./singleton.server";

export const BATCH_CHUNK_SIZE = 100;

export interface EvaluationScope {
  type: BatchScopeType;
  code: string | null;
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

export function scopeKey(scope: Pick<EvaluationScope, "type" | "code">): string {
  return scope.type === "city" ? "city" : (scope.code ?? "city");
}

function communitiesOf(db: Kysely<Database>, scope: Pick<EvaluationScope, "type" | "code">) {
  let query = db.selectFrom("communities as c");
  if (scope.type === "district") query = query.where("c.district_code", "=", scope.code ?? "");
  if (scope.type === "street") query = query.where("c.street_code", "=", scope.code ?? "");
  return query;
}

export interface ScopeCounts {
  communities: number;
  /** Communities whose current cycle is in 评估: the ones a batch saves. */
  evaluating: number;
}

export async function countScope(db: Kysely<Database>, scope: EvaluationScope): Promise<ScopeCounts> {
  const [all, evaluating] = await Promise.all([
    communitiesOf(db, scope).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    communitiesOf(db, scope)
      .innerJoin("cycles as y", "y.community_code", "c.code")
      .where("y.stage", "=", "evaluating")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { communities: Number(all.n), evaluating: Number(evaluating.n) };
}

export function latestJobs(db: Kysely<Database>, scope: EvaluationScope, limit = 5): Promise<BatchJob[]> {
  return listBatchJobs(db, scope.type, scope.code, limit);
}

/**
 * Records a new job for the scope, or answers the one already running for it (one at a
 * time per scope). Call runInBackground (server) or runToEnd (CLI) afterwards.
 */
export function startBatchEvaluation(
  db: Kysely<Database>,
  change: { scope: EvaluationScope; actor: Actor | null; ip: string | null },
): Promise<{ jobId: string; alreadyRunning: boolean }> {
  return db.transaction().execute(async (trx) => {
    // "One running job per scope" is read-then-write: two instances must not both start one (ADR 0006).
    await lockKey(trx, `batch-job:${scopeKey(change.scope)}`);
    const running = (await listBatchJobs(trx, change.scope.type, change.scope.code, 1)).find((j) => j.status === "running");
    if (running) return { jobId: running.id, alreadyRunning: true };
    const { communities } = await countScope(trx, change.scope);
    const jobId = await insertBatchJob(trx, {
      kind: "evaluate",
      scopeType: change.scope.type,
      scopeCode: change.scope.code,
      total: communities,
      startedBy: change.actor?.id ?? null,
    });
    await writeAudit(trx, {
      actor: change.actor,
      action: "evaluation.batch_start",
      entityType: "batch_job",
      entityId: jobId,
      after: { scope: scopeKey(change.scope), total: communities },
      ip: change.ip,
    });
    return { jobId, alreadyRunning: false };
  });
}

/**
 * One chunk: the next communities of the scope after the cursor, in code order (so a chunk
 * is a street or two, and its neighbours are near). One transaction: the saved versions,
 * their audit rows and the progress commit together, or none of them.
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
    const rows = await communitiesOf(trx, { type: job.scopeType, code: job.scopeCode })
      .leftJoin("cycles as y", (join) => join.onRef("y.community_code", "=", "c.code").on("y.stage", "<>", "closed"))
      .select(["c.code", "y.stage"])
      .$if(job.cursor !== null, (q) => q.where("c.code", ">", job.cursor ?? ""))
      .orderBy("c.code")
      .limit(options.chunkSize ?? BATCH_CHUNK_SIZE)
      .execute();
    if (!rows.length) {
      await finishBatchJob(trx, jobId, { status: "done" });
      await writeAudit(trx, {
        actor: await actorOf(trx, job.startedBy),
        action: "evaluation.batch_finish",
        entityType: "batch_job",
        entityId: jobId,
        after: { total: job.total, saved: job.saved, skipped: job.skipped },
        ip: options.ip ?? null,
      });
      return { finished: true, job: await findBatchJob(trx, jobId) };
    }
    const evaluating = rows.filter((r) => r.stage === "evaluating").map((r) => r.code);
    let saved = 0;
    if (evaluating.length) {
      const policy = await loadActivePolicy(trx);
      const actor = await actorOf(trx, job.startedBy);
      for (const prepared of await evaluateCommunities(trx, evaluating, policy)) {
        if (prepared.cycle?.stage !== "evaluating") continue;
        await saveEvaluation(trx, prepared, policy, { actor, ip: options.ip ?? null });
        saved++;
      }
    }
    await recordBatchProgress(trx, jobId, {
      done: rows.length,
      saved,
      skipped: rows.length - saved,
      cursor: rows[rows.length - 1].code,
    });
    return { finished: false, job: await findBatchJob(trx, jobId) };
  });
}

async function actorOf(db: Kysely<Database>, userId: string | null): Promise<Actor | null> {
  if (!userId) return null;
  const user = await db.selectFrom("users").select(["id", "role", "scope_code"]).where("id", "=", userId).executeTakeFirst();
  return user ? { id: user.id, role: user.role as Actor["role"], scopeCode: user.scope_code } : null;
}

function failureMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `批量评估中断：${detail}。已保存的结果不受影响，可以重新开始批量评估。`;
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
      await finishBatchJob(db, jobId, { status: "failed", error: failureMessage(error) });
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
  if (active.has(jobId)) return;
  active.add(jobId);
  const step = () => {
    processNextChunk(db, jobId, options).then(
      ({ finished }) => {
        if (finished) active.delete(jobId);
        else setImmediate(step);
      },
      (error: unknown) => {
        active.delete(jobId);
        console.error(`batch evaluation ${jobId} failed:`, error);
        void finishBatchJob(db, jobId, { status: "failed", error: failureMessage(error) }).catch(() => {});
      },
    );
  };
  setImmediate(step);
}

/** A running job nobody is working on (the server restarted) continues where it stopped. */
export function resumeIfStalled(db: Kysely<Database>, job: BatchJob | null | undefined): void {
  if (job?.status === "running" && !active.has(job.id)) runInBackground(db, job.id);
}
