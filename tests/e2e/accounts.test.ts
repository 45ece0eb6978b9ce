// A 区级管理员 rolls out accounts; a new worker signs in with a one-time password; a worker
// disabled mid-session is signed out; the admin's limits hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, type Page, type TestBrowser } from "../support/browser";
import { queryRow } from "../support/database";
import { type RunningServer, startServer } from "../support/server";

let server: RunningServer;
let browser: TestBrowser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  expect(browser.pageErrors).toEqual([]);
  await browser?.close();
  await server?.stop();
});

const ACCOUNTS_CSV = ["用户名,姓名,角色,范围代码,手机", "zhou.min,周敏,社区工作者,330102001052,13800000011", "wu.gang,吴刚,社区工作者,330102001053,", "zheng.hua,郑华,街道审核员,330102003,"].join("\n");

async function signInWithOneTimePassword(page: Page, username: string, oneTimePassword: string) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(oneTimePassword);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("heading", { name: "请设置新密码" }).waitFor();
}

describe("rolling out accounts in a district", () => {
  const slips: { username: string; password: string }[] = [];

  it("a 区级管理员 bulk-imports three accounts and prints one 账号开通单 per person", async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, "shangcheng.admin");
    await page.getByRole("link", { name: "账号管理" }).click();
    await page.getByRole("link", { name: "批量导入" }).click();
    await page.getByLabel(/账号文件/).setInputFiles({ name: "上城区账号.csv", mimeType: "text/csv", buffer: Buffer.from(ACCOUNTS_CSV, "utf8") });
    await page.getByRole("button", { name: "导入" }).click();
    await page.getByRole("heading", { level: 1, name: "账号开通单" }).waitFor();
    expect(await page.getByRole("status").textContent()).toContain("已创建 3 个账号");
    const items = page.getByRole("list", { name: "账号开通单" }).getByRole("listitem");
    expect(await items.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const text = (await items.nth(i).textContent()) ?? "";
      expect(text).toContain(`${server.url}/login`);
      slips.push({ username: /用户名(\S+?)初始密码/.exec(text)![1], password: /初始密码([a-z2-9-]{14})/.exec(text)![1] });
    }
    expect(slips.map((s) => s.username)).toEqual(["zhou.min", "wu.gang", "zheng.hua"]);
    // Printed: the page's own chrome goes, each slip starts a new A4 page.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("button", { name: "打印开通单" }).isVisible()).toBe(false);
    expect(await items.first().evaluate((li) => getComputedStyle(li).breakAfter)).toBe("page");
    await page.emulateMedia({ media: "screen" });
    const download = page.getByRole("link", { name: "下载开通单（CSV）" });
    expect(decodeURIComponent((await download.getAttribute("href")) ?? "")).toContain(`zhou.min,周敏,社区工作者,上城区 清波街道`);
    // Stored: only the hashes.
    const stored = queryRow<{ hash: string }>(server.databaseFile, "select password_hash as hash from users where username = ?", "zhou.min");
    expect(stored.hash).toMatch(/^\$argon2id\$/);
    await page.close();
  });

  it("a new worker signs in with the one-time password, must set a new one, and lands on their community", async () => {
    const page = await browser.newPage();
    const slip = slips[0];
    await signInWithOneTimePassword(page, slip.username, slip.password);
    // Every other page waits for the new password.
    await page.goto(`${server.url}/communities/330102001052`);
    await page.getByRole("heading", { name: "请设置新密码" }).waitFor();
    await page.getByLabel("一次性密码").fill(slip.password);
    await page.getByLabel("新密码", { exact: true }).fill("123456789");
    await page.getByLabel("再次输入新密码").fill("123456789");
    await page.getByRole("button", { name: "保存新密码" }).click();
    await page.getByRole("alert").filter({ hasText: "密码至少需要 10 个字符" }).waitFor();
    await page.getByLabel("一次性密码").fill(slip.password);
    await page.getByLabel("新密码", { exact: true }).fill("Qingbo-Lake-2417");
    await page.getByLabel("再次输入新密码").fill("Qingbo-Lake-2417");
    await page.getByRole("button", { name: "保存新密码" }).click();
    await page.waitForURL(`${server.url}/communities/330102001052`);
    await page.getByRole("heading", { level: 1 }).filter({ hasText: "社区" }).waitFor();
    // The one-time password is spent.
    const again = await browser.newPage();
    await again.goto(`${server.url}/login`);
    await again.getByLabel("用户名").fill(slip.username);
    await again.getByLabel("密码").fill(slip.password);
    await again.getByRole("button", { name: "登录" }).click();
    await again.getByRole("alert").filter({ hasText: "用户名或密码不正确" }).waitFor();
    await again.close();
    await page.close();
  });

  it("a worker disabled mid-session is signed out on their next request", async () => {
    const worker = await browser.newPage();
    await logIn(worker, server.url, "wang.laoshi");
    // The admin works from another tab on another host name, so the two sessions' cookies stay apart.
    const adminUrl = server.url.replace("127.0.0.1", "localhost");
    const admin = await browser.browser.newPage();
    await logIn(admin, adminUrl, "shangcheng.admin");
    await admin.goto(`${adminUrl}/admin/users?q=wang.laoshi`);
    await admin.getByRole("link", { name: "wang.laoshi" }).click();
    await admin.getByRole("button", { name: "停用账号" }).click();
    await admin.getByRole("status").filter({ hasText: "已停用该账号，已退出其 1 处登录" }).waitFor();
    await worker.getByRole("link", { name: "我的社区" }).click();
    await worker.waitForURL((url) => url.pathname === "/login");
    await worker.getByRole("heading", { name: "登录" }).waitFor();
    await admin.close();
    await worker.close();
  });

  it("the 区级管理员 cannot create an account outside the district or grant 市级管理员", async () => {
    const page = await browser.newPage();
    await logIn(page, server.url, "shangcheng.admin");
    await page.goto(`${server.url}/admin/users/new`);
    expect(await page.getByLabel("角色").locator("option").allTextContents()).toEqual(["街道审核员", "社区工作者"]);
    await page.getByLabel("用户名").fill("gong.shu");
    await page.getByLabel("姓名").fill("拱墅");
    await page.getByLabel("角色").selectOption({ label: "社区工作者" });
    await page.getByLabel("范围代码").fill("330105001051");
    await page.getByRole("button", { name: "创建账号" }).click();
    await page.getByRole("heading", { name: "没有访问权限（403）" }).waitFor();

    await page.goto(`${server.url}/admin/users/new`);
    await page.getByLabel("用户名").fill("fake.city");
    await page.getByLabel("姓名").fill("冒充");
    // A hand-edited form: the page never offers the role.
    await page.getByLabel("角色").evaluate((select) => select.append(new Option("市级管理员", "city_admin", true, true)));
    await page.getByLabel("范围代码").fill("");
    await page.getByRole("button", { name: "创建账号" }).click();
    await page.getByRole("heading", { name: "没有访问权限（403）" }).waitFor();
    const denied = queryRow<{ n: number }>(server.databaseFile, "select count(*) as n from audit_log where action like 'denied:manage:%'");
    expect(Number(denied.n)).toBe(2);
    expect(queryRow<{ n: number }>(server.databaseFile, "select count(*) as n from users where username in ('gong.shu', 'fake.city')").n).toBe(0);
    await page.close();
  });
});
