// Moving a city from its SQLite file to PostgreSQL (`npm run cli -- copy-to-postgres`,
// docs/deployment.md). One pass: the target is migrated with the same migrations, must hold
// no rows in our tables, and receives every table in foreign-key order inside ONE
// transaction, so a failed copy leaves it empty. Afterwards each table is verified: row
// count and an MD5 over a canonical rendering of its rows in primary-key order, computed the
// same way (here, in JS) on both sides. Inherently both dialects at once, so it speaks SQL
// to each directly; the app never imports it.
import crypto from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { createPostgresDatabase, redactUrl } from "./client";
import { failpoint } from "./failpoints";
import { migrateToLatest } from "./migrate";
import { migrations } from "./migrations/index";

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export type CopyProgress =
  | { phase: "copy" | "verify"; table: string; done: number; total: number }
  | { phase: "done"; table: null; done: number; total: number };

export class CopyRefused extends Error {}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface SourceTable {
  name: string;
  columns: string[];
  primaryKey: string[];
  references: string[];
  rows: number;
}

/** Our tables in the SQLite file (not SQLite's own, not Kysely's migration bookkeeping). */
function readSourceTables(sqlite: BetterSqlite3.Database): SourceTable[] {
  const names = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\' order by name")
    .pluck()
    .all() as string[];
  return names.map((name) => {
    const info = sqlite.prepare(`select name, pk from pragma_table_info(?) order by cid`).all(name) as { name: string; pk: number }[];
    const references = sqlite.prepare("select distinct \"table\" from pragma_foreign_key_list(?)").pluck().all(name) as string[];
    const rows = (sqlite.prepare(`select count(*) from ${quote(name)}`).pluck().get() as number) ?? 0;
    return {
      name,
      columns: info.map((c) => c.name),
      primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      references: references.filter((r) => r !== name),
      rows,
    };
  });
}

/** Parents before children. */
function inDependencyOrder(tables: SourceTable[]): SourceTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: SourceTable[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: SourceTable) => {
    if (state.get(table.name) === "done") return;
    if (state.get(table.name) === "visiting") throw new CopyRefused(`外键成环，无法确定复制顺序：${table.name}`);
    state.set(table.name, "visiting");
    for (const parent of table.references) {
      const p = byName.get(parent);
      if (p) visit(p);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const t of tables) visit(t);
  return ordered;
}

/** The canonical text of one row: its values as JSON, in the table's column order. */
function canonicalRow(values: unknown[]): string {
  return JSON.stringify(values.map((v) => (typeof v === "bigint" ? Number(v) : v)));
}

/** Rows in primary-key order; on PostgreSQL text keys in byte order (COLLATE "C"), as SQLite sorts them. */
function orderBy(table: SourceTable, textColumns: Set<string>, dialect: "sqlite" | "postgres"): string {
  const keys = table.primaryKey.length ? table.primaryKey : table.columns;
  return keys.map((k) => (dialect === "postgres" && textColumns.has(k) ? `${quote(k)} collate "C"` : quote(k))).join(", ");
}

