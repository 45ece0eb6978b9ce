import { describe, expect, it } from "vitest";
import { type Actor, can } from "../../workflows/permissions";
import type { GapItemSnapshot } from "../../workflows/gap-list";
import { MILESTONES } from "../../workflows/glossary";
import {
  acceptanceChecks,
  acceptanceRefusal,
  actualDateProblem,
  addDays,
  builtFacilities,
  completeMilestones,
  daysBetween,
  defaultFunding,
  fundingProblem,
  hubFunctionNote,
  isIsoDate,
  isOverdue,
  type MilestoneState,
  overallProgress,
  overdueMilestones,
  planFromItems,
  plannedDateProblems,
  type ProjectFunction,
  projectStatus,
  suggestedResult,
  unfinishedItemsForNextRound,
} from "../../workflows/projects";
import { gapItemSnapshot } from "../support/gap-items";

const TODAY = "2027-03-15";

function item(position: number, changes: Partial<GapItemSnapshot> = {}): GapItemSnapshot {
  return gapItemSnapshot({
    id: `item-${position}`,
    position,
    fundingSources: ["city_budget", "district_budget"],
    spaceSource: "腾退办公用房",
    priority: 150,
    decision: "approve",
    ...changes,
  });
}

/** Milestones with the given actual dates (in order), the rest empty. */
function done(...dates: string[]): MilestoneState[] {
  return completeMilestones(MILESTONES.slice(0, dates.length).map((milestone, i) => ({ milestone, plannedDate: null, actualDate: dates[i], progressPct: 100, spent: 0, note: null })));
}

describe("a project from approved items", () => {
  it("one item: its function, area, cost as the budget split over its funding sources", () => {
    const plan = planFromItems([item(1)], { name: "清波门老年食堂", hubForm: null });
    expect(plan).toMatchObject({
      kind: "single",
      hubForm: null,
      approach: "retrofit",
      budgetTotal: 700_000,
      funding: { city_budget: 350_000, district_budget: 350_000 },
      spaceSource: "腾退办公用房",
      serviceLevel: "basic",
    });
    expect(plan.functions).toEqual([{ function: "community_canteen", domain: "meal_assist", areaM2: 200, gapItemId: "item-1" }]);
  });

  it("several items become a 共同体 project described by what it builds, not by what it shares", () => {
    const plan = planFromItems(
      [
        item(2, { domain: "children_play", function: "playground", approach: "shared_with_neighbour", targetAreaM2: 0, estimatedCost: 50_000, fundingSources: [] }),
        item(1, { domain: "eldercare_childcare", function: "elderly_care", serviceLevel: "non_basic", estimatedCost: 1_000_001, fundingSources: ["city_budget", "district_budget", "social_capital"] }),
      ],
      { name: "清波门民生幸福共同体", hubForm: "clustered" },
    );
    expect(plan.kind).toBe("hub");
    expect(plan.hubForm).toBe("clustered");
    expect(plan.approach).toBe("retrofit");
    expect(plan.functions.map((f) => f.function)).toEqual(["elderly_care", "playground"]);
    // Costs are split to the yuan and add up; an item without sources is put under 区级财政.
    expect(plan.funding).toEqual({ city_budget: 333_335, district_budget: 333_333 + 50_000, social_capital: 333_333 });
    expect(fundingProblem(plan.budgetTotal, plan.funding)).toBeNull();
    expect(plan.serviceLevel).toBe("basic");
  });

  it("the funding must add up to the budget", () => {
    expect(fundingProblem(100_000, { city_budget: 60_000, district_budget: 40_000 })).toBeNull();
    expect(fundingProblem(100_000, { city_budget: 60_000 })).toBe("资金来源合计 60,000 元，与总投资 100,000 元不一致");
    expect(defaultFunding([])).toEqual({});
  });

  it("a 共同体's functions are measured against FUNC_HUB (三(三)2)", () => {
    expect(hubFunctionNote(["elderly_care", "community_canteen", "housekeeping"]).met).toBe(true);
    const short = hubFunctionNote(["playground", "housekeeping"]);
    expect(short.met).toBe(false);
    expect(short.message).toContain("本项目含 2 项服务功能");
  });
});

