import fs from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { createSurvey, issueHouseholdCodes, publishSurvey } from "../../app/lib/surveys.server";
import { findSurvey } from "../../db/repositories/surveys";
import type { Page } from "../support/browser";
import { e2eApp } from "../support/e2e-app";

const QINGBOMEN = "330102001051";

let change: Parameters<typeof createSurvey>[1];
let surveyId: string;
let householdCode: string;

const app = e2eApp({
  database: true,
  prepare: async () => {
    const wang = await database().selectFrom("users").select(["id", "scope_code"]).where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
    change = { actor: { id: wang.id, role: "community_worker", scopeCode: wang.scope_code }, ip: null };
    // The surveys tab (the lead's page) creates drafts from the template; here it is done directly.
    const created = await createSurvey(database(), change, { communityCode: QINGBOMEN, source: { template: "needs_seven_domain" } });
    if (!created.ok) throw new Error(JSON.stringify(created));
    surveyId = created.survey.id;
  },
});
const database = () => app.database.db;

const base = () => `/communities/${QINGBOMEN}/surveys/${surveyId}`;

async function storedDefinition(): Promise<string> {
  return JSON.stringify((await findSurvey(database(), surveyId))!.definition);
}

async function openBuilder(page: Page): Promise<void> {
  await page.goto(`${app.server.url}${base()}/edit`);
  await page.getByRole("heading", { name: "编辑问卷" }).waitFor();
  // survey-react-ui arrives after the page: wait for the preview to render.
  await page.getByTestId("survey-preview").locator(".sd-root-modern").waitFor();
}

describe("王老师 prepares the questionnaire in the builder", () => {
  it("renames a question, adds a choice, sees both in the preview and saves", async () => {
    const page = await app.signIn("wang.laoshi");
    await openBuilder(page);

    await page.getByRole("button", { name: "编辑“最希望增加哪些服务？（可多选）”" }).first().click();
    // Named after the question's title, which is about to change.
    const editor = page.getByRole("group", { name: /^编辑“最希望增加/ });
    // A template question keeps its name: results of different rounds line up on it.
    expect(await editor.getByLabel("名称").inputValue()).toBe("eldercare_childcare_services");
    expect(await editor.getByLabel("名称").getAttribute("readonly")).not.toBeNull();
    await editor.getByText("名称用于跨轮次对比，请勿修改").waitFor();

    await editor.getByLabel("题目").fill("最希望增加哪些养老托育服务？（可多选）");
    await page.getByRole("button", { name: "添加选项" }).click();
    // The new row's text box has the focus: type straight away.
    await page.waitForFunction(() => document.activeElement?.id.endsWith("-choice-text-4"));
    await page.keyboard.type("上门助浴");
    await editor.getByLabel("选项 5 的值").fill("bathing_help");

    // Moves are announced to screen readers.
    await page.getByRole("button", { name: "上移选项“上门助浴”" }).click();
    await page.getByRole("status").filter({ hasText: "已将选项“上门助浴”上移到第 4 位" }).waitFor();

    // The preview follows the page being edited; the question shows once a need is stated.
    const preview = page.getByTestId("survey-preview");
    // Answer only once the preview has caught up with the edits: a rebuild mid-tap loses the tap.
    await page.locator('[data-testid="survey-preview"][aria-busy="false"]').waitFor();
    await preview.getByText("您家还需要更多的养老托育服务吗？").waitFor();
    await preview.getByText("非常需要").click();
    const services = preview.getByRole("group", { name: "最希望增加哪些养老托育服务？（可多选）" });
    await services.getByText("上门助浴").waitFor();

    await page.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").filter({ hasText: "已保存（第 2 版）" }).waitFor();
    const stored = await storedDefinition();
    expect(stored).toContain('"value":"bathing_help","text":"上门助浴"');
    expect(stored).toContain("最希望增加哪些养老托育服务？（可多选）");
    await page.close();
  });

  it("refuses a SurveyJS file with a question it cannot collect, naming it; loads a valid one for editing without saving it", async () => {
    const unknown = app.tempFile("signature.json");
    fs.writeFileSync(
      unknown,
      JSON.stringify({
        pages: [
          {
            name: "p1",
            elements: [
              { type: "signaturepad", name: "signature", title: "户主签名" },
              { type: "text", name: "hh_size", title: "几口人？" },
            ],
          },
        ],
      }),
    );
    const valid = app.tempFile("bathing.json");
    fs.writeFileSync(
      valid,
      JSON.stringify({
        locale: "zh-cn",
        pages: [
          {
            name: "bathing",
            title: "助浴服务",
            elements: [
              {
                type: "radiogroup",
                name: "bathing_need",
                title: "您家需要上门助浴服务吗？",
                isRequired: true,
                domain: "eldercare_childcare",
                measure: "need",
                choices: [
                  { value: 0, text: "不需要" },
                  { value: 1, text: "需要" },
                ],
              },
              { type: "comment", name: "bathing_comment", title: '<b>其他</b>想法<img src=x onerror="alert(1)">' },
            ],
          },
        ],
      }),
    );

    const page = await app.signIn("wang.laoshi");
    await openBuilder(page);
    const before = await storedDefinition();

    await page.getByLabel(/SurveyJS JSON 文件/).setInputFiles(unknown);
    await page.getByRole("button", { name: "校验并导入" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "未导入" });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain("手写签名（signaturepad）");

    await page.getByLabel(/SurveyJS JSON 文件/).setInputFiles(valid);
    await page.getByRole("button", { name: "校验并导入" }).click();
    await page.getByRole("status").filter({ hasText: "已导入“bathing.json”（2 个问题" }).waitFor();
    await page.getByRole("heading", { name: "第 1 页：助浴服务" }).waitFor();
    await page.getByTestId("survey-preview").getByText("您家需要上门助浴服务吗？").waitFor();
    // The HTML in the title was sanitised on the server before it reached the editor.
    expect(await page.locator("img[src=x]").count()).toBe(0);
    await page.getByText("有未保存的修改").waitFor();
    expect(await storedDefinition()).toBe(before);
    await page.close();
  });

  it("does not break on a phone", async () => {
    const page = await app.signIn("wang.laoshi", { phone: true });
    await openBuilder(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });
});

/** Presses Tab until the focus satisfies `reached` (keyboard only; every press counted). */
async function tabUntil(page: Page, reached: () => boolean, keys: { n: number }, what = "the target"): Promise<void> {
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    keys.n++;
    if (await page.evaluate(reached)) return;
  }
  throw new Error(`could not reach ${what} with Tab`);
}

