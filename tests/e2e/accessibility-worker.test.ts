// The community worker's pages pass an axe-core scan (axe injected in Chromium) with no
// serious or critical violation: the cycle, a survey, the evaluation and the 查漏补缺 list.
import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../db/client";
import type { Actor } from "../../workflows/permissions";
import { bringQingbomenToDrafting, QINGBOMEN } from "../integration/approved-list";
import { launchBrowser, logIn, type Page, type TestBrowser } from "../support/browser";
import { copyTemplateDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";

// Evaluated through the debugger protocol: the app's Content-Security-Policy refuses an injected <script>.
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server: RunningServer;
let browser: TestBrowser;
let dir: string;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical violations on the page as it stands, as "rule: help (selectors)". */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

beforeAll(async () => {
  const copy = copyTemplateDatabase();
  dir = copy.dir;
  const { db } = createDatabase(copy.file);
  try {
    const wang = await db.selectFrom("users").select("id").where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
    const worker: Actor = { id: wang.id, role: "community_worker", scopeCode: QINGBOMEN };
    await bringQingbomenToDrafting(db, worker);
  } finally {
    await db.destroy();
  }
  [server, browser] = await Promise.all([startServer({ databaseFile: copy.file }), launchBrowser()]);
});

afterAll(async () => {
  expect(browser.pageErrors).toEqual([]);
  await browser?.close();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("王老师's pages work with assistive technology", () => {
  it("the cycle, survey, evaluation and list pages have no serious or critical axe violation", async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, "wang.laoshi");
    const base = `${server.url}/communities/${QINGBOMEN}`;
    const found: Record<string, string[]> = {};

    await page.goto(`${base}/cycle`);
    await page.getByRole("heading", { name: "现在可以做什么" }).waitFor();
    found["体检流程"] = await seriousViolations(page);

    await page.goto(`${base}/surveys`);
    await page.getByRole("button", { name: "新建问卷并编辑" }).click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/edit$/);
    await page.goto(page.url().replace(/\/edit$/, ""));
    await page.getByRole("button", { name: "发布问卷" }).waitFor();
    found["需求调查问卷"] = await seriousViolations(page);

    await page.goto(`${base}/evaluation`);
    await page.getByRole("heading", { name: /对照政策评估/ }).waitFor();
    found["评估"] = await seriousViolations(page);

    await page.goto(`${base}/gaplist`);
    await page.getByRole("button", { name: "根据评估生成清单" }).click();
    await page.getByRole("status").filter({ hasText: "已根据评估生成清单草稿" }).waitFor();
    found["查漏补缺清单"] = await seriousViolations(page);
    await page.getByRole("link", { name: /^编辑第 1 项/ }).click();
    await page.getByLabel("名称（可选）").waitFor();
    found["清单事项编辑"] = await seriousViolations(page);

    expect(found).toEqual({ 体检流程: [], 需求调查问卷: [], 评估: [], 查漏补缺清单: [], 清单事项编辑: [] });
    await page.close();
  });
});
