// The WAL checkpointer's thread (db/wal-checkpointer.ts). Plain JavaScript, so the worker
// starts without a TypeScript loader. PASSIVE never waits for the app's readers or writer: it
// copies what it can to the database file, and the next tick copies the rest.
import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";

const { file, intervalMs } = workerData;
const sqlite = new BetterSqlite3(file, { fileMustExist: true });

const timer = setInterval(() => {
  try {
    sqlite.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy (another checkpoint is running) or a passing I/O error: the next tick tries again.
  }
}, intervalMs);

parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  sqlite.close();
  parentPort.close();
});
