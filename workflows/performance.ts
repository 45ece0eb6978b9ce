// Operating performance of a facility's function after opening (运营绩效评估, 三(四)2 and 四(三)):
// monthly figures → usage, satisfaction and cost-efficiency scores → an overall score, a flag
// for functions with low demand or poor performance ("动态调整服务需求少、绩效考核差的功能设置"),
// and a basic-service operating subsidy tied to the score ("将基本公共服务运营补贴与绩效考核挂钩").
// Pure: the use-case gathers the figures and the feedback survey's result; nothing here reads
// the clock or the database. Every figure we chose is a setting shown as 默认值.
import { z } from "zod";
import type { CarriedOverItem } from "./community-cycle";
import {
  DOMAIN_LABELS,
  DOMAINS,
  type Domain,
  FACILITY_FUNCTIONS,
  type FacilityFunction,
  FUNCTION_CATALOGUE,
  SERVICE_LEVELS,
  type ServiceLevel,
} from "./glossary";
import type { AgeGroup, NumberSetting } from "./policy/profile";
import { listSettingTree, overrideSettingTree, type SettingInfo, type SettingOverrideValues } from "./setting-overrides";

export const PERFORMANCE_CLAUSE = "三(四)2";
export const PERFORMANCE_WORDING =
  "将基本公共服务运营补贴与绩效考核挂钩……根据居民需求和运营情况,动态调整服务需求少、绩效考核差的功能设置";
export const PERFORMANCE_SETTINGS_PREFIX = "performance";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The feedback survey's satisfaction scale. */
const SATISFACTION_MIN = 1;
const SATISFACTION_MAX = 5;

// ---------------------------------------------------------------------------------------
// Settings

const setting = (value: number, label: string, unit?: string, note?: string): NumberSetting => ({
  value,
  default: true,
  label,
  ...(unit ? { unit } : {}),
  ...(note ? { note } : {}),
});

type DomainSettings = Record<Domain, NumberSetting>;
type FunctionSettings = Partial<Record<FacilityFunction, NumberSetting>>;

export interface PerformanceSettings {
  window: { months: NumberSetting; minMonths: NumberSetting };
  weights: { usage: NumberSetting; satisfaction: NumberSetting; cost: NumberSetting };
  usage: {
    /** People served per 100 households per month that earns the full usage score. */
    benchmarkByDomain: DomainSettings;
    /** Functions whose users are far fewer than their domain's (托育, 全托养老 …). */
    benchmarkByFunction: FunctionSettings;
    referenceShare60Plus: NumberSetting;
    referenceShareChildren: NumberSetting;
    groupFactorMin: NumberSetting;
    groupFactorMax: NumberSetting;
  };
  satisfaction: { lowMean: NumberSetting; minRespondents: NumberSetting };
  cost: {
    /** Net cost per person served per month (元) that still earns the full cost score. */
    benchmarkByDomain: DomainSettings;
    benchmarkByFunction: FunctionSettings;
    /** Multiple of the benchmark at which the cost score reaches 0. */
    zeroAtRatio: NumberSetting;
  };
  adjust: { lowUsageRatio: NumberSetting; consecutiveMonths: NumberSetting; poorScore: NumberSetting };
  subsidy: {
    /** Yearly base amount per m² of the facility (元/m²·年). */
    ratePerM2ByDomain: DomainSettings;
    capPerFacility: NumberSetting;
    bands: {
      full: { minScore: NumberSetting; factor: NumberSetting };
      reduced: { minScore: NumberSetting; factor: NumberSetting };
      minimal: { minScore: NumberSetting; factor: NumberSetting };
      belowFactor: NumberSetting;
    };
  };
}

const USAGE_UNIT = "人/百户·月";
const COST_UNIT = "元/人·月";
const RATE_UNIT = "元/m²·年";

