// Names that carry markup are refused at every door, and what reaches an ECharts tooltip
// from an older row is shown as text.
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { chartTooltipLines, escapeChartText } from "../../app/lib/chart-text";
import { bodyBudget, FORM_BUDGET, isForeignOrigin } from "../../app/lib/request-guards.server";
import { displayNameField } from "../../app/validation/accounts";
import { FacilitySchema } from "../../app/validation/facility";
import { FacilityImportRowSchema } from "../../app/validation/facility-import";
import { fieldErrors } from "../../app/validation/form";
import { nameField } from "../../app/validation/names";
import { ProjectPlanFieldsSchema } from "../../app/validation/projects";

const HOSTILE = ["<img src=x onerror=alert(1)>", "<meta http-equiv=refresh content=0;url=//evil.example>", "清波\u0000食堂", "清波\n食堂"];

describe("names with markup or control characters", () => {
  it.each(HOSTILE)("the facility form refuses %j with a clear message", (name) => {
    // Only the name matters here: the other fields' errors are left aside.
    const result = FacilitySchema.safeParse({ name });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error).name).toBe("设施名称不能包含 <、> 或控制字符（如换行、制表符）。");
  });

  it.each(HOSTILE)("the facility import refuses %j", (name) => {
    const result = FacilityImportRowSchema.safeParse({ communityCode: "330102001051", name, domain: "meal_assist", status: "operating" });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error).name).toContain("不能包含 <、>");
  });

  it("project, survey and account names use the same rule", () => {
    expect(ProjectPlanFieldsSchema.safeParse({ name: HOSTILE[0] }).error?.issues.some((i) => i.message === "项目名称不能包含 <、> 或控制字符（如换行、制表符）。")).toBe(true);
    expect(displayNameField.safeParse(HOSTILE[1]).success).toBe(false);
    expect(nameField("问卷名称", { min: 2, max: 60 }).safeParse("2026年 需求调查（第二轮）").success).toBe(true);
    expect(nameField("问卷名称", { min: 2, max: 60 }).safeParse("a > b").success).toBe(false);
  });

  it("ordinary Chinese names with punctuation pass", () => {
    expect(nameField("设施名称", { min: 2, max: 60 }).safeParse("“邻里”食堂 & 托育点（二期）").success).toBe(true);
  });
});

describe("ECharts text", () => {
  it("escapes a stored name so the tooltip shows it literally", () => {
    expect(escapeChartText(HOSTILE[0])).toBe("&lt;img src=x onerror=alert(1)&gt;");
    expect(chartTooltipLines(HOSTILE[1], "设施 · 运营中")).toBe("&lt;meta http-equiv=refresh content=0;url=//evil.example&gt;<br/>设施 · 运营中");
  });
});

const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;

describe("origin of a state-changing request", () => {
  it("refuses Origin null and other sites, accepts its own host", () => {
    expect(isForeignOrigin(request("POST", { host: "127.0.0.1:3000", origin: "null" }), "")).toBe(true);
    expect(isForeignOrigin(request("POST", { host: "127.0.0.1:3000", origin: "http://evil.example" }), "")).toBe(true);
    expect(isForeignOrigin(request("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), "")).toBe(false);
    expect(isForeignOrigin(request("GET", { host: "127.0.0.1:3000", origin: "null" }), "")).toBe(false);
  });

  it("judges by PUBLIC_BASE_URL when set, whatever Host says", () => {
    const base = "https://tijian.example.gov.cn";
    expect(isForeignOrigin(request("POST", { host: "tijian.example.gov.cn", origin: "https://tijian.example.gov.cn" }), base)).toBe(false);
    expect(isForeignOrigin(request("POST", { host: "evil.example", origin: "https://evil.example" }), base)).toBe(true);
    expect(isForeignOrigin(request("POST", { host: "tijian.example.gov.cn", origin: "http://tijian.example.gov.cn" }), base)).toBe(true);
  });
});

describe("request budgets", () => {
  it("gives forms 64 KB and attachments a few 10 MB files", () => {
    expect(bodyBudget("/login").bytes).toBe(FORM_BUDGET);
    expect(bodyBudget("/communities/330102001051/projects/abc").bytes).toBeGreaterThan(30 * 1024 * 1024);
    expect(bodyBudget("/communities/330102001051/surveys/abc/edit").bytes).toBe(1024 * 1024);
    // A space's page takes one photo; its list page only the small form.
    expect(bodyBudget("/communities/330102001051/spaces/abc").bytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(bodyBudget("/communities/330102001051/spaces/abc").bytes).toBeLessThan(11 * 1024 * 1024);
    expect(bodyBudget("/communities/330102001051/spaces").bytes).toBe(FORM_BUDGET);
  });
});
