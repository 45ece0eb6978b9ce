import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { DOMAIN_LABELS, DOMAINS, type Domain } from "../../workflows/glossary";
import { followLink } from "../support/browser";
import { executeSql, queryRow, queryRows } from "../support/database";
import { e2eApp } from "../support/e2e-app";

/** A community in 评估 that has no operating facility of its own in `missing`, and its worker's login. */
let community: { code: string; name: string; missing: Domain };

/** Picks a community in 评估 missing a domain, and gives it its own worker. */
async function prepare(file: string): Promise<void> {
  // Portable SQL (the test runs on SQLite and under test:pg): domains are grouped here, not with group_concat.
  const rows = queryRows<{ code: string; name: string; domain: string | null }>(
    file,
    `select c.code, c.name, f.domain
       from cycles y join communities c on c.code = y.community_code
       left join facilities f on f.community_code = c.code and f.status = 'operating'
      where y.stage = 'evaluating'
      order by c.code`,
  );
  const domainsOf = new Map<string, { name: string; domains: Set<string> }>();
  for (const r of rows) {
    const entry = domainsOf.get(r.code) ?? { name: r.name, domains: new Set<string>() };
    if (r.domain) entry.domains.add(r.domain);
    domainsOf.set(r.code, entry);
  }
  const [code, chosen] = [...domainsOf].find(([, c]) => DOMAINS.some((d) => !c.domains.has(d)))!;
  community = { code, name: chosen.name, missing: DOMAINS.find((d) => !chosen.domains.has(d))! };
  // 钱老师 is the community's worker: same password as the demo accounts.
  const demo = queryRow<{ password_hash: string }>(file, "select password_hash from users where username = 'wang.laoshi'");
  executeSql(
    file,
    "insert into users (id, username, display_name, password_hash, role, scope_code, active, created_at) values (?, ?, ?, ?, 'community_worker', ?, 1, ?)",
    "e2e-worker",
    "qian.laoshi",
    "钱老师",
    demo.password_hash,
    community.code,
    new Date().toISOString(),
  );
}

const app = e2eApp({ prepare });

function query<T>(sql: string, ...params: unknown[]): T {
  return queryRow<T>(app.server.databaseFile, sql, ...params);
}

describe("a 社区工作者 evaluates her community during 评估", () => {
  it("runs the evaluation, sees the radar and the findings with clauses, adds a facility, re-runs and sees what changed", async () => {
    const page = await app.signIn("qian.laoshi", { phone: true });
    await page.getByRole("navigation", { name: "社区页面" }).getByRole("link", { name: "评估" }).click();
    await page.getByRole("heading", { name: /对照政策评估/ }).waitFor();
    await page.getByRole("button", { name: "运行评估" }).click();
    await page.getByRole("status").filter({ hasText: "第 1 版" }).waitFor();

    expect(await page.getByRole("img", { name: /七大领域得分雷达图/ }).isVisible()).toBe(true);
    // ECharts draws the radar as SVG once it has loaded.
    await page.locator(".chart svg").first().waitFor();
    const findings = page.getByRole("table", { name: /杭政办函〔2024〕11号/ });
    expect(await findings.getByRole("cell", { name: "三(一)" }).first().isVisible()).toBe(true);
    expect(await findings.getByRole("rowheader", { name: /15分钟公共服务圈/ }).count()).toBe(7);
    // Rules are named by their Chinese titles; codes such as FUNC_PILOT stay out of sight.
    expect(await page.getByRole("main").textContent()).not.toMatch(/[A-Z]{2,}_[A-Z]|[a-z]+_[a-z]+__/);
    const label = DOMAIN_LABELS[community.missing];
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: label, exact: true }) });
    expect(await card.getByText(/满足|不足|缺失/).first().isVisible()).toBe(true);

    // A new facility of the domain it has none of its own.
    await page.getByRole("link", { name: "概况与设施" }).click();
    await page.getByRole("link", { name: "新增设施" }).click();
    await page.getByLabel("设施名称").fill(`${community.name}新设施`);
    await page.getByLabel("服务领域").selectOption({ label });
    await page.getByLabel("建筑面积（m²）").fill("120");
    await Promise.all([page.waitForURL(new RegExp(`/communities/${community.code}$`)), page.getByRole("button", { name: "保存设施" }).click()]);

    await page.getByRole("navigation", { name: "社区页面" }).getByRole("link", { name: "评估" }).click();
    await page.getByRole("button", { name: "重新评估并保存新版本" }).click();
    await page.getByRole("status").filter({ hasText: "第 2 版" }).waitFor();
    const changes = page.getByRole("region", { name: "与上一版相比" });
    expect(await changes.getByText(/第 1 版/).isVisible()).toBe(true);
    expect(await changes.getByRole("listitem").filter({ hasText: label }).first().isVisible()).toBe(true);
    expect(query<{ n: number }>("select count(*) n from evaluations where community_code = ?", community.code).n).toBe(2);
    expect(query<{ n: number }>("select count(*) n from audit_log where action = 'evaluation.save'").n).toBe(2);

    // The printable report opens without the community tabs.
    await followLink(page, "打印报告（A4）", new RegExp(`${community.name} 社区嵌入式服务设施评估报告`));
    expect(await page.getByRole("navigation", { name: "社区页面" }).count()).toBe(0);
    await page.close();
  });
});