/** Our defaults (默认值): the plan names the mechanism, not the figures. */
export const PERFORMANCE_SETTINGS: PerformanceSettings = {
  window: {
    months: setting(6, "评定期（最近月数）", "月", "按最近一个有数据的月份往前取"),
    minMonths: setting(3, "评定所需最少月数", "月", "评定期内少于该月数时：数据不足，暂不评定"),
  },
  weights: {
    usage: setting(40, "绩效权重：使用率"),
    satisfaction: setting(35, "绩效权重：居民满意度"),
    cost: setting(25, "绩效权重：成本效率"),
  },
  usage: {
    benchmarkByDomain: {
      eldercare_childcare: setting(4, "使用率基准：养老托育", USAGE_UNIT),
      meal_assist: setting(8, "使用率基准：社区助餐", USAGE_UNIT),
      housekeeping_convenience: setting(10, "使用率基准：家政便民", USAGE_UNIT),
      health: setting(15, "使用率基准：健康服务", USAGE_UNIT),
      sports_fitness: setting(12, "使用率基准：体育健身", USAGE_UNIT),
      culture_leisure: setting(12, "使用率基准：文化休闲", USAGE_UNIT),
      children_play: setting(8, "使用率基准：儿童游憩", USAGE_UNIT),
    },
    benchmarkByFunction: {
      infant_care: setting(1, "使用率基准：婴幼儿托育", USAGE_UNIT, "托位少、服务人数少，单列基准"),
      residential_elderly_care: setting(0.5, "使用率基准：全托养老", USAGE_UNIT, "床位少、服务人数少，单列基准"),
      child_after_school: setting(3, "使用率基准：儿童托管", USAGE_UNIT),
    },
    referenceShare60Plus: setting(0.2, "参照人群占比：60 岁及以上", "share", "养老、助餐类功能的基准按本社区占比 ÷ 参照占比调整"),
    referenceShareChildren: setting(0.12, "参照人群占比：0–12 岁儿童", "share", "托育、托管、儿童游憩类功能的基准按本社区占比 ÷ 参照占比调整"),
    groupFactorMin: setting(0.5, "人群调整系数下限", "share"),
    groupFactorMax: setting(2, "人群调整系数上限"),
  },
  satisfaction: {
    lowMean: setting(3, "满意度偏低阈值", "score", "满意度为 1–5 分，低于 3 分（一般）视为偏低，与需求评估的低满意度阈值一致"),
    minRespondents: setting(10, "满意度最少评价人数", "人", "评价人数少于该数时不计满意度"),
  },
  cost: {
    benchmarkByDomain: {
      eldercare_childcare: setting(300, "成本基准：养老托育", COST_UNIT),
      meal_assist: setting(120, "成本基准：社区助餐", COST_UNIT),
      housekeeping_convenience: setting(30, "成本基准：家政便民", COST_UNIT),
      health: setting(80, "成本基准：健康服务", COST_UNIT),
      sports_fitness: setting(30, "成本基准：体育健身", COST_UNIT),
      culture_leisure: setting(40, "成本基准：文化休闲", COST_UNIT),
      children_play: setting(60, "成本基准：儿童游憩", COST_UNIT),
    },
    benchmarkByFunction: {
      infant_care: setting(1500, "成本基准：婴幼儿托育", COST_UNIT),
      residential_elderly_care: setting(1500, "成本基准：全托养老", COST_UNIT),
      child_after_school: setting(400, "成本基准：儿童托管", COST_UNIT),
    },
    zeroAtRatio: setting(3, "成本效率零分倍数", undefined, "单位净成本达到基准的该倍数时成本效率得 0 分"),
  },
  adjust: {
    lowUsageRatio: setting(0.5, "低使用率线（占基准）", "share", "月服务人数低于基准的该比例视为需求少"),
    consecutiveMonths: setting(3, "连续低使用月数", "月", "连续该月数低于低使用率线时标记调整"),
    poorScore: setting(60, "绩效偏差线", "score", "综合得分低于该分时标记调整"),
  },
  subsidy: {
    ratePerM2ByDomain: {
      eldercare_childcare: setting(200, "补贴基数：养老托育", RATE_UNIT),
      meal_assist: setting(200, "补贴基数：社区助餐", RATE_UNIT),
      housekeeping_convenience: setting(60, "补贴基数：家政便民", RATE_UNIT),
      health: setting(150, "补贴基数：健康服务", RATE_UNIT),
      sports_fitness: setting(80, "补贴基数：体育健身", RATE_UNIT),
      culture_leisure: setting(80, "补贴基数：文化休闲", RATE_UNIT),
      children_play: setting(120, "补贴基数：儿童游憩", RATE_UNIT),
    },
    capPerFacility: setting(300_000, "单个设施年度补贴基数上限", "元/年"),
    bands: {
      full: { minScore: setting(85, "全额补贴分数线", "score"), factor: setting(1, "全额补贴系数", "share") },
      reduced: { minScore: setting(70, "八成补贴分数线", "score"), factor: setting(0.8, "八成补贴系数", "share") },
      minimal: { minScore: setting(60, "六成补贴分数线", "score"), factor: setting(0.6, "六成补贴系数", "share") },
      belowFactor: setting(0, "不达标补贴系数", "share", "低于最低分数线：不予补贴，建议整改"),
    },
  },
};

export function listPerformanceSettings(settings: PerformanceSettings = PERFORMANCE_SETTINGS): SettingInfo[] {
  return listSettingTree(PERFORMANCE_SETTINGS_PREFIX, settings);
}

