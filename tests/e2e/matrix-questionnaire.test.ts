// Issue 17, "Done when": 王老师 has her questionnaire in Word, with a 矩阵量表题. She imports the
// .docx into the builder, publishes it; 李阿姨 answers the matrix on her phone; the answer is
// tallied per row × column on the results page and in the XLSX export; then a paper copy of the
// same questionnaire is keyed in with the keyboard only, as are multiple texts, a ranking and a
// dynamic panel (survey-react-ui's own keyboard handling: arrows move a ranked item, Enter adds a panel).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSurvey, issueHouseholdCodes } from "../../app/lib/surveys.server";
import type { Change } from "../../app/lib/use-case.server";
import { createDatabase, type OpenedDatabase } from "../../db/client";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { launchBrowser, logIn, type Page, type TestBrowser } from "../support/browser";
import { queryRows } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import { openSurveyWith } from "../support/surveys";

const QINGBOMEN = "/communities/330102001051";
const FACILITIES = ["老年食堂", "卫生服务站", "快递驿站"];
const SCALE = ["很不满意", "不满意", "一般", "满意", "很满意"];

let server: RunningServer;
let browser: TestBrowser;
let database: OpenedDatabase;
let change: Change;
let surveyPath = "";
let surveyLink = "";
let householdCode = "";
const files = fs.mkdtempSync(path.join(os.tmpdir(), "hz-matrix-"));

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // The test shares the database with the server (WAL; writes wait their turn).
  database = createDatabase(server.databaseFile);
  const wang = await database.db.selectFrom("users").select(["id", "scope_code"]).where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
  change = { actor: { id: wang.id, role: "community_worker", scopeCode: wang.scope_code }, ip: null };
});
afterAll(async () => {
  expect(browser.pageErrors).toEqual([]);
  await browser?.close();
  await database?.db.destroy();
  await server?.stop();
  fs.rmSync(files, { recursive: true, force: true });
});

/** The questionnaire as Word saves it: numbers typed in the text, the matrix as a table. */
async function wordQuestionnaire(): Promise<string> {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
  const cell = (text: string) => `<w:tc>${para(text)}</w:tc>`;
  const row = (cells: string[]) => `<w:tr>${cells.map(cell).join("")}</w:tr>`;
  const body = [
    para("清波门社区 设施满意度调查"),
    para("尊敬的居民：请根据您家的实际感受填写，谢谢！"),
    para("一、设施满意度"),
    para("1. 您对以下设施的满意度[矩阵量表题]"),
    `<w:tbl>${row(["", ...SCALE])}${FACILITIES.map((f) => row([f, ...SCALE.map(() => "□")])).join("")}</w:tbl>`,
    para("二、家庭情况"),
    para("2. 您家共有____人"),
    para("3. 您对社区设施还有哪些建议？"),
  ].join("");
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
  const file = path.join(files, "满意度调查.docx");
  fs.writeFileSync(file, await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
  return file;
}

function storedAnswers(): Record<string, unknown>[] {
  const rows = queryRows<{ answers: string }>(
    server.databaseFile,
    "select r.answers from survey_responses r join surveys s on s.id = r.survey_id where s.public_token = ? order by r.created_at",
    surveyLink.split("/s/")[1],
  );
  return rows.map((r) => JSON.parse(r.answers));
}

/** The paper entry page of the survey, signed in as 王老师, the focus on the household code. */
async function openPaperEntry(survey: string): Promise<Page> {
  const page = await browser.newPage();
  await logIn(page, server.url, "wang.laoshi");
  await page.goto(`${server.url}${survey}/paper`);
  await page.locator(".paper-survey .sd-root-modern").waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "household-code");
  return page;
}

/** Presses Tab until the focus is in the named question (SurveyJS marks each with data-name). */
async function tabInto(page: Page, question: string): Promise<void> {
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press("Tab");
    const here = await page.evaluate(() => document.activeElement?.closest("[data-name]")?.getAttribute("data-name") ?? "");
    if (here === question) return;
  }
  throw new Error(`could not reach ${question} with Tab`);
}