describe("milestones 立项 → 开放运营", () => {
  it("planned dates may not run backwards", () => {
    expect(plannedDateProblems({ approved: "2027-01-01", designed: "2027-02-01", started: "2027-01-15" })).toEqual([
      { milestone: "started", message: "“开工”的计划日期不能早于“设计”（2027-02-01）" },
    ]);
    expect(plannedDateProblems({ approved: "2027-02-30" })[0].message).toContain("YYYY-MM-DD");
    expect(plannedDateProblems({ approved: null, completed: "2027-06-01" })).toEqual([]);
  });

  it("actual dates are recorded in order, never in the future, and cleared from the last one back", () => {
    const two = done("2027-01-10", "2027-02-01");
    expect(actualDateProblem(two, "started", "2027-03-01", TODAY)).toBeNull();
    expect(actualDateProblem(two, "completed", "2027-03-01", TODAY)).toBe("请先填写“开工”的实际完成日期");
    expect(actualDateProblem(two, "started", "2027-01-20", TODAY)).toBe("“开工”的实际完成日期不能早于“设计”（2027-02-01）");
    expect(actualDateProblem(two, "started", "2027-03-16", TODAY)).toBe("实际完成日期不能晚于今天（2027-03-15）");
    expect(actualDateProblem(two, "approved", "2027-02-05", TODAY)).toBe("“立项”的实际完成日期不能晚于“设计”（2027-02-01）");
    expect(actualDateProblem(two, "approved", null, TODAY)).toBe("请先清除“设计”的实际完成日期，再清除“立项”的");
    expect(actualDateProblem(two, "designed", null, TODAY)).toBeNull();
    expect(actualDateProblem(two, "started", "2027-3-1", TODAY)).toContain("YYYY-MM-DD");
  });

  it("a milestone is overdue when its planned date has passed without an actual date — not for settled projects", () => {
    const m = { plannedDate: "2027-03-01", actualDate: null };
    expect(isOverdue(m, TODAY)).toBe(true);
    expect(isOverdue({ ...m, actualDate: "2027-03-10" }, TODAY)).toBe(false);
    expect(isOverdue({ plannedDate: TODAY, actualDate: null }, TODAY)).toBe(false);
    const milestones = completeMilestones([{ milestone: "approved", plannedDate: "2027-03-01", actualDate: null, progressPct: 0, spent: 0, note: null }]);
    expect(overdueMilestones(milestones, "planned", TODAY).map((x) => x.milestone)).toEqual(["approved"]);
    expect(overdueMilestones(milestones, "cancelled", TODAY)).toEqual([]);
    expect(daysBetween("2027-03-01", TODAY)).toBe(14);
    expect(addDays("2027-02-27", 2)).toBe("2027-03-01");
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
  });

  it("overall progress is the mean of the six milestones, a done milestone counting 100", () => {
    const ms = done("2027-01-10", "2027-02-01");
    ms[2] = { ...ms[2], progressPct: 60 };
    expect(overallProgress(ms)).toBe(Math.round((100 + 100 + 60) / 6));
    expect(overallProgress([])).toBe(0);
  });

  it("the status follows the milestones and the latest 验收", () => {
    expect(projectStatus(done(), null)).toBe("planned");
    expect(projectStatus(done("2027-01-01", "2027-01-02"), null)).toBe("planned");
    expect(projectStatus(done("2027-01-01", "2027-01-02", "2027-01-03"), null)).toBe("under_construction");
    const completed = done("2027-01-01", "2027-01-02", "2027-01-03", "2027-02-01");
    expect(projectStatus(completed, null)).toBe("completed");
    expect(projectStatus(completed, "pass_with_remarks")).toBe("accepted");
    expect(projectStatus(done("2027-01-01", "2027-01-02", "2027-01-03", "2027-02-01", "2027-02-10", "2027-02-20"), "pass")).toBe("operating");
    expect(projectStatus(completed, "fail")).toBe("failed");
    expect(projectStatus(completed, null, true)).toBe("cancelled");
    expect(projectStatus(completed, "pass", true)).toBe("accepted");
  });
});