describe("a 区级管理员 evaluates a street in one go", () => {
  it("starts a batch for 清波街道 and watches the progress reach 完成", async () => {
    const page = await app.signIn("shangcheng.admin");
    await followLink(page, "批量评估", "批量评估 · 上城区");
    await page.getByText("只评估某个街道/乡镇").click();
    await followLink(page, "清波街道", "批量评估 · 清波街道");
    await page.getByRole("button", { name: "开始批量评估" }).click();
    const progress = page.getByRole("status");
    await progress.filter({ hasText: "完成" }).waitFor({ timeout: 20_000 });
    const total = query<{ n: number }>("select count(*) n from communities where street_code = '330102001'").n;
    expect(await progress.getByText(`已评估 ${total} / ${total}`).isVisible()).toBe(true);
    const job = query<{ status: string; saved: number }>("select status, saved from batch_jobs where scope_code = '330102001'");
    expect(job.status).toBe("done");
    expect(await progress.getByText(`已保存评估 ${job.saved} 个`).isVisible()).toBe(true);
    await page.close();
  });
});

describe("a 区级管理员 brings in real facility data", () => {
  it("downloads the template, is told a broken file is not a workbook, checks a sheet with one bad row and imports only the valid rows", async () => {
    const page = await app.signIn("shangcheng.admin");
    await followLink(page, "数据导入", "数据导入");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("listitem").filter({ hasText: /^服务设施：/ }).getByRole("link", { name: "XLSX 模板" }).click()]);
    expect(download.suggestedFilename()).toBe("服务设施导入模板.xlsx");

    await page.getByLabel("数据类型").selectOption({ label: "服务设施" });
    await page.getByLabel(/^文件/).setInputFiles({ name: "设施.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("这不是工作簿") });
    await page.getByRole("button", { name: "检查文件（不写入）" }).click();
    await page.getByRole("alert").filter({ hasText: "内容不是 Excel 工作簿" }).waitFor();

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("数据");
    sheet.addRow(["社区代码", "设施名称", "服务领域", "建筑面积", "状态"]);
    sheet.addRow(["330102001052", "劳动路社区助餐点", "社区助餐", 90, "运营中"]);
    sheet.addRow(["330102001052", "劳动路社区托育点", "托育", 60, "运营中"]);
    const before = query<{ n: number }>("select count(*) n from facilities").n;
    await page.getByLabel(/^文件/).setInputFiles({ name: "设施.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
    await page.getByLabel("只导入无误的行").check();
    await page.getByRole("button", { name: "检查文件（不写入）" }).click();
    await page.getByRole("status").filter({ hasText: "检查完成：1 行可以导入，1 行有问题将被跳过" }).waitFor();
    const problems = page.getByRole("table", { name: /问题清单/ });
    expect(await problems.getByRole("row").filter({ hasText: "服务领域“托育”不是七大领域之一" }).getByRole("cell", { name: "3", exact: true }).isVisible()).toBe(true);
    expect(query<{ n: number }>("select count(*) n from facilities").n).toBe(before);

    await page.getByRole("button", { name: "导入", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "已导入 1 处设施；1 行有问题，已跳过" }).waitFor();
    expect(query<{ n: number }>("select count(*) n from facilities").n).toBe(before + 1);
    expect(query<{ n: number }>("select count(*) n from audit_log where action = 'facilities.import'").n).toBe(1);
    await page.close();
  });
});
