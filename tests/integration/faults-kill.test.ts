// Issue 16, faults: the server (or the CLI) is killed with kill -9 in the middle of a change,
// stopped at a named moment (db/failpoints.ts, FAILPOINT=… under NODE_ENV=test). After a
// restart what is stored agrees with itself and the work can be finished; nothing half-done
// is kept, and a copy to PostgreSQL never reports success for a partial copy.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabase, createSqliteDatabase } from "../../db/client";
import { countScopeCommunities } from "../../db/repositories/batch-jobs";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findGapListOfCycle } from "../../db/repositories/gap-lists";
import { migrateToLatest } from "../../db/migrate";
import { planScopeDivisions } from "../../db/reference";
import { seedDatabase } from "../../db/seed";
import { Client } from "../support/http-client";
import { copyTemplateDatabase, dropTestDatabase, onPostgres, psql, queryRow, queryRows, withDatabaseName } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import { decideQingbomenList, QINGBOMEN } from "./approved-list";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}, 60_000);

/** A copy of the demo city that this test alone uses. */
function cityCopy(): string {
  const { dir, file } = copyTemplateDatabase();
  cleanups.push(() => {
    dropTestDatabase(file);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return file;
}

async function serverOn(file: string, failpoint?: string): Promise<RunningServer> {
  const server = await startServer({ databaseFile: file, env: failpoint ? { NODE_ENV: "test", FAILPOINT: failpoint } : {} });
  cleanups.push(() => server.stop());
  return server;
}

function killHard(child: ChildProcess): Promise<unknown> {
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  child.kill("SIGKILL");
  return exited;
}

async function withDb<T>(file: string, work: (db: ReturnType<typeof createDatabase>["db"]) => Promise<T>): Promise<T> {
  const { db } = createDatabase(file);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

const countOf = (file: string, sql: string, ...params: unknown[]) => Number(queryRow<{ n: number }>(file, sql, ...params).n);

describe("kill -9 during a gap-list approval", () => {
  it("keeps none of the approval; after the restart the cycle, the list and the audit agree and the reviewer finishes the review", async () => {
    const file = cityCopy();
    const { listVersion } = await withDb(file, (db) => decideQingbomenList(db));
    const state = () =>
      withDb(file, async (db) => {
        const cycle = (await findCurrentCycle(db, QINGBOMEN))!;
        const list = (await findGapListOfCycle(db, cycle.id))!;
        const audits = countOf(file, "select count(*) as n from audit_log where action = 'gaplist.approve' and entity_id = ?", list.id);
        return { stage: cycle.stage, cycleVersion: cycle.version, list: list.status, listVersion: list.version, audits };
      });
    const before = await state();
    expect(before).toMatchObject({ stage: "street_review", list: "submitted", audits: 0 });

    const server = await serverOn(file, "gap-list-approve");
    const chen = await new Client(server.url).signIn("chen.kezhang");
    const posted = chen.post(`/communities/${QINGBOMEN}/gaplist/review`, { intent: "finish", version: String(listVersion) }).catch(() => "no answer");
    // The cycle has moved and the list is marked approved inside the transaction; then the process dies.
    await server.waitForOutput("FAILPOINT gap-list-approve");
    await killHard(server.process);
    expect(await posted).toBe("no answer");
    expect(await state()).toEqual(before);

    const again = await serverOn(file);
    const answer = await (await new Client(again.url).signIn("chen.kezhang")).post(`/communities/${QINGBOMEN}/gaplist/review`, { intent: "finish", version: String(listVersion) });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("清单审核通过并锁定");
    const after = await state();
    expect(after).toMatchObject({ stage: "planning", list: "approved", audits: 1 });
    expect(after.cycleVersion).toBe(before.cycleVersion + 1);
  }, 240_000);
});

describe("kill -9 during a batch evaluation", () => {
  it("keeps the chunks that committed, and the resumed job evaluates every community in 评估 exactly once", async () => {
    const file = cityCopy();
    const DISTRICT = "330102";
    const since = new Date().toISOString();
    const { evaluating } = await withDb(file, (db) => countScopeCommunities(db, { type: "district", code: DISTRICT }));
    expect(evaluating).toBeGreaterThan(10);
    const job = () => queryRow<{ id: string; status: string; done: number; saved: number; total: number }>(file, "select id, status, done, saved, total from batch_jobs where scope_code = ? order by created_at desc", DISTRICT);
    const savedSince = () => queryRows<{ community_code: string; n: number }>(file, "select community_code, count(*) as n from evaluations where created_at >= ? group by community_code", since);

    // Chunks of 100 communities: the second chunk has saved its evaluations but not its progress.
    const server = await serverOn(file, "batch-evaluation-chunk:2");
    const admin = await new Client(server.url).signIn("shangcheng.admin");
    expect((await admin.post(`/evaluate/${DISTRICT}`, { intent: "start" })).status).toBe(302);
    await server.waitForOutput("FAILPOINT batch-evaluation-chunk");
    await killHard(server.process);

    const stopped = job();
    expect(stopped).toMatchObject({ status: "running", done: 100 });
    expect(savedSince().length).toBe(stopped.saved);
    expect(countOf(file, "select count(*) as n from audit_log where action = 'evaluation.save' and created_at >= ?", since)).toBe(stopped.saved);

    const again = await serverOn(file);
    const resumer = await new Client(again.url).signIn("shangcheng.admin");
    expect((await resumer.post(`/evaluate/${DISTRICT}`, { intent: "resume" })).status).toBe(302);
    const deadline = Date.now() + 120_000;
    while (job().status === "running" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    const finished = job();
    expect(finished).toMatchObject({ id: stopped.id, status: "done", saved: evaluating });
    expect(finished.done).toBe(finished.total);
    const saved = savedSince();
    expect(saved.length).toBe(evaluating);
    expect(saved.filter((r) => Number(r.n) !== 1)).toEqual([]);
    expect(countOf(file, "select count(*) as n from audit_log where action = 'evaluation.save' and created_at >= ?", since)).toBe(evaluating);
    for (const action of ["evaluation.batch_start", "evaluation.batch_resume", "evaluation.batch_finish"]) {
      expect(countOf(file, "select count(*) as n from audit_log where action = ? and entity_id = ?", action, stopped.id), action).toBe(1);
    }
  }, 300_000);
});

describe.skipIf(!onPostgres)("kill -9 during npm run cli -- copy-to-postgres", () => {
  it("leaves the target empty and never prints success; a second run copies everything", async () => {
    const scratch = cityCopy();
    const source = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hz-copy-")), "city.db");
    const sqlite = createSqliteDatabase(source);
    await migrateToLatest(sqlite.db);
    await seedDatabase(sqlite.db, planScopeDivisions().filter((r) => r.districtCode === "330102"));
    await sqlite.db.destroy();
    cleanups.push(() => fs.rmSync(path.dirname(source), { recursive: true, force: true }));
    const target = withDatabaseName(scratch, `${new URL(scratch).pathname.slice(1)}_copy`);
    psql(withDatabaseName(scratch, "postgres"), `create database "${new URL(target).pathname.slice(1)}"`);
    cleanups.push(() => dropTestDatabase(target));

    const run = (env: Record<string, string>) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", "copy-to-postgres", source, target], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      const exit = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code ?? -1)));
      return { child, exit, output: () => output };
    };
    const rowsInTarget = () =>
      queryRows<{ name: string }>(target, "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely%'").reduce(
        (sum, { name }) => sum + countOf(target, `select count(*) as n from "${name}"`),
        0,
      );

    // Killed after the fifth table has been sent, inside the one transaction of the copy.
    const killed = run({ NODE_ENV: "test", FAILPOINT: "copy-to-postgres-table:5" });
    const deadline = Date.now() + 120_000;
    while (!killed.output().includes("FAILPOINT copy-to-postgres-table") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    killed.child.kill("SIGKILL");
    expect(await killed.exit).toBe("SIGKILL");
    expect(killed.output()).not.toContain("已复制");
    // The server notices the dropped connection and rolls the copy back.
    const emptyBy = Date.now() + 30_000;
    while (rowsInTarget() > 0 && Date.now() < emptyBy) await new Promise((r) => setTimeout(r, 100));
    expect(rowsInTarget()).toBe(0);

    const complete = run({});
    expect(await complete.exit).toBe(0);
    expect(complete.output()).toContain("行数与校验和全部一致");
    expect(rowsInTarget()).toBeGreaterThan(100);
  }, 300_000);
});