describe("a Word questionnaire with a 矩阵量表题, from import to the paper copy", () => {
  it("王老师 imports the .docx into the builder, sees what was guessed, saves and publishes it", async () => {
    // A new draft (the surveys tab starts one from the template); her document replaces its questions.
    const created = await createSurvey(database.db, change, { communityCode: "330102001051", source: { template: "needs_seven_domain" } });
    if (!created.ok) throw new Error(JSON.stringify(created));
    surveyPath = `${QINGBOMEN}/surveys/${created.survey.id}`;
    const page = await browser.newPage();
    await logIn(page, server.url, "wang.laoshi");
    await page.goto(`${server.url}${surveyPath}/edit`);
    await page.getByTestId("survey-preview").locator(".sd-root-modern").waitFor();

    await page.getByLabel("或选择文件（.txt 或 .docx）").setInputFiles(await wordQuestionnaire());
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "识别并导入" }).click();
    await page.getByRole("status").filter({ hasText: "已导入“满意度调查.docx”（3 个问题" }).waitFor();
    const guesses = page.getByRole("group").filter({ hasText: "识别时的推测" });
    expect(await guesses.innerText()).toContain("列按量表记分（很不满意=1，不满意=2，一般=3，满意=4，很满意=5）");
    // The matrix is in the preview, a column per scale label and a row per facility.
    const preview = page.getByTestId("survey-preview");
    const grid = preview.getByRole("radiogroup", { name: "您对以下设施的满意度" });
    for (const facility of FACILITIES) for (const label of SCALE) await grid.getByRole("radio", { name: `行 ${facility}, 列 ${label}` }).waitFor({ state: "attached" });

    await page.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").filter({ hasText: /已保存/ }).waitFor();

    await page.goto(`${server.url}${surveyPath}`);
    await page.getByLabel(/同时开放公开链接/).check();
    await page.getByRole("button", { name: "发布问卷" }).click();
    await page.getByText("问卷已发布。").waitFor();
    surveyLink = (await page.getByText(/居民链接/).getByRole("link").getAttribute("href"))!;
    expect(surveyLink).toMatch(/\/s\/[A-Za-z0-9_-]+$/);
    // 李阿姨's slip (printing slips is covered by the resident-survey e2e).
    const surveyId = surveyPath.split("/").pop()!;
    const neighbourhood = await database.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", "330102001051").orderBy("name").executeTakeFirstOrThrow();
    const issued = await issueHouseholdCodes(database.db, change, { surveyId, neighbourhoodIds: [neighbourhood.id] });
    if (!issued.ok) throw new Error(JSON.stringify(issued));
    householdCode = issued.byNeighbourhood[0].codes[0];
    await page.close();
  });

  it("李阿姨 answers the matrix on her phone, one row at a time, and submits", async () => {
    const page = await browser.newPage({ phone: true });
    // She scans her slip: the code travels in the fragment, and her answer counts as 已核验.
    await page.goto(`${surveyLink}#code=${householdCode}`);
    // The matrix is on the first page, readable before any survey code has loaded.
    expect(await page.getByRole("radiogroup", { name: "您对以下设施的满意度" }).isVisible()).toBe(true);
    await page.getByRole("textbox", { name: /户码/ }).click();
    const runner = page.locator(".resident-runner");
    await runner.waitFor();
    // SurveyJS's phone layout: each row on its own, its answers stacked under it.
    const picks: Record<string, string> = { 老年食堂: "很满意", 卫生服务站: "满意", 快递驿站: "不满意" };
    for (const [facility, answer] of Object.entries(picks)) {
      const row = runner.locator(".sd-table__row").filter({ hasText: facility });
      await row.getByText(answer, { exact: true }).click();
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.getByRole("button", { name: "下一页" }).click();
    await page.getByRole("spinbutton", { name: /您家共有/ }).fill("2");
    await page.getByRole("textbox", { name: /还有哪些建议/ }).fill("快递驿站晚上早关门");
    await page.getByRole("button", { name: "提交问卷" }).click();
    await page.waitForURL(/\/done\?r=/);
    expect(storedAnswers()).toEqual([{ q1: { r1: 5, r2: 4, r3: 2 }, q2: 2, q3: "快递驿站晚上早关门" }]);
    await page.close();
  });

  it("the answer is tallied per row × column on the results page and in the XLSX export", async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, "wang.laoshi");
    await page.goto(`${server.url}${surveyPath}/results`);
    const matrix = page.getByRole("article", { name: "您对以下设施的满意度" });
    await matrix.scrollIntoViewIfNeeded();
    const grid = matrix.getByRole("table");
    const cells = async (facility: string) => grid.getByRole("row", { name: new RegExp(`^${facility}`) }).getByRole("cell").allInnerTexts();
    // Columns: 很不满意 不满意 一般 满意 很满意, answered, mean.
    expect(await cells("老年食堂")).toEqual(["0（0.0%）", "0（0.0%）", "0（0.0%）", "0（0.0%）", "1（100.0%）", "1", "5.0"]);
    expect((await cells("快递驿站"))[1]).toBe("1（100.0%）");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出答卷（XLSX）" }).click()]);
    const file = path.join(files, "answers.xlsx");
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const answer = (sheet.getRow(2).values as unknown[]).map(String);
    const column = (title: string) => header.indexOf(title);
    // One column per matrix row, headed so a person can read it.
    for (const [facility, text] of [["老年食堂", "很满意"], ["卫生服务站", "满意"], ["快递驿站", "不满意"]]) {
      expect(column(`您对以下设施的满意度：${facility}`)).toBeGreaterThan(0);
      expect(answer[column(`您对以下设施的满意度：${facility}`)]).toBe(text);
    }
    await page.close();
  });

  it("a paper copy is keyed in with the keyboard only: Tab to a row, arrows along the scale", async () => {
    const page = await openPaperEntry(surveyPath);
    const k = page.keyboard;
    // Row by row: Tab reaches the row's first answer, an arrow moves along the scale and ticks it.
    await tabInto(page, "q1");
    await k.press("ArrowRight"); // 老年食堂: 不满意
    await k.press("Tab");
    await k.press("ArrowRight");
    await k.press("ArrowRight"); // 卫生服务站: 一般
    await k.press("Tab");
    await k.press("Space"); // 快递驿站: 很不满意
    await tabInto(page, "q2");
    await k.type("4");
    await tabInto(page, "q3");
    await k.type("希望食堂增加晚餐");
    await k.press("Control+Enter");
    await page.getByRole("status").filter({ hasText: "已录入第 1 份" }).waitFor();
    expect(storedAnswers()[1]).toEqual({ q1: { r1: 2, r2: 3, r3: 1 }, q2: 4, q3: "希望食堂增加晚餐" });
    await page.close();
  });
});

