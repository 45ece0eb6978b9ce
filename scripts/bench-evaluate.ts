// npm run bench:evaluate — evaluation of whole synthetic cities read from SQLite, the way the
// app does it. Prints figures; never fails on them.
//
// For each size (500, 1,000 and 3,000 communities; BENCH_SIZES=500,1000 to choose) a fresh
// SQLite file is built with: ~20 communities per street, 3–8 小区 and 20 facilities per
// community (85 % operating, coordinates on a 700 m grid like a dense city), every current
// cycle in 评估, and one closed needs survey per cycle whose survey_tallies rows are exactly
// what the survey code keeps after 300 submissions. Those tallies are made by running 300
// validated sample answer sets through tallyDeltas (the survey code's own function); 16
// such sets are made and dealt out in turn, so the table holds the real number and shape of
// rows (≈ 300–400 per survey) without writing 900,000 raw answers, which the evaluation
// never reads anyway (it reads only the derived rows of survey_tallies).
//
// Timed, per size:
//   read facts   readEvaluationFacts for every community: communities, 小区, facilities,
//                cycles, surveys, tallies (median of 3)
//   evaluate     the pure engine over the whole city with the grid neighbour search
//                (evaluateBatch, median of 3)
//   read+eval    evaluateCommunities, the app's path: both of the above plus the stored
//                input with each community's neighbours (median of 3)
//   save         one transaction storing every result (evaluations + evaluation_domains + audit)
//   batch job    the batch job as the server runs it: chunks of 100, each one transaction
//                that reads (with the neighbour pool of the chunk), evaluates and saves
//
// BENCH_BACKENDS=sqlite,postgres: each city is also copied to PostgreSQL (copy-to-postgres,
// BENCH_POSTGRES_URL or a throwaway durable cluster) and timed there the same way.
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveScope, runToEnd, startBatchEvaluation } from "../app/lib/batch-evaluation.server";
import { evaluateCommunities, saveEvaluation } from "../app/lib/evaluations.server";
import { loadActivePolicy } from "../app/lib/policy.server";
import { compileAnswerValidator } from "../workflows/surveys/answers";
import { NEIGHBOURHOOD_QUESTION, setQuestionChoices } from "../workflows/surveys/definition";
import { validateSurveyDefinition } from "../workflows/surveys/definition.server";
import { sampleNeedsAnswers, seededRandom } from "../workflows/surveys/sample-answers";
import { sumTallies, type TallyRow, tallyDeltas } from "../workflows/surveys/tallies";
import { surveyTemplate } from "../workflows/surveys/templates";
import pg from "pg";
import { createDatabase, createSqliteDatabase } from "../db/client";
import { copySqliteToPostgres } from "../db/copy-to-postgres";
import { readEvaluationFacts } from "../db/repositories/evaluations";
import { migrateToLatest } from "../db/migrate";
import { cycleAt, DEFAULT_MIN_RESPONSE_RATE, persistCycle } from "../workflows/community-cycle";
import { evaluateBatch, type EvaluationInput } from "../workflows/evaluation";
import { EVALUATION_TALLY_QUESTIONS, evaluationInputOf } from "../workflows/evaluation-survey";
import { CONSOLE_ACTOR } from "../workflows/permissions";
import { DOMAINS, FACILITY_STATUSES, functionsOfDomain } from "../workflows/glossary";

const SIZES = (process.env.BENCH_SIZES ?? "500,1000,3000").split(",").map(Number);
// BENCH_BACKENDS=sqlite,postgres times the same city on PostgreSQL too (a copy made with copy-to-postgres).
const BACKENDS = (process.env.BENCH_BACKENDS ?? "sqlite").split(",");
const RESPONSES_PER_SURVEY = 300;
const FACILITIES_PER_COMMUNITY = 20;
const TALLY_SETS = 16;
const CENTRE = { lat: 30.25, lng: 120.17 };
const M_PER_DEG_LAT = 111_195;
const SPACING_M = 700;

function offset(lat: number, lng: number, northM: number, eastM: number) {
  return { lat: lat + northM / M_PER_DEG_LAT, lng: lng + eastM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)) };
}

