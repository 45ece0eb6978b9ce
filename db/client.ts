// Opens the database named by DATABASE_URL. A postgres:// URL means PostgreSQL (Kysely's
// PostgresDialect over a pg pool); a file path (or nothing) means SQLite. Dialect-specific
// set-up lives here and nowhere else (docs/decisions/0002-portable-sql.md, 0006-postgresql.md).
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, type Driver, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from "kysely";
import pg from "pg";
import { isArmed } from "./failpoints";
import type { Database } from "./schema";

export const DEFAULT_DATABASE_FILE = "data/app.db";

export type DatabaseKind = "sqlite" | "postgres";

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location.trim());
}

/** DATABASE_URL as given: a postgres:// URL, or a SQLite file path (`file:` prefix allowed). */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL?.trim();
  if (!url) return DEFAULT_DATABASE_FILE;
  if (isPostgresUrl(url)) return url;
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}

/** A URL fit for logs: the password replaced by ***. */
export function redactUrl(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "postgres://…";
  }
}

/**
 * A submission rewrites the same hot tally pages; checkpointing every ~8,000 pages instead of
 * 1,000 copies each of them to the main file far less often (ADR 0005). The server moves
 * checkpoints to a thread of their own (db/wal-checkpointer.ts).
 */
export const WAL_AUTOCHECKPOINT_PAGES = 8000;

export function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL: readers never block the writer, and a committed answer survives a crash.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -32000");
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma("journal_size_limit = 67108864");
  // The fault test's full disk: no page beyond those the file has now (freed ones are reused).
  if (isArmed("database-full")) sqlite.pragma(`max_page_count = ${Number(sqlite.pragma("page_count", { simple: true }))}`);
  return sqlite;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The raw SQLite handle, for the online backup API and the hot submission path; null on PostgreSQL. */
  sqlite: BetterSqlite3.Database | null;
  /** The SQLite file, or the PostgreSQL URL with its password hidden (for messages). */
  file: string;
}

export interface OpenedSqliteDatabase extends OpenedDatabase {
  kind: "sqlite";
  sqlite: BetterSqlite3.Database;
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

/**
 * Kysely prepares every query afresh; preparing costs more than running most of ours.
 * Statements are cached by SQL text (Kysely only ever runs them to completion).
 */
function withStatementCache(sqlite: BetterSqlite3.Database, size = 500) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

class AppSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: BetterSqlite3.Database) {
    super({ database: sqlite });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: withStatementCache(this.sqlite) });
  }
}

const sqliteHandles = new WeakMap<Kysely<Database>, BetterSqlite3.Database>();

/** Opens DATABASE_URL (or the given URL / file): PostgreSQL for a postgres:// URL, SQLite otherwise. */
export function createDatabase(location = databaseUrlFromEnv()): OpenedDatabase {
  if (isPostgresUrl(location)) return createPostgresDatabase(location);
  return createSqliteDatabase(location);
}

export function createSqliteDatabase(file: string): OpenedSqliteDatabase {
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new AppSqliteDialect(sqlite) });
  sqliteHandles.set(db, sqlite);
  return { db, kind: "sqlite", sqlite, file };
}

// COUNT and SUM over integers are bigint in PostgreSQL, and pg returns bigint and numeric
// as strings. Our counts stay far below 2^53, so they are read as numbers, like SQLite's.
// Repositories still wrap aggregates in Number() (ADR 0006): this is the safety net.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if ((oid === INT8_OID || oid === NUMERIC_OID) && format !== "binary") return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** A pg pool of DATABASE_POOL_SIZE connections (default 10) per app instance. */
export function createPostgresPool(url: string, env: NodeJS.ProcessEnv = process.env): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(env.DATABASE_POOL_SIZE ?? 10),
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    types: pgTypes,
    application_name: "hz-community-facilities",
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it and the next query gets a fresh one.
  pool.on("error", (error) => console.warn(`PostgreSQL 连接出错（已丢弃该连接）：${error.message}`));
  return pool;
}

const postgresPools = new WeakMap<Kysely<Database>, pg.Pool>();

export function createPostgresDatabase(url: string): OpenedDatabase {
  const pool = createPostgresPool(url);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  postgresPools.set(db, pool);
  return { db, kind: "postgres", sqlite: null, file: redactUrl(url) };
}

/** The pg pool behind a Kysely instance, for the hot submission path (null for SQLite or a transaction). */
export function postgresPoolOf(db: Kysely<Database>): pg.Pool | null {
  return postgresPools.get(db) ?? null;
}

/** The raw SQLite handle behind a Kysely instance (null for other dialects or a transaction). */
export function sqliteHandleOf(db: Kysely<Database>): BetterSqlite3.Database | null {
  return sqliteHandles.get(db) ?? null;
}