/** Tab to the named question (SurveyJS marks each question with data-name). */
async function tabTo(page: Page, question: string, keys: { n: number }): Promise<void> {
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    keys.n++;
    const here = await page.evaluate(() => document.activeElement?.closest("[data-name]")?.getAttribute("data-name") ?? "");
    if (here === question) return;
  }
  throw new Error(`could not reach ${question} with Tab`);
}

/** One realistic needs form, keyboard only, from the household code box to the comment. */
async function keyInOneForm(page: Page, code: string, keys: { n: number }): Promise<void> {
  const k = page.keyboard;
  const type = async (text: string) => {
    await k.type(text);
    keys.n += text.length;
  };
  const press = async (key: string, times = 1) => {
    for (let i = 0; i < times; i++) await k.press(key);
    keys.n += times;
  };
  await type(code.replace("-", ""));
  await tabTo(page, "hh_neighbourhood", keys);
  await press("ArrowDown");
  await press("Enter");
  await tabTo(page, "hh_size", keys);
  await type("2");
  await tabTo(page, "hh_members_60_plus", keys);
  await type("2");
  await tabTo(page, "hh_members_80_plus", keys);
  await type("1");
  await tabTo(page, "hh_disability", keys);
  await press("Space"); // 没有
  await tabTo(page, "hh_has_children", keys);
  await press("Space"); // 没有
  // 养老托育: used often, rates 4, 5–10 minutes away, needs much more, urgently, wants 上门助浴, low cost, 500–1000 元.
  await tabTo(page, "eldercare_childcare_use", keys);
  await press("Space");
  await tabTo(page, "eldercare_childcare_satisfaction", keys);
  await press("ArrowRight", 3);
  await tabTo(page, "eldercare_childcare_walk_minutes", keys);
  await press("ArrowDown");
  await tabTo(page, "eldercare_childcare_need", keys);
  await press("ArrowDown", 3);
  await tabTo(page, "eldercare_childcare_urgency", keys);
  await press("ArrowDown", 2);
  await tabTo(page, "eldercare_childcare_services", keys);
  await tabUntil(page, () => (document.activeElement as HTMLInputElement | null)?.value === "bathing_help", keys);
  await press("Space");
  await tabTo(page, "eldercare_childcare_pay", keys);
  await press("ArrowDown");
  await tabTo(page, "eldercare_childcare_price_band", keys);
  await press("ArrowDown");
  // The other five domains: not used, no more needed.
  for (const domain of ["meal_assist", "housekeeping_convenience", "health", "sports_fitness", "culture_leisure"]) {
    await tabTo(page, `${domain}_use`, keys);
    await press("ArrowDown", 2); // 没用过
    await tabTo(page, `${domain}_walk_minutes`, keys);
    await press("ArrowDown", 2);
    await tabTo(page, `${domain}_need`, keys);
    await press("Space"); // 不需要
  }
  await tabTo(page, "comments", keys);
  await type("希望有上门助浴");
}

