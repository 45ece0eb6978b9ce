// Issue 16 point 6: names stored before the name rule (a legacy row, an old import) that carry
// markup are shown as text on every page and in the XLSX, and never become elements.
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../db/client";
import { logIn } from "../support/browser";
import { e2eApp } from "../support/e2e-app";
import { approveQingbomenList, QINGBOMEN } from "../integration/approved-list";

const IMG = "<img src=x onerror=alert(1)>老年食堂";
const META = "<meta http-equiv=refresh content=0;url=//evil.example>健身房";

const app = e2eApp({
  prepare: async (file) => {
    const { db } = createDatabase(file);
    try {
      const { items } = await approveQingbomenList(db, 1);
      const [first, second] = await db.selectFrom("facilities").select("id").where("community_code", "=", QINGBOMEN).orderBy("id").limit(2).execute();
      await db.updateTable("facilities").set({ name: IMG }).where("id", "=", first.id).execute();
      await db.updateTable("facilities").set({ name: META }).where("id", "=", second.id).execute();
      await db.updateTable("gap_items").set({ name: IMG }).where("id", "=", items[0].id).execute();
    } finally {
      await db.destroy();
    }
  },
});

/** The page carries the name as text (in a table cell, a heading or a folded card) and no element came out of it. */
async function expectOnlyText(page: Page, ...names: string[]) {
  const text = (await page.locator("main").textContent()) ?? "";
  for (const name of names) expect(text).toContain(name);
  const injected = await page.evaluate(() => document.querySelectorAll('img[src="x"], meta[http-equiv="refresh" i]').length);
  expect(injected).toBe(0);
}

describe("names carrying markup from before the name rule", () => {
  it("王老师 sees them as text on the community page, the list, its print page and its XLSX", async () => {
    const page = await app.browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    await logIn(page, app.server.url, "wang.laoshi");
    await page.goto(`${app.server.url}/communities/${QINGBOMEN}`);
    await page.getByText(IMG, { exact: true }).first().waitFor();
    await expectOnlyText(page, IMG, META);

    await page.goto(`${app.server.url}/communities/${QINGBOMEN}/gaplist`);
    await expectOnlyText(page, IMG);

    await page.goto(`${app.server.url}/communities/${QINGBOMEN}/gaplist/print`);
    await expectOnlyText(page, IMG);

    const download = await page.request.get(`${app.server.url}/communities/${QINGBOMEN}/gaplist/export.xlsx`);
    expect(download.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download.body()) as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells.some((c) => c.includes(IMG))).toBe(true);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("上城区's administrator opens the governance map and the district page without any of it running", async () => {
    const page = await app.browser.newPage();
    await logIn(page, app.server.url, "shangcheng.admin");
    await page.goto(`${app.server.url}/map`);
    await page.locator("canvas").first().waitFor();
    await expectOnlyText(page);
    await page.goto(`${app.server.url}/districts/330102`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expectOnlyText(page);
    await page.close();
  });
});
