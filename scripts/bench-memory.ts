// npm run bench:memory — the server's resident memory (RSS) at rest after start, and after one
// load of each main page, on the demo city. Prints figures; not a test. Runs the server the
// way `npm start` does (node build/server.js after `npm run build`); BENCH_SERVER=tsx runs
// `tsx server.ts` instead. BENCH_DATABASE=<file> uses a copy of that SQLite file; otherwise
// a demo city is seeded into a temp directory first (≈ 1 min).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { seedDatabase } from "../db/seed";
import { Client } from "../tests/support/http-client";
import { freePort } from "../tests/support/server";

const ROOT = path.resolve(import.meta.dirname, "..");
const COMMUNITY = "330102001051";

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function demoDatabase(dir: string): Promise<string> {
  const file = path.join(dir, "bench.db");
  if (process.env.BENCH_DATABASE) {
    fs.copyFileSync(process.env.BENCH_DATABASE, file);
    return file;
  }
  const { db } = createDatabase(file);
  await migrateToLatest(db);
  await seedDatabase(db);
  await db.destroy();
  return file;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-bench-memory-"));
  let server: ChildProcess | null = null;
  try {
    const file = await demoDatabase(dir);
    const port = await freePort();
    const tsx = process.env.BENCH_SERVER === "tsx";
    const args = tsx ? ["--import", "tsx", "server.ts"] : ["build/server.js"];
    if (!tsx && !fs.existsSync(path.join(ROOT, "build/server.js"))) throw new Error("build/server.js is missing: npm run build first");
    server = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", APP_MODE: "demo", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: file },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    server.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    while (!output.includes("已启动")) {
      if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Let start-up garbage settle, as a server at rest would.
    await new Promise((r) => setTimeout(r, 3000));
    const pid = server.pid!;
    console.log(`server: node ${args.join(" ")}`);
    console.log(`${"after start".padEnd(48)} ${rssMb(pid).toFixed(0).padStart(5)} MB`);

    const base = `http://127.0.0.1:${port}`;
    const wang = await new Client(base).signIn("wang.laoshi");
    const survey = await createDatabase(file).db.selectFrom("surveys").select(["id", "public_token"]).where("community_code", "=", COMMUNITY).executeTakeFirst();
    const pages = [
      "/",
      `/communities/${COMMUNITY}`,
      `/communities/${COMMUNITY}/cycle`,
      `/communities/${COMMUNITY}/evaluation`,
      `/communities/${COMMUNITY}/gaplist?index`,
      `/communities/${COMMUNITY}/surveys?index`,
      ...(survey ? [`/communities/${COMMUNITY}/surveys/${survey.id}/results`, `/s/${survey.public_token}`] : []),
      "/map",
      "/dashboard/export.xlsx?scope=district:330102&table=stages",
    ];
    for (const page of pages) {
      const answer = await wang.get(page);
      console.log(`${`after ${page}`.slice(0, 48).padEnd(48)} ${rssMb(pid).toFixed(0).padStart(5)} MB  (${answer.status})`);
    }
  } finally {
    server?.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

await main();
