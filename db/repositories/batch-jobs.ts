import type { Kysely } from "kysely";
import { newId } from "../ids";
import { nowIso } from "../clock";
import type { BatchJobKind, BatchJobRow, BatchJobStatus, BatchScopeType, Database } from "../schema";


export interface BatchJob {
  id: string;
  kind: BatchJobKind;
  scopeType: BatchScopeType;
  scopeCode: string | null;
  status: BatchJobStatus;
  total: number;
  done: number;
  saved: number;
  skipped: number;
  cursor: string | null;
  startedBy: string | null;
  startedByName: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

function toJob(row: BatchJobRow & { display_name?: string | null }): BatchJob {
  return {
    id: row.id,
    kind: row.kind,
    scopeType: row.scope_type,
    scopeCode: row.scope_code,
    status: row.status,
    total: row.total,
    done: row.done,
    saved: row.saved,
    skipped: row.skipped,
    cursor: row.cursor,
    startedBy: row.started_by,
    startedByName: row.display_name ?? null,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export async function insertBatchJob(
  db: Kysely<Database>,
  job: { kind: BatchJobKind; scopeType: BatchScopeType; scopeCode: string | null; total: number; startedBy: string | null },
): Promise<string> {
  const now = nowIso();
  const id = newId();
  await db
    .insertInto("batch_jobs")
    .values({
      id,
      kind: job.kind,
      scope_type: job.scopeType,
      scope_code: job.scopeCode,
      status: "running",
      total: job.total,
      done: 0,
      saved: 0,
      skipped: 0,
      cursor: null,
      started_by: job.startedBy,
      error: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .execute();
  return id;
}

export async function findBatchJob(db: Kysely<Database>, id: string): Promise<BatchJob | null> {
  const row = await db
    .selectFrom("batch_jobs as j")
    .leftJoin("users as u", "u.id", "j.started_by")
    .selectAll("j")
    .select("u.display_name")
    .where("j.id", "=", id)
    .executeTakeFirst();
  return row ? toJob(row) : null;
}

/** Newest jobs of a scope first. */
export async function listBatchJobs(db: Kysely<Database>, scopeType: BatchScopeType, scopeCode: string | null, limit = 5): Promise<BatchJob[]> {
  const rows = await db
    .selectFrom("batch_jobs as j")
    .leftJoin("users as u", "u.id", "j.started_by")
    .selectAll("j")
    .select("u.display_name")
    .where("j.scope_type", "=", scopeType)
    .where((eb) => (scopeCode === null ? eb("j.scope_code", "is", null) : eb("j.scope_code", "=", scopeCode)))
    .orderBy("j.created_at", "desc")
    .orderBy("j.id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toJob);
}

export async function recordBatchProgress(
  db: Kysely<Database>,
  id: string,
  progress: { done: number; saved: number; skipped: number; cursor: string },
): Promise<void> {
  await db
    .updateTable("batch_jobs")
    .set((eb) => ({
      done: eb("done", "+", progress.done),
      saved: eb("saved", "+", progress.saved),
      skipped: eb("skipped", "+", progress.skipped),
      cursor: progress.cursor,
      updated_at: nowIso(),
    }))
    .where("id", "=", id)
    .execute();
}

export async function finishBatchJob(db: Kysely<Database>, id: string, outcome: { status: "done" | "failed"; error?: string }): Promise<void> {
  const now = nowIso();
  await db
    .updateTable("batch_jobs")
    .set({ status: outcome.status, error: outcome.error ?? null, updated_at: now, finished_at: now })
    .where("id", "=", id)
    .execute();
}
