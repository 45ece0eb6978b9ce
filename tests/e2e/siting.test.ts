// Issue 19: 王老师 imports three idle spaces whose coordinates she copied from 高德 (GCJ-02), runs
// the 选址推演 for 社区助餐, turns the best site into a 查漏补缺 item and submits the list;
// 陈科长 sees the item, with the space as its site, in his review.
import { describe, expect, it } from "vitest";
import { fromWgs84 } from "../../workflows/coordinates";
import { prepareQingbomenDrafting, QINGBO_STREET, QINGBOMEN } from "../integration/approved-list";
import { logIn } from "../support/browser";
import { queryRow } from "../support/database";
import { e2eApp } from "../support/e2e-app";


// WGS-84 positions beside the community's two 小区 (湖悦公寓 1,292 户, 南荷新村 608 户) and one
// away from both; the sheet carries them as 高德 shows them.
const SPACES = [
  { name: "湖悦公寓架空层", address: "清波街 1 号", area: 240, route: "补改", wgs: { lat: 30.24905, lng: 120.13745 } },
  { name: "南荷新村闲置厂房", address: "南荷路 2 号", area: 400, route: "转型", wgs: { lat: 30.2485, lng: 120.1276 } },
  { name: "北山仓库", address: "北山路 3 号", area: 500, route: "划转", wgs: { lat: 30.256, lng: 120.133 } },
];
const csv = () =>
  "\uFEFF社区代码,名称,地址,建筑面积,途径,经度,纬度,坐标系\r\n" +
  SPACES.map((s) => {
    const gcj = fromWgs84(s.wgs, "GCJ02");
    return [QINGBOMEN, s.name, s.address, s.area, s.route, gcj.lng.toFixed(6), gcj.lat.toFixed(6), "GCJ-02"].join(",");
  }).join("\r\n");

/** A 1 × 1 PNG: the space's photo. */
const PHOTO = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0a1b1c50000000049454e44ae426082", "hex");

const app = e2eApp({ prepare: prepareQingbomenDrafting });

describe("from idle spaces to a gap-list item the street reviews", () => {
  it("王老师 imports three spaces with 高德 coordinates, finds the best canteen site and adds it to her list", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "wang.laoshi");
    await page.getByRole("navigation", { name: "社区页面" }).getByRole("link", { name: "查漏补缺清单" }).click();
    await page.getByRole("button", { name: "根据评估生成清单" }).click();
    await page.getByRole("status").filter({ hasText: "已根据评估生成清单草稿" }).waitFor();

    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "数据导入" }).click();
    await page.getByLabel("数据类型").selectOption({ label: "存量空间台账" });
    await page.getByLabel(/^文件/).setInputFiles({ name: "存量空间.csv", mimeType: "text/csv", buffer: Buffer.from(csv(), "utf8") });
    await page.getByRole("button", { name: "导入", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "已导入 3 处存量空间" }).waitFor();
    // Stored in WGS-84: the GCJ-02 offset (≈ 500 m here) is gone.
    const stored = queryRow<{ lat: number; lng: number; source_system: string }>(app.server.databaseFile, "select lat, lng, source_system from idle_spaces where name = ?", SPACES[0].name);
    expect(stored.source_system).toBe("GCJ02");
    expect(Math.abs(stored.lat - SPACES[0].wgs.lat)).toBeLessThan(0.00002);
    expect(Math.abs(stored.lng - SPACES[0].wgs.lng)).toBeLessThan(0.00002);

    // She adds a photo of the first space on its page.
    await page.goto(`${app.server.url}/communities/${QINGBOMEN}/spaces`);
    await page.getByRole("table", { name: /存量空间台账/ }).getByRole("link", { name: SPACES[0].name }).click();
    await page.getByLabel("选择照片").setInputFiles({ name: "架空层.png", mimeType: "image/png", buffer: PHOTO });
    await page.getByRole("button", { name: "上传照片", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "已上传照片：架空层.png" }).waitFor();
    await page.getByRole("img", { name: "照片：架空层.png" }).waitFor();

    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "选址推演" }).click();
    await page.getByRole("heading", { name: /选址推演/ }).first().waitFor();
    await page.getByRole("checkbox", { name: "社区助餐" }).check();
    // The two 小区 lie 290 m and 410 m from the nearest canteens: a 250 m radius leaves both uncovered.
    await page.getByLabel("步行半径（米）").fill("250");
    await page.getByLabel("数量或预算").fill("1");
    await page.getByRole("button", { name: "开始推演" }).click();
    await page.getByRole("status").filter({ hasText: "推演完成：选中 1 处新址" }).waitFor();
    const result = page.getByRole("region", { name: "推演结果" });
    await result.getByText(/求解方法：.*(最优性差距)/).waitFor();
    const sites = result.getByRole("list").first();
    await sites.getByText(SPACES[0].name, { exact: true }).waitFor();
    await result.getByRole("table", { name: /覆盖户数/ }).getByText("1,292").first().waitFor();

    await result.getByRole("button", { name: `把“${SPACES[0].name}”加入查漏补缺清单` }).click();
    await result.getByRole("status").filter({ hasText: `已把“${SPACES[0].name}”加入查漏补缺清单` }).waitFor();

    await page.goto(`${app.server.url}/communities/${QINGBOMEN}/gaplist`);
    await page.getByText(`候选选址：${SPACES[0].name}（${SPACES[0].address}）`).waitFor();
    await page.getByRole("button", { name: "提交街道审核" }).click();
    await page.getByRole("status").filter({ hasText: "已提交街道审核" }).waitFor();
    await page.close();
  });

  it("陈科长 sees the site's item in the street's review, and the spaces with their photo in the street's inventory", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "chen.kezhang");
    await page.goto(`${app.server.url}/streets/${QINGBO_STREET}`);
    await page.getByRole("link", { name: "存量空间台账" }).click();
    const spaces = page.getByRole("table", { name: /存量空间台账（共 3 处）/ });
    await spaces.getByRole("link", { name: SPACES[1].name }).waitFor();
    await spaces.getByRole("link", { name: SPACES[0].name }).click();
    const photo = page.getByRole("img", { name: "照片：架空层.png" });
    await photo.waitFor();
    // Served by the photo route after its scope check, and really an image.
    expect(await photo.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(1);

    await page.goto(`${app.server.url}/communities/${QINGBOMEN}/gaplist/review`);
    await page.getByRole("heading", { name: /审核查漏补缺清单/ }).waitFor();
    const item = page.getByRole("article").filter({ hasText: `${SPACES[0].name}（${SPACES[0].address}）` });
    await item.getByText(/补建\/改建/).first().waitFor();
    expect(await item.count()).toBe(1);
    await page.close();
  });
});
