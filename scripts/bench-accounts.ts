// bench:accounts — a city-wide roll-out of 2,700 accounts through `cli import-users` (argon2
// for every one-time password), then the production start check on those accounts, and its
// worst case (every account's password unchecked, so every hash is verified). Prints figures.
//   UV_THREADPOOL_SIZE=1 npm run bench:accounts   compares with hashing on one thread
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { accountsOpenedByDemoPassword, productionStartProblems } from "../app/lib/production-check.server";
import { createSqliteDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { seedDatabase } from "../db/seed";
import { planScopeDivisions } from "../db/reference";
import { runImportUsers } from "./commands/import-users";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-bench-accounts-"));
const file = path.join(dir, "app.db");
process.env.DATABASE_URL = file;

try {
  const { db } = createSqliteDatabase(file);
  await migrateToLatest(db);
  await seedDatabase(db, undefined, { mode: "production" });

  // 10 区级管理员, 143 街道审核员, 2,470 社区工作者, and a second worker in 77 communities.
  const rows = planScopeDivisions();
  const districts = [...new Set(rows.map((r) => r.districtCode))];
  const streets = [...new Set(rows.map((r) => r.streetCode))];
  const lines = ["用户名,姓名,角色,范围代码,手机"];
  districts.forEach((code) => lines.push(`d${code},区管理员${code},区级管理员,${code},`));
  streets.forEach((code) => lines.push(`s${code},街道审核员${code},街道审核员,${code},`));
  rows.forEach((r) => lines.push(`c${r.communityCode},社区工作者${r.communityCode},社区工作者,${r.communityCode},138${r.communityCode.slice(-8)}`));
  rows.slice(0, 2700 - lines.length + 1).forEach((r) => lines.push(`c${r.communityCode}.b,社区工作者${r.communityCode}乙,社区工作者,${r.communityCode},`));
  const csv = path.join(dir, "accounts.csv");
  fs.writeFileSync(csv, lines.join("\n") + "\n");
  const accounts = lines.length - 1;

  const threads = process.env.UV_THREADPOOL_SIZE ?? "4 (default)";
  console.log(`bench:accounts — ${accounts} accounts, ${os.availableParallelism()} cores, UV_THREADPOOL_SIZE=${threads}`);
  const started = performance.now();
  const code = await runImportUsers([csv, "--out", path.join(dir, "slips.xlsx")]);
  const importSeconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`import-users exited ${code}`);
  console.log(`import-users (read, check, ${accounts} argon2 hashes, one transaction, slips.xlsx): ${importSeconds.toFixed(1)} s`);

  let t = performance.now();
  const problems = await productionStartProblems(db, { NODE_ENV: "production", PUBLIC_BASE_URL: "https://tijian.example.gov.cn" });
  console.log(`production start check on ${accounts + 0} accounts (passwords set by the app are not re-verified): ${(performance.now() - t).toFixed(0)} ms, ${problems.length} problems`);

  await db.updateTable("users").set({ password_checked: 0 }).execute();
  t = performance.now();
  const opened = await accountsOpenedByDemoPassword(db);
  console.log(`worst case, every hash verified against the demo password: ${((performance.now() - t) / 1000).toFixed(1)} s, ${opened.length} opened`);
  await db.destroy();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