export async function copySqliteToPostgres(
  sqliteFile: string,
  postgresUrl: string,
  onProgress: (progress: CopyProgress) => void = () => {},
): Promise<TableReport[]> {
  const sqlite = new BetterSqlite3(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const applied = new Set(
      (sqlite.prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'").get()
        ? (sqlite.prepare("select name from kysely_migration").pluck().all() as string[])
        : []),
    );
    const missing = Object.keys(migrations).filter((m) => !applied.has(m));
    if (missing.length) throw new CopyRefused(`源数据库尚未迁移到最新结构（缺少 ${missing.join("、")}）：请先对它运行 npm run db:migrate。`);

    // The target gets its schema from the same migrations as every PostgreSQL deployment.
    const target = createPostgresDatabase(postgresUrl);
    try {
      await migrateToLatest(target.db);
    } finally {
      await target.db.destroy();
    }

    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      // One read transaction on the source: every table from the same moment, while the app writes on.
      sqlite.exec("begin");
      const tables = inDependencyOrder(readSourceTables(sqlite));
      const targetColumns = await client.query<{ table_name: string; column_name: string; data_type: string; is_identity: string }>(
        `select table_name, column_name, data_type, is_identity from information_schema.columns where table_schema = current_schema()`,
      );
      const columnsOf = new Map<string, { name: string; text: boolean; identity: boolean }[]>();
      for (const c of targetColumns.rows) {
        const list = columnsOf.get(c.table_name) ?? [];
        list.push({ name: c.column_name, text: c.data_type === "text", identity: c.is_identity === "YES" });
        columnsOf.set(c.table_name, list);
      }
      for (const t of tables) {
        const cols = columnsOf.get(t.name);
        if (!cols) throw new CopyRefused(`目标数据库没有表 ${t.name}：两边的迁移不一致。`);
        const absent = t.columns.filter((c) => !cols.some((x) => x.name === c));
        if (absent.length) throw new CopyRefused(`目标表 ${t.name} 缺少列 ${absent.join("、")}：两边的迁移不一致。`);
      }
      const nonEmpty: string[] = [];
      for (const t of tables) {
        const r = await client.query(`select 1 from ${quote(t.name)} limit 1`);
        if (r.rowCount) nonEmpty.push(t.name);
      }
      if (nonEmpty.length) {
        throw new CopyRefused(`目标数据库 ${redactUrl(postgresUrl)} 不是空的（${nonEmpty.join("、")} 已有数据），未写入任何数据。请换一个新建的空数据库。`);
      }

      const total = tables.reduce((s, t) => s + t.rows, 0);
      const sourceChecksums = new Map<string, { rows: number; md5: string }>();
      let done = 0;
      await client.query("begin");
      try {
        for (const t of tables) {
          const textColumns = new Set((columnsOf.get(t.name) ?? []).filter((c) => c.text).map((c) => c.name));
          const columnList = t.columns.map(quote).join(", ");
          // PostgreSQL takes at most 65,535 parameters per statement.
          const batch = Math.max(1, Math.min(1000, Math.floor(30_000 / t.columns.length)));
          const hash = crypto.createHash("md5");
          let rows = 0;
          let pending: unknown[][] = [];
          const flush = async () => {
            if (!pending.length) return;
            const params: unknown[] = [];
            const tuples = pending.map((row) => `(${row.map((v) => (params.push(typeof v === "bigint" ? Number(v) : v), `$${params.length}`)).join(", ")})`);
            await client.query(`insert into ${quote(t.name)} (${columnList}) values ${tuples.join(", ")}`, params);
            done += pending.length;
            pending = [];
            onProgress({ phase: "copy", table: t.name, done, total });
          };
          const select = sqlite.prepare(`select ${columnList} from ${quote(t.name)} order by ${orderBy(t, textColumns, "sqlite")}`).raw(true);
          for (const row of select.iterate() as IterableIterator<unknown[]>) {
            hash.update(canonicalRow(row) + "\n");
            rows++;
            pending.push(row);
            if (pending.length >= batch) await flush();
          }
          await flush();
          await failpoint("copy-to-postgres-table");
          sourceChecksums.set(t.name, { rows, md5: hash.digest("hex") });
          // Identity columns (login_attempts.id) continue after the copied numbers.
          for (const c of (columnsOf.get(t.name) ?? []).filter((x) => x.identity)) {
            await client.query(
              `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(c.name)}) from ${quote(t.name)}), 0) + 1, false)`,
              [quote(t.name), c.name],
            );
          }
        }
        await client.query("commit");
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      }
      sqlite.exec("commit");
      // Fresh statistics, or the planner guesses at the new tables until autovacuum gets there.
      await client.query("analyze");

      // Verify from what PostgreSQL now holds, read back the same way.
      const reports: TableReport[] = [];
      let verified = 0;
      for (const t of tables) {
        const textColumns = new Set((columnsOf.get(t.name) ?? []).filter((c) => c.text).map((c) => c.name));
        const hash = crypto.createHash("md5");
        let rows = 0;
        await client.query("begin read only");
        await client.query(`declare rows_cursor no scroll cursor for select ${t.columns.map(quote).join(", ")} from ${quote(t.name)} order by ${orderBy(t, textColumns, "postgres")}`);
        for (;;) {
          const page = await client.query<unknown[]>({ text: "fetch 2000 from rows_cursor", rowMode: "array" });
          for (const row of page.rows) hash.update(canonicalRow(row) + "\n");
          rows += page.rows.length;
          verified += page.rows.length;
          onProgress({ phase: "verify", table: t.name, done: verified, total });
          if (page.rows.length < 2000) break;
        }
        await client.query("commit");
        const source = sourceChecksums.get(t.name)!;
        const md5 = hash.digest("hex");
        reports.push({ table: t.name, sourceRows: source.rows, targetRows: rows, sourceChecksum: source.md5, targetChecksum: md5, ok: source.rows === rows && source.md5 === md5 });
      }
      onProgress({ phase: "done", table: null, done: total, total });
      return reports;
    } finally {
      await client.end();
    }
  } finally {
    if (sqlite.inTransaction) sqlite.exec("rollback");
    sqlite.close();
  }
}