/** Tally sets of 300 validated sample submissions each, through the survey code's own functions. */
function makeTallySets(): TallyRow[][] {
  const neighbourhoods = ["n1", "n2", "n3", "n4"];
  const definition = setQuestionChoices(
    surveyTemplate("needs_seven_domain"),
    NEIGHBOURHOOD_QUESTION,
    neighbourhoods.map((value, i) => ({ value, text: `${i + 1}号小区` })),
  );
  const checked = validateSurveyDefinition(definition, { stage: "publish" });
  if (!checked.ok) throw new Error(checked.errors.join("\n"));
  const validate = compileAnswerValidator(checked.definition);
  const random = seededRandom(20241108);
  return Array.from({ length: TALLY_SETS }, () => {
    const rows: TallyRow[] = [];
    for (let i = 0; i < RESPONSES_PER_SURVEY; i++) {
      const result = validate(JSON.parse(JSON.stringify(sampleNeedsAnswers(validate.questions, neighbourhoods, random))));
      if (!result.ok) throw new Error("a sample answer set was refused");
      rows.push(...tallyDeltas(validate.questions, result.data));
    }
    return sumTallies(rows);
  });
}

function buildCity(file: string, communities: number, tallySets: TallyRow[][]): { facilities: number; tallyRows: number; neighbourhoods: number } {
  const { sqlite } = createSqliteDatabase(file);
  const rand = seededRandom(communities);
  const now = new Date().toISOString();
  const side = Math.ceil(Math.sqrt(communities));
  const snapshotOf = (code: string, street: string) =>
    JSON.stringify(
      persistCycle(
        cycleAt("evaluating", {
          communityCode: code,
          streetCode: street,
          year: 2026,
          round: 1,
          minResponseRate: DEFAULT_MIN_RESPONSE_RATE,
          responseOverride: null,
          reviewComment: null,
          noGapReason: null,
          carriedOver: [],
        }),
      ).snapshot,
    );
  const insert = {
    district: sqlite.prepare("insert into districts (code, name, in_plan_scope) values (?, ?, 1)"),
    street: sqlite.prepare("insert into streets (code, district_code, name) values (?, ?, ?)"),
    community: sqlite.prepare(
      `insert into communities (code, street_code, district_code, name, kind, urban_rural_code, households, population, share_60_plus, share_0_3, share_3_12,
        development_type, is_pilot, has_hub, lat, lng, is_demo_data, updated_at) values (?, ?, ?, ?, '社区', null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    ),
    neighbourhood: sqlite.prepare("insert into neighbourhoods (id, community_code, name, households, lat, lng, is_demo_data) values (?, ?, ?, ?, ?, ?, 1)"),
    facility: sqlite.prepare(
      `insert into facilities (id, community_code, name, domain, functions, area_m2, office_area_m2, status, lat, lng, operator, operating_model, pricing,
        service_level, hub_part, is_demo_data, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, null, 'basic', ?, 1, ?, ?)`,
    ),
    cycle: sqlite.prepare(
      `insert into cycles (id, community_code, year, round, machine_version, snapshot, stage, version, stage_entered_at, is_demo_data, created_at, updated_at)
        values (?, ?, 2026, 1, 1, ?, 'evaluating', 1, ?, 1, ?, ?)`,
    ),
    survey: sqlite.prepare(
      `insert into surveys (id, cycle_id, community_code, kind, title, definition, definition_version, status, public_token, open_link_enabled, code_salt,
        version, is_demo_data, created_at, updated_at) values (?, ?, ?, 'needs', '居民需求调查', '{}', 1, 'closed', ?, 0, 'salt', 1, 1, ?, ?)`,
    ),
    tally: sqlite.prepare("insert into survey_tallies (survey_id, question, option, segment, count, sum) values (?, ?, ?, ?, ?, ?)"),
  };
  let facilities = 0;
  let tallyRows = 0;
  let neighbourhoods = 0;
  sqlite.transaction(() => {
    insert.district.run("330199", "合成区");
    for (let i = 0; i < communities; i++) {
      const street = `330199${String(Math.floor(i / 20) + 1).padStart(3, "0")}`;
      if (i % 20 === 0) insert.street.run(street, "330199", `合成街道${Math.floor(i / 20) + 1}`);
      const code = `${street}${String((i % 20) + 1).padStart(3, "0")}`;
      const centre = offset(CENTRE.lat, CENTRE.lng, (Math.floor(i / side) - side / 2) * SPACING_M, ((i % side) - side / 2) * SPACING_M);
      const places = Array.from({ length: 3 + Math.floor(rand() * 6) }, () => ({
        households: 100 + Math.floor(rand() * 700),
        ...offset(centre.lat, centre.lng, (rand() - 0.5) * 800, (rand() - 0.5) * 800),
      }));
      const households = places.reduce((sum, p) => sum + p.households, 0);
      insert.community.run(
        code, street, "330199", `合成社区${i + 1}`, households, Math.round(households * 2.6), 0.1 + rand() * 0.3, 0.03, 0.08,
        rand() < 0.2 ? "new" : "existing", rand() < 0.1 ? 1 : 0, rand() < 0.4 ? 1 : 0, centre.lat, centre.lng, now,
      );
      places.forEach((p, n) => insert.neighbourhood.run(`${code}-n${n}`, code, `小区${n + 1}`, p.households, p.lat, p.lng));
      neighbourhoods += places.length;
      for (let f = 0; f < FACILITIES_PER_COMMUNITY; f++) {
        const domain = DOMAINS[Math.floor(rand() * DOMAINS.length)];
        const choices = functionsOfDomain(domain);
        const status = rand() < 0.85 ? "operating" : FACILITY_STATUSES[Math.floor(rand() * FACILITY_STATUSES.length)];
        const area = Math.round(30 + rand() * 300);
        const p = offset(centre.lat, centre.lng, (rand() - 0.5) * 1200, (rand() - 0.5) * 1200);
        insert.facility.run(
          `${code}-f${f}`, code, `设施${f + 1}`, domain, JSON.stringify([choices[Math.floor(rand() * choices.length)]]), area,
          Math.round(area * rand() * 0.4), status, p.lat, p.lng, rand() < 0.3 ? 1 : 0, now, now,
        );
        facilities++;
      }
      const cycleId = `${code}-y1`;
      insert.cycle.run(cycleId, code, snapshotOf(code, street), now, now, now);
      const surveyId = `${code}-s1`;
      insert.survey.run(surveyId, cycleId, code, `token-${code}`, now, now);
      for (const t of tallySets[i % tallySets.length]) {
        insert.tally.run(surveyId, t.question, t.option, t.segment, t.count, t.sum);
        tallyRows++;
      }
    }
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return { facilities, tallyRows, neighbourhoods };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

interface Row {
  backend: string;
  communities: number;
  facilities: number;
  tallyRows: number;
  readMs: number;
  evaluateMs: number;
  totalMs: number;
  saveMs: number;
  batchMs: number;
}

async function benchSize(dir: string, communities: number, tallySets: TallyRow[][], postgres: PostgresServer | null): Promise<Row[]> {
  const file = path.join(dir, `city-${communities}.db`);
  const build = await time(async () => {
    const { db } = createDatabase(file);
    await migrateToLatest(db);
    await db.destroy();
    return buildCity(file, communities, tallySets);
  });
  process.stderr.write(`  ${communities} 个社区：建库 ${(build.ms / 1000).toFixed(1)} 秒（${build.value.facilities} 处设施，${build.value.tallyRows} 行 survey_tallies）\n`);
  // The same city on PostgreSQL, copied before SQLite's run saves anything.
  const pgUrl = postgres ? await postgres.copyOf(file, `city_${communities}`) : null;
  const rows = [await timeCity(file, communities, build.value, "SQLite")];
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}-wal`, { force: true });
  fs.rmSync(`${file}-shm`, { force: true });
  if (postgres && pgUrl) {
    rows.push(await timeCity(pgUrl, communities, build.value, "PostgreSQL"));
    await postgres.drop(pgUrl);
  }
  return rows;
}

interface PostgresServer {
  copyOf: (sqliteFile: string, name: string) => Promise<string>;
  drop: (url: string) => Promise<void>;
  stop: () => void;
}

/** BENCH_POSTGRES_URL, or a throwaway durable cluster (scripts/pg-test-cluster.sh). */
async function postgresServer(): Promise<PostgresServer> {
  let serverUrl = process.env.BENCH_POSTGRES_URL?.trim() ?? "";
  let stop = () => {};
  if (!serverUrl) {
    serverUrl = execSync("bash scripts/pg-test-cluster.sh start", { env: { ...process.env, PG_DURABLE: "1" }, stdio: ["ignore", "pipe", "inherit"] }).toString().trim();
    const started = serverUrl;
    stop = () => execSync(`bash scripts/pg-test-cluster.sh stop "${started}"`, { stdio: "ignore" });
  }
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    async copyOf(sqliteFile, name) {
      const database = `hz_bench_${name}_${process.pid}`;
      await admin(`create database "${database}"`);
      // As SQLite's WAL + synchronous=NORMAL: a commit is not flushed before it returns.
      await admin(`alter database "${database}" set synchronous_commit = off`);
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      const reports = await copySqliteToPostgres(sqliteFile, url.toString());
      if (reports.some((r) => !r.ok)) throw new Error(`copy to ${database} did not verify`);
      const analyze = new pg.Client({ connectionString: url.toString() });
      await analyze.connect();
      await analyze.query("analyze");
      await analyze.end();
      return url.toString();
    },
    drop: (url) => admin(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`),
    stop,
  };
}

async function timeCity(location: string, communities: number, built: { facilities: number; tallyRows: number }, backend: string): Promise<Row> {
  process.stderr.write(`  ${communities} 个社区：${backend} 计时 …\n`);
  const { db } = createDatabase(location);
  const policy = await loadActivePolicy(db);
  const codes = (await db.selectFrom("communities").select("code").orderBy("code").execute()).map((c) => c.code);
  const walkingDistanceM = 1000;
  const cli = { actor: CONSOLE_ACTOR, ip: null };

  const reads: number[] = [];
  const evals: number[] = [];
  const totals: number[] = [];
  let inputs: EvaluationInput[] = [];
  for (let round = 0; round < 3; round++) {
    const read = await time(() => readEvaluationFacts(db, codes, { walkingDistanceM, outsideNeighbours: false, tallyQuestions: EVALUATION_TALLY_QUESTIONS }));
    reads.push(read.ms);
    inputs = read.value.rows.map(evaluationInputOf);
    evals.push((await time(() => evaluateBatch(inputs, policy.effective))).ms);
    totals.push((await time(() => evaluateCommunities(db, codes, policy, { outsideNeighbours: false }))).ms);
  }
  const surveyed = inputs.filter((i) => i.survey && i.survey.respondents === RESPONSES_PER_SURVEY).length;
  if (surveyed !== communities) throw new Error(`only ${surveyed} of ${communities} communities read their survey tallies`);

  const prepared = await evaluateCommunities(db, codes, policy, { outsideNeighbours: false });
  const save = await time(() =>
    db.transaction().execute(async (trx) => {
      for (const p of prepared) await saveEvaluation(trx, cli, p, policy);
    }),
  );

  const scope = (await resolveScope(db, "330199"))!;
  const batch = await time(async () => {
    const started = await startBatchEvaluation(db, cli, { scope });
    if (!started.ok) throw new Error(started.message);
    return runToEnd(db, started.jobId);
  });
  if (batch.value.saved !== communities) throw new Error(`batch saved ${batch.value.saved} of ${communities}`);
  await db.destroy();
  return {
    backend,
    communities,
    facilities: built.facilities,
    tallyRows: built.tallyRows,
    readMs: median(reads),
    evaluateMs: median(evals),
    totalMs: median(totals),
    saveMs: save.ms,
    batchMs: batch.ms,
  };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-bench-evaluate-"));
  try {
    process.stderr.write(`生成调查汇总：${TALLY_SETS} 组 × ${RESPONSES_PER_SURVEY} 份答卷 …\n`);
    const tallySets = makeTallySets();
    const rows: Row[] = [];
    const postgres = BACKENDS.includes("postgres") ? await postgresServer() : null;
    try {
      for (const size of SIZES) rows.push(...(await benchSize(dir, size, tallySets, postgres)));
    } finally {
      postgres?.stop();
    }

    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const per = (ms: number, n: number) => `${((ms * 1000) / n).toFixed(0)} µs`;
    console.log(`\n评估基准（${os.cpus().length} 核，Node ${process.version}；每社区 ${FACILITIES_PER_COMMUNITY} 处设施、${RESPONSES_PER_SURVEY} 份答卷的调查汇总）\n`);
    console.log("| 数据库 | 社区数 | 设施 | 调查汇总行 | 读取事实 | 评估（含邻近搜索） | 读取+评估 | 每社区 | 保存全部 | 批量任务（每块 100，含保存） |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(
        `| ${r.backend} | ${r.communities} | ${r.facilities} | ${r.tallyRows} | ${s(r.readMs)} | ${s(r.evaluateMs)} | ${s(r.totalMs)} | ${per(r.totalMs, r.communities)} | ${s(r.saveMs)} | ${s(r.batchMs)} |`,
      );
    }
    const sqliteRows = rows.filter((r) => r.backend === "SQLite");
    const first = sqliteRows[0];
    const last = sqliteRows[sqliteRows.length - 1];
    if (sqliteRows.length > 1) {
      const growth = last.totalMs / last.communities / (first.totalMs / first.communities);
      console.log(`\n读取+评估的每社区耗时，${last.communities} 个相对 ${first.communities} 个：× ${growth.toFixed(2)}（1 ≈ 线性增长）`);
    }
    for (const target of rows.filter((r) => r.communities === 3000)) {
      console.log(`目标：3,000 个社区读取+评估 < 10 秒 —— ${target.backend} 实测 ${s(target.totalMs)}${target.totalMs < 10_000 ? "，达标" : "，未达标"}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
