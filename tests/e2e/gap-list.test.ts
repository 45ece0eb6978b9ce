// Scenario 1, steps 5–7: 王老师 drafts the 查漏补缺 list of 清波门社区 from its evaluation,
// 陈科长 returns the canteen with a comment, she fixes it and resubmits, he sees only what
// changed and approves; the XLSX goes to the district.
import fs from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../workflows/permissions";
import { createDatabase } from "../../db/client";
import { followLink, type Page, postForm } from "../support/browser";
import { queryRow } from "../support/database";
import { e2eApp } from "../support/e2e-app";
import { addNeighbouringStreetReviewer, bringQingbomenToDrafting, QINGBOMEN } from "../integration/approved-list";

const COMMENT = "请补充消防条件和运营主体";
const ANSWER = "消防通道已确认；运营主体：清波街道居家养老服务中心";

let itemCount = 0;

/**
 * 清波门社区 reaches 清单编制 through the real services (bringQingbomenToDrafting); a
 * reviewer of another street is added for the permission checks.
 */
async function prepare(file: string): Promise<void> {
  const { db } = createDatabase(file);
  try {
    const wang = await db.selectFrom("users").select("id").where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
    const worker: Actor = { id: wang.id, role: "community_worker", scopeCode: QINGBOMEN };
    await bringQingbomenToDrafting(db, worker);
    await addNeighbouringStreetReviewer(db);
  } finally {
    await db.destroy();
  }
}

const app = e2eApp({ prepare });

function query<T>(sql: string, ...params: unknown[]): T {
  return queryRow<T>(app.server.databaseFile, sql, ...params);
}

const LIST = `/communities/${QINGBOMEN}/gaplist`;
const listUrl = () => `${app.server.url}${LIST}`;

async function decide(page: Page, position: number, decision: "通过" | "退回修改" | "不予通过", comment?: string) {
  const item = page.getByRole("article", { name: new RegExp(`^第 ${position} 项`) });
  await item.getByRole("radio", { name: decision, exact: true }).check();
  if (comment) await item.getByLabel(/意见或理由/).fill(comment);
  await item.getByRole("button", { name: "保存决定" }).click();
  await page.getByRole("status").filter({ hasText: `第 ${position} 项：${decision}` }).waitFor();
}

