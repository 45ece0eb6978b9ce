import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { submitResponse } from "../../app/lib/survey-submission.server";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { e2eApp } from "../support/e2e-app";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";
const COMMENTS = [
  "电梯经常坏，老人上下楼很难",
  "楼里的电梯太旧了，希望换新",
  "希望加装电梯，六楼太高了",
  "老年食堂太远了，助餐点能不能多开一个",
  "充电桩太少，电瓶车乱拉电线",
  "停车位不够，晚上回来没地方停",
];

let surveyId: string;

// Six paper forms, each with one of the comments, keyed in before the server starts.
const app = e2eApp({
  database: true,
  prepare: async () => {
    const { db } = app.database;
    const wang = await db.selectFrom("users").select(["id", "scope_code"]).where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
    const change = { actor: { id: wang.id, role: "community_worker" as const, scopeCode: wang.scope_code }, ip: null };
    const survey = await openNeedsSurvey(db, change, QINGBOMEN);
    surveyId = survey.id;
    const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
    const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
    for (const [i, comment] of COMMENTS.entries()) {
      const answers = { ...sampleNeedsAnswers(questions, neighbourhoods, seededRandom(i + 11)), comments: comment };
      const result = await submitResponse(db, survey, { idempotencyKey: `e2e-kw-${i}-abcdef`, answers }, { channel: "paper", enteredBy: wang.id });
      if (!result.ok) throw new Error(JSON.stringify(result));
    }
  },
});

const base = () => `/communities/${QINGBOMEN}/surveys/${surveyId}`;

describe("王老师 reads what residents said", () => {
  it("opens the keyword 电梯 on the results page, reads the comments behind it and flags one to keep it on top", async () => {
    const page = await app.signIn("wang.laoshi", { at: `${base()}/results` });
    const panel = page.getByRole("region", { name: "居民意见关键词" });
    await panel.getByRole("list", { name: "关键词" }).getByRole("link", { name: /^电梯（2）/ }).click();

    const behind = panel.getByRole("region", { name: /提到“电梯”的意见/ });
    await behind.getByRole("heading", { name: "提到“电梯”的意见（3 条）" }).waitFor();
    // 加装电梯 is a keyword of its own; its comment is about the 电梯 too.
    await behind.getByText("包括含有该词的：加装电梯").waitFor();
    const items = behind.getByRole("listitem");
    expect(await items.count()).toBe(3);
    expect(await behind.locator("mark").allInnerTexts()).toEqual(expect.arrayContaining(["电梯", "加装电梯"]));
    await behind.getByText("电梯经常坏，老人上下楼很难").waitFor();

    const last = items.last();
    const lastText = await last.locator("blockquote").innerText();
    await last.getByRole("button", { name: "标记这条意见" }).click();
    await page.getByRole("status").getByText("已标记").waitFor();
    await items.first().getByRole("button", { name: "取消标记" }).waitFor();
    expect(await items.first().locator("blockquote").innerText()).toBe(lastText);
    expect(await items.first().innerText()).toMatch(/^已标记/);

    // The same questions last year: this round's 6 paper forms carry no household code (未核验).
    await page.getByRole("link", { name: "各轮趋势" }).click();
    await page.getByText("需求调查有结果的轮次不足两个").waitFor();
    await page.getByLabel("包括未核验答卷").check();
    await page.getByRole("button", { name: "查看趋势" }).click();
    await page.getByRole("combobox", { name: "题目" }).selectOption({ label: "社区助餐 · 您家还需要更多的社区助餐服务吗？" });
    await page.getByRole("button", { name: "查看趋势" }).click();
    const trend = page.getByRole("table", { name: /您家还需要更多的社区助餐服务吗/ });
    expect(await trend.getByRole("row", { name: /2026 年第 2 轮/ }).getByRole("cell").first().textContent()).toBe("6");
    await page.close();
  });

  it("builds a cross-tab of two questions, reads the chi-square test and exports it", async () => {
    const page = await app.signIn("wang.laoshi", { at: `${base()}/results` });
    await page.getByRole("link", { name: "交叉分析" }).click();
    await page.getByRole("heading", { name: /^交叉分析/ }).waitFor();
    await page.getByLabel("行（分组）").selectOption({ label: "您的家庭 · 其中80岁及以上的有几位？（没有请填0）" });
    await page.getByLabel("列（比较）").selectOption({ label: "社区助餐 · 您家还需要更多的社区助餐服务吗？" });
    await page.getByRole("button", { name: "生成交叉表" }).click();

    const table = page.getByRole("table", { name: /^户数：行为/ });
    await table.waitFor();
    expect(await table.getByRole("rowheader").allInnerTexts()).toEqual(["没有（0）", "有（1 及以上）", "合计"]);
    await page.getByRole("table", { name: /行百分比/ }).waitFor();
    await page.getByText("仅统计已核验答卷").waitFor();
    await page.getByRole("img", { name: /占比堆叠条形图/ }).waitFor();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出交叉表（XLSX）" }).click()]);
    expect(download.suggestedFilename()).toMatch(/交叉分析\.xlsx$/);
    const file = app.tempFile("crosstab.xlsx");
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const cells = workbook.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(["有（1 及以上）", "行百分比（%）"]));
    await page.close();
  });
});

describe("the 市级管理员 tunes the lexicon", () => {
  it("adds 老人 to the stop words on the policy page, watches the re-analysis finish, and 老人 is no keyword; then puts the default back", async () => {
    const page = await app.signIn("city.admin", { at: "/policy" });
    const section = page.getByRole("region", { name: "居民意见关键词词典（默认值）" });
    await section.getByLabel("添加到停用词的词语").fill("老人");
    await section.getByRole("button", { name: "添加" }).last().click();
    await section.getByRole("status").getByText("已把“老人”加入停用词").waitFor();
    await section.getByText(/^已按当前词典重新分析全部/).waitFor({ timeout: 60_000 });
    await section.getByRole("table", { name: "停用词的调整（与默认值不同之处）" }).getByRole("rowheader", { name: "老人" }).waitFor();

    await page.goto(`${app.server.url}${base()}/results`);
    const keywords = page.getByRole("region", { name: "居民意见关键词" }).getByRole("list", { name: "关键词" });
    await keywords.getByRole("link", { name: /^电梯（2）/ }).waitFor();
    expect(await keywords.getByRole("link", { name: /^老人（/ }).count()).toBe(0);

    await page.goto(`${app.server.url}/policy`);
    await section.getByRole("button", { name: "“老人”恢复默认值" }).click();
    await section.getByRole("status").getByText("“老人”已恢复默认值").waitFor();
    await section.getByRole("heading", { name: /^停用词（\d+ 个词，均为默认值）$/ }).waitFor();
    await page.close();
  });
});
