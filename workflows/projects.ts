// Construction projects after the 查漏补缺 list is approved (三(二)2 建设计划, 四(三) 项目清单
// 跟踪监测 and 验收): milestones 立项 → 开放运营 and their order, overdue milestones, the
// project's status and progress, acceptance checks against the approved items, the
// facilities an accepted project adds to the inventory, and the unfinished items a closed
// round hands to the next one. Pure: callers pass "today"; nothing here reads the clock,
// the database or files. See docs/decisions/0009-projects-and-operation.md.
import { codeList } from "./code-list";
import type { CarriedOverItem } from "./community-cycle";
import { type FourSync, functionShortLabel, type GapItemSnapshot } from "./gap-list";
import {
  type AcceptanceResult,
  type Approach,
  APPROACH_LABELS,
  type Domain,
  DOMAIN_LABELS,
  type FacilityFunction,
  FUNCTION_CATALOGUE,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  type FundingSource,
  type HubForm,
  KEY_HUB_FUNCTIONS,
  MILESTONE_LABELS,
  MILESTONES,
  type Milestone,
  type OperatingModel,
  type PricingTier,
  type ProjectKind,
  type ProjectStatus,
  type ServiceLevel,
} from "./glossary";


/** One function of a project: from an approved item (or a 共同体's several), with its planned area. */
export interface ProjectFunction {
  function: FacilityFunction;
  domain: Domain;
  /** m²; 0 for 跨社区共享. */
  areaM2: number;
  gapItemId: string | null;
}

/** What a worker plans for a project (the rest of the row belongs to the use-cases). */
export interface ProjectPlan {
  name: string;
  kind: ProjectKind;
  hubForm: HubForm | null;
  site: string | null;
  spaceSource: string | null;
  approach: Approach;
  functions: ProjectFunction[];
  /** 元. */
  budgetTotal: number;
  funding: Funding;
  operator: string | null;
  operatingModel: OperatingModel | null;
  pricing: PricingTier | null;
  serviceLevel: ServiceLevel;
  /** The 四同步 checklist, kept for 新建（四同步） projects and new communities. */
  fourSync: FourSync | null;
}

export function plannedArea(functions: readonly Pick<ProjectFunction, "areaM2">[]): number {
  return Math.round(functions.reduce((sum, f) => sum + f.areaM2, 0) * 10) / 10;
}

/**
 * A first plan from the approved items it builds (in list order): their functions and areas,
 * the summed cost as the budget split over their funding sources, and the first item's
 * approach, pricing and operating model. The worker edits it on the project's page.
 */
export function planFromItems(
  items: readonly GapItemSnapshot[],
  options: { name: string; hubForm: HubForm | null },
): ProjectPlan {
  if (items.length === 0) throw new RangeError("a project needs at least one approved item");
  const sorted = [...items].sort((a, b) => a.position - b.position);
  const first = sorted[0];
  const kind: ProjectKind = sorted.length > 1 ? "hub" : "single";
  const withSync = sorted.find((i) => i.fourSync !== null);
  return {
    name: options.name,
    kind,
    hubForm: kind === "hub" ? (options.hubForm ?? first.hubForm ?? "clustered") : null,
    site: sorted.find((i) => i.candidateSite)?.candidateSite ?? null,
    spaceSource: sorted.find((i) => i.spaceSource)?.spaceSource ?? null,
    // A 共同体 mixing approaches is described by what it builds, not by what it shares.
    approach: (sorted.find((i) => i.approach !== "shared_with_neighbour") ?? first).approach,
    functions: sorted.map((i) => ({ function: i.function, domain: i.domain, areaM2: i.targetAreaM2, gapItemId: i.id })),
    budgetTotal: Math.round(sorted.reduce((sum, i) => sum + i.estimatedCost, 0)),
    funding: defaultFunding(sorted),
    operator: null,
    operatingModel: first.operatingModel,
    pricing: first.pricing,
    serviceLevel: sorted.some((i) => i.serviceLevel === "basic") ? "basic" : "non_basic",
    fourSync: withSync?.fourSync ? { ...withSync.fourSync } : null,
  };
}