/** Why a set of performance settings cannot be used, in Chinese; null when it can. */
export function performanceSettingsProblem(s: PerformanceSettings): string | null {
  const w = s.weights;
  if (w.usage.value + w.satisfaction.value + w.cost.value <= 0) return "绩效权重之和须大于 0";
  if (w.usage.value + w.cost.value <= 0) return "使用率与成本效率的权重不能同时为 0（满意度可能暂无数据）";
  if (!Number.isInteger(s.window.months.value) || !Number.isInteger(s.window.minMonths.value)) return "评定期与最少月数须为整数";
  if (s.window.minMonths.value < 1 || s.window.minMonths.value > s.window.months.value) return "评定所需最少月数须在 1 到评定期月数之间";
  const n = s.adjust.consecutiveMonths.value;
  if (!Number.isInteger(n) || n < 1 || n > s.window.months.value) return "连续低使用月数须为 1 到评定期月数之间的整数";
  for (const table of [s.usage.benchmarkByDomain, s.usage.benchmarkByFunction, s.cost.benchmarkByDomain, s.cost.benchmarkByFunction]) {
    for (const entry of Object.values(table)) if (entry && entry.value <= 0) return `${entry.label}须大于 0`;
  }
  if (s.usage.referenceShare60Plus.value <= 0 || s.usage.referenceShareChildren.value <= 0) return "参照人群占比须大于 0";
  if (s.usage.groupFactorMin.value > s.usage.groupFactorMax.value) return "人群调整系数下限不能大于上限";
  if (s.cost.zeroAtRatio.value <= 1) return "成本效率零分倍数须大于 1";
  if (s.satisfaction.lowMean.value < SATISFACTION_MIN || s.satisfaction.lowMean.value > SATISFACTION_MAX) return "满意度偏低阈值须在 1 到 5 分之间";
  const b = s.subsidy.bands;
  if (!(b.full.minScore.value <= 100 && b.full.minScore.value > b.reduced.minScore.value && b.reduced.minScore.value > b.minimal.minScore.value)) {
    return "补贴分数线须从高到低排列且不超过 100 分";
  }
  const factors = [b.full.factor.value, b.reduced.factor.value, b.minimal.factor.value, b.belowFactor.value];
  if (factors.some((f) => f > 1)) return "补贴系数须在 0 到 1 之间";
  if (factors.some((f, i) => i > 0 && f > factors[i - 1])) return "得分越低的档次补贴系数不能越高";
  return null;
}

/**
 * The defaults with a 市级管理员's overrides (`performance.weights.usage` → 50 …). Unknown keys
 * are listed in `ignored`; a combination the engine cannot use is refused in Chinese.
 */
export function withPerformanceSettings(
  overrides: SettingOverrideValues,
  base: PerformanceSettings = PERFORMANCE_SETTINGS,
): { ok: true; settings: PerformanceSettings; applied: Record<string, number>; ignored: string[] } | { ok: false; message: string } {
  const { settings, applied, ignored } = overrideSettingTree(PERFORMANCE_SETTINGS_PREFIX, base, overrides);
  const problem = performanceSettingsProblem(settings);
  return problem ? { ok: false, message: problem } : { ok: true, settings, applied, ignored };
}

// ---------------------------------------------------------------------------------------
// Input

export const MonthlyFiguresSchema = z.strictObject({
  month: z.string().regex(MONTH, "月份格式为 YYYY-MM"),
  /** 服务人次. */
  visits: z.number().nonnegative(),
  /** 服务人数 (different people in the month). */
  peopleServed: z.number().nonnegative(),
  hoursOpen: z.number().nonnegative(),
  /** 元: fees paid by users and other operating income. */
  income: z.number().nonnegative(),
  /** 元: operating subsidy received for the month. */
  subsidy: z.number().nonnegative(),
  /** 元: the operator's full operating cost, when reported. */
  operatingCost: z.number().nonnegative().optional(),
});
export type MonthlyFigures = z.infer<typeof MonthlyFiguresSchema>;

