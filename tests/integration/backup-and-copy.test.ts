// Backups and moving a city to PostgreSQL (docs/deployment.md). The SQLite backup runs in
// the default suite; pg_dump/pg_restore and copy-to-postgres need a PostgreSQL server and
// run under `npm run test:pg`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { backupSqlite } from "../../db/backup";
import { createDatabase, createSqliteDatabase } from "../../db/client";
import { copySqliteToPostgres, CopyRefused } from "../../db/copy-to-postgres";
import { newId } from "../../db/ids";
import { nowIso } from "../../db/clock";
import { migrateToLatest } from "../../db/migrate";
import { planScopeDivisions } from "../../db/reference";
import { seedDatabase } from "../../db/seed";
import { dropTestDatabase, onPostgres, databasePerTest, psql, queryRow, queryRows, withDatabaseName } from "../support/database";

const t = databasePerTest();

const auditRow = (i: number) => ({
  id: newId(),
  actor_user_id: null,
  actor_role: null,
  action: "test.write",
  entity_type: "test",
  entity_id: String(i),
  before_json: null,
  after_json: null,
  ip: null,
  created_at: nowIso(),
});

/** Our tables and their row counts, read the same way on either backend. */
function tableCounts(location: string): Record<string, number> {
  const tables = location.startsWith("postgres")
    ? queryRows<{ name: string }>(location, "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1")
    : queryRows<{ name: string }>(location, "select name from sqlite_master where type = 'table' and name not like 'sqlite%' order by 1");
  return Object.fromEntries(tables.map(({ name }) => [name, queryRow<{ n: number }>(location, `select count(*) n from "${name}"`).n]));
}

describe.skipIf(onPostgres)("npm run cli -- backup (SQLite)", () => {
  it("a backup taken while the app writes opens, passes integrity_check and holds a consistent moment", async () => {
    const before = Number((await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    // The app keeps writing (another connection) for as long as the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await t.db.insertInto("audit_log").values(auditRow(written++)).execute();
        await new Promise((r) => setImmediate(r));
      }
    })();
    const dest = path.join(t.dir, "backups", "copy.db");
    const steps: number[] = [];
    const result = await backupSqlite(t.file, dest, (p) => steps.push(p.remainingPages));
    writing = false;
    await writer;

    expect(result.integrity).toBe("ok");
    expect(written).toBeGreaterThan(0);
    expect(steps.length).toBeGreaterThan(2);
    const copy = new BetterSqlite3(dest, { readonly: true });
    try {
      expect(copy.pragma("foreign_key_check")).toEqual([]);
      const n = (copy.prepare("select count(*) n from audit_log").get() as { n: number }).n;
      expect(n).toBeGreaterThanOrEqual(before);
      expect(n).toBeLessThanOrEqual(before + written);
      // Every audit row in the copy is a whole row: the copy is one moment, not a mix.
      expect((copy.prepare("select count(*) n from audit_log where id is null or created_at is null").get() as { n: number }).n).toBe(0);
    } finally {
      copy.close();
    }
    // Restoring is pointing DATABASE_URL at the copy: the app opens it and finds the city.
    const restored = createSqliteDatabase(dest);
    try {
      await migrateToLatest(restored.db);
      const communities = await restored.db.selectFrom("communities").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(communities.n)).toBe(2470);
    } finally {
      await restored.db.destroy();
    }
  });

  it("refuses to overwrite an existing file", async () => {
    const dest = path.join(t.dir, "exists.db");
    fs.writeFileSync(dest, "");
    await expect(backupSqlite(t.file, dest)).rejects.toThrow(/已存在/);
  });
});

describe.skipIf(!onPostgres)("pg_dump and pg_restore (PostgreSQL)", () => {
  it("a dump restores into a fresh database with the same tables and row counts", async () => {
    await t.db.insertInto("audit_log").values(auditRow(1)).execute();
    const dump = path.join(t.dir, "city.dump");
    // The commands docs/deployment.md gives.
    execFileSync("pg_dump", ["-Fc", "-f", dump, t.file], { stdio: "pipe" });
    const fresh = withDatabaseName(t.file, `${new URL(t.file).pathname.slice(1)}_restored`);
    psql(withDatabaseName(t.file, "postgres"), `create database "${new URL(fresh).pathname.slice(1)}"`);
    try {
      execFileSync("pg_restore", ["--no-owner", "--exit-on-error", "-d", fresh, dump], { stdio: "pipe" });
      const original = tableCounts(t.file);
      expect(Object.keys(original)).toContain("survey_responses");
      expect(tableCounts(fresh)).toEqual(original);
    } finally {
      dropTestDatabase(fresh);
    }
  });
});

describe.skipIf(!onPostgres)("npm run cli -- copy-to-postgres", () => {
  it("copies every table of a SQLite city in dependency order, with equal row counts and checksums; a second copy is refused", async () => {
    // A small city in SQLite: one district's divisions, demo data, a login attempt (identity key) and a session.
    const source = path.join(t.dir, "city.db");
    const sqlite = createSqliteDatabase(source);
    await migrateToLatest(sqlite.db);
    await seedDatabase(sqlite.db, planScopeDivisions().filter((r) => r.districtCode === "330102"));
    await sqlite.db.insertInto("login_attempts").values({ username: "wang.laoshi", ip: "10.0.0.1", succeeded: 0, attempted_at: nowIso() }).execute();
    await sqlite.db.insertInto("audit_log").values(auditRow(7)).execute();
    await sqlite.db.destroy();

    const target = withDatabaseName(t.file, `${new URL(t.file).pathname.slice(1)}_copy`);
    psql(withDatabaseName(t.file, "postgres"), `create database "${new URL(target).pathname.slice(1)}"`);
    try {
      const phases = new Set<string>();
      const reports = await copySqliteToPostgres(source, target, (p) => phases.add(p.phase));
      expect([...phases]).toEqual(["copy", "verify", "done"]);
      expect(reports.filter((r) => !r.ok)).toEqual([]);
      const byTable = Object.fromEntries(reports.map((r) => [r.table, r]));
      expect(byTable.communities.targetRows).toBeGreaterThan(100);
      expect(reports.findIndex((r) => r.table === "districts")).toBeLessThan(reports.findIndex((r) => r.table === "communities"));
      expect(reports.findIndex((r) => r.table === "communities")).toBeLessThan(reports.findIndex((r) => r.table === "facilities"));
      const sourceCounts = tableCounts(source);
      for (const r of reports) expect(r.targetRows, r.table).toBe(sourceCounts[r.table]);

      // The copy is a working database: the app's queries run, and new login attempts get fresh ids.
      const copied = createDatabase(target);
      try {
        await copied.db.insertInto("login_attempts").values({ username: "chen.kezhang", ip: "10.0.0.2", succeeded: 1, attempted_at: nowIso() }).execute();
        const ids = await copied.db.selectFrom("login_attempts").select("id").orderBy("id").execute();
        expect(ids.map((r) => r.id)).toEqual([1, 2]);
      } finally {
        await copied.db.destroy();
      }

      await expect(copySqliteToPostgres(source, target)).rejects.toThrow(CopyRefused);
      await expect(copySqliteToPostgres(source, target)).rejects.toThrow(/不是空的/);
    } finally {
      dropTestDatabase(target);
    }
  });
});
