// Opens the database named by DATABASE_URL. A file path (or nothing) means SQLite;
// dialect-specific set-up lives here and nowhere else.
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, type Driver, Kysely, SqliteDialect, SqliteDriver } from "kysely";
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

/**
 * Transactions take the write lock at BEGIN. With a plain (deferred) BEGIN, two processes
 * that both read and then write fail with SQLITE_BUSY instead of waiting their turn; with
 * IMMEDIATE the second waits (busy_timeout) and then sees the first one's commit.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class AppSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: BetterSqlite3.Database) {
    super({ database: sqlite });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.sqlite });
  }
}

export function createDatabase(file = databaseFileFromEnv()): OpenedDatabase {
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new AppSqliteDialect(sqlite) });
  return { db, sqlite, file };
}
