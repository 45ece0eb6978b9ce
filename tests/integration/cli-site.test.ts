import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetTrap, GREEDY_TRAP_ANSWER, greedyTrap } from "../support/siting-instances";

const ROOT = path.resolve(import.meta.dirname, "../..");
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-site-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `cli.ts site` the way `npm run --silent cli -- site <file>` does, from the repo root. */
function site(args: string[]) {
  const databaseFile = path.join(dir, "must-not-exist.db");
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", "site", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseFile },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(fs.existsSync(databaseFile), "site must not open the database").toBe(false);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function writeInput(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

/** The trap instance in the contract's shape: `select`, not the engine's `limit`. */
const { limit: _limit, ...trapInput } = { ...greedyTrap(), select: 2 };

function expectRefused(run: ReturnType<typeof site>, chinese: RegExp, english: RegExp) {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(chinese);
  expect(run.stderr).toMatch(english);
  expect(run.stderr).not.toMatch(/\n\s+at /); // never a stack trace
}

describe("npm run cli -- site <input.json>", () => {
  it("finds the two outer sites (10 newly covered) where greedy would stop at 8, and exits 0 with JSON", () => {
    const run = site([writeInput("trap.json", trapInput)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(GREEDY_TRAP_ANSWER);
  });

  it("chooses within a budget: B and C (10) rather than the best value for money, A (7)", () => {
    const { limit: _budgetLimit, ...budgetInput } = { ...budgetTrap(), budget: 10 };
    const run = site([writeInput("budget.json", budgetInput)]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ selected: ["B", "C"], coveredWeight: 10, totalWeight: 17, method: "exact" });
  });

  it("refuses a missing file", () => {
    expectRefused(site([path.join(dir, "nowhere.json")]), /找不到输入文件/, /input file not found/);
  });

  it("refuses input that breaks the contract, one line per problem", () => {
    const input = { ...trapInput, radiusM: 0, demand: [{ id: "w1", lat: 30.25, lng: 120.16 }], extra: true };
    const run = site([writeInput("contract.json", input)]);
    expectRefused(run, /radiusM: 半径必须大于 0/, /radiusM must be greater than 0/);
    expect(run.stderr).toMatch(/demand\[0\]\.weight: 缺少权重 \/ missing weight/);
    expect(run.stderr).toMatch(/extra: 未知字段 "extra" \/ unknown field "extra"/);
  });
});
