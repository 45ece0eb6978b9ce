// npm run bench:trends [-- <database file or postgres:// URL>] — the trends page's read model
// on the demo city (a fresh migrated, seeded SQLite file unless one is given): the first call
// (survey definitions read and cached) and the median of later calls, for 上城区, a street and
// a community; and the one grouped query alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadTrendPage } from "../app/lib/trend-pages.server";
import { createDatabase, isPostgresUrl } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { sumTalliesByRound, type TrendScope } from "../db/repositories/trends";
import { seedDatabase } from "../db/seed";

const RUNS = 9;
const SCOPES: TrendScope[] = [
  { level: "district", code: "330102" },
  { level: "street", code: "330102003" },
  { level: "community", code: "330102003052" },
];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timed(fn));
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function main() {
  const given = process.argv[2];
  const dir = given ? null : fs.mkdtempSync(path.join(os.tmpdir(), "hz-bench-trends-"));
  const { db } = createDatabase(given ?? path.join(dir!, "app.db"));
  if (!given) {
    await migrateToLatest(db);
    await seedDatabase(db);
  }
  console.log(`backend: ${given && isPostgresUrl(given) ? "PostgreSQL" : "SQLite"}`);
  for (const scope of SCOPES) {
    const page = (includeUnverified: boolean) => loadTrendPage(db, scope, { question: "meal_assist_need", includeUnverified });
    const first = await timed(() => page(false));
    const verified = await median(() => page(false));
    const all = await median(() => page(true));
    const query = await median(() => sumTalliesByRound(db, scope, { verifiedOnly: true }));
    const { rounds } = await page(false);
    console.log(
      `${scope.level} ${scope.code}: first ${first.toFixed(0)} ms; median ${verified.toFixed(0)} ms (已核验), ${all.toFixed(0)} ms (含未核验); grouped query ${query.toFixed(0)} ms — rounds ${rounds.map((r) => `${r.label} ${r.communities} 社区 ${r.respondents} 户`).join(", ")}`,
    );
  }
  await db.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

void main();