export interface MilestoneState {
  milestone: Milestone;
  /** YYYY-MM-DD. */
  plannedDate: string | null;
  actualDate: string | null;
  /** 0–100; a milestone with an actual date counts as 100. */
  progressPct: number;
  /** 元. */
  spent: number;
  note: string | null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const label = (m: Milestone) => `“${MILESTONE_LABELS[m]}”`;

/** The six milestones in order, filling in the ones not stored yet. */
export function completeMilestones(stored: readonly MilestoneState[]): MilestoneState[] {
  const byKey = new Map(stored.map((m) => [m.milestone, m]));
  return MILESTONES.map((milestone) => byKey.get(milestone) ?? { milestone, plannedDate: null, actualDate: null, progressPct: 0, spent: 0, note: null });
}

/** Planned dates must not run backwards: each milestone on or after the ones before it. */
export function plannedDateProblems(dates: Partial<Record<Milestone, string | null>>): { milestone: Milestone; message: string }[] {
  const problems: { milestone: Milestone; message: string }[] = [];
  let previous: { milestone: Milestone; date: string } | null = null;
  for (const milestone of MILESTONES) {
    const date = dates[milestone] ?? null;
    if (date === null) continue;
    if (!isIsoDate(date)) {
      problems.push({ milestone, message: `${label(milestone)}的计划日期格式应为 YYYY-MM-DD` });
      continue;
    }
    if (previous && date < previous.date) {
      problems.push({ milestone, message: `${label(milestone)}的计划日期不能早于${label(previous.milestone)}（${previous.date}）` });
    }
    previous = { milestone, date };
  }
  return problems;
}

/**
 * Why an actual date cannot be recorded for `milestone` (null: it can). Milestones happen in
 * order: the one before needs its own actual date, and no date runs backwards. Clearing a
 * date is refused while a later milestone has one.
 */
export function actualDateProblem(
  milestones: readonly MilestoneState[],
  milestone: Milestone,
  actualDate: string | null,
  today: string,
): string | null {
  const all = completeMilestones(milestones);
  const index = MILESTONES.indexOf(milestone);
  const later = all.slice(index + 1).find((m) => m.actualDate !== null);
  if (actualDate === null) {
    return later ? `请先清除${label(later.milestone)}的实际完成日期，再清除${label(milestone)}的` : null;
  }
  if (!isIsoDate(actualDate)) return "实际完成日期格式应为 YYYY-MM-DD";
  if (actualDate > today) return `实际完成日期不能晚于今天（${today}）`;
  const before = index > 0 ? all[index - 1] : null;
  if (before && before.actualDate === null) return `请先填写${label(before.milestone)}的实际完成日期`;
  if (before?.actualDate && actualDate < before.actualDate) {
    return `${label(milestone)}的实际完成日期不能早于${label(before.milestone)}（${before.actualDate}）`;
  }
  if (later?.actualDate && actualDate > later.actualDate) {
    return `${label(milestone)}的实际完成日期不能晚于${label(later.milestone)}（${later.actualDate}）`;
  }
  return null;
}

/** Planned date passed, no actual date yet. */
export function isOverdue(m: Pick<MilestoneState, "plannedDate" | "actualDate">, today: string): boolean {
  return m.plannedDate !== null && m.actualDate === null && m.plannedDate < today;
}

export function daysOverdue(m: Pick<MilestoneState, "plannedDate" | "actualDate">, today: string): number {
  return isOverdue(m, today) ? daysBetween(m.plannedDate!, today) : 0;
}

/** Statuses in which a project's milestones are no longer tracked as overdue. */
const SETTLED: readonly ProjectStatus[] = ["cancelled", "failed"];

export function overdueMilestones(milestones: readonly MilestoneState[], status: ProjectStatus, today: string): MilestoneState[] {
  return SETTLED.includes(status) ? [] : milestones.filter((m) => isOverdue(m, today));
}

/** 总体进度: the mean of the six milestones' progress (a milestone with an actual date counts 100). */
export function overallProgress(milestones: readonly MilestoneState[]): number {
  const all = completeMilestones(milestones);
  return Math.round(all.reduce((sum, m) => sum + (m.actualDate ? 100 : Math.min(100, Math.max(0, m.progressPct))), 0) / all.length);
}
export const PROGRESS_FORMULA = "总体进度 = 立项、设计、开工、竣工、验收、开放运营六个节点进度的平均值；已填写实际完成日期的节点计 100%。";

/** The status shown and stored, from the milestones, the latest 验收 and whether every item was dropped. */
export function projectStatus(milestones: readonly MilestoneState[], acceptance: AcceptanceResult | null, allItemsDropped = false): ProjectStatus {
  if (acceptance === "fail") return "failed";
  const done = (m: Milestone) => milestones.some((x) => x.milestone === m && x.actualDate !== null);
  if (acceptance === "pass" || acceptance === "pass_with_remarks") return done("opened") ? "operating" : "accepted";
  if (allItemsDropped) return "cancelled";
  if (done("completed")) return "completed";
  if (done("started")) return "under_construction";
  return "planned";
}

// ---------------------------------------------------------------------------------------
// Funding

export type Funding = Partial<Record<FundingSource, number>>;

export function fundingTotal(funding: Funding): number {
  return FUNDING_SOURCES.reduce((sum, s) => sum + (funding[s] ?? 0), 0);
}

/** The sources must add up to the budget (to the 元). */
export function fundingProblem(budgetTotal: number, funding: Funding): string | null {
  const total = fundingTotal(funding);
  if (Math.abs(total - budgetTotal) >= 1) {
    return `资金来源合计 ${Math.round(total).toLocaleString("en-US")} 元，与总投资 ${Math.round(budgetTotal).toLocaleString("en-US")} 元不一致`;
  }
  return null;
}

/** A first split of the budget: each item's cost shared equally by its listed sources (区级财政 if none). */
export function defaultFunding(items: readonly { estimatedCost: number; fundingSources: readonly FundingSource[] }[]): Funding {
  const out: Funding = {};
  for (const item of items) {
    const sources = item.fundingSources.length ? item.fundingSources : (["district_budget"] as const);
    const cost = Math.round(item.estimatedCost);
    const share = Math.floor(cost / sources.length);
    sources.forEach((s, i) => {
      out[s] = (out[s] ?? 0) + share + (i === 0 ? cost - share * sources.length : 0);
    });
  }
  return out;
}

export function fundingText(funding: Funding): string {
  return FUNDING_SOURCES.filter((s) => (funding[s] ?? 0) > 0).map((s) => `${FUNDING_LABELS[s]} ${Math.round(funding[s]!).toLocaleString("en-US")} 元`).join("；") || "（未填写）";
}

// ---------------------------------------------------------------------------------------
// 共同体

/** FUNC_HUB (三(三)2): ≥ 3 service functions, ≥ 2 of them key functions. Informational for a 共同体 project. */
export function hubFunctionNote(functions: readonly FacilityFunction[]): { met: boolean; message: string } {
  const distinct = [...new Set(functions)];
  const key = distinct.filter((f) => (KEY_HUB_FUNCTIONS as readonly string[]).includes(f));
  const met = distinct.length >= 3 && key.length >= 2;
  return {
    met,
    message:
      `本项目含 ${distinct.length} 项服务功能，其中养老服务、社区助餐、婴幼儿托育、儿童托管 ${key.length} 项；` +
      `方案要求共同体至少 3 项功能、其中至少 2 项为上述重点功能（三(三)2）${met ? "，本项目已满足。" : "，可与社区已有功能合计达标。"}`,
  };
}

// ---------------------------------------------------------------------------------------
// Acceptance (验收 against the approved list, 四(三))

export const { codes: ACCEPTANCE_CHECKS, labels: ACCEPTANCE_CHECK_LABELS } = codeList({
  area: "建设面积达到计划",
  functions: "计划功能全部到位",
  pricing: "收费方式已确定",
  operating_model: "运营模式已确定",
  operator: "运营主体已落实",
});
export type AcceptanceCheckKey = (typeof ACCEPTANCE_CHECKS)[number];

export interface AcceptanceCheck {
  key: AcceptanceCheckKey;
  label: string;
  passed: boolean;
  detail: string;
}

export interface AcceptancePlan {
  approach: Approach;
  plannedAreaM2: number;
  functions: readonly ProjectFunction[];
  pricing: PricingTier | null;
  operatingModel: OperatingModel | null;
  operator: string | null;
}

export interface AcceptanceInput {
  actualAreaM2: number;
  functionsPresent: readonly FacilityFunction[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The checks against the approved items, each with what was measured. */
export function acceptanceChecks(plan: AcceptancePlan, input: AcceptanceInput): AcceptanceCheck[] {
  const check = (key: AcceptanceCheckKey, passed: boolean, detail: string): AcceptanceCheck => ({ key, label: ACCEPTANCE_CHECK_LABELS[key], passed, detail });
  const share = plan.plannedAreaM2 > 0 ? input.actualAreaM2 / plan.plannedAreaM2 : 1;
  const planned = [...new Set(plan.functions.map((f) => f.function))];
  const missing = planned.filter((f) => !input.functionsPresent.includes(f));
  return [
    plan.plannedAreaM2 === 0
      ? check("area", true, "不新增建筑面积（跨社区共享）")
      : check(
          "area",
          input.actualAreaM2 >= plan.plannedAreaM2,
          `实际 ${round1(input.actualAreaM2)} m²，计划 ${round1(plan.plannedAreaM2)} m²（达到 ${Math.round(share * 1000) / 10}%）`,
        ),
    check(
      "functions",
      missing.length === 0,
      missing.length === 0
        ? `${planned.map(functionShortLabel).join("、")}均已到位`
        : `缺少：${missing.map(functionShortLabel).join("、")}`,
    ),
    check("pricing", plan.pricing !== null, plan.pricing ? "已确定" : "未填写收费方式"),
    check("operating_model", plan.operatingModel !== null, plan.operatingModel ? "已确定" : "未填写运营模式"),
    check("operator", Boolean(plan.operator?.trim()), plan.operator?.trim() ? plan.operator.trim() : "未填写运营主体"),
  ];
}

/** What the checks suggest: all met → 通过; no function at all → 不通过; otherwise 有条件通过. */
export function suggestedResult(checks: readonly AcceptanceCheck[], input: AcceptanceInput): AcceptanceResult {
  if (checks.every((c) => c.passed)) return "pass";
  if (input.functionsPresent.length === 0) return "fail";
  return "pass_with_remarks";
}

/** Why this result cannot be recorded (null: it can). The reviewer decides; the checks bound the choice. */
export function acceptanceRefusal(result: AcceptanceResult, checks: readonly AcceptanceCheck[], input: AcceptanceInput, remarks: string | null): string | null {
  const failed = checks.filter((c) => !c.passed);
  if (result === "pass" && failed.length > 0) {
    return `有 ${failed.length} 项检查未达标（${failed.map((c) => c.label).join("、")}），不能直接“通过”：请选择“有条件通过”并写明整改要求，或“不通过”`;
  }
  if (result !== "pass" && !remarks?.trim()) return result === "fail" ? "“不通过”须填写验收意见（整改要求）" : "“有条件通过”须填写验收意见（整改要求）";
  if (result === "pass_with_remarks" && input.functionsPresent.length === 0) return "没有任何计划功能到位，不能通过验收";
  return null;
}

export interface BuiltFacility {
  name: string;
  domain: Domain;
  function: FacilityFunction;
  areaM2: number;
  hubPart: boolean;
  gapItemId: string | null;
}

/**
 * The facilities an accepted project adds to the inventory: one per function present, so each
 * function's operation is reported and reviewed on its own. Areas are the planned ones scaled
 * to the area reached. A function planned without floor area (跨社区共享) builds nothing here:
 * the neighbour's facility is what residents use, and the evaluation already counts it.
 */
export function builtFacilities(
  project: { name: string; kind: ProjectKind; plannedAreaM2: number; functions: readonly ProjectFunction[] },
  input: AcceptanceInput,
): BuiltFacility[] {
  const present = project.functions.filter((f) => f.areaM2 > 0 && input.functionsPresent.includes(f.function));
  const seen = new Set<FacilityFunction>();
  const distinct = present.filter((f) => (seen.has(f.function) ? false : (seen.add(f.function), true)));
  const plannedOfPresent = distinct.reduce((sum, f) => sum + f.areaM2, 0);
  const scale = project.plannedAreaM2 > 0 ? input.actualAreaM2 / project.plannedAreaM2 : 0;
  return distinct.map((f) => ({
    name: distinct.length === 1 ? project.name : `${project.name}·${functionShortLabel(f.function)}`,
    domain: FUNCTION_CATALOGUE[f.function].domain,
    function: f.function,
    areaM2: plannedOfPresent > 0 ? round1(f.areaM2 * scale) : round1(input.actualAreaM2 / distinct.length),
    hubPart: project.kind === "hub",
    gapItemId: f.gapItemId,
  }));
}

// ---------------------------------------------------------------------------------------
// The next round

export interface UnfinishedItem {
  domain: Domain;
  function: FacilityFunction;
  approach: Approach;
  /** The drop reason, or the failed 验收's remarks. */
  reason: string;
}

/** Approved items this round did not deliver, in the shape the next cycle carries over. */
export function unfinishedItemsForNextRound(items: readonly UnfinishedItem[]): CarriedOverItem[] {
  return items.map((i) => ({
    kind: "unfinished_item",
    domain: i.domain,
    title: `${DOMAIN_LABELS[i.domain]} · ${functionShortLabel(i.function)}（${APPROACH_LABELS[i.approach]}）`,
    reason: i.reason,
  }));
}

