import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { logIn } from "../support/browser";
import { seriousViolations } from "../support/axe";
import { executeSql, queryRow } from "../support/database";
import { e2eApp } from "../support/e2e-app";
import { choose, pickFirstOption } from "../support/resident-answers";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";

const app = e2eApp();
let surveyLink = "";
let codes: string[] = [];

const QINGBOMEN = "/communities/330102001051";

function query<T>(sql: string, ...params: unknown[]): T {
  return queryRow<T>(app.server.databaseFile, sql, ...params);
}

/** Answers the needs survey as a small household with an elderly member who wants a canteen. */
async function answerNeedsSurvey(page: Page) {
  const survey = page.locator(".resident-runner");
  await pickFirstOption(page, "您家住在哪个小区？");
  await page.getByRole("spinbutton", { name: "您家一起住的一共几口人？" }).fill("2");
  // SurveyJS takes a typed number on blur; the 80+ question appears after that.
  await page.getByRole("spinbutton", { name: /60岁及以上/ }).fill("1");
  await page.getByRole("spinbutton", { name: /60岁及以上/ }).press("Tab");
  await page.getByRole("spinbutton", { name: /80岁及以上/ }).fill("0");
  await survey.getByText("没有", { exact: true }).click();
  await page.getByRole("button", { name: "下一页" }).click();

  await page.getByRole("tab", { name: "家里的孩子", selected: true }).waitFor();
  await survey.getByText("没有", { exact: true }).click();
  await page.getByRole("button", { name: "下一页" }).click();

  for (const domain of ["养老托育", "社区助餐", "家政便民", "健康服务", "体育健身", "文化休闲"]) {
    await page.getByRole("tab", { name: domain, selected: true }).waitFor();
    await choose(page, "没用过");
    await choose(page, "5–10分钟");
    if (domain === "社区助餐") {
      await choose(page, "非常需要");
      await choose(page, "很急，越快越好");
      await choose(page, "低偿（比市场价低）");
      await choose(page, "10–15元");
    } else {
      await choose(page, "不需要");
    }
    await page.getByRole("button", { name: "下一页" }).click();
  }
  await page.getByRole("tab", { name: "意见和建议", selected: true }).waitFor();
  await page.getByRole("textbox", { name: /意见和建议/ }).fill("希望老年食堂离家近一些。");
  await page.getByRole("button", { name: "提交问卷" }).click();
}