describe("验收 against the approved items (四(三))", () => {
  const functions: ProjectFunction[] = [
    { function: "elderly_care", domain: "eldercare_childcare", areaM2: 300, gapItemId: "a" },
    { function: "community_canteen", domain: "meal_assist", areaM2: 200, gapItemId: "b" },
    { function: "playground", domain: "children_play", areaM2: 0, gapItemId: "c" },
  ];
  const plan = { approach: "retrofit" as const, plannedAreaM2: 500, functions, pricing: "low_cost" as const, operatingModel: "public_built_private_run" as const, operator: "清波街道居家养老服务中心" };
  const all = { actualAreaM2: 500, functionsPresent: ["elderly_care", "community_canteen", "playground"] as const };

  it("everything as planned: every check passes and 通过 is suggested", () => {
    const checks = acceptanceChecks(plan, all);
    expect(checks.every((c) => c.passed)).toBe(true);
    expect(suggestedResult(checks, all)).toBe("pass");
    expect(acceptanceRefusal("pass", checks, all, null)).toBeNull();
  });

  it("a shortfall cannot simply pass: 有条件通过 with remarks, or 不通过", () => {
    const short = { actualAreaM2: 450, functionsPresent: ["elderly_care", "community_canteen"] as const };
    const checks = acceptanceChecks({ ...plan, operator: " " }, short);
    expect(checks.filter((c) => !c.passed).map((c) => c.key)).toEqual(["area", "functions", "operator"]);
    expect(checks.find((c) => c.key === "area")!.detail).toBe("实际 450 m²，计划 500 m²（达到 90%）");
    expect(checks.find((c) => c.key === "functions")!.detail).toBe("缺少：儿童游乐场地");
    expect(suggestedResult(checks, short)).toBe("pass_with_remarks");
    expect(acceptanceRefusal("pass", checks, short, null)).toContain("有 3 项检查未达标");
    expect(acceptanceRefusal("pass_with_remarks", checks, short, null)).toBe("“有条件通过”须填写验收意见（整改要求）");
    expect(acceptanceRefusal("pass_with_remarks", checks, short, "运营主体一个月内落实")).toBeNull();
    expect(acceptanceRefusal("fail", checks, short, "  ")).toBe("“不通过”须填写验收意见（整改要求）");
    const nothing = { actualAreaM2: 0, functionsPresent: [] };
    expect(suggestedResult(acceptanceChecks(plan, nothing), nothing)).toBe("fail");
    expect(acceptanceRefusal("pass_with_remarks", acceptanceChecks(plan, nothing), nothing, "x")).toBe("没有任何计划功能到位，不能通过验收");
  });

  it("an accepted project adds one facility per function present, areas scaled to what was built; shared functions add none", () => {
    const built = builtFacilities({ name: "清波门民生幸福共同体", kind: "hub", plannedAreaM2: 500, functions }, { actualAreaM2: 450, functionsPresent: ["elderly_care", "community_canteen", "playground"] });
    expect(built).toEqual([
      { name: "清波门民生幸福共同体·养老服务", domain: "eldercare_childcare", function: "elderly_care", areaM2: 270, hubPart: true, gapItemId: "a" },
      { name: "清波门民生幸福共同体·社区助餐", domain: "meal_assist", function: "community_canteen", areaM2: 180, hubPart: true, gapItemId: "b" },
    ]);
    const single = builtFacilities({ name: "清波门老年食堂", kind: "single", plannedAreaM2: 200, functions: [functions[1]] }, { actualAreaM2: 200, functionsPresent: ["community_canteen"] });
    expect(single).toEqual([{ name: "清波门老年食堂", domain: "meal_assist", function: "community_canteen", areaM2: 200, hubPart: false, gapItemId: "b" }]);
    expect(builtFacilities({ name: "共享", kind: "single", plannedAreaM2: 0, functions: [functions[2]] }, { actualAreaM2: 0, functionsPresent: ["playground"] })).toEqual([]);
  });
});

describe("the next round", () => {
  it("approved items not delivered are carried over with why", () => {
    expect(unfinishedItemsForNextRound([{ domain: "children_play", function: "child_friendly_space", approach: "retrofit", reason: "验收不通过：消防整改" }])).toEqual([
      { kind: "unfinished_item", domain: "children_play", title: "儿童游憩 · 儿童友好空间（补建/改建（腾退空间））", reason: "验收不通过：消防整改" },
    ]);
  });
});

describe("who may plan, record progress and accept", () => {
  const qingbomen = { districtCode: "330102", streetCode: "330102001", communityCode: "330102001051" };
  const worker: Actor = { id: "w", role: "community_worker", scopeCode: "330102001051" };
  const otherWorker: Actor = { id: "w2", role: "community_worker", scopeCode: "330102001052" };
  const reviewer: Actor = { id: "r", role: "street_reviewer", scopeCode: "330102001" };
  const otherReviewer: Actor = { id: "r2", role: "street_reviewer", scopeCode: "330102003" };
  const district: Actor = { id: "d", role: "district_admin", scopeCode: "330102" };
  const city: Actor = { id: "c", role: "city_admin", scopeCode: null };

  it("only the community's own worker plans, records progress, uploads and enters operating figures", () => {
    expect(can(worker, "manage:project", qingbomen)).toBe(true);
    for (const actor of [otherWorker, reviewer, district, city]) expect(can(actor, "manage:project", qingbomen)).toBe(false);
  });

  it("only that street's reviewer accepts", () => {
    expect(can(reviewer, "accept:project", qingbomen)).toBe(true);
    for (const actor of [worker, otherReviewer, district, city]) expect(can(actor, "accept:project", qingbomen)).toBe(false);
  });

  it("everyone in scope may look, nobody outside it", () => {
    for (const actor of [worker, reviewer, district, city]) expect(can(actor, "view:place", qingbomen)).toBe(true);
    for (const actor of [otherWorker, otherReviewer]) expect(can(actor, "view:place", qingbomen)).toBe(false);
  });
});
