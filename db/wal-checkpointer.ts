// Checkpoints copy committed pages from the WAL into the database file. SQLite runs them
// inside the commit that crosses wal_autocheckpoint, on the app's only thread: under a
// submission peak that was ≈ 5 µs an answer, and a stall of tens of ms every few thousand
// answers. SQLite's advice for busy writers is to turn automatic checkpoints down and run them
// from a thread of their own; the server does that (ADR 0005). CLI runs and tests keep the
// automatic checkpoints.
import fs from "node:fs";
import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";
import { WAL_AUTOCHECKPOINT_PAGES } from "./client";

/** Beside this module in the source tree; one folder up in db/ when server.ts runs bundled as build/server.js. */
const WORKER_FILE = [new URL("./wal-checkpointer.worker.mjs", import.meta.url), new URL("../db/wal-checkpointer.worker.mjs", import.meta.url)].find((url) => fs.existsSync(url));

/** The connection's own automatic checkpoint stays on, far out, in case the thread stops. */
const FALLBACK_AUTOCHECKPOINT_PAGES = WAL_AUTOCHECKPOINT_PAGES * 4;

export interface WalCheckpointer {
  /** Resolves once the thread has closed its connection. */
  stop(): Promise<void>;
}

export function startWalCheckpointer(sqlite: BetterSqlite3.Database, { intervalMs = 500 } = {}): WalCheckpointer {
  if (!WORKER_FILE) throw new Error("wal-checkpointer.worker.mjs is missing beside db/wal-checkpointer.ts");
  const worker = new Worker(WORKER_FILE, {
    workerData: { file: sqlite.name, intervalMs },
  });
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      resolve();
    }),
  );
  worker.on("error", (error) => console.error("WAL 检查点线程已停止，改由主连接自动检查点：", error));
  return {
    stop() {
      worker.postMessage("stop");
      return exited;
    },
  };
}