describe("the needs survey round in 清波门社区", () => {
  it("王老师 creates the survey from the template, publishes it and prints household-code slips", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "wang.laoshi");
    await page.goto(`${app.server.url}${QINGBOMEN}/surveys`);
    await page.getByLabel("从哪里开始").selectOption({ label: "标准模板：居民需求调查（七大领域）" });
    await page.getByRole("button", { name: "新建问卷并编辑" }).click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/edit$/);
    const surveyId = /surveys\/([0-9a-f-]{36})/.exec(page.url())![1];

    await page.goto(`${app.server.url}${QINGBOMEN}/surveys/${surveyId}`);
    await page.getByRole("button", { name: "发布问卷" }).click();
    await page.getByText("问卷已发布。现在可以打印海报和户码。").waitFor();
    surveyLink = (await page.getByText(/居民链接/).getByRole("link").getAttribute("href"))!;
    expect(surveyLink).toMatch(/\/s\/[A-Za-z0-9_-]+$/);

    await page.goto(`${app.server.url}${QINGBOMEN}/cycle`);
    expect(await page.getByText("当前阶段：需求调查", { exact: false }).isVisible()).toBe(true);

    await page.goto(`${app.server.url}${QINGBOMEN}/surveys/${surveyId}`);
    await page.locator('input[name="neighbourhoods"]').first().check();
    const [slips] = await Promise.all([
      app.browser.browser.waitForEvent("page"),
      page.getByRole("button", { name: "生成并打印所选小区的户码纸条" }).click(),
    ]);
    await slips.waitForLoadState();
    await slips.locator(".slip__code").first().waitFor();
    codes = await slips.locator(".slip__code").allTextContents();
    expect(codes.length).toBeGreaterThan(10);
    expect(codes[0]).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // The page shows the codes once; reloading it shows no codes and prints no second batch.
    await slips.reload();
    await slips.getByText(/户码只在生成时显示一次|这批户码已经生成过/).waitFor();
    expect(await slips.locator(".slip__code").count()).toBe(0);
    expect(query<{ n: number }>("select count(distinct batch) n from household_codes").n).toBe(1);
    await slips.close();
    await page.close();
  });

  it("李阿姨 scans her slip, answers on her phone in large text, stops halfway, resumes with her code still there, and gets a 已核验 receipt", async () => {
    const page = await app.browser.newPage({ phone: true });
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    // The slip's QR code carries the code in the fragment: it never reaches the server.
    await page.goto(`${surveyLink}#code=${codes[0]}`);
    await page.waitForFunction(() => window.location.hash === "");
    expect(await page.getByRole("textbox", { name: "户码" }).inputValue()).toBe(codes[0]);
    expect(requested.some((u) => u.includes(codes[0]))).toBe(false);
    // The first page is readable before any survey code has loaded.
    expect(await page.getByText("您家一起住的一共几口人？").isVisible()).toBe(true);
    await page.getByRole("button", { name: "大字模式：关" }).click();
    await page.locator(".resident-runner").waitFor();
    const toggle = page.getByRole("button", { name: "大字模式：开" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    // 适老化: text at least 24 px and touch targets at least 48 px tall, everywhere on the page.
    const sizes = await page.evaluate(() => {
      const px = (e: Element) => parseFloat(getComputedStyle(e).fontSize);
      const texts = Array.from(document.querySelectorAll(".resident-runner .sd-question__title, .resident-runner .sd-item__control-label, .resident-help, label"));
      const targets = Array.from(document.querySelectorAll(".resident-toggle, .resident-runner .sd-item__control-label, .resident-runner .sd-input, .resident-runner input[type=button], .resident-runner .sd-btn"));
      const visible = texts.filter((e) => (e as HTMLElement).offsetParent !== null);
      return {
        tooSmall: visible.filter((e) => px(e) < 24).map((e) => `${e.className}:${px(e)}`),
        smallestText: Math.min(...visible.map(px)),
        lowestTarget: Math.min(...targets.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getBoundingClientRect().height)),
      };
    });
    expect(sizes.tooSmall).toEqual([]);
    expect(sizes.smallestText).toBeGreaterThanOrEqual(24);
    expect(sizes.lowestTarget).toBeGreaterThanOrEqual(48);

    await pickFirstOption(page, "您家住在哪个小区？");
    await page.getByRole("spinbutton", { name: "您家一起住的一共几口人？" }).fill("2");
    await page.getByRole("spinbutton", { name: /60岁及以上/ }).fill("1");
    await page.getByRole("spinbutton", { name: /60岁及以上/ }).press("Tab");
    await page.getByRole("spinbutton", { name: /80岁及以上/ }).fill("1");
    await page.locator(".resident-runner").getByText("没有", { exact: true }).click();
    await page.getByRole("button", { name: "下一页" }).click();
    await page.getByRole("tab", { name: "家里的孩子", selected: true }).waitFor();

    // She goes to cook and comes back later, from her browser history (no code in the address).
    await page.goto(surveyLink);
    await page.getByText("您上次还没填完").waitFor();
    expect(await page.getByRole("button", { name: "大字模式：开" }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByRole("textbox", { name: "户码" }).inputValue()).toBe(codes[0]);
    await page.getByText("您上次还没填完").click();
    await page.getByRole("tab", { name: "家里的孩子", selected: true }).waitFor();
    await page.getByRole("tab", { name: "您的家庭" }).click();
    expect(await page.getByRole("spinbutton", { name: /80岁及以上/ }).inputValue()).toBe("1");
    await page.getByRole("button", { name: "下一页" }).click();
    await page.getByRole("tab", { name: "家里的孩子", selected: true }).waitFor();
    await page.locator(".resident-runner").getByText("没有", { exact: true }).click();
    await page.getByRole("button", { name: "下一页" }).click();
    for (const domain of ["养老托育", "社区助餐", "家政便民", "健康服务", "体育健身", "文化休闲"]) {
      await page.getByRole("tab", { name: domain, selected: true }).waitFor();
      await choose(page, "附近没有这类服务");
      await choose(page, domain === "社区助餐" ? "非常需要" : "不需要");
      if (domain === "社区助餐") {
        await choose(page, "很急，越快越好");
        await choose(page, "无偿（免费）");
      }
      await page.getByRole("button", { name: "下一页" }).click();
    }
    await page.getByRole("button", { name: "提交问卷" }).click();

    await page.waitForURL(/\/done\?r=/);
    await page.getByRole("heading", { name: "提交成功，谢谢您！" }).waitFor();
    expect(await page.locator(".resident-receipt").textContent()).toMatch(/^[0-9A-F]{5}-[0-9A-F]{5}$/);
    expect(await page.getByText("接下来会发生什么").isVisible()).toBe(true);
    expect(await page.getByText(/核验：已核验/).isVisible()).toBe(true);
    const stored = query<{ n: number; elderly: number }>(
      "select count(*) n, sum(has_elderly) elderly from survey_responses r join surveys s on s.id = r.survey_id where s.public_token = ?",
      surveyLink.split("/s/")[1],
    );
    expect(stored).toEqual({ n: 1, elderly: 1 });
    await page.close();
  });

  it("her neighbour trying the same household code again is told what to do, in the words any wrong code gets", async () => {
    const page = await app.browser.newPage({ phone: true });
    await page.goto(surveyLink);
    // Another phone: nothing saved on this device.
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.getByRole("textbox", { name: "户码" }).fill(codes[0]);
    // Told at once (issue 20); she answers anyway, and is told again at the end.
    await page.getByRole("alert").filter({ hasText: "这个户码无法使用" }).waitFor();
    await page.locator(".resident-runner").waitFor();
    await answerNeedsSurvey(page);
    await page.getByText("这个户码无法使用。请核对纸条上的 8 位户码后重新输入；如果确认无误仍不能提交，请联系发放纸条的社区居委会工作人员核对。").waitFor();
    expect(await page.getByRole("textbox", { name: "户码" }).getAttribute("aria-invalid")).toBe("true");
    expect(page.url()).not.toMatch(/\/done/);

    // With her own code, the answers she already typed go through.
    await page.getByRole("textbox", { name: "户码" }).fill(codes[1]);
    await page.getByRole("tab", { name: "意见和建议" }).click();
    await page.getByRole("button", { name: "提交问卷" }).click();
    await page.waitForURL(/\/done\?r=/);
    const stored = query<{ n: number }>(
      "select count(*) n from survey_responses r join surveys s on s.id = r.survey_id where s.public_token = ?",
      surveyLink.split("/s/")[1],
    );
    expect(stored.n).toBe(2);
    await page.close();
  });
});

