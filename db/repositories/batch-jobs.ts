import type { Kysely } from "kysely";
import { insertWithNewId } from "./new-row";
import { nowIso } from "../clock";
import { camelCased } from "../rows";
import type { Stage } from "../../workflows/glossary";
import type { BatchJobKind, BatchJobRow, BatchScopeType, Database } from "../schema";

/** What a batch covers: the city (code null), a district or a street. */
export interface JobScope {
  type: BatchScopeType;
  code: string | null;
}

export interface BatchJob extends Pick<BatchJobRow, "id" | "kind" | "status" | "total" | "done" | "saved" | "skipped" | "cursor" | "error"> {
  scopeType: BatchScopeType;
  scopeCode: string | null;
  startedBy: string | null;
  startedByName: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

function toJob(row: BatchJobRow & { display_name?: string | null }): BatchJob {
  return {
    ...camelCased(row, [
      "id",
      "kind",
      "scope_type",
      "scope_code",
      "status",
      "total",
      "done",
      "saved",
      "skipped",
      "cursor",
      "started_by",
      "error",
      "created_at",
      "updated_at",
      "finished_at",
    ]),
    startedByName: row.display_name ?? null,
  };
}

export async function insertBatchJob(
  db: Kysely<Database>,
  job: { kind: BatchJobKind; scopeType: BatchScopeType; scopeCode: string | null; total: number; startedBy: string | null },
): Promise<string> {
  const now = nowIso();
  return insertWithNewId(db, "batch_jobs", {
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
  });
}

/** Jobs with the name of who started them. */
function jobsWithStarter(db: Kysely<Database>) {
  return db
    .selectFrom("batch_jobs as j")
    .leftJoin("users as u", "u.id", "j.started_by")
    .selectAll("j")
    .select("u.display_name");
}

export async function findBatchJob(db: Kysely<Database>, id: string): Promise<BatchJob | null> {
  const row = await jobsWithStarter(db).where("j.id", "=", id).executeTakeFirst();
  return row ? toJob(row) : null;
}

/** Newest jobs of a scope first. */
export async function listBatchJobs(db: Kysely<Database>, scopeType: BatchScopeType, scopeCode: string | null, limit = 5, kind: BatchJobKind = "evaluate"): Promise<BatchJob[]> {
  const rows = await jobsWithStarter(db)
    .where("j.kind", "=", kind)
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

function communitiesOf(db: Kysely<Database>, scope: JobScope) {
  let query = db.selectFrom("communities as c");
  if (scope.type === "district") query = query.where("c.district_code", "=", scope.code ?? "");
  if (scope.type === "street") query = query.where("c.street_code", "=", scope.code ?? "");
  return query;
}

/** Communities in the scope, and those whose current cycle is in 评估 (the ones a batch saves). */
export async function countScopeCommunities(db: Kysely<Database>, scope: JobScope): Promise<{ communities: number; evaluating: number }> {
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

/** The next communities of the scope after `after`, in code order, with the stage of their open cycle. */
export async function listScopeCommunities(
  db: Kysely<Database>,
  scope: JobScope,
  page: { after: string | null; limit: number },
): Promise<{ code: string; stage: Stage | null }[]> {
  return communitiesOf(db, scope)
    .leftJoin("cycles as y", (join) => join.onRef("y.community_code", "=", "c.code").on("y.stage", "<>", "closed"))
    .select(["c.code", "y.stage"])
    .$if(page.after !== null, (q) => q.where("c.code", ">", page.after ?? ""))
    .orderBy("c.code")
    .limit(page.limit)
    .execute();
}