const HOUSEHOLD = {
  locale: "zh-cn",
  pages: [
    {
      name: "household",
      elements: [
        {
          type: "multipletext",
          name: "people",
          title: "家庭人数",
          items: [
            { name: "total", title: "共有几人", inputType: "number" },
            { name: "elderly", title: "60岁以上几人", inputType: "number" },
          ],
        },
        { type: "ranking", name: "build_first", title: "最希望先改善哪一项？", choices: FACILITIES.map((text, i) => ({ value: `f${i + 1}`, text })) },
        {
          type: "paneldynamic",
          name: "elders",
          title: "家中老人（每位一栏）",
          panelCount: 0,
          templateElements: [
            { type: "text", name: "age", title: "年龄", inputType: "number" },
            { type: "boolean", name: "alone", title: "是否独居" },
          ],
        },
      ],
    },
  ],
} as unknown as SurveyJson;

describe("paper entry by keyboard for the other structured questions", () => {
  it("multiple texts, a ranking moved with the arrow keys and a panel per elder added with Enter", async () => {
    const survey = await openSurveyWith(database.db, change, "330102001051", HOUSEHOLD, { title: "家庭情况登记" });
    const page = await openPaperEntry(`${QINGBOMEN}/surveys/${survey.id}`);
    const k = page.keyboard;
    await tabInto(page, "people");
    await k.type("3");
    await k.press("Tab");
    await k.type("1");
    await tabInto(page, "build_first");
    await k.press("ArrowDown"); // 老年食堂 one place down
    await tabInto(page, "elders");
    await k.press("Enter"); // 新添: the new panel's first question takes the focus
    await page.waitForFunction(() => document.activeElement?.closest("[data-name]")?.getAttribute("data-name") === "age");
    await k.type("82");
    await tabInto(page, "alone");
    await k.press("Space");
    await k.press("Control+Enter");
    await page.getByRole("status").filter({ hasText: "已录入第 1 份" }).waitFor();
    const stored = queryRows<{ answers: string }>(server.databaseFile, "select answers from survey_responses where survey_id = ?", survey.id);
    expect(stored.map((r) => JSON.parse(r.answers))).toEqual([
      { people: { total: 3, elderly: 1 }, build_first: ["f2", "f1", "f3"], elders: [{ age: 82, alone: true }] },
    ]);
    await page.close();
  });
});
