// `npm run cli -- backup <dest>` for the SQLite deployment: SQLite's online backup API
// through better-sqlite3, consistent while the app keeps writing. PostgreSQL is backed up
// with pg_dump (docs/deployment.md).
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface BackupResult {
  file: string;
  pages: number;
  bytes: number;
  integrity: string;
}

/**
 * Copies `source` to `dest` page by page, a slice per step so the app's writes go on between
 * steps. A write by another connection makes SQLite restart the copy; when that happens the
 * rest is copied in one step (one read snapshot under WAL, so writers still are not blocked),
 * which always finishes. The copy is checked with PRAGMA integrity_check before it counts.
 */
export async function backupSqlite(source: string, dest: string, onProgress: (p: BackupProgress) => void = () => {}): Promise<BackupResult> {
  if (!fs.existsSync(source)) throw new Error(`找不到数据库文件：${source}`);
  const target = path.resolve(dest);
  if (fs.existsSync(target)) throw new Error(`目标文件已存在：${dest}（不覆盖已有备份）`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const sqlite = new BetterSqlite3(source, { fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    let lastRemaining = Number.POSITIVE_INFINITY;
    let restarted = false;
    const result = await sqlite.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress({ totalPages, remainingPages });
        if (remainingPages > lastRemaining) restarted = true;
        lastRemaining = remainingPages;
        return restarted ? 0x7fffffff : Math.max(256, Math.ceil(totalPages / 50));
      },
    });
    onProgress({ totalPages: result.totalPages, remainingPages: 0 });
  } finally {
    sqlite.close();
  }
  const copy = new BetterSqlite3(target, { fileMustExist: true });
  try {
    const integrity = String(copy.pragma("integrity_check", { simple: true }));
    const pages = Number(copy.pragma("page_count", { simple: true }));
    if (integrity !== "ok") throw new Error(`备份文件未通过完整性检查：${integrity}`);
    return { file: target, pages, bytes: fs.statSync(target).size, integrity };
  } finally {
    copy.close();
  }
}