describe("paper forms and results", () => {
  it("keys in one paper questionnaire with the keyboard only, linked to the slip's household code", async () => {
    const survey = (await findSurvey(database(), surveyId))!;
    const now = Date.now();
    const published = await publishSurvey(database(), change, {
      surveyId,
      expectedVersion: survey.version,
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 21 * 86_400_000).toISOString(),
      openLinkEnabled: false,
    });
    if (!published.ok) throw new Error(JSON.stringify(published));
    const neighbourhood = await database().selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).orderBy("name").executeTakeFirstOrThrow();
    const issued = await issueHouseholdCodes(database(), change, { surveyId, neighbourhoodIds: [neighbourhood.id] });
    if (!issued.ok) throw new Error(JSON.stringify(issued));
    householdCode = issued.byNeighbourhood[0].codes[0];

    const page = await app.signIn("wang.laoshi", { at: `${base()}/paper` });
    await page.locator(".paper-survey .sd-root-modern").waitFor();
    // The household code box has the focus: start typing the slip.
    await page.waitForFunction(() => document.activeElement?.id === "household-code");

    const keys = { n: 0 };
    const started = Date.now();
    await keyInOneForm(page, householdCode, keys);
    const k = page.keyboard;
    await k.press("Control+Enter");
    await k.press("Control+Enter"); // a double press must not count twice
    keys.n += 2;
    const done = page.getByRole("status").filter({ hasText: "已录入第 1 份" });
    await done.waitFor();
    const seconds = (Date.now() - started) / 1000;
    console.log(`paper entry: ${keys.n} keystrokes, ${seconds.toFixed(1)} s automated`);
    expect(await done.innerText()).toMatch(/回执号 [0-9A-F]{5}-[0-9A-F]{5}/);

    // A fresh, empty form with the focus back on the household code.
    await page.waitForFunction(() => document.activeElement?.id === "household-code");
    expect(await page.getByLabel("户码（纸条上有才填）").inputValue()).toBe("");

    const rows = await database().selectFrom("survey_responses").select(["channel", "entered_by", "household_code_id", "answers"]).where("survey_id", "=", surveyId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "paper", entered_by: change.actor.id });
    expect(rows[0].household_code_id).not.toBeNull();
    expect(JSON.parse(rows[0].answers)).toMatchObject({
      hh_size: 2,
      eldercare_childcare_satisfaction: 4,
      eldercare_childcare_need: 3,
      eldercare_childcare_urgency: "urgent",
      eldercare_childcare_services: ["bathing_help"],
      meal_assist_use: "never",
      comments: "希望有上门助浴",
    });
    // Keyed in well under a minute by a practised hand: fewer than 120 key presses.
    expect(keys.n).toBeLessThan(120);

    // The same slip keyed in twice: refused with a message for the worker, and nothing typed is lost.
    await keyInOneForm(page, householdCode, { n: 0 });
    await k.press("Control+Enter");
    await page.getByRole("alert").filter({ hasText: "这个户码已经有答卷了" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "household-code");
    expect(await page.getByLabel("户码（纸条上有才填）").inputValue()).toBe(householdCode);
    expect(await page.getByRole("textbox", { name: /意见和建议/ }).inputValue()).toBe("希望有上门助浴");
    // With the code left off (it was the wrong slip), the same answers are saved.
    await page.getByLabel("户码（纸条上有才填）").fill("");
    await k.press("Control+Enter");
    await page.getByRole("status").filter({ hasText: "已录入第 2 份" }).waitFor();
    expect(await database().selectFrom("survey_responses").select("id").where("survey_id", "=", surveyId).execute()).toHaveLength(2);
    await page.close();
  });

  it("shows the responses and the new answers on the results page; the XLSX export has the rows and no household code", async () => {
    const page = await app.signIn("wang.laoshi", { at: `${base()}/results` });
    await page.getByRole("heading", { name: /调查结果/ }).waitFor();
    const facts = page.locator("dl.facts");
    // The form keyed in without its slip counts apart, as 未核验 (issue 16).
    expect(await facts.getByText("已答卷户数（已核验）").locator("..").locator("dd").innerText()).toBe("1");
    const channels = page.getByRole("table", { name: "按填写方式" });
    expect(await channels.getByRole("row", { name: /^纸质录入/ }).getByRole("cell").first().innerText()).toBe("1");
    expect(await channels.getByRole("row", { name: /无户码，未核验/ }).getByRole("cell").first().innerText()).toBe("1");

    const question = page.getByRole("article", { name: "最希望增加哪些养老托育服务？（可多选）" });
    await question.scrollIntoViewIfNeeded();
    expect(await question.getByRole("row", { name: /上门助浴/ }).getByRole("cell").first().innerText()).toBe("1");
    await question.getByText("另有未核验 1 户", { exact: false }).waitFor();
    await question.getByRole("img", { name: /各选项户数条形图/ }).waitFor();
    const demand = page.getByRole("table", { name: /需求指数/ });
    expect(await demand.getByRole("row", { name: /养老托育/ }).getByRole("cell").first().innerText()).toBe("100.0");
    const comments = page.getByRole("region", { name: /意见和建议/ });
    expect(await comments.getByText("希望有上门助浴").count()).toBe(2);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出答卷（XLSX）" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^清波门社区-.*-答卷\.xlsx$/);
    const file = app.tempFile("answers.xlsx");
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    expect(header.join()).not.toMatch(/户码/);
    const codeText = householdCode.replace("-", "");
    for (const n of [2, 3]) {
      const row = (sheet.getRow(n).values as unknown[]).map(String);
      expect(row.some((cell) => cell.startsWith("纸质"))).toBe(true);
      expect(row).toContain("上门助浴");
      expect(row.some((cell) => cell.includes(householdCode) || cell.includes(codeText))).toBe(false);
    }
    await page.close();
  });

  it("the street's reviewer reads the results and the questions but cannot change or key in anything", async () => {
    const page = await app.signIn("chen.kezhang", { at: `${base()}/results` });
    await page.getByRole("heading", { name: /调查结果/ }).waitFor();
    await page.getByRole("table", { name: "按填写方式" }).waitFor();
    expect(await page.getByRole("link", { name: "录入纸质问卷" }).count()).toBe(0);
    await page.goto(`${app.server.url}${base()}/edit`);
    await page.getByRole("heading", { name: "页面和问题" }).waitFor();
    expect(await page.getByRole("button", { name: "复制为新问卷" }).count()).toBe(0);
    const response = await page.goto(`${app.server.url}${base()}/paper`);
    expect(response?.status()).toBe(403);
    await page.close();
  });

  it("keeps 保存并录入下一份 and today's count in view on a phone; Enter moves to the next field and never saves by surprise", async () => {
    const page = await app.signIn("wang.laoshi", { at: `${base()}/paper`, phone: true });
    await page.locator(".paper-survey .sd-root-modern").waitFor();
    const bar = page.getByRole("region", { name: "保存录入" });
    // 王老师 keyed in two forms earlier today.
    await bar.getByText("今天您已录入 2 份").waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.closest("[data-name]")?.getAttribute("data-name") ?? document.activeElement?.getAttribute("name"));

    await page.waitForFunction(() => document.activeElement?.id === "household-code");
    await page.keyboard.press("Enter");
    expect(await focused()).toBe("channel");
    await page.getByRole("spinbutton", { name: "您家一起住的一共几口人？" }).fill("3");
    await page.keyboard.press("Enter");
    expect(await focused()).toBe("hh_members_60_plus");
    // A radio group is passed in one step, as Tab does.
    await page.getByRole("radio", { name: "经常用" }).first().focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Enter");
    expect(await focused()).toBe("eldercare_childcare_satisfaction");
    // Halfway down the long form, the bar is still on screen, at the bottom.
    const inView = await bar.evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight + 1 && r.bottom > window.innerHeight - 120;
    });
    expect(inView).toBe(true);
    // In the comment box Enter is a new line.
    const comments = page.getByRole("textbox", { name: /意见和建议/ });
    await comments.focus();
    await page.keyboard.type("第一行");
    await page.keyboard.press("Enter");
    await page.keyboard.type("第二行");
    expect(await comments.inputValue()).toBe("第一行\n第二行");
    expect(await page.getByRole("status").filter({ hasText: "已录入第" }).count()).toBe(0);
    expect(await database().selectFrom("survey_responses").select("id").where("survey_id", "=", surveyId).execute()).toHaveLength(2);
    await page.close();
  });
});
