// What the benchmarks share: a seeded database in a fresh temporary folder; for the page
// benchmarks (bench:dashboard, bench:resident) also the app built into its own folder and
// the built server on that database.
import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { seedDatabase } from "../db/seed";

export const BUILD_DIR = ".builds/bench";

/** A migrated and seeded `app.db` in a new temporary folder named after the benchmark; the caller removes `dir`. */
export async function seededDatabase(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hz-bench-${name}-`));
  const file = path.join(dir, "app.db");
  const { db } = createDatabase(file);
  await migrateToLatest(db);
  await seedDatabase(db);
  return { dir, file, db };
}

/** Builds the app into BUILD_DIR, then makes the seeded database. */
export function buildAndSeed(name: string) {
  execSync("npx remix build", { stdio: "ignore", env: { ...process.env, BUILD_DIR } });
  return seededDatabase(name);
}

/** The built app in production (demo mode) on that database, on a random port from `firstPort` on, once it says it has started. */
export async function startBuiltServer(file: string, firstPort: number, ports: number): Promise<{ server: ChildProcess; base: string }> {
  const port = firstPort + Math.floor(Math.random() * ports);
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: file, BUILD_DIR, NODE_ENV: "production", APP_MODE: "demo" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => server.stdout!.on("data", (d: Buffer) => d.toString().includes("已启动") && resolve()));
  return { server, base: `http://127.0.0.1:${port}` };
}
