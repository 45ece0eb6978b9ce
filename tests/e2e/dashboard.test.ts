import fs from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { logIn } from "../support/browser";
import { e2eApp } from "../support/e2e-app";

const app = e2eApp();

describe("上城区's administrator before the monthly meeting", () => {
  it("drills from the district dashboard to a street and a community", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "shangcheng.admin");
    await page.getByRole("heading", { level: 1, name: /上城区 · 数字驾驶舱/ }).waitFor();
    expect(await page.getByRole("heading", { name: /本区目标进度/ }).isVisible()).toBe(true);

    const stages = page.getByRole("region", { name: "各街道/乡镇流程阶段分布" });
    await stages.getByRole("link", { name: "清波街道" }).click();
    await page.getByRole("heading", { level: 1, name: "清波街道" }).waitFor();
    await page.getByRole("link", { name: "清波门社区", exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: "清波门社区" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/communities/330102001051");
    await page.close();
  });

  it("follows a funnel count to the list of communities behind it", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "shangcheng.admin");
    const funnel = page.getByRole("region", { name: "体检流程漏斗" });
    await funnel.getByRole("button", { name: "表格" }).click();
    const row = funnel.getByRole("row", { name: /需求调查/ });
    const count = Number(await row.getByRole("link").first().textContent());
    await row.getByRole("link").first().click();
    await page.getByText(`共 ${count} 个社区/村`).waitFor();
    expect(await page.getByText("阶段：需求调查").isVisible()).toBe(true);
    await page.close();
  });

  it("exports a table as XLSX, which parses back to the figures on screen", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "shangcheng.admin");
    const heat = page.getByRole("region", { name: /七大领域短板/ });
    const [download] = await Promise.all([page.waitForEvent("download"), heat.getByRole("link", { name: "导出 XLSX" }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await fs.promises.readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const header = sheet.getRow(3).values as unknown[];
    expect(header).toContain("社区助餐");
    const names: string[] = [];
    sheet.eachRow((r, i) => {
      if (i > 3 && typeof r.getCell(1).value === "string" && String(r.getCell(1).value).endsWith("街道")) names.push(String(r.getCell(1).value));
    });
    expect(names).toContain("清波街道");
    expect(names.length).toBe(14);
    await page.close();
  });

  it("cannot open another district's dashboard", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "shangcheng.admin");
    const response = await page.goto(`${app.server.url}/districts/330105`);
    expect(response?.status()).toBe(404);
    const exported = await page.goto(`${app.server.url}/dashboard/export.xlsx?scope=district:330105&table=funnel`);
    expect(exported?.status()).toBe(404);
    await page.close();
  });
});

describe("the city's targets", () => {
  it("a 市级管理员 sets the 2025 共同体 target and the city dashboard measures against it", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "city.admin");
    await page.getByRole("link", { name: "目标设置" }).click();
    await page.getByRole("heading", { level: 1, name: "目标设置（二(二)）" }).waitFor();
    await page.getByLabel("全市民生幸福共同体（个）").fill("100");
    await page.getByRole("button", { name: "保存目标" }).click();
    await page.getByText("2025 年目标已保存").waitFor();
    await page.goto(`${app.server.url}/city`);
    const targets = page.getByRole("region", { name: /全市目标进度/ });
    const row = targets.getByRole("row", { name: /民生幸福共同体（新建或改建）/ });
    expect(await row.getByRole("cell").nth(1).textContent()).toBe("100");
    expect(await targets.getByText("市级管理员已调整目标值。", { exact: false }).isVisible()).toBe(true);
    await page.close();
  });

  it("is not for a 区级管理员", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "shangcheng.admin");
    expect((await page.goto(`${app.server.url}/targets`))?.status()).toBe(403);
    await page.close();
  });
});

describe("the governance map", () => {
  it("draws its points with the network cut off from everything but this server", async () => {
    const page = await app.browser.newPage();
    const outside: string[] = [];
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    await logIn(page, app.server.url, "chen.kezhang");
    await page.goto(`${app.server.url}/map`);
    const map = page.getByRole("img", { name: /治理地图：/ });
    await map.locator("canvas").first().waitFor();
    // Count painted pixels: an empty canvas would mean nothing was drawn.
    await page.waitForTimeout(500);
    const painted = await map.locator("canvas").first().evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext("2d")!;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(500);
    expect(await page.getByRole("row", { name: /清波门社区/ }).isVisible()).toBe(true);
    expect(outside).toEqual([]);
    await page.close();
  });
});
