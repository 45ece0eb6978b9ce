import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, inject } from "vitest";
import { createDatabase, isPostgresUrl, type OpenedDatabase } from "../../db/client";

// Tests run against SQLite by default, and against PostgreSQL under `npm run test:pg`
// (TEST_DATABASE_URL): the template (tests/support/template-database.ts) is then a migrated,
// seeded PostgreSQL database, and each copy is CREATE DATABASE … TEMPLATE it. The helpers
// stay synchronous (psql for PostgreSQL's admin statements) so test files need not care.

export type TestBackend = "sqlite" | "postgres";

export function testBackend(): TestBackend {
  return isPostgresUrl(inject("templateDatabase")) ? "postgres" : "sqlite";
}

/** `it.skipIf(onPostgres)` for an assertion about SQLite itself (pragmas, the fast path). */
export const onPostgres = isPostgresUrl(process.env.TEST_DATABASE_URL ?? "");

export interface TestDatabase extends OpenedDatabase {
  /** The SQLite file, or the PostgreSQL URL of this test's own database. */
  file: string;
  dir: string;
  cleanup: () => Promise<void>;
}

/** The URL of another database on the same PostgreSQL server. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Runs SQL through psql and returns what it printed (tuples only, unaligned). */
export function psql(url: string, statement: string): string {
  return execFileSync("psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", statement], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * A private copy of the seeded template database: a file in its own temp directory, or on
 * PostgreSQL a new database made from the template (`file` is then its URL). Remove it with
 * dropTestDatabase (or let the run's teardown drop what is left).
 */
export function copyTemplateDatabase(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-test-"));
  const template = inject("templateDatabase");
  if (isPostgresUrl(template)) {
    const name = `${databaseNameOf(template)}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
    psql(withDatabaseName(template, "postgres"), `create database "${name}" template "${databaseNameOf(template)}"`);
    return { dir, file: withDatabaseName(template, name) };
  }
  const file = path.join(dir, "app.db");
  fs.copyFileSync(template, file);
  return { dir, file };
}

export function dropTestDatabase(location: string): void {
  if (!isPostgresUrl(location)) return;
  psql(withDatabaseName(location, "postgres"), `drop database if exists "${databaseNameOf(location)}" with (force)`);
}

export function openTestDatabase(): TestDatabase {
  const { dir, file } = copyTemplateDatabase();
  const opened = createDatabase(file);
  return {
    ...opened,
    file,
    dir,
    cleanup: async () => {
      await opened.db.destroy();
      dropTestDatabase(file);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private copy of the demo database for each test of the calling file, dropped after the test. */
export function databasePerTest(): TestDatabase {
  // Filled in beforeEach, which runs before any test reads it.
  const t = {} as TestDatabase;
  beforeEach(() => {
    Object.assign(t, openTestDatabase());
  });
  afterEach(async () => {
    await t.cleanup();
  });
  return t;
}

/** Inlines `?` parameters as SQL literals, for psql (test data only). */
function inlineParameters(statement: string, params: unknown[]): string {
  let i = 0;
  return statement.replace(/\?/g, () => {
    const value = params[i++];
    if (value === null || value === undefined) return "null";
    if (typeof value === "number") return String(value);
    return `'${String(value).replace(/'/g, "''")}'`;
  });
}

/**
 * Reads rows from a test's database with plain SQL and `?` parameters, on either backend
 * (e2e tests check what a page stored). Counts come back as numbers on both.
 */
export function queryRows<T>(location: string, statement: string, ...params: unknown[]): T[] {
  if (isPostgresUrl(location)) {
    const out = psql(location, `select coalesce(json_agg(q), '[]') from (${inlineParameters(statement, params)}) q`);
    return JSON.parse(out) as T[];
  }
  const db = new BetterSqlite3(location, { readonly: true });
  try {
    return db.prepare(statement).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function queryRow<T>(location: string, statement: string, ...params: unknown[]): T {
  return queryRows<T>(location, statement, ...params)[0];
}

/** Writes to a test's database with plain SQL and `?` parameters (e2e set-up only). */
export function executeSql(location: string, statement: string, ...params: unknown[]): void {
  if (isPostgresUrl(location)) {
    psql(location, inlineParameters(statement, params));
    return;
  }
  const db = new BetterSqlite3(location);
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}
