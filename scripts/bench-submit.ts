// npm run bench:submit — resident submissions over HTTP against the production build, side by
// side (alternating rounds) with a bare node:http + better-sqlite3 server. Prints figures; never fails on them.
// The same app also takes a matrix-heavy survey (two 6 × 5 matrices, a ranking, a dynamic panel;
// tests/support/matrix-survey.ts) in the same rounds, so both are measured against the same floor.
//
// BENCH_BACKENDS=sqlite,postgres adds the same app on PostgreSQL with one and with two
// instances (the load split between them, as nginx would), each on its own copy of the same
// seeded city (made with copy-to-postgres). The server is BENCH_POSTGRES_URL, or a throwaway
// durable cluster (scripts/pg-test-cluster.sh, PG_DURABLE=1). Its databases run with
// synchronous_commit = off, which is what SQLite's WAL + synchronous=NORMAL gives the app:
// a commit is not flushed to disk before the answer, a crash of the app loses nothing.
import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { compileAnswerValidator } from "../workflows/surveys/answers";
import type { SurveyJson } from "../workflows/surveys/definition";
import { generateHouseholdCodes } from "../workflows/surveys/household-codes";
import { hashHouseholdCode } from "../app/lib/survey-household-codes.server";
import { ensurePepperFile, readPepper } from "../db/household-code-pepper";
import { sampleNeedsAnswers, seededRandom } from "../workflows/surveys/sample-answers";
import pg from "pg";
import { createDatabase } from "../db/client";
import { copySqliteToPostgres } from "../db/copy-to-postgres";
import { newId } from "../db/ids";
import { nowIso } from "../db/clock";
import { migrateToLatest } from "../db/migrate";
import { seedDatabase } from "../db/seed";
import { MATRIX_HEAVY_SURVEY, sampleMatrixAnswers } from "../tests/support/matrix-survey";
import { openNeedsSurvey, openSurveyWith } from "../tests/support/surveys";

const TOTAL = Number(process.env.BENCH_N ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = 4;
/** Requests sent to each server before measuring (JIT, page cache); not counted. */
const WARMUP = 1_000;
const COMMUNITY = "330102001051";
const BUILD_DIR = ".builds/bench";

const BACKENDS = (process.env.BENCH_BACKENDS ?? "sqlite").split(",");
const WITH_POSTGRES = BACKENDS.includes("postgres");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-bench-submit-"));
const appDb = path.join(dir, "app.db");
const floorDb = path.join(dir, "floor.db");
const pepperFile = path.join(dir, "household-code-pepper");

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

async function start(command: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, command, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes(ready) && resolve());
    child.once("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  return child;
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3] + fields[4]; // idle + iowait
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Every non-2xx answer of the run by status: a bench that meets a limit or an outage says so. */
const refusedByStatus = new Map<number, number>();

/** One round against one server, or against several at once with the load split evenly (several instances). */
async function round(urls: string | string[], bodies: string[], pids: number | number[]) {
  const targets = Array.isArray(urls) ? urls : [urls];
  const processes = Array.isArray(pids) ? pids : [pids];
  const latencies: number[] = [];
  let index = 0;
  let non2xx = 0;
  const cpuBefore = processes.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const machineBefore = machineTicks();
  const started = performance.now();
  let lastResponse = started;
  await Promise.all(
    targets.map(
      (url, i) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const share = Math.floor(bodies.length / targets.length) + (i < bodies.length % targets.length ? 1 : 0);
          const instance = autocannon(
            {
              url,
              method: "POST",
              connections: Math.max(1, Math.round(CONNECTIONS / targets.length)),
              amount: share,
              headers: { "content-type": "application/json" },
              requests: [{ setupRequest: (req) => ({ ...req, body: bodies[index++ % bodies.length] }) }],
            },
            (error, res) => (error ? reject(error) : resolve(res)),
          );
          instance.on("response", (_client, statusCode, _bytes, responseTime) => {
            lastResponse = performance.now();
            latencies.push(responseTime);
            if (statusCode < 200 || statusCode >= 300) {
              non2xx++;
              refusedByStatus.set(statusCode, (refusedByStatus.get(statusCode) ?? 0) + 1);
            }
          });
        }),
    ),
  );
  // autocannon ends a run on its one-second tick: time the requests, not the run.
  const seconds = (lastResponse - started) / 1000;
  const cpu = processes.reduce((sum, pid) => sum + cpuMs(pid), 0) - cpuBefore;
  const machineAfter = machineTicks();
  // Share of all cores busy during the round (the load generator, other processes and PostgreSQL included).
  const busy = ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * os.cpus().length;
  return { latencies, seconds, requests: latencies.length, non2xx, cpu, busy };
}

