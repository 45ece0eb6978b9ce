// Scenario 5, after the list is approved: 王老师 turns 清波门社区's approved items into two
// projects (one merged into a 共同体 project), tracks them to 开放运营 with a photo; 陈科长
// accepts the 儿童之家 and fails the 共同体 with remarks; the facility inventory shows the new
// facility; a resident answers the feedback survey; three quiet months produce a score and a
// flag; closing the round opens the next one carrying the flag. Then who may do what.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { monthInHangzhou, todayInHangzhou } from "../../db/clock";
import { monthsUpTo } from "../../workflows/dates";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { createDatabase } from "../../db/client";
import type { GapItem } from "../../db/repositories/gap-lists";
import { functionShortLabel, itemTitle } from "../../workflows/gap-list";
import { FUNCTION_CATALOGUE, MILESTONE_LABELS, MILESTONES } from "../../workflows/glossary";
import { addDays } from "../../workflows/projects";
import { type Page, postForm } from "../support/browser";
import { queryRow, queryRows } from "../support/database";
import { e2eApp } from "../support/e2e-app";
import { addNeighbouringStreetReviewer, approveQingbomenList, QINGBOMEN } from "../integration/approved-list";
import { pickFirstOption } from "../support/resident-answers";

const HUB = "清波门民生幸福共同体";
const REMARKS = "消防验收未通过，需整改后重新验收";
// A 1×1 PNG.
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0a1b1c50000000049454e44ae426082", "hex");

/** The item built alone (its own floor area), the two merged into the 共同体, and the rest. */
let single: GapItem;
let merged: GapItem[];
let extra: GapItem[];
let singleName = "";
let singleProjectId = "";
let hubProjectId = "";
let residentLink = "";

const today = todayInHangzhou();
const COMMUNITY = `/communities/${QINGBOMEN}`;
const base = () => `${app.server.url}${COMMUNITY}`;

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "hz-e2e-uploads-"));
afterAll(() => fs.rmSync(uploads, { recursive: true, force: true }));

const app = e2eApp({
  env: { UPLOAD_DIR: uploads },
  prepare: async (file) => {
    const { db } = createDatabase(file);
    try {
      const { items } = await approveQingbomenList(db, 3);
      single = items.find((i) => i.approach !== "shared_with_neighbour")!;
      merged = items.filter((i) => i.id !== single.id).slice(0, 2);
      extra = items.filter((i) => i.id !== single.id && !merged.includes(i));
      singleName = `清波门${functionShortLabel(single.function)}`;
      await addNeighbouringStreetReviewer(db);
    } finally {
      await db.destroy();
    }
  },
});

function query<T>(sql: string, ...params: unknown[]): T {
  return queryRow<T>(app.server.databaseFile, sql, ...params);
}

async function status(page: Page, text: string | RegExp) {
  await page.getByRole("status").filter({ hasText: text }).waitFor();
}

async function cycleAction(page: Page, label: string, expectStage: string) {
  await page.goto(`${base()}/cycle`);
  await page.getByRole("button", { name: label }).click();
  await status(page, `现在处于“${expectStage}”阶段`);
}

/** Fills the plan form the project page opens with after creation, and saves it. */
async function fillPlan(page: Page, operator: string) {
  await page.getByLabel("选址").fill("清波街 12 号腾退用房");
  await page.getByLabel("运营主体").fill(operator);
  for (const [i, m] of MILESTONES.entries()) {
    await page.getByLabel(`${MILESTONE_LABELS[m]}计划日期`).fill(addDays(today, -120 + i * 20));
  }
  await page.getByRole("button", { name: "保存项目计划" }).click();
  await status(page, "已保存项目计划。");
}

/** Records 立项 … 开放运营 with actual dates ten days apart, the last 100 days ago (before the months of figures entered later). */
async function recordAllMilestones(page: Page) {
  for (const [i, m] of MILESTONES.entries()) {
    const label = MILESTONE_LABELS[m];
    // Each milestone row has its own 填报 button beside the plan and actual dates, and the form shows the plan.
    const row = page.getByRole("row", { name: new RegExp(`^${label}`) });
    await row.getByRole("cell").filter({ hasText: `填报${label}` }).getByText(`填报${label}`, { exact: true }).click();
    await row.getByText(/^计划日期：/).waitFor();
    await page.getByLabel(`${label}实际完成日期`).fill(addDays(today, -150 + i * 10));
    await page.getByLabel(`${label}支出（元）`).fill("20000");
    await page.getByRole("button", { name: `保存${label}` }).click();
    await status(page, `已记录“${label}”的进度。`);
  }
}