export const PerformanceInputSchema = z.strictObject({
  subject: z.strictObject({
    facilityId: z.string().min(1),
    facilityName: z.string().min(1),
    domain: z.enum(DOMAINS),
    /** The function under review; a facility with several functions is reviewed once per function. */
    function: z.enum(FACILITY_FUNCTIONS as [FacilityFunction, ...FacilityFunction[]]).optional(),
    areaM2: z.number().nonnegative(),
    serviceLevel: z.enum(SERVICE_LEVELS),
  }),
  community: z.strictObject({
    code: z.string().min(1).optional(),
    households: z.number().positive(),
    /** Share (0–1) of residents aged 60 and over. */
    share60Plus: z.number().min(0).max(1).optional(),
    /** Share (0–1) of residents aged 0–12. */
    shareChildren: z.number().min(0).max(1).optional(),
  }),
  months: z.array(MonthlyFiguresSchema).superRefine((months, ctx) => {
    const seen = new Set<string>();
    months.forEach((m, i) => {
      if (seen.has(m.month)) ctx.addIssue({ code: "custom", path: [i, "month"], message: `${m.month} 重复填报` });
      seen.add(m.month);
    });
  }),
  /** The feedback survey's result for this function (满意度 1–5). */
  satisfaction: z
    .strictObject({ mean: z.number().min(SATISFACTION_MIN).max(SATISFACTION_MAX), respondents: z.number().int().nonnegative() })
    .optional(),
});
export type PerformanceInput = z.infer<typeof PerformanceInputSchema>;

// ---------------------------------------------------------------------------------------
// Output

export const PERFORMANCE_COMPONENTS = ["usage", "satisfaction", "cost"] as const;
export type PerformanceComponent = (typeof PERFORMANCE_COMPONENTS)[number];
export const PERFORMANCE_COMPONENT_LABELS: Record<PerformanceComponent, string> = {
  usage: "使用率",
  satisfaction: "居民满意度",
  cost: "成本效率",
};

export interface ComponentScore {
  key: PerformanceComponent;
  label: string;
  /** 0–100, one decimal; null when the component has no data or the function is not rated. */
  score: number | null;
  available: boolean;
  weight: number;
  /** The measured figure, e.g. people served per 100 households per month. */
  value: number | null;
  /** The benchmark the figure is compared with (after the age-group adjustment for usage). */
  benchmark: number | null;
  unit: string;
  /** "暂无数据" and why, or how the benchmark was adjusted. */
  note?: string;
}

export type AdjustReasonCode = "low_usage" | "poor_satisfaction" | "low_score";

export interface AdjustReason {
  code: AdjustReasonCode;
  message: string;
  /** The months behind a low-usage reason. */
  months?: string[];
}

export interface SuggestedSubsidy {
  /** false for 非基本公共服务: the plan ties the basic-service subsidy to performance. */
  eligible: boolean;
  /** 元 per year; null when not eligible or not rated. */
  amount: number | null;
  /** Base before the score factor: min(cap, area × rate). */
  base: number | null;
  factor: number | null;
  /** e.g. "≥ 85 分", "70–85 分". */
  band: string | null;
  /** Mean monthly subsidy actually received × 12, for comparison. */
  currentAnnual: number;
  note: string;
}

export interface PerformanceFigures {
  monthsCounted: number;
  /** Monthly means over the period. */
  visits: number;
  peopleServed: number;
  hoursOpen: number;
  income: number;
  subsidy: number;
  operatingCost: number | null;
  visitsPerOpenHour: number | null;
  peopleServedPer100Households: number;
  /** 元 per person served per month: max(subsidy, operating cost − income), summed by month ÷ people served. */
  netCostPerPerson: number | null;
  /** (income + subsidy) ÷ operating cost, over months with a reported cost (资金平衡率). */
  fundingBalance: number | null;
}

export interface PerformanceResult {
  clause: string;
  facilityId: string;
  facilityName: string;
  domain: Domain;
  function?: FacilityFunction;
  /** The function's (or domain's) name on screen. */
  label: string;
  serviceLevel: ServiceLevel;
  /** The months counted; null when there are none. */
  period: { from: string; to: string; months: string[] } | null;
  rated: boolean;
  figures: PerformanceFigures;
  components: Record<PerformanceComponent, ComponentScore>;
  /** 0–100, whole number; null when not rated. */
  score: number | null;
  formula: { description: string; expression: string };
  adjust: { flagged: boolean; reasons: AdjustReason[] };
  suggestedSubsidy: SuggestedSubsidy;
  dataQuality: { rated: boolean; notes: string[] };
}

// ---------------------------------------------------------------------------------------
// Helpers

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const percent = (value: number) => `${round(value * 100, 1)}%`;
const yuan = (value: number) => `${Math.round(value).toLocaleString("en-US")} 元`;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;

/** Which residents a function mainly serves, for the usage benchmark's adjustment. */
const TARGET_GROUP_OF_FUNCTION: Partial<Record<FacilityFunction, AgeGroup>> = {
  elderly_care: "elderly",
  residential_elderly_care: "elderly",
  community_canteen: "elderly",
  meal_point: "elderly",
  medical_elderly_care: "elderly",
  infant_care: "children",
  child_after_school: "children",
  playground: "children",
  child_friendly_space: "children",
};
/** Used when no function is given (养老托育 without a function serves both, so no adjustment). */
const TARGET_GROUP_OF_DOMAIN: Partial<Record<Domain, AgeGroup>> = { meal_assist: "elderly", children_play: "children" };