interface PostgresSide {
  serverUrl: string;
  stopCluster: (() => void) | null;
  databases: string[];
}

/** Copies of the seeded SQLite city on PostgreSQL, one per configuration, made with copy-to-postgres. */
async function preparePostgres(source: string, names: string[]): Promise<PostgresSide> {
  let serverUrl = process.env.BENCH_POSTGRES_URL?.trim() ?? "";
  let stopCluster: (() => void) | null = null;
  if (!serverUrl) {
    serverUrl = execSync("bash scripts/pg-test-cluster.sh start", { env: { ...process.env, PG_DURABLE: "1" }, stdio: ["ignore", "pipe", "inherit"] }).toString().trim();
    const started = serverUrl;
    stopCluster = () => execSync(`bash scripts/pg-test-cluster.sh stop "${started}"`, { stdio: "ignore" });
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const databases: string[] = [];
  try {
    for (const name of names) {
      const database = `hz_bench_${name}_${process.pid}`;
      await admin.query(`create database "${database}"`);
      await admin.query(`alter database "${database}" set synchronous_commit = off`);
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      const reports = await copySqliteToPostgres(source, url.toString());
      if (reports.some((r) => !r.ok)) throw new Error(`copy to ${database} did not verify`);
      databases.push(url.toString());
    }
  } finally {
    await admin.end();
  }
  return { serverUrl, stopCluster, databases };
}

async function dropPostgres(side: PostgresSide) {
  const admin = new pg.Client({ connectionString: side.serverUrl });
  await admin.connect();
  for (const url of side.databases) await admin.query(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
  await admin.end();
  side.stopCluster?.();
}

async function main() {
  console.log(`bench:submit — ${TOTAL} submissions per server, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds`);
  execSync("npx remix build", { stdio: "ignore", env: { ...process.env, BUILD_DIR } });

  const { db } = createDatabase(appDb);
  await migrateToLatest(db);
  await seedDatabase(db);
  const actor = { id: "bench", role: "community_worker" as const, scopeCode: COMMUNITY };
  const survey = await openNeedsSurvey(db, { actor, ip: null }, COMMUNITY, { days: 1 });
  const matrixSurvey = await openSurveyWith(db, { actor, ip: null }, COMMUNITY, MATRIX_HEAVY_SURVEY, { days: 1 });

  // One household code per submission, hashed as the app stores them (with the pepper file the
  // app servers are pointed at).
  ensurePepperFile(pepperFile);
  const pepper = readPepper({ ...process.env, HOUSEHOLD_CODE_PEPPER_FILE: pepperFile });
  const codes = generateHouseholdCodes(TOTAL + WARMUP, seededRandom(7));
  const matrixCodes = generateHouseholdCodes(TOTAL + WARMUP, seededRandom(8));
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    for (const [forSurvey, list] of [[survey, codes], [matrixSurvey, matrixCodes]] as const) {
      const rows = list.map((code) => ({ id: newId(), survey_id: forSurvey.id, neighbourhood_id: null, code_hash: hashHouseholdCode(code, forSurvey.codeSalt, pepper), batch: 1, used_at: null, created_at: now }));
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto("household_codes").values(rows.slice(i, i + 500)).execute();
    }
  });
  await db.destroy();
  const postgres = WITH_POSTGRES ? await preparePostgres(appDb, ["one", "two"]) : null;

  const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
  const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
  const random = seededRandom(42);
  // Every third household writes a comment, as residents do (issue 18 segments it at submission).
  const comments = ["电梯经常坏，老人上下楼很难", "老年食堂太远了，助餐点能不能多开一个", "充电桩太少，电瓶车乱拉电线", "希望加装电梯", "停车位不够，晚上回来没地方停"];
  const all = codes.map((code, i) =>
    JSON.stringify({
      idempotencyKey: `bench-${i}-${survey.id.slice(-8)}`,
      householdCode: code,
      answers: { ...sampleNeedsAnswers(questions, neighbourhoods, random), ...(i % 3 === 0 ? { comments: comments[i % comments.length] } : {}) },
    }),
  );
  const warmup = all.slice(TOTAL);
  const bodies = all.slice(0, TOTAL);
  const meanBytes = Math.round(bodies.reduce((s, b) => s + b.length, 0) / bodies.length);
  const matrixRandom = seededRandom(43);
  const matrixAll = matrixCodes.map((code, i) =>
    JSON.stringify({ idempotencyKey: `bench-m${i}-${matrixSurvey.id.slice(-8)}`, householdCode: code, answers: sampleMatrixAnswers(matrixRandom) }),
  );
  const matrixBodies = matrixAll.slice(0, TOTAL);
  const matrixBytes = Math.round(matrixBodies.reduce((s, b) => s + b.length, 0) / matrixBodies.length);

  const appPort = 3400 + Math.floor(Math.random() * 200);
  const floorPort = appPort + 1;
  const app = await start([...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=/tmp/appprof"] : []), "--import", "tsx", "server.ts"], { PORT: String(appPort), HOST: "127.0.0.1", DATABASE_URL: appDb, BUILD_DIR, NODE_ENV: "production", APP_MODE: "demo", HOUSEHOLD_CODE_PEPPER_FILE: pepperFile }, "已启动");
  const floor = await start(["--import", "tsx", "scripts/bench/floor-server.ts", floorDb, String(floorPort)], {}, "floor ready");
  const appOn = (databaseUrl: string, port: number) =>
    start(["--import", "tsx", "server.ts"], { PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, BUILD_DIR, NODE_ENV: "production", APP_MODE: "demo", HOUSEHOLD_CODE_PEPPER_FILE: pepperFile }, "已启动");
  const pgOne = postgres ? [await appOn(postgres.databases[0], appPort + 2)] : [];
  const pgTwo = postgres ? [await appOn(postgres.databases[1], appPort + 3), await appOn(postgres.databases[1], appPort + 4)] : [];
  const submitUrl = (port: number, token = survey.publicToken) => `http://127.0.0.1:${port}/api/s/${token}/responses`;

  const empty = () => ({ latencies: [] as number[], seconds: 0, requests: 0, non2xx: 0, cpu: 0, busySeconds: 0, rounds: [] as number[] });
  const totals = { app: empty(), matrix: empty(), floor: empty(), pgOne: empty(), pgTwo: empty() };
  type Name = keyof typeof totals;
  const perRound = TOTAL / ROUNDS;
  // Warm both (JIT, page cache) before measuring; the app with answers of its own household codes.
  await round(submitUrl(appPort), warmup, app.pid!);
  await round(submitUrl(appPort, matrixSurvey.publicToken), matrixAll.slice(TOTAL), app.pid!);
  await round(`http://127.0.0.1:${floorPort}/`, warmup, floor.pid!);
  for (let r = 0; r < ROUNDS; r++) {
    const slice = bodies.slice(r * perRound, (r + 1) * perRound);
    const configurations: [Name, string | string[], number | number[], string[]][] = [
      ["app", submitUrl(appPort), app.pid!, slice],
      ["matrix", submitUrl(appPort, matrixSurvey.publicToken), app.pid!, matrixBodies.slice(r * perRound, (r + 1) * perRound)],
      ["floor", `http://127.0.0.1:${floorPort}/`, floor.pid!, slice],
    ];
    if (postgres) {
      configurations.push(["pgOne", submitUrl(appPort + 2), pgOne[0].pid!, slice]);
      configurations.push(["pgTwo", [submitUrl(appPort + 3), submitUrl(appPort + 4)], pgTwo.map((p) => p.pid!), slice]);
    }
    for (const [name, url, pid, sent] of configurations) {
      const result = await round(url, sent, pid);
      const t = totals[name];
      t.latencies.push(...result.latencies);
      t.seconds += result.seconds;
      t.requests += result.requests;
      t.non2xx += result.non2xx;
      t.cpu += result.cpu;
      t.busySeconds += result.busy * result.seconds;
      t.rounds.push(result.requests / result.seconds);
    }
  }
  app.kill("SIGTERM");
  await new Promise((r) => app.once("exit", r));
  floor.kill("SIGTERM");
  for (const child of [...pgOne, ...pgTwo]) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }

  const countStored = async (location: string, surveyId = survey.id) => {
    const { db: check } = createDatabase(location);
    const stored = await check.selectFrom("survey_responses").where("survey_id", "=", surveyId).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    await check.destroy();
    return Number(stored.n);
  };
  const stored = { n: (await countStored(appDb)) - WARMUP, matrix: (await countStored(appDb, matrixSurvey.id)) - WARMUP };
  const storedPg = postgres ? [await countStored(postgres.databases[0]), await countStored(postgres.databases[1])] : [];

  const row = (name: Name) => {
    const t = totals[name];
    const sorted = [...t.latencies].sort((a, b) => a - b);
    return {
      name,
      rps: t.requests / t.seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      cpuPerRequest: t.cpu / t.requests,
      busyCores: t.busySeconds / t.seconds,
      non2xx: t.non2xx,
    };
  };
  const a = row("app");
  const m = row("matrix");
  const f = row("floor");
  console.log(`answer payload ≈ ${meanBytes} bytes (matrix-heavy ≈ ${matrixBytes} bytes); machine: ${os.cpus().length} cores, ${os.cpus()[0].model}`);
  console.log("server                              req/s    p50 ms  p95 ms  p99 ms  CPU ms/req  non-2xx  cores busy");
  const rows = [
    { ...a, name: "app (validate+idempotency+tallies)" },
    { ...m, name: "app · matrix-heavy survey" },
    { ...f, name: "floor (node:http+better-sqlite3)" },
  ];
  if (postgres) rows.push({ ...row("pgOne"), name: "app · PostgreSQL × 1 instance" }, { ...row("pgTwo"), name: "app · PostgreSQL × 2 instances" });
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${r.cpuPerRequest.toFixed(3).padStart(11)} ${String(r.non2xx).padStart(8)} ${r.busyCores.toFixed(2).padStart(11)}`,
    );
  }
  // Other work on the machine moves single rounds: the spread shows how much.
  console.log(`req/s per round: ${(["app", "matrix", "floor", "pgOne", "pgTwo"] as Name[]).filter((n) => totals[n].rounds.length).map((n) => `${n} ${totals[n].rounds.map((x) => x.toFixed(0)).join("/")}`).join("; ")}`);
  console.log(`app / floor throughput: ${(a.rps / f.rps).toFixed(2)} (target ≥ 0.5); app p95 ${a.p95.toFixed(1)} ms (target < 60 ms)`);
  console.log(`matrix-heavy / floor throughput: ${(m.rps / f.rps).toFixed(2)}; matrix-heavy / seven-domain: ${(m.rps / a.rps).toFixed(2)} (target ≥ 0.90)`);
  console.log(`stored responses: ${stored.n} of ${TOTAL} sent (seven-domain), ${stored.matrix} of ${TOTAL} (matrix-heavy)`);
  if (refusedByStatus.size) console.log(`non-2xx by status: ${[...refusedByStatus].map(([status, n]) => `${status} × ${n}`).join(", ")}`);
  if (postgres) {
    const two = row("pgTwo");
    console.log(`PostgreSQL stored: ${storedPg[0]} (× 1) and ${storedPg[1]} (× 2) of ${TOTAL} sent each; CPU ms/req counts the app processes only, not PostgreSQL's`);
    console.log(`PostgreSQL × 2 / SQLite × 1 throughput: ${(two.rps / a.rps).toFixed(2)}`);
    await dropPostgres(postgres);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