describe("the public answer endpoint against a hostile world (issue 16)", () => {
  const token = () => surveyLink.split("/s/")[1];
  const post = (headers: Record<string, string>, body: unknown) =>
    fetch(`${app.server.url}/api/s/${token()}/responses`, { method: "POST", headers, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { code?: string; message?: string },
    }));
  let answers: Record<string, unknown> = {};
  const attempt = (householdCode: string) => ({ idempotencyKey: `probe-${householdCode.replace(/\W/g, "")}-0000`, householdCode, answers });
  beforeAll(async () => {
    const definition = (await (await fetch(`${app.server.url}/s/${token()}/definition`)).json()) as SurveyJson;
    const questions = compileAnswerValidator(definition).questions;
    const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
    answers = sampleNeedsAnswers(questions, neighbourhoods, seededRandom(7));
  });

  it("refuses Origin: null and other sites with 403, and anything but exactly application/json with 415, storing nothing", async () => {
    const before = query<{ n: number }>("select count(*) n from survey_responses").n;
    const json = { "Content-Type": "application/json" };
    expect((await post({ ...json, Origin: "null" }, attempt(codes[5]))).status).toBe(403);
    expect((await post({ ...json, Origin: "https://evil.example" }, attempt(codes[5]))).status).toBe(403);
    expect((await post({ "Content-Type": "text/plain; application/json" }, attempt(codes[5]))).status).toBe(415);
    expect((await post({ "Content-Type": "application/jsonp" }, attempt(codes[5]))).status).toBe(415);
    expect(query<{ n: number }>("select count(*) n from survey_responses").n).toBe(before);
  });

  it("gives an unknown, a malformed and a used household code the same answer", async () => {
    const json = { "Content-Type": "application/json" };
    const answers = [await post(json, attempt("ZZZZ-ZZZZ")), await post(json, attempt("12")), await post(json, attempt(codes[0]))];
    expect(new Set(answers.map((a) => JSON.stringify(a))).size, JSON.stringify(answers)).toBe(1);
    expect(answers[0]).toMatchObject({ status: 400, body: { code: "household_code_rejected", message: expect.stringContaining("社区居委会") } });
  });
});