describe("from the approved list to open facilities", () => {
  it("王老师 makes one project of an item and merges two into a 共同体 project, then plans both", async () => {
    const page = await app.signIn("wang.laoshi");
    await page.getByRole("navigation", { name: "社区页面" }).getByRole("link", { name: "建设项目" }).click();
    await page.getByRole("heading", { name: "通过审核的清单事项" }).waitFor();

    await page.getByRole("checkbox", { name: new RegExp(`^第 ${single.position} 项`) }).check();
    await page.getByLabel("项目名称").fill(singleName);
    await page.getByRole("button", { name: "新建项目" }).click();
    await page.getByText("项目已建立。").waitFor();
    singleProjectId = /projects\/([0-9a-f-]{36})/.exec(page.url())![1];
    await fillPlan(page, "杭州童心社会服务中心");

    await page.goto(`${base()}/projects`);
    for (const item of merged) await page.getByRole("checkbox", { name: new RegExp(`^第 ${item.position} 项`) }).check();
    await page.getByLabel("项目名称").fill(HUB);
    // Merging without a 共同体 form is refused with the reason.
    await page.getByRole("button", { name: "新建项目" }).click();
    await page.getByText("请选择共同体形态", { exact: false }).first().waitFor();
    for (const item of merged) await page.getByRole("checkbox", { name: new RegExp(`^第 ${item.position} 项`) }).check();
    await page.getByLabel("项目名称").fill(HUB);
    await page.getByLabel(/共同体形态/).selectOption({ label: "集聚型" });
    await page.getByRole("button", { name: "新建项目" }).click();
    await page.getByText("项目已建立。").waitFor();
    hubProjectId = /projects\/([0-9a-f-]{36})/.exec(page.url())![1];
    await page.getByText(/本项目含 2 项服务功能/).waitFor();
    await fillPlan(page, "杭州邻里社会工作服务中心");

    await page.goto(`${base()}/projects`);
    for (const item of extra) {
      await page.getByText(`撤销第 ${item.position} 项…`).click();
      await page.getByLabel(`第 ${item.position} 项撤销理由`).fill("与共同体统筹考虑，下一轮再议");
      await page.getByRole("button", { name: `确认撤销第 ${item.position} 项` }).click();
      await status(page, `已撤销：${itemTitle(item)}`);
    }
    const gantt = page.getByRole("table", { name: /计划与实际/ });
    await gantt.getByRole("link", { name: singleName }).waitFor();
    await gantt.getByRole("link", { name: HUB }).waitFor();
    // Planned dates are in the past and nothing is done yet: the timeline says so in words.
    await gantt.getByText(/逾期：立项（计划/).first().waitFor();
    expect(query<{ n: number }>("select count(*) n from projects where community_code = ?", QINGBOMEN).n).toBe(2);
    expect(query<{ n: number }>("select count(*) n from project_items where project_id = ?", hubProjectId).n).toBe(2);
    await page.close();
  });

  it("the cycle moves to 建设实施; on her phone she records every milestone to 开放运营 and adds a photo", async () => {
    const page = await app.signIn("wang.laoshi", { phone: true });
    await cycleAction(page, "完成建设计划", "建设实施");

    await page.goto(`${base()}/projects/${singleProjectId}`);
    await recordAllMilestones(page);
    await page.getByRole("row", { name: new RegExp(`^开放运营 ${addDays(today, -150 + 50)}`) }).waitFor().catch(() => undefined);
    await page.getByLabel("上传照片或文件").setInputFiles({ name: "现场照片.png", mimeType: "image/png", buffer: PNG });
    await page.getByLabel("所属节点").selectOption({ label: "竣工" });
    await page.getByRole("button", { name: "上传", exact: true }).click();
    await status(page, "已上传：现场照片.png");
    await page.getByRole("img", { name: "照片：现场照片.png" }).waitFor();
    // A text file renamed .png is refused by its bytes.
    await page.getByLabel("上传照片或文件").setInputFiles({ name: "假照片.png", mimeType: "image/png", buffer: Buffer.from("这不是图片") });
    await page.getByRole("button", { name: "上传", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "不支持的文件类型" }).waitFor();
    const file = query<{ id: string }>("select id from project_attachments where project_id = ?", singleProjectId);
    const download = await page.request.get(`${base()}/projects/${singleProjectId}/files/${file.id}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("image/png");
    expect(Buffer.from(await download.body())).toEqual(PNG);

    await page.goto(`${base()}/projects/${hubProjectId}`);
    await recordAllMilestones(page);
    await cycleAction(page, "完成建设实施", "验收");
    await page.close();
  });

  it("陈科长 accepts the single project, fails the 共同体 with remarks and completes 验收; the inventory shows the new facility", async () => {
    const page = await app.signIn("chen.kezhang", { at: `${COMMUNITY}/projects/${singleProjectId}` });
    const acceptance = page.getByRole("form", { name: "验收" });
    await acceptance.getByText("建设面积达到计划", { exact: false }).first().waitFor();
    await acceptance.getByRole("radio", { name: "通过", exact: true }).check();
    await acceptance.getByRole("button", { name: "提交验收结论" }).click();
    await status(page, `已将 ${singleName} 加入本社区设施清单`);

    await page.goto(`${base()}/projects/${hubProjectId}`);
    // 不通过 without remarks is refused with the reason.
    await acceptance.getByRole("radio", { name: "不通过" }).check();
    await acceptance.getByRole("button", { name: "提交验收结论" }).click();
    await page.getByText("“不通过”须填写验收意见（整改要求）").first().waitFor();
    await acceptance.getByRole("radio", { name: "不通过" }).check();
    await acceptance.getByLabel(/验收意见/).fill(REMARKS);
    await acceptance.getByRole("button", { name: "提交验收结论" }).click();
    await status(page, "验收结论：不通过");
    await page.getByText(`验收意见：${REMARKS}`).waitFor();

    // The failed 共同体's items must be dropped with a reason before 验收 can complete.
    await page.goto(`${base()}/cycle`);
    await page.getByText("还有 2 个通过的事项既未验收也未说明理由撤销").waitFor();
    await page.goto(`${base()}/projects`);
    for (const item of merged) {
      await page.getByText(`撤销第 ${item.position} 项…`).click();
      await page.getByLabel(`第 ${item.position} 项撤销理由`).fill(`验收不通过：${REMARKS}，纳入下一轮`);
      await page.getByRole("button", { name: `确认撤销第 ${item.position} 项` }).click();
      await status(page, `已撤销：${itemTitle(item)}`);
    }
    await cycleAction(page, "完成验收", "运营反馈");

    await page.goto(base());
    await page.getByText(singleName, { exact: true }).first().waitFor();
    const facility = query<{ status: string; area_m2: number; functions: string }>("select status, area_m2, functions from facilities where community_code = ? and name = ?", QINGBOMEN, singleName);
    expect(facility).toEqual({ status: "operating", area_m2: single.targetAreaM2, functions: JSON.stringify([single.function]) });
    const results = queryRows<{ result: string }>(app.server.databaseFile, "select a.result from project_acceptances a join projects p on p.id = a.project_id where p.community_code = ? order by a.decided_at", QINGBOMEN);
    expect(results.map((r) => r.result)).toEqual(["pass", "fail"]);
    await page.close();
  });

  it("王老师 publishes the feedback survey and a resident rates the new facility on her phone", async () => {
    const page = await app.signIn("wang.laoshi", { at: `${COMMUNITY}/operations` });
    await page.getByRole("button", { name: "新建使用反馈问卷（标准模板）" }).click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/edit$/);
    const surveyId = /surveys\/([0-9a-f-]{36})/.exec(page.url())![1];
    await page.goto(`${base()}/surveys/${surveyId}`);
    await page.getByLabel(/同时开放公开链接/).check();
    await page.getByRole("button", { name: "发布问卷" }).click();
    await page.getByText("问卷已发布。").waitFor();
    residentLink = (await page.getByText(/居民链接/).getByRole("link").getAttribute("href"))!;
    await page.close();

    // Her household's slip: an answer with a code counts as 已核验 (open-link answers stay apart).
    const { db } = createDatabase(app.server.databaseFile);
    let code: string;
    try {
      const wang = await db.selectFrom("users").select(["id", "scope_code"]).where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
      const neighbourhood = await db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).orderBy("name").executeTakeFirstOrThrow();
      const issued = await issueHouseholdCodes(db, { actor: { id: wang.id, role: "community_worker", scopeCode: wang.scope_code }, ip: null }, { surveyId, neighbourhoodIds: [neighbourhood.id] });
      if (!issued.ok) throw new Error(JSON.stringify(issued));
      code = issued.byNeighbourhood[0].codes[0];
    } finally {
      await db.destroy();
    }
    const resident = await app.browser.newPage({ phone: true });
    await resident.goto(`${residentLink}#code=${code}`);
    // The survey code takes over on the first tap (the first page is server-rendered).
    await resident.getByRole("textbox", { name: /户码/ }).click();
    await resident.locator(".resident-runner").waitFor();
    await pickFirstOption(resident, "您家住在哪个小区？");
    const runner = resident.locator(".resident-runner");
    await runner.getByText(FUNCTION_CATALOGUE[single.function].label, { exact: true }).click();
    await resident.getByRole("button", { name: "下一页" }).click();
    // The satisfaction matrix shows only the row of what her household used: 不满意 (2).
    await runner.locator(".sd-table__row").first().getByText("不满意", { exact: true }).click();
    await resident.getByRole("button", { name: "下一页" }).click();
    await runner.getByText("说不准", { exact: true }).click();
    await resident.getByRole("button", { name: "下一页" }).click();
    await resident.getByRole("button", { name: "提交问卷" }).click();
    await resident.waitForURL(/\/done\?r=/);
    expect(query<{ n: number; total: number }>(`select sum(count) n, sum(sum) total from survey_tallies where survey_id = ? and question = ?`, surveyId, `service_satisfaction.${single.function}`)).toEqual({ n: 1, total: 2 });
    await resident.close();
  });

  it("three quiet months of figures give the facility a score, a flag and a subsidy suggestion", async () => {
    const page = await app.signIn("wang.laoshi", { at: `${COMMUNITY}/operations`, phone: true });
    const entry = page.getByRole("form", { name: "填报月度运营数据" });
    const months = monthsUpTo(monthInHangzhou(), 4).slice(0, 3);
    for (const month of months) {
      await entry.getByLabel("设施").selectOption({ label: `${singleName}（本轮新建）` });
      await entry.getByLabel("月份").selectOption(month);
      await entry.getByLabel("服务人次").fill("30");
      await entry.getByLabel("服务人数").fill("12");
      await entry.getByLabel("开放时长（小时）").fill("24");
      await entry.getByLabel("运营收入（元）").fill("0");
      await entry.getByLabel("运营补贴（元）").fill("3000");
      await entry.getByRole("button", { name: "保存运营数据" }).click();
      await status(page, `已保存 ${singleName} ${month} 的运营数据。`);
    }
    // The same month again is a correction, not a second row: refused with a clear message.
    await entry.getByLabel("设施").selectOption({ label: `${singleName}（本轮新建）` });
    await entry.getByLabel("月份").selectOption(months[0]);
    for (const [label, value] of [["服务人次", "1"], ["服务人数", "1"], ["开放时长（小时）", "1"]]) await entry.getByLabel(label).fill(value);
    await entry.getByRole("button", { name: "保存运营数据" }).click();
    await page.getByRole("alert").filter({ hasText: "该月的运营数据已被他人填报或修改" }).waitFor();

    const card = page.getByRole("article", { name: new RegExp(singleName) });
    await card.getByText(/^综合得分 \d+ 分/).waitFor();
    await card.getByText("建议调整", { exact: true }).waitFor();
    await card.getByText(/服务需求少：连续 3 个月/).waitFor();
    await card.getByText(/建议运营补贴：/).waitFor();
    await card.getByText("暂无数据：评价人数不足 10 人").waitFor();
    await page.getByRole("heading", { name: "评分方法（含默认值）" }).waitFor();
    await page.close();
  });

  it("the round summary shows what was built and flagged; closing it opens the next round carrying the flag", async () => {
    const page = await app.signIn("wang.laoshi", { at: `${COMMUNITY}/cycle/summary` });
    await page.getByRole("region", { name: "建成了什么" }).getByRole("link", { name: singleName }).waitFor();
    await page.getByRole("region", { name: "居民怎么评价" }).getByText("1 户答卷", { exact: false }).waitFor();
    const carry = page.getByRole("region", { name: "结束本轮时转入下一轮" });
    await carry.getByText(new RegExp(`建议调整的功能：${singleName}`)).first().waitFor();
    await carry.getByText(/未完成的事项/).first().waitFor();
    const round = query<{ round: number }>("select round from cycles where community_code = ? and stage <> 'closed'", QINGBOMEN).round;

    await page.getByRole("button", { name: "结束本轮，开启下一轮" }).click();
    await status(page, `第 ${round + 1} 轮已在“准备”阶段开启`);
    await page.getByRole("region", { name: "已转入下一轮" }).getByText(new RegExp(`建议调整的功能：${singleName}`)).first().waitFor();

    await page.goto(`${base()}/cycle`);
    await page.getByText(`${singleName} · ${FUNCTION_CATALOGUE[single.function].label}`, { exact: false }).first().waitFor();
    const next = query<{ round: number; stage: string; snapshot: string }>("select round, stage, snapshot from cycles where community_code = ? and stage <> 'closed'", QINGBOMEN);
    expect(next).toMatchObject({ round: round + 1, stage: "preparing" });
    const carried = (JSON.parse(next.snapshot) as { context: { carriedOver: { kind: string; title: string }[] } }).context.carriedOver;
    expect(carried.filter((c) => c.kind === "flagged_function").map((c) => c.title)).toEqual([expect.stringContaining(singleName)]);
    expect(carried.filter((c) => c.kind === "unfinished_item")).toHaveLength(merged.length + extra.length);
    await page.close();
  });
});

describe("who may record progress and who may accept", () => {
  it("the worker cannot accept, the street's reviewer cannot record progress, other streets and the district cannot change anything", async () => {
    const project = `${COMMUNITY}/projects/${singleProjectId}`;
    const url = `${app.server.url}${project}`;
    const version = () => String(query<{ version: number }>("select version from projects where id = ?", singleProjectId).version);
    const before = query<{ n: number }>("select count(*) n from audit_log where action like 'denied:%'").n;
    // The project's 开放运营 progress, which only the worker may record.
    const progress = () => ({ intent: "progress", version: version(), milestone: "opened", actualDate: "", progressPct: "0", spent: "0" });

    const worker = await app.signIn("wang.laoshi", { at: project });
    expect(await postForm(worker, url, { intent: "accept", version: version(), result: "pass", actualAreaM2: "80", functionsPresent: single.function })).toBe(403);
    // An intent the page does not know is bad input, whatever its name.
    expect(await postForm(worker, url, { intent: "constructor" })).toBe(400);
    await worker.close();

    const reviewer = await app.signIn("chen.kezhang", { at: project });
    expect(await postForm(reviewer, url, progress())).toBe(403);
    expect(await postForm(reviewer, `${base()}/operations`, { intent: "figures", facilityId: "x", month: "2026-01", visits: "1", peopleServed: "1", hoursOpen: "1" })).toBe(403);
    await reviewer.close();

    const stranger = await app.signIn("li.kezhang");
    expect((await stranger.goto(url))?.status()).toBe(404);
    const file = query<{ id: string }>("select id from project_attachments where project_id = ?", singleProjectId);
    expect((await stranger.request.get(`${url}/files/${file.id}`)).status()).toBe(404);
    await stranger.close();

    const district = await app.signIn("shangcheng.admin", { at: project });
    expect(await postForm(district, url, progress())).toBe(403);
    // The district sees the street's overdue list and the ranking with its formula.
    await district.goto(`${app.server.url}/districts/330102/overdue`);
    await district.getByRole("heading", { name: /逾期节点/ }).first().waitFor();
    await district.goto(`${app.server.url}/districts/330102/ranking`);
    await district.getByRole("heading", { name: /计算方法/ }).waitFor();
    await district.close();

    expect(query<{ n: number }>("select count(*) n from audit_log where action like 'denied:%'").n).toBe(before + 4);
  });
});
