import { describe, expect, it } from "vitest";
import { logIn } from "../support/browser";
import { queryRow } from "../support/database";
import { e2eApp } from "../support/e2e-app";

const app = e2eApp();

function countRows(sql: string, ...params: unknown[]): number {
  return queryRow<{ n: number }>(app.server.databaseFile, sql, ...params).n;
}

describe("each role sees its own scope", () => {
  it("a 社区工作者 lands on their community and cannot open another", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "wang.laoshi");
    expect(new URL(page.url()).pathname).toBe("/communities/330102001051");
    await page.getByRole("heading", { level: 1, name: "清波门社区" }).waitFor();
    expect(await page.getByText("演示数据").first().isVisible()).toBe(true);
    // Another community answers as if it did not exist.
    const response = await page.goto(`${app.server.url}/communities/330102001052`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { name: "找不到页面（404）" }).isVisible()).toBe(true);
    await page.close();
  });

  it("a 街道审核员 sees the communities of 清波街道 only, and gets 404 on another street's community", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "chen.kezhang");
    expect(new URL(page.url()).pathname).toBe("/streets/330102001");
    await page.getByRole("heading", { level: 1, name: "清波街道" }).waitFor();
    expect(await page.getByRole("link", { name: "清波门社区", exact: true }).first().isVisible()).toBe(true);
    // The page leads with what needs 陈科长 (issue 20, point 14), each part saying why when it is empty.
    expect(await page.getByRole("heading", { level: 2 }).first().textContent()).toMatch(/^需要您处理/);
    const attention = page.getByRole("region", { name: /需要您处理/ });
    for (const part of ["等待审核的清单", "逾期节点", "放宽最低参与率"]) expect(await attention.getByRole("group", { name: new RegExp(part) }).isVisible()).toBe(true);
    const reviews = attention.getByRole("group", { name: /等待审核的清单/ });
    expect(await reviews.getByRole("link", { name: /^审核.+的清单$/ }).count()).toBe(countRows("select count(*) n from cycles y join communities c on c.code = y.community_code where c.street_code = ? and y.stage = 'street_review'", "330102001"));
    // Panels with nothing to show are one line saying why, not an empty chart.
    const projects = page.getByRole("region", { name: /建设项目：计划投资/ });
    expect(await projects.textContent()).toMatch(/暂无数据，还没有建设项目（清单审核通过后由社区编入项目）。/);
    expect(await projects.getByRole("button", { name: "图表" }).count()).toBe(0);

    // 赛马 shows the participation next to each score; too little participation is not ranked, thin ranks say so (point 15).
    await page.goto(`${app.server.url}/streets/330102001/ranking`);
    const ranking = page.getByRole("table", { name: /社区赛马排名/ });
    expect(await ranking.getByRole("columnheader").nth(3).textContent()).toBe("参与率");
    const rows = await ranking.locator("tbody tr").all();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const [rank, , participation] = await row.getByRole("cell").allTextContents();
      const rate = participation === "暂无数据" ? null : Number(participation.replace("%", "")) / 100;
      if (rate !== null && rate < 0.1) expect(rank).toMatch(/^不排名参与率 .+ 低于 10%，不排名次$/);
      else if (rate === null || rate < 0.3) expect(rank).toMatch(/（低可信度）/);
    }
    await page.goto(`${app.server.url}/communities`);
    const total = await page.getByText(/共 \d+ 个社区\/村/).textContent();
    expect(total).toBe(`共 ${countRows("select count(*) n from communities where street_code = ?", "330102001")} 个社区/村`);
    const other = await page.goto(`${app.server.url}/communities/330102003050`);
    expect(other?.status()).toBe(404);
    await page.close();
  });

  it("a 区级管理员 sees their district and drills to a street; another district is 404", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "shangcheng.admin");
    expect(new URL(page.url()).pathname).toBe("/districts/330102");
    await page.getByRole("link", { name: "清波街道" }).first().click();
    await page.getByRole("heading", { level: 1, name: "清波街道" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/streets/330102001");
    expect((await page.goto(`${app.server.url}/districts/330105`))?.status()).toBe(404);
    await page.close();
  });

  it("a 市级管理员 sees all ten districts on the city dashboard and can filter the community list", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "city.admin");
    expect(new URL(page.url()).pathname).toBe("/city");
    await page.getByRole("heading", { level: 1, name: /杭州市区/ }).waitFor();
    const stages = page.getByRole("region", { name: "各区流程阶段分布" });
    expect(await stages.locator("tbody tr").count()).toBe(10);
    await page.goto(`${app.server.url}/communities?pilot=1`);
    const pilots = countRows("select count(*) n from communities where is_pilot = 1");
    expect(await page.getByText(/共 \d+ 个社区\/村/).textContent()).toBe(`共 ${pilots} 个社区/村`);
    await page.close();
  });
});

describe("facilities", () => {
  it("a 社区工作者 adds a facility and sees it under its domain", async () => {
    const page = await app.browser.newPage({ phone: true });
    await logIn(page, app.server.url, "wang.laoshi");
    await page.getByRole("link", { name: "新增设施" }).click();
    await page.getByLabel("设施名称").fill("清波门社区助浴点");
    await page.getByLabel("服务领域").selectOption({ label: "养老托育" });
    await page.getByLabel("养老服务（居家养老服务中心/日间照料）").check();
    await page.getByLabel("建筑面积（m²）").fill("85");
    await page.getByLabel("收费方式").selectOption({ label: "低偿" });
    await Promise.all([page.waitForURL(/\/communities\/330102001051$/), page.getByRole("button", { name: "保存设施" }).click()]);
    const group = page.getByRole("region", { name: /养老托育/ });
    await group.getByText("清波门社区助浴点").waitFor();
    expect(countRows("select count(*) n from audit_log where action = 'facility.create'")).toBe(1);
    await page.close();
  });

  it("bad input shows the errors in Chinese, keeps what was typed and writes nothing", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "wang.laoshi");
    const before = countRows("select count(*) n from facilities");
    await page.goto(`${app.server.url}/communities/330102001051/facilities/new`);
    await page.getByLabel("设施名称").fill("临时活动点");
    await page.getByLabel("建筑面积（m²）").fill("50");
    await page.getByLabel("其中办公面积（m²）").fill("80");
    await page.getByLabel("纬度").fill("3.02");
    await page.getByRole("button", { name: "保存设施" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByText("办公面积不能大于建筑面积").first().isVisible()).toBe(true);
    expect(await page.getByText("纬度不能小于 29.1").first().isVisible()).toBe(true);
    expect(await page.getByLabel("设施名称").inputValue()).toBe("临时活动点");
    expect(countRows("select count(*) n from facilities")).toBe(before);
    await page.close();
  });

  it("a form posted without the session's CSRF token is refused", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "wang.laoshi");
    const status = await page.evaluate(async () => {
      const body = new URLSearchParams({ name: "伪造设施", domain: "health", areaM2: "10", status: "operating", lat: "30.2", lng: "120.1", serviceLevel: "basic" });
      const response = await fetch("/communities/330102001051/facilities/new", { method: "POST", body });
      return response.status;
    });
    expect(status).toBe(403);
    expect(countRows("select count(*) n from facilities where name = '伪造设施'")).toBe(0);
    await page.close();
  });
});