describe("the 查漏补缺 list from draft to approval", () => {
  it("王老师 generates the list from the evaluation, edits an item on her phone and submits it", async () => {
    const page = await app.signIn("wang.laoshi", { phone: true });
    await page.getByRole("navigation", { name: "社区页面" }).getByRole("link", { name: "查漏补缺清单" }).click();
    await page.getByRole("button", { name: "根据评估生成清单" }).click();
    await page.getByRole("status").filter({ hasText: "已根据评估生成清单草稿" }).waitFor();
    const table = page.getByRole("table", { name: /按序号排列/ });
    await table.locator("tbody tr").first().waitFor();
    itemCount = await table.locator("tbody tr").count();
    expect(itemCount).toBeGreaterThanOrEqual(2);
    // 一老一小 first: the first item's priority is at least the 一老一小 weight.
    expect(Number(await table.locator("tbody tr").first().locator('td[data-label="优先级"]').innerText())).toBeGreaterThanOrEqual(100);
    await page.getByText("优先级和建设方式怎么定（含默认值）").click();
    await page.getByText("优先级 = 100 × 一老一小 + 60 × 需求 + 40 × 缺口").waitFor();

    await page.getByRole("link", { name: /^编辑第 1 项/ }).click();
    // 功能 offers only the chosen 领域's functions.
    const [domain, fn] = [await page.getByLabel("领域").inputValue(), await page.getByLabel("功能").inputValue()];
    await page.getByLabel("领域").selectOption({ label: "社区助餐" });
    expect(await page.getByLabel("功能").locator("option").allTextContents()).toEqual(["社区助餐（老年食堂/社区食堂）", "助餐点"]);
    await page.getByLabel("领域").selectOption(domain);
    await page.getByLabel("功能").selectOption(fn);
    await page.getByLabel("名称（可选）").fill("清波门民生服务点");
    await page.getByLabel("候选选址").fill("清波街 12 号腾退用房");
    // Cost in 万元, as the table shows it.
    await page.getByLabel("估算投资（万元）").fill("123.45");
    await page.getByRole("button", { name: "保存修改" }).click();
    await page.getByRole("status").filter({ hasText: "已保存第 1 项的修改" }).waitFor();
    await table.getByText("候选选址：清波街 12 号腾退用房").waitFor();
    await table.getByText(/^清波门民生服务点：/).waitFor();
    expect(await table.locator("tbody tr").first().locator('td[data-label="估算投资（万元）"]').innerText()).toMatch(/^123\.45/);

    await page.getByRole("button", { name: "提交街道审核" }).click();
    await page.getByRole("status").filter({ hasText: "已提交街道审核" }).waitFor();
    await page.getByRole("link", { name: /^编辑第 1 项/ }).waitFor({ state: "detached" });
    expect(query<{ stage: string }>("select stage from cycles where community_code = ? and stage <> 'closed'", QINGBOMEN).stage).toBe("street_review");
    await page.close();
  });

  it("陈科长 finds it in his queue with its item count and returns the first item with a comment", async () => {
    const page = await app.signIn("chen.kezhang");
    const nav = page.getByRole("navigation", { name: "主导航" });
    await nav.getByLabel("1 项待审核").waitFor();
    await nav.getByRole("link", { name: /待我审核/ }).click();
    const row = page.getByRole("row").filter({ hasText: "清波门社区" });
    await row.getByText(`${itemCount} 项，待决定 ${itemCount} 项`).waitFor();
    await row.getByRole("link", { name: "清波门社区" }).click();
    await page.getByRole("heading", { name: /审核查漏补缺清单/ }).waitFor();

    const first = page.getByRole("article", { name: /^第 1 项/ });
    await first.getByRole("heading", { name: "依据" }).waitFor();
    await first.getByText(/优先级 [\d.]+ = 一老一小/).waitFor();
    await decide(page, 1, "退回修改", COMMENT);
    for (let n = 2; n <= itemCount; n++) await decide(page, n, "通过");
    await page.getByRole("button", { name: "完成审核" }).click();
    await page.getByRole("status").filter({ hasText: "清单已退回社区修改" }).waitFor();
    expect(query<{ status: string }>("select status from gap_lists where community_code = ?", QINGBOMEN).status).toBe("returned");
    await page.close();
  });

  it("王老师 sees the comment on arrival, answers it and resubmits", async () => {
    const page = await app.signIn("wang.laoshi", { phone: true });
    const notice = page.getByRole("note", { name: "街道已退回查漏补缺清单" });
    await notice.getByText(COMMENT).waitFor();
    await notice.getByRole("link", { name: "去修改清单" }).click();
    await page.getByRole("heading", { name: "街道退回意见" }).waitFor();

    await page.getByRole("link", { name: /^编辑第 1 项/ }).click();
    await page.getByText(`街道上次审核：退回修改，意见：${COMMENT}`).waitFor();
    await page.getByLabel(/备注/).fill(ANSWER);
    await page.getByRole("button", { name: "保存修改" }).click();
    await page.getByRole("status").filter({ hasText: "已保存第 1 项的修改" }).waitFor();
    await page.getByRole("region", { name: "退回后的修改" }).getByText(ANSWER).waitFor();
    await page.getByRole("button", { name: "提交街道审核" }).click();
    await page.getByRole("status").filter({ hasText: "已提交街道审核" }).waitFor();
    await page.close();
  });

  it("陈科长 sees only what changed, approves it, and the list is approved and frozen", async () => {
    const page = await app.signIn("chen.kezhang");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: /待我审核/ }).click();
    const row = page.getByRole("row").filter({ hasText: "清波门社区" });
    await row.getByText(`${itemCount} 项，待决定 1 项（第 2 次提交）`).waitFor();
    await row.getByRole("link", { name: "清波门社区" }).click();

    const changes = page.getByRole("region", { name: "与上次审核相比" });
    await changes.getByText(`未改动 ${itemCount - 1} 项`).waitFor();
    await changes.getByText(ANSWER).waitFor();
    const first = page.getByRole("article", { name: /^第 1 项/ });
    await first.getByText("本次修改").waitFor();
    await first.getByText(`上次决定：退回修改，意见：${COMMENT}`).waitFor();
    expect(await page.getByRole("article", { name: /^第 2 项/ }).getByText("本次修改").count()).toBe(0);

    // The diff line leads to the changed item's card.
    await changes.getByRole("link", { name: /^第 1 项/ }).click();
    expect(page.url()).toMatch(/#review-/);
    // The rest in one go, with one confirmation.
    await page.getByRole("checkbox", { name: "我已查看，其余 1 项未决定的事项全部通过" }).check();
    await page.getByRole("button", { name: "其余事项全部通过，结束审核" }).click();
    await page.getByRole("status").filter({ hasText: "其余 1 项已全部通过。审核完成：清单审核通过并锁定" }).waitFor();
    expect(query<{ stage: string }>("select stage from cycles where community_code = ? and stage <> 'closed'", QINGBOMEN).stage).toBe("planning");
    expect(query<{ n: number }>("select count(*) n from audit_log where action = 'gaplist.item.decide'").n).toBe(itemCount);
    expect(query<{ n: number }>("select count(*) n from audit_log where action = 'gaplist.approve_undecided'").n).toBe(1);
    expect(query<{ n: number }>("select count(*) n from audit_log where action in ('gaplist.return', 'gaplist.approve')").n).toBe(2);

    // The XLSX, parsed back, holds the approved rows, the cycle and the policy version.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 XLSX" }).click()]);
    expect(download.suggestedFilename()).toMatch(/清波门社区-查漏补缺清单-2026年第2轮\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await fs.promises.readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("查漏补缺清单")!;
    const texts: string[][] = [];
    sheet.eachRow((r) => texts.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
    expect(texts.flat().join("\n")).toContain("政策版本 hangzhou-2024-11 第 1 版");
    expect(texts.flat().join("\n")).toMatch(/2026 年第 2 轮/);
    const headerIndex = texts.findIndex((r) => r[0] === "序号");
    const header = texts[headerIndex];
    expect(header).toEqual(expect.arrayContaining(["序号", "社区", "领域", "功能", "建设方式", "建设面积（m²）", "估算投资（万元）", "资金来源", "优先级", "审核结论", "审核意见"]));
    const rows = texts.slice(headerIndex + 1).filter((r) => /^\d+$/.test(r[0]));
    expect(rows).toHaveLength(itemCount);
    const col = (name: string) => header.indexOf(name);
    for (const r of rows) {
      expect(r[col("社区")]).toBe("清波门社区");
      expect(r[col("审核结论")]).toBe("通过");
    }
    expect(rows[0][col("候选选址")]).toBe("清波街 12 号腾退用房");
    expect(rows[0][col("备注")]).toBe(ANSWER);
    const trail: string[] = [];
    workbook.getWorksheet("审核记录")!.eachRow((r) => trail.push(String(r.getCell(3).value)));
    expect(trail).toEqual(["操作", "根据评估生成", "提交街道审核", "退回修改", "提交街道审核", "审核通过"]);
    await page.close();
  });

  it("the approved list is frozen for 王老师, and prints on A4 with a signature block", async () => {
    const page = await app.signIn("wang.laoshi", { at: LIST });
    await page.getByText("审核通过（已锁定）").first().waitFor();
    expect(await page.getByRole("button", { name: "提交街道审核" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: /^编辑第 1 项/ }).count()).toBe(0);
    await followLink(page, "打印（A4 横向）", /清波门社区 社区嵌入式服务设施查漏补缺清单/);
    for (const text of ["社区（盖章）", "街道审核意见", "审核人（签字）：陈科长（街道审核员）"]) await page.getByText(text).waitFor();
    expect(await page.getByRole("navigation", { name: "社区页面" }).count()).toBe(0);
    await page.close();
  });
});

describe("who may decide", () => {
  it("a reviewer of another street gets 404; a worker cannot approve, even with a valid form", async () => {
    const stranger = await app.signIn("li.kezhang");
    const response = await stranger.goto(`${listUrl()}/review`);
    expect(response?.status()).toBe(404);
    await stranger.getByRole("heading", { name: "找不到页面（404）" }).waitFor();
    await stranger.close();

    const worker = await app.signIn("wang.laoshi", { at: LIST });
    const list = query<{ version: number; id: string }>("select id, version from gap_lists where community_code = ?", QINGBOMEN);
    const item = query<{ id: string }>("select id from gap_items where list_id = ? order by position limit 1", list.id);
    const before = query<{ n: number }>("select count(*) n from audit_log where action = 'denied:review:gaplist'").n;
    expect(await postForm(worker, `${listUrl()}/review`, { intent: "decide", version: String(list.version), itemId: item.id, decision: "approve" })).toBe(403);
    expect(await postForm(worker, `${listUrl()}/review`, { intent: "finish", version: String(list.version) })).toBe(403);
    expect(query<{ n: number }>("select count(*) n from audit_log where action = 'denied:review:gaplist'").n).toBe(before + 2);
    await worker.close();
  });
});
