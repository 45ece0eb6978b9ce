// The server's WAL checkpoints run in a thread of their own (db/wal-checkpointer.ts): what the
// app commits reaches the database file while the app goes on writing, with no checkpoint in
// its own commits.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlite, WAL_AUTOCHECKPOINT_PAGES } from "../../db/client";
import { startWalCheckpointer } from "../../db/wal-checkpointer";
import { onPostgres } from "../support/database";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-wal-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe.skipIf(onPostgres)("WAL checkpoints beside the app (SQLite)", () => {
  it("copies committed pages into the database file while the app keeps writing, and hands back on stop", async () => {
    const file = path.join(dir, "app.db");
    const sqlite = openSqlite(file);
    sqlite.exec("create table answers (id integer primary key, body text not null)");
    const insert = sqlite.prepare("insert into answers (body) values (?)");
    const write = sqlite.transaction((n: number) => {
      for (let i = 0; i < n; i++) insert.run("答".repeat(1000));
    });
    // ≈ 3 MB: fewer pages than wal_autocheckpoint, so only a checkpoint moves them to the file.
    write(1000);
    const before = fs.statSync(file).size;
    expect(before).toBeLessThan(100_000);

    const checkpointer = startWalCheckpointer(sqlite, { intervalMs: 50 });
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBeGreaterThan(WAL_AUTOCHECKPOINT_PAGES);
    expect(await until(() => fs.statSync(file).size > 2_500_000, 5_000)).toBe(true);

    write(1000);
    expect(await until(() => fs.statSync(file).size > 5_500_000, 5_000)).toBe(true);
    expect(sqlite.prepare("select count(*) from answers").pluck().get()).toBe(2000);

    await checkpointer.stop();
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    sqlite.close();
  });
});