describe("a resident knows how far along the survey is, on any page, with any aid (issue 20)", () => {
  it("王大爷 comes back to his half-done survey: the page and the minutes left are shown and read out on each page, and axe finds nothing serious", async () => {
    const page = await app.browser.newPage({ phone: true });
    const found: Record<string, string[]> = {};
    await page.goto(surveyLink);
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    // A status line, so a screen reader reads the new page politely when it changes.
    const line = page.getByRole("status").filter({ hasText: /^第 \d+ 页/ });
    expect(await line.innerText()).toMatch(/^第 1 页 \/ 共 9 页 · 预计还需约 \d+ 分钟$/);
    found["第一页"] = await seriousViolations(page);

    // He answered the first two pages yesterday; they are on his phone.
    const household = { hh_size: 2, hh_members_60_plus: 1, hh_members_80_plus: 0, hh_disability: false, hh_has_children: false };
    await page.evaluate(
      ([token, data]) => window.localStorage.setItem(`hz-survey:${token}`, JSON.stringify({ data, page: 2, pendingKey: null, savedAt: new Date().toISOString() })),
      [surveyLink.split("/s/")[1], household] as const,
    );
    await page.reload();
    await page.getByText("您上次还没填完").click();
    await page.getByRole("tab", { name: "养老托育", selected: true }).waitFor();
    await line.filter({ hasText: /^第 3 页 \/ 共 9 页 · 预计还需约 \d+ 分钟$/ }).waitFor();
    found["答题中"] = await seriousViolations(page);
    await choose(page, "没用过");
    await choose(page, "5–10分钟");
    await choose(page, "不需要");
    await page.getByRole("button", { name: "下一页" }).click();
    await page.getByRole("tab", { name: "社区助餐", selected: true }).waitFor();
    await line.filter({ hasText: /^第 4 页 \/ 共 9 页 · 预计还需约 \d+ 分钟$/ }).waitFor();

    await page.getByRole("button", { name: "大字模式：关" }).click();
    await page.getByRole("button", { name: "大字模式：开" }).waitFor();
    const fit = await line.evaluate((e) => ({ px: parseFloat(getComputedStyle(e).fontSize), overflow: document.documentElement.scrollWidth - window.innerWidth }));
    expect(fit).toEqual({ px: 24, overflow: 0 });
    found["大字模式"] = await seriousViolations(page);

    await page.goto(`${surveyLink}/done?r=3F2A1-0C9B7&v=1`);
    await page.getByRole("heading", { name: "提交成功，谢谢您！" }).waitFor();
    found["回执"] = await seriousViolations(page);
    expect(found).toEqual({ 第一页: [], 答题中: [], 大字模式: [], 回执: [] });
    await page.close();
  });

  it("a title stored with markup before titles became plain text is shown as text in the heading, the tab title and the receipt", async () => {
    const token = surveyLink.split("/s/")[1];
    const hostile = "<img src=x onerror=alert(1)>社区调查";
    const before = query<{ title: string }>("select title from surveys where public_token = ?", token).title;
    executeSql(app.server.databaseFile, "update surveys set title = ? where public_token = ?", hostile, token);
    const page = await app.browser.newPage({ phone: true });
    await page.goto(surveyLink);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(hostile);
    expect(await page.title()).toBe(`${hostile} · 清波门社区`);
    await page.goto(`${surveyLink}/done?r=3F2A1-0C9B7&v=1`);
    await page.getByText(`问卷：${hostile}`).waitFor();
    expect(await page.locator("img[src=x]").count()).toBe(0);
    executeSql(app.server.databaseFile, "update surveys set title = ? where public_token = ?", before, token);
    await page.close();
  });
});

describe("a household code is checked as soon as it is typed (issue 20)", () => {
  it("a neighbour typing a used code learns before page 1 that it cannot be used and whom to ask; her own code is accepted at once", async () => {
    const stored = () => query<{ n: number }>("select count(*) n from survey_responses r join surveys s on s.id = r.survey_id where s.public_token = ?", surveyLink.split("/s/")[1]).n;
    const before = stored();
    const page = await app.browser.newPage({ phone: true });
    await page.goto(surveyLink);
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.getByRole("textbox", { name: "户码" }).fill(codes[0]);
    const refusal = page.getByRole("alert").filter({ hasText: "这个户码无法使用" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/居委会发放：请带上纸条到居委会/);
    expect(await page.getByRole("textbox", { name: "户码" }).getAttribute("aria-invalid")).toBe("true");
    // Still on the first page: nothing answered yet, nothing sent but the check.
    expect(await page.getByText("您家一起住的一共几口人？").isVisible()).toBe(true);
    expect(stored()).toBe(before);

    await page.getByRole("textbox", { name: "户码" }).fill(codes[3]);
    await page.getByText("户码可以使用，请继续填写问卷。").waitFor();
    expect(await page.getByRole("textbox", { name: "户码" }).getAttribute("aria-invalid")).toBeNull();
    await page.close();
  });
});
