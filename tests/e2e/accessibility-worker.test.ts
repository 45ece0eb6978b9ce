// The community worker's pages pass an axe-core scan (axe injected in Chromium) with no
// serious or critical violation: the cycle, a survey, the evaluation and the 查漏补缺 list.
import { describe, expect, it } from "vitest";
import { prepareQingbomenDrafting, QINGBOMEN } from "../integration/approved-list";
import { seriousViolations } from "../support/axe";
import { logIn } from "../support/browser";
import { e2eApp } from "../support/e2e-app";

const app = e2eApp({ prepare: prepareQingbomenDrafting });

describe("王老师's pages work with assistive technology", () => {
  it("the cycle, survey, evaluation and list pages have no serious or critical axe violation", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "wang.laoshi");
    const base = `${app.server.url}/communities/${QINGBOMEN}`;
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
