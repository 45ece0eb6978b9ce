import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { setUpFirstAdmin } from "../../app/lib/accounts.server";
import { accountsOpenedByDemoPassword, productionStartProblems } from "../../app/lib/production-check.server";
import { login } from "../../app/lib/sign-in.server";
import { createDatabase, type OpenedDatabase } from "../../db/client";
import { ensurePepperFile } from "../../db/household-code-pepper";
import { migrateToLatest } from "../../db/migrate";
import { DEMO_PASSWORD, seedDatabase } from "../../db/seed";
import { planScopeDivisions } from "../../db/reference";
import { CONSOLE_ACTOR } from "../../workflows/permissions";
import { databaseNameOf, openTestDatabase, psql, testBackend, withDatabaseName } from "../support/database";
import { inject } from "vitest";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A migrated database with nothing in it, on the backend under test. */
async function emptyDatabase(): Promise<OpenedDatabase> {
  let location: string;
  if (testBackend() === "postgres") {
    const template = inject("templateDatabase");
    const name = `${databaseNameOf(template)}_empty_${crypto.randomBytes(4).toString("hex")}`;
    psql(withDatabaseName(template, "postgres"), `create database "${name}"`);
    location = withDatabaseName(template, name);
    cleanups.push(async () => void psql(withDatabaseName(template, "postgres"), `drop database if exists "${name}" with (force)`));
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-empty-"));
    location = path.join(dir, "app.db");
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const opened = createDatabase(location);
  cleanups.unshift(() => opened.db.destroy());
  await migrateToLatest(opened.db);
  return opened;
}

const count = async (db: OpenedDatabase["db"], table: "users" | "neighbourhoods" | "facilities" | "surveys" | "evaluations" | "projects") =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

// The 户码密钥 file setup makes (db/household-code-pepper.ts), in a directory of its own.
const pepperDir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-pepper-"));
const pepperFile = path.join(pepperDir, "household-code-pepper");
ensurePepperFile(pepperFile);
afterAll(() => fs.rmSync(pepperDir, { recursive: true, force: true }));
const production = { NODE_ENV: "production" as const, PUBLIC_BASE_URL: "https://tijian.example.gov.cn", HOUSEHOLD_CODE_PEPPER_FILE: pepperFile };
// One district keeps the seed quick; the code path is the city's.
const shangcheng = () => planScopeDivisions().filter((r) => r.districtCode === "330102");

describe("a production install", () => {
  it("loads the divisions and first rounds only: no demo account, no demo figure, even if a demo seed runs later", async () => {
    const { db } = await emptyDatabase();
    const summary = await seedDatabase(db, shangcheng(), { mode: "production" });
    expect(summary).toMatchObject({ districts: 1, neighbourhoods: 0, facilities: 0 });
    await seedDatabase(db, shangcheng(), { mode: "demo" });
    for (const table of ["users", "neighbourhoods", "facilities", "surveys", "evaluations", "projects"] as const) expect(await count(db, table), table).toBe(0);
    const demoRows = await db.selectFrom("communities").select("code").where("is_demo_data", "=", 1).execute();
    expect(demoRows).toEqual([]);
    const stages = await db.selectFrom("cycles").select(["stage", "is_demo_data", "round"]).distinct().execute();
    expect(stages).toEqual([{ stage: "preparing", is_demo_data: 0, round: 1 }]);
  });

  it("starts once PUBLIC_BASE_URL is set and the first 市级管理员 exists; the demo password signs nobody in", async () => {
    const { db } = await emptyDatabase();
    await seedDatabase(db, shangcheng(), { mode: "production" });
    expect(await productionStartProblems(db, { NODE_ENV: "production", HOUSEHOLD_CODE_PEPPER_FILE: path.join(pepperDir, "not-made-yet") })).toEqual([
      expect.stringMatching(/未设置 PUBLIC_BASE_URL/),
      expect.stringMatching(/找不到户码密钥文件/),
    ]);
    const setup = await setUpFirstAdmin(db, { actor: CONSOLE_ACTOR, ip: null }, { username: "hz.admin", displayName: "市级管理员", password: null });
    if (!setup.ok || !setup.oneTimePassword) throw new Error("setup failed");
    expect(await productionStartProblems(db, production)).toEqual([]);
    expect(await login(db, { username: "city.admin", password: DEMO_PASSWORD, ip: "10.0.0.1", https: true })).toMatchObject({ ok: false, status: 400 });
    expect(await login(db, { username: "hz.admin", password: setup.oneTimePassword, ip: "10.0.0.1", https: true })).toMatchObject({ ok: true, mustChangePassword: true });
  });

  it("setup refuses a weak password from standard input", async () => {
    const { db } = await emptyDatabase();
    const weak = await setUpFirstAdmin(db, { actor: CONSOLE_ACTOR, ip: null }, { username: "hz.admin", displayName: "市级管理员", password: "password123" });
    expect(weak).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/常见/) });
  });
});

describe("a production server on the demo database", () => {
  it("refuses to start and names the accounts the demo password opens; APP_MODE=demo runs the demo", async () => {
    const t = openTestDatabase();
    cleanups.push(t.cleanup);
    const started = performance.now();
    expect(await accountsOpenedByDemoPassword(t.db)).toEqual(["chen.kezhang", "city.admin", "shangcheng.admin", "wang.laoshi"]);
    expect(performance.now() - started).toBeLessThan(5_000);
    const problems = await productionStartProblems(t.db, production);
    expect(problems).toEqual([expect.stringMatching(/演示密码.*chen\.kezhang/)]);
    expect(await productionStartProblems(t.db, { ...production, APP_MODE: "demo" })).toEqual([]);
  });
});