export function functionLabel(domain: Domain, fn?: FacilityFunction): string {
  return fn ? FUNCTION_CATALOGUE[fn].label : DOMAIN_LABELS[domain];
}

function benchmarkOf(table: { byDomain: DomainSettings; byFunction: FunctionSettings }, domain: Domain, fn?: FacilityFunction): number {
  return (fn && table.byFunction[fn]?.value) || table.byDomain[domain].value;
}

/** The usage benchmark for this community: the base figure × (group share ÷ reference share), bounded. */
export function usageBenchmark(
  subject: Pick<PerformanceInput["subject"], "domain" | "function">,
  community: Pick<PerformanceInput["community"], "share60Plus" | "shareChildren">,
  settings: PerformanceSettings = PERFORMANCE_SETTINGS,
): { base: number; factor: number; benchmark: number; group: AgeGroup | null } {
  const u = settings.usage;
  const base = benchmarkOf({ byDomain: u.benchmarkByDomain, byFunction: u.benchmarkByFunction }, subject.domain, subject.function);
  const group = (subject.function ? TARGET_GROUP_OF_FUNCTION[subject.function] : TARGET_GROUP_OF_DOMAIN[subject.domain]) ?? null;
  const share = group === "elderly" ? community.share60Plus : group === "children" ? community.shareChildren : undefined;
  if (group === null || share === undefined) return { base, factor: 1, benchmark: base, group };
  const reference = group === "elderly" ? u.referenceShare60Plus.value : u.referenceShareChildren.value;
  const factor = round(clamp(share / reference, u.groupFactorMin.value, u.groupFactorMax.value), 3);
  return { base, factor, benchmark: round(base * factor, 3), group };
}

export function satisfactionScore(mean: number): number {
  return clamp((100 * (mean - SATISFACTION_MIN)) / (SATISFACTION_MAX - SATISFACTION_MIN), 0, 100);
}

/** 100 at or under the benchmark, 0 at `zeroAtRatio` × benchmark or more, linear between. */
export function costScore(netCostPerPerson: number, benchmark: number, zeroAtRatio: number): number {
  const ratio = netCostPerPerson / benchmark;
  if (ratio <= 1) return 100;
  if (ratio >= zeroAtRatio) return 0;
  return (100 * (zeroAtRatio - ratio)) / (zeroAtRatio - 1);
}

function subsidyBand(score: number, s: PerformanceSettings): { factor: number; band: string; rectify: boolean } {
  const b = s.subsidy.bands;
  if (score >= b.full.minScore.value) return { factor: b.full.factor.value, band: `≥ ${b.full.minScore.value} 分`, rectify: false };
  if (score >= b.reduced.minScore.value) {
    return { factor: b.reduced.factor.value, band: `${b.reduced.minScore.value}–${b.full.minScore.value} 分`, rectify: false };
  }
  if (score >= b.minimal.minScore.value) {
    return { factor: b.minimal.factor.value, band: `${b.minimal.minScore.value}–${b.reduced.minScore.value} 分`, rectify: false };
  }
  return { factor: b.belowFactor.value, band: `< ${b.minimal.minScore.value} 分`, rectify: true };
}

function formulaText(s: PerformanceSettings): { description: string; expression: string } {
  const w = s.weights;
  const b = s.subsidy.bands;
  const description =
    `综合得分 =（使用率得分 × ${w.usage.value} + 居民满意度得分 × ${w.satisfaction.value} + 成本效率得分 × ${w.cost.value}）÷ 参与计算的权重之和，四舍五入取整；` +
    "某项暂无数据时，该项及其权重不参与计算。" +
    `使用率得分 = 100 × min(1, 每百户月均服务人数 ÷ 使用率基准)，养老、助餐、托育、儿童类功能的基准按本社区 60 岁及以上或 0–12 岁儿童占比 ÷ 参照占比调整（系数 ${s.usage.groupFactorMin.value}–${s.usage.groupFactorMax.value}）。` +
    `居民满意度得分 = 100 ×（满意度均分 − 1）÷ 4，评价人数不少于 ${s.satisfaction.minRespondents.value} 人才计入。` +
    `成本效率得分：单位净成本不高于基准得 100 分，达到基准 ${s.cost.zeroAtRatio.value} 倍及以上得 0 分，其间按比例；单位净成本 = 各月 max(运营补贴, 运营成本 − 收入) 之和 ÷ 服务人数之和。` +
    `评定期为最近 ${s.window.months.value} 个月，少于 ${s.window.minMonths.value} 个月数据时暂不评定。` +
    `建议补贴（仅基本公共服务）= min(上限, 建筑面积 × 领域补贴基数) × 档次系数：≥ ${b.full.minScore.value} 分 ${percent(b.full.factor.value)}，` +
    `${b.reduced.minScore.value}–${b.full.minScore.value} 分 ${percent(b.reduced.factor.value)}，${b.minimal.minScore.value}–${b.reduced.minScore.value} 分 ${percent(b.minimal.factor.value)}，` +
    `< ${b.minimal.minScore.value} 分 ${percent(b.belowFactor.value)} 并建议整改。`;
  const expression =
    "score = round((wUsage * usage + wSatisfaction * satisfaction + wCost * cost) / (sum of weights of available components)); " +
    "usage = 100 * min(1, mean(peopleServed) / (households / 100) / (benchmark * clamp(groupShare / referenceShare, min, max))); " +
    "satisfaction = 100 * (mean - 1) / 4; cost = ratio <= 1 ? 100 : ratio >= zeroAt ? 0 : 100 * (zeroAt - ratio) / (zeroAt - 1), " +
    "ratio = sum(max(subsidy, operatingCost - income)) / sum(peopleServed) / costBenchmark; " +
    "subsidy = basic ? min(cap, areaM2 * ratePerM2[domain]) * bandFactor(score) : none";
  return { description, expression };
}

