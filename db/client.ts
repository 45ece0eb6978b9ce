// Opens the database named by DATABASE_URL. A file path (or nothing) means SQLite;
// dialect-specific set-up lives here and nowhere else.
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";

export const DEFAULT_DATABASE_FILE = "data/app.db";

export function databaseFileFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL?.trim();
  if (!url) return DEFAULT_DATABASE_FILE;
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}

export function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL: readers never block the writer, and a committed answer survives a crash.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -32000");
  return sqlite;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The raw SQLite handle, for the online backup API and the hot submission path. */
  sqlite: BetterSqlite3.Database;
  file: string;
}

export function createDatabase(file = databaseFileFromEnv()): OpenedDatabase {
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, sqlite, file };
}
