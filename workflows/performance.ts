// Operating performance of a facility's function after opening (运营绩效评估, 三(四)2 and 四(三)):
// monthly figures → usage, satisfaction and cost-efficiency scores → an overall score, a flag
// for functions with low demand or poor performance ("动态调整服务需求少、绩效考核差的功能设置"),
// and a basic-service operating subsidy tied to the score ("将基本公共服务运营补贴与绩效考核挂钩").
// Pure: the use-case gathers the figures and the feedback survey's result; nothing here reads
// the clock or the database. Every figure we chose is a setting shown as 默认值
// (performance-settings.ts).
import { codeList } from "./code-list";
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
import {
  COST_UNIT,
  type DomainSettings,
  type FunctionSettings,
  PERFORMANCE_SETTINGS,
  type PerformanceSettings,
  SATISFACTION_MAX,
  SATISFACTION_MIN,
  USAGE_UNIT,
} from "./performance-settings";
import { type SuggestedSubsidy, suggestSubsidy } from "./performance-subsidy";
import type { AgeGroup } from "./policy/profile";

export const PERFORMANCE_CLAUSE = "三(四)2";
export const PERFORMANCE_WORDING =
  "将基本公共服务运营补贴与绩效考核挂钩……根据居民需求和运营情况,动态调整服务需求少、绩效考核差的功能设置";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

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

/** Why a month's figures cannot be entered (with the field and a short message for it); null when they can. */
export function monthlyFiguresProblem(
  f: Pick<MonthlyFigures, "month" | "visits" | "peopleServed">,
  currentMonth: string,
  /** The facility's 开放运营 date, when known: no figures for months before it. */
  openedOn: string | null = null,
): { field: "month" | "peopleServed"; message: string; short: string } | null {
  if (f.month > currentMonth) return { field: "month", message: `不能填报未来月份（本月为 ${currentMonth}）。`, short: "不能填报未来月份" };
  if (openedOn && f.month < openedOn.slice(0, 7)) {
    return { field: "month", message: `该设施 ${openedOn} 开放运营，不能填报开放前的月份（${f.month}）。`, short: "早于开放运营的月份" };
  }
  if (f.peopleServed > f.visits) {
    return { field: "peopleServed", message: "服务人数不能多于服务人次（同一人多次来访计多人次、一人）。", short: "服务人数不能多于服务人次" };
  }
  return null;
}

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

export const { codes: PERFORMANCE_COMPONENTS, labels: PERFORMANCE_COMPONENT_LABELS } = codeList({
  usage: "使用率",
  satisfaction: "居民满意度",
  cost: "成本效率",
});
export type PerformanceComponent = (typeof PERFORMANCE_COMPONENTS)[number];

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

/** The scoring and subsidy rules in words (for the page) and as an expression, with the settings in force. */
export function performanceFormula(s: PerformanceSettings): { description: string; expression: string } {
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
    formula: performanceFormula(s),
    adjust: { flagged: reasons.length > 0, reasons },
    suggestedSubsidy,
    dataQuality: { rated, notes },
  };
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