// ---------------------------------------------------------------------------------------
// The review

/**
 * Reviews one facility function over its most recent months. Expects input valid under
 * `PerformanceInputSchema` (months YYYY-MM, not repeated); throws a RangeError otherwise.
 */
export function reviewPerformance(input: PerformanceInput, settings: PerformanceSettings = PERFORMANCE_SETTINGS): PerformanceResult {
  const { subject, community } = input;
  const s = settings;
  const seen = new Set<string>();
  for (const m of input.months) {
    if (!MONTH.test(m.month)) throw new RangeError(`invalid month ${m.month}; expected YYYY-MM`);
    if (seen.has(m.month)) throw new RangeError(`month ${m.month} given twice`);
    seen.add(m.month);
  }

  const notes: string[] = [];
  const sorted = [...input.months].sort((a, b) => monthIndex(a.month) - monthIndex(b.month));
  const last = sorted.length ? monthIndex(sorted[sorted.length - 1].month) : null;
  const windowMonths = s.window.months.value;
  const counted = last === null ? [] : sorted.filter((m) => monthIndex(m.month) > last - windowMonths);
  const older = sorted.length - counted.length;
  if (last !== null && older > 0) {
    notes.push(`仅计最近 ${windowMonths} 个月（${monthOf(last - windowMonths + 1)} 至 ${monthOf(last)}），更早的 ${older} 个月数据未计入`);
  }
  if (counted.length >= 2) {
    const present = new Set(counted.map((m) => monthIndex(m.month)));
    const gaps: string[] = [];
    for (let i = monthIndex(counted[0].month); i < (last ?? 0); i++) if (!present.has(i)) gaps.push(monthOf(i));
    if (gaps.length) notes.push(`缺少 ${gaps.join("、")} 的数据`);
  }
  for (const m of counted) {
    if (m.peopleServed > m.visits) notes.push(`${m.month} 服务人数（${m.peopleServed}）多于服务人次（${m.visits}），请核对`);
    if (m.hoursOpen === 0 && m.visits > 0) notes.push(`${m.month} 开放时长为 0 但有服务人次，请核对`);
  }
  const rated = counted.length >= s.window.minMonths.value;
  if (!rated) notes.unshift(`数据不足，暂不评定（评定期内有 ${counted.length} 个月数据，至少需要 ${s.window.minMonths.value} 个月）`);

  // Figures
  const n = counted.length;
  const sum = (pick: (m: MonthlyFigures) => number) => counted.reduce((acc, m) => acc + pick(m), 0);
  const mean = (pick: (m: MonthlyFigures) => number) => (n ? sum(pick) / n : 0);
  const hundreds = community.households / 100;
  const withCost = counted.filter((m) => m.operatingCost !== undefined);
  const costOf = (m: MonthlyFigures) => m.operatingCost ?? 0;
  const totalPeople = sum((m) => m.peopleServed);
  const totalHours = sum((m) => m.hoursOpen);
  const totalNetCost = sum((m) => (m.operatingCost === undefined ? m.subsidy : Math.max(m.subsidy, m.operatingCost - m.income)));
  const netCostPerPerson = totalPeople > 0 ? totalNetCost / totalPeople : null;
  const peoplePer100 = hundreds > 0 ? mean((m) => m.peopleServed) / hundreds : 0;
  const withCostTotal = withCost.reduce((acc, m) => acc + costOf(m), 0);
  const figures: PerformanceFigures = {
    monthsCounted: n,
    visits: round(mean((m) => m.visits), 1),
    peopleServed: round(mean((m) => m.peopleServed), 1),
    hoursOpen: round(mean((m) => m.hoursOpen), 1),
    income: round(mean((m) => m.income), 0),
    subsidy: round(mean((m) => m.subsidy), 0),
    operatingCost: withCost.length ? round(withCostTotal / withCost.length, 0) : null,
    visitsPerOpenHour: totalHours > 0 ? round(sum((m) => m.visits) / totalHours, 2) : null,
    peopleServedPer100Households: round(peoplePer100, 2),
    netCostPerPerson: netCostPerPerson === null ? null : round(netCostPerPerson, 1),
    fundingBalance: withCostTotal > 0 ? round(withCost.reduce((acc, m) => acc + m.income + m.subsidy, 0) / withCostTotal, 3) : null,
  };
  if (n > 0 && withCost.length > 0 && withCost.length < n) notes.push(`运营成本仅 ${withCost.length} 个月有填报，其余月份按运营补贴计单位净成本`);

  // Components
  const ub = usageBenchmark(subject, community, s);
  const usageNote = ub.factor !== 1
    ? `基准 ${ub.base} × 人群调整系数 ${ub.factor}（本社区${ub.group === "elderly" ? " 60 岁及以上" : " 0–12 岁儿童"}占比 ÷ 参照占比）`
    : undefined;
  const usage: ComponentScore = {
    key: "usage",
    label: PERFORMANCE_COMPONENT_LABELS.usage,
    score: rated && hundreds > 0 ? round(100 * Math.min(1, peoplePer100 / ub.benchmark), 1) : null,
    available: n > 0 && hundreds > 0,
    weight: s.weights.usage.value,
    value: n > 0 ? round(peoplePer100, 2) : null,
    benchmark: ub.benchmark,
    unit: USAGE_UNIT,
    ...(n === 0 ? { note: "暂无数据" } : usageNote ? { note: usageNote } : {}),
  };

  const survey = input.satisfaction;
  const minRespondents = s.satisfaction.minRespondents.value;
  const surveyUsable = survey !== undefined && survey.respondents >= minRespondents;
  if (survey && !surveyUsable) notes.push(`满意度评价仅 ${survey.respondents} 人，少于 ${minRespondents} 人，不计满意度`);
  const satisfaction: ComponentScore = {
    key: "satisfaction",
    label: PERFORMANCE_COMPONENT_LABELS.satisfaction,
    score: rated && surveyUsable ? round(satisfactionScore(survey.mean), 1) : null,
    available: surveyUsable,
    weight: s.weights.satisfaction.value,
    value: survey ? round(survey.mean, 2) : null,
    benchmark: s.satisfaction.lowMean.value,
    unit: "分（1–5）",
    ...(surveyUsable
      ? { note: `${survey.respondents} 人评价` }
      : { note: survey ? `暂无数据：评价人数不足 ${minRespondents} 人` : "暂无数据：尚无运营反馈调查结果" }),
  };

  const costBenchmark = benchmarkOf({ byDomain: s.cost.benchmarkByDomain, byFunction: s.cost.benchmarkByFunction }, subject.domain, subject.function);
  // No people served and no money spent: nothing to measure. Money spent on nobody scores 0.
  const costAvailable = n > 0 && (totalPeople > 0 || totalNetCost > 0);
  const costValue = netCostPerPerson ?? (totalNetCost > 0 ? Number.POSITIVE_INFINITY : null);
  const cost: ComponentScore = {
    key: "cost",
    label: PERFORMANCE_COMPONENT_LABELS.cost,
    score: rated && costAvailable && costValue !== null ? round(costScore(costValue, costBenchmark, s.cost.zeroAtRatio.value), 1) : null,
    available: costAvailable,
    weight: s.weights.cost.value,
    value: netCostPerPerson === null ? null : round(netCostPerPerson, 1),
    benchmark: costBenchmark,
    unit: COST_UNIT,
    ...(!costAvailable
      ? { note: "暂无数据：无服务人数，也无补贴或成本" }
      : netCostPerPerson === null
        ? { note: "有补贴或运营亏损但无服务人数，计 0 分" }
        : {}),
  };

  const components = { usage, satisfaction, cost };
  let score: number | null = null;
  if (rated) {
    let weighted = 0;
    let weights = 0;
    for (const c of Object.values(components)) {
      if (c.score === null || c.weight <= 0) continue;
      weighted += c.weight * c.score;
      weights += c.weight;
    }
    score = weights > 0 ? Math.round(weighted / weights) : null;
  }

  // Adjustment flag (only once rated)
  const reasons: AdjustReason[] = [];
  if (rated && last !== null && hundreds > 0) {
    const run = s.adjust.consecutiveMonths.value;
    const byIndex = new Map(counted.map((m) => [monthIndex(m.month), m]));
    const runMonths: MonthlyFigures[] = [];
    for (let i = last - run + 1; i <= last; i++) {
      const m = byIndex.get(i);
      if (m) runMonths.push(m);
    }
    const lowLine = s.adjust.lowUsageRatio.value;
    const low = (m: MonthlyFigures) => m.peopleServed / hundreds < lowLine * ub.benchmark;
    if (runMonths.length === run && runMonths.every(low)) {
      const months = runMonths.map((m) => m.month);
      const runMean = runMonths.reduce((acc, m) => acc + m.peopleServed, 0) / run / hundreds;
      reasons.push({
        code: "low_usage",
        months,
        message:
          `服务需求少：连续 ${run} 个月（${months[0]} 至 ${months[months.length - 1]}）每百户服务人数低于基准的 ${percent(lowLine)}` +
          `（月均 ${round(runMean, 2)} 人，基准 ${ub.benchmark} 人）`,
      });
    }
  }
  if (rated && surveyUsable && survey.mean < s.satisfaction.lowMean.value) {
    reasons.push({
      code: "poor_satisfaction",
      message: `居民满意度偏低：${round(survey.mean, 2)} 分（${survey.respondents} 人评价），低于 ${s.satisfaction.lowMean.value} 分`,
    });
  }
  if (score !== null && score < s.adjust.poorScore.value) {
    reasons.push({ code: "low_score", message: `绩效考核差：综合得分 ${score} 分，低于 ${s.adjust.poorScore.value} 分` });
  }

  // Suggested subsidy
  const suggestedSubsidy = suggestSubsidy(subject, score, Math.round(mean((m) => m.subsidy) * 12), s);

  return {
    clause: PERFORMANCE_CLAUSE,
    facilityId: subject.facilityId,
    facilityName: subject.facilityName,
    domain: subject.domain,
    ...(subject.function ? { function: subject.function } : {}),
    label: functionLabel(subject.domain, subject.function),
    serviceLevel: subject.serviceLevel,
    period: n ? { from: counted[0].month, to: counted[n - 1].month, months: counted.map((m) => m.month) } : null,
    rated,
    figures,
    components,
    score,
    formula: formulaText(s),
    adjust: { flagged: reasons.length > 0, reasons },
    suggestedSubsidy,
    dataQuality: { rated, notes },
  };
}

