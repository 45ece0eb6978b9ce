// A production install from an empty database, as docs/deployment.md says: seed (reference
// data only), setup --admin, start. No demo account exists and the demo password signs nobody in.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed";
import { launchBrowser, type TestBrowser } from "../support/browser";
import { queryRow } from "../support/database";
import { type RunningServer, startServer } from "../support/server";

const root = path.resolve(import.meta.dirname, "../..");
let dir: string;
let databaseFile: string;
let browser: TestBrowser;
let server: RunningServer | undefined;
const production = { NODE_ENV: "production" as const, APP_MODE: "" };

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    cwd: root,
    env: { ...process.env, ...production, DATABASE_URL: databaseFile },
    input,
    encoding: "utf8",
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-production-"));
  databaseFile = path.join(dir, "app.db");
  browser = await launchBrowser();
});
afterAll(async () => {
  expect(browser.pageErrors).toEqual([]);
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a production install", () => {
  it("seeds reference data only, refuses the demo, and creates the first 市级管理员", () => {
    const demo = cli(["seed", "--demo"]);
    expect(demo.status).toBe(2);
    expect(demo.stderr).toContain("生产环境（NODE_ENV=production）不能载入演示数据");
    const seed = cli(["seed"]);
    expect(seed.status, seed.stderr).toBe(0);
    expect(seed.stdout).toContain("2470 个社区/村");
    expect(seed.stdout).not.toContain(DEMO_PASSWORD);
    expect(queryRow<{ n: number }>(databaseFile, "select count(*) as n from users").n).toBe(0);
    const setup = cli(["setup", "--admin", "hz.admin", "--name", "杭州市管理员", "--password-stdin"], "Xihu-Dragon-Well-88\n");
    expect(setup.status, setup.stderr).toBe(0);
    const again = cli(["setup", "--admin", "hz.admin2"]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("已有市级管理员账号");
  }, 180_000);

  it("will not start without PUBLIC_BASE_URL", async () => {
    await expect(startServer({ databaseFile, env: { ...production, PUBLIC_BASE_URL: "" } })).rejects.toThrow(/未设置 PUBLIC_BASE_URL/);
  });

  it("starts; the demo password signs nobody in and the new admin signs in", async () => {
    // Forms are judged same-origin against PUBLIC_BASE_URL: here the browser reaches the server at its own address.
    server = await startServer({ databaseFile, env: { ...production, PUBLIC_BASE_URL: "{url}" } });
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("用户名").fill("city.admin");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("alert").filter({ hasText: "用户名或密码不正确" }).waitFor();
    await page.getByLabel("用户名").fill("hz.admin");
    await page.getByLabel("密码").fill("Xihu-Dragon-Well-88");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${server.url}/city`);
    await page.getByRole("link", { name: "账号管理" }).click();
    await page.getByRole("cell", { name: "杭州市管理员" }).waitFor();
    await page.close();
  });
});
