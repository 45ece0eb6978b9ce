import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../db/seed";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface TestBrowser {
  browser: BrowserContext;
  /** Uncaught page errors; a test fails if any are left at the end. */
  pageErrors: string[];
  newPage: (options?: { phone?: boolean }) => Promise<Page>;
  close: () => Promise<void>;
}

/** Debian's Chromium with a fresh profile directory. */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_FLAGS,
    headless: true,
    locale: "zh-CN",
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  return {
    browser: context,
    pageErrors,
    // Each page starts signed out: one persistent profile, so cookies are cleared instead.
    newPage: async (options = {}) => {
      await context.clearCookies();
      const page = await context.newPage();
      if (options.phone) await page.setViewportSize({ width: 390, height: 844 });
      page.on("pageerror", (error) => pageErrors.push(error.message));
      return page;
    },
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function logIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  // Remix navigates client-side: wait for the signed-in page, not just the URL.
  await page.getByRole("button", { name: "退出登录" }).waitFor();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Follows the link named `link` on the page and waits for the page it opens, by its heading (h1). */
export async function followLink(page: Page, link: string, heading: string | RegExp): Promise<void> {
  await page.getByRole("link", { name: link }).click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

/** Posts a form as the page's signed-in user, with the CSRF token of the page's own form; answers the status. */
export async function postForm(page: Page, url: string, form: Record<string, string>): Promise<number> {
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  return (await page.request.post(url, { form: { _csrf: csrf, ...form } })).status();
}

export type { Browser, Page };