function suggestSubsidy(
  subject: PerformanceInput["subject"],
  score: number | null,
  currentAnnual: number,
  s: PerformanceSettings,
): SuggestedSubsidy {
  const none = { amount: null, factor: null, band: null, currentAnnual };
  if (subject.serviceLevel !== "basic") {
    return { ...none, eligible: false, base: null, note: "非基本公共服务，不列入与绩效挂钩的基本公共服务运营补贴" };
  }
  const rate = s.subsidy.ratePerM2ByDomain[subject.domain].value;
  const base = Math.round(Math.min(s.subsidy.capPerFacility.value, subject.areaM2 * rate));
  if (score === null) return { ...none, eligible: true, base, note: "数据不足，暂不评定，暂不提出补贴建议" };
  const { factor, band, rectify } = subsidyBand(score, s);
  const amount = Math.round(base * factor);
  const granted = `按补贴基数 ${yuan(base)} 的 ${percent(factor)} 核定：${yuan(amount)}/年`;
  const note = !rectify
    ? `综合得分 ${score} 分（${band}），${granted}`
    : `综合得分 ${score} 分（${band}），建议整改；${factor > 0 ? granted : "整改前不予补贴"}`;
  return { eligible: true, amount, base, factor, band, currentAnnual, note };
}

/** Mean of the rated scores (a community's 运营绩效 for the 赛马 ranking); null when none is rated. */
export function meanPerformanceScore(results: readonly Pick<PerformanceResult, "score">[]): number | null {
  const scores = results.map((r) => r.score).filter((x): x is number => x !== null);
  return scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length, 1) : null;
}

/** The flagged functions, in the shape the next round of the cycle carries over. */
export function flaggedForNextRound(results: readonly PerformanceResult[]): CarriedOverItem[] {
  return results
    .filter((r) => r.adjust.flagged)
    .map((r) => ({
      kind: "flagged_function",
      domain: r.domain,
      title: `${r.facilityName} · ${r.label}`,
      reason: r.adjust.reasons.map((x) => x.message).join("；"),
    }));
}
