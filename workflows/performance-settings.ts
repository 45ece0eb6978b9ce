// The operating performance review's settings (运营绩效评估, 三(四)2): the plan names the
// mechanism, not the figures, so every figure here is our default (默认值), overridable by
// the 市级管理员 under the key prefix "performance" (app/lib/settings.server.ts). Pure.
import type { Domain, FacilityFunction } from "./glossary";
import type { NumberSetting } from "./policy/profile";
import { type AppliedSettings, applySettingOverrides, defaultSetting as setting, listSettingTree, type SettingInfo, type SettingOverrideValues } from "./setting-overrides";

export const PERFORMANCE_SETTINGS_PREFIX = "performance";

/** The feedback survey's satisfaction scale. */
export const SATISFACTION_MIN = 1;
export const SATISFACTION_MAX = 5;


export type DomainSettings = Record<Domain, NumberSetting>;
export type FunctionSettings = Partial<Record<FacilityFunction, NumberSetting>>;

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

export const USAGE_UNIT = "人/百户·月";
export const COST_UNIT = "元/人·月";
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
export function withPerformanceSettings(overrides: SettingOverrideValues, base: PerformanceSettings = PERFORMANCE_SETTINGS): AppliedSettings<PerformanceSettings> {
  return applySettingOverrides(PERFORMANCE_SETTINGS_PREFIX, base, overrides, performanceSettingsProblem);
}
