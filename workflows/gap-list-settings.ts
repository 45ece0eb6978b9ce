// The [默认值] settings of the 查漏补缺 list: unit costs, priority weights, reference areas.
// Every figure here is our choice, not the plan's, so each is shown as 默认值 and a 市级管理员
// may change it through the one settings mechanism (setting-overrides.ts). Pure.
import type { Approach, FacilityFunction } from "./glossary";
import { FACILITY_FUNCTIONS } from "./glossary";
import { functionShortLabel } from "./gap-list";
import type { NumberSetting } from "./policy/profile";
import { listSettingTree, overrideSettingTree, type SettingInfo, type SettingOverrideValues } from "./setting-overrides";

/** The settings' key prefix (`gapList.unitCostPerM2.retrofit`). */
export const GAP_LIST_SETTINGS_PREFIX = "gapList";
/** Where the overrides live in policy_settings (the evaluation's settings store). */
export const GAP_LIST_SETTINGS_ID = "gap-list";

/** Approaches that build or fit out floor area (everything but 跨社区共享). */
export const BUILT_APPROACHES = ["new_build", "retrofit", "conversion", "transfer"] as const;
export type BuiltApproach = (typeof BUILT_APPROACHES)[number];

export interface GapListSettings {
  /** Rough investment per m² of floor area by approach (元/m²). */
  unitCostPerM2: Record<BuiltApproach, NumberSetting>;
  /** 跨社区共享: a sharing agreement, signs and access works, per item (元). */
  sharedFixedCost: NumberSetting;
  /** An existing community's item at least this large is suggested as 划转 (m²). */
  transferMinAreaM2: NumberSetting;
  priorityWeights: { oneOldOneYoung: NumberSetting; demand: NumberSetting; gap: NumberSetting };
  /** Norm-gap term when a binding function norm (FUNC_PILOT / FUNC_HUB) names the domain (0–1). */
  functionNormGap: NumberSetting;
  /** Reference floor area of one function (m²), the starting point of an item's target area. */
  functionAreaM2: Record<FacilityFunction, NumberSetting>;
}

const yuanPerM2 = (value: number, label: string): NumberSetting => ({ value, default: true, label, unit: "元/m²" });

/** Reference area per function [默认值]: a modest, commonly built size. */
const FUNCTION_AREA: Record<FacilityFunction, number> = {
  elderly_care: 300,
  residential_elderly_care: 800,
  infant_care: 200,
  child_after_school: 150,
  community_canteen: 200,
  meal_point: 60,
  housekeeping: 50,
  repair: 30,
  parcel_grocery: 40,
  health_station: 150,
  medical_elderly_care: 300,
  rehabilitation: 120,
  fitness_ground: 400,
  public_gym: 200,
  culture_home: 200,
  reading_room: 80,
  activity_room: 120,
  playground: 300,
  child_friendly_space: 80,
};

export const DEFAULT_GAP_LIST_SETTINGS: GapListSettings = {
  unitCostPerM2: {
    new_build: yuanPerM2(8000, "新建（四同步）单位造价"),
    retrofit: yuanPerM2(3500, "补建/改建单位造价"),
    conversion: yuanPerM2(2500, "转型单位造价"),
    transfer: yuanPerM2(1500, "划转后改造单位造价"),
  },
  sharedFixedCost: { value: 50_000, default: true, label: "跨社区共享每项费用（协议、标识、通行改造）", unit: "元" },
  transferMinAreaM2: { value: 500, default: true, label: "既有社区建议“划转”的最小面积", unit: "m²" },
  priorityWeights: {
    oneOldOneYoung: { value: 100, default: true, label: "优先级：一老一小权重", unit: "分" },
    demand: { value: 60, default: true, label: "优先级：需求权重", unit: "分" },
    gap: { value: 40, default: true, label: "优先级：缺口权重", unit: "分" },
  },
  functionNormGap: { value: 0.5, default: true, label: "功能达标要求点名该领域时的缺口分", unit: "share" },
  functionAreaM2: Object.fromEntries(
    FACILITY_FUNCTIONS.map((f) => [f, { value: FUNCTION_AREA[f], default: true, label: `${functionShortLabel(f)}参考面积`, unit: "m²" }]),
  ) as Record<FacilityFunction, NumberSetting>,
};

/** Every setting with its key (gapList.…), for the settings store and the 默认值 table. */
export function listGapListSettings(settings: GapListSettings = DEFAULT_GAP_LIST_SETTINGS): SettingInfo[] {
  return listSettingTree(GAP_LIST_SETTINGS_PREFIX, settings);
}

/** Keys of shares (0–1) set above 1. */
function sharesAboveOne(settings: GapListSettings): string[] {
  return listGapListSettings(settings)
    .filter((s) => s.unit === "share" && s.value > 1)
    .map((s) => s.key);
}

/**
 * The settings with stored overrides applied ({ key: value }). Unknown keys, negative values
 * and shares above 1 are left out (listed in `ignored`); the other overrides stand. `applied`
 * lists what took effect: it is stored with the list, so the list keeps its figures.
 */
export function withGapListSettings(
  overrides: SettingOverrideValues,
  base: GapListSettings = DEFAULT_GAP_LIST_SETTINGS,
): { settings: GapListSettings; applied: Record<string, number>; ignored: string[] } {
  const result = overrideSettingTree(GAP_LIST_SETTINGS_PREFIX, base, overrides);
  const invalid = sharesAboveOne(result.settings);
  if (!invalid.length) return result;
  const valid = Object.fromEntries(Object.entries(overrides).filter(([key]) => !invalid.includes(key)));
  const retried = overrideSettingTree(GAP_LIST_SETTINGS_PREFIX, base, valid);
  return { ...retried, ignored: [...retried.ignored, ...invalid].sort() };
}

/** "（默认值）" or "（已调整）", by comparing with the setting's default. */
function mark(setting: NumberSetting, byDefault: NumberSetting): string {
  return setting.value === byDefault.value ? "（默认值）" : "（已调整）";
}

/** 元: area × the approach's unit cost, or the fixed cost of a sharing arrangement. */
export function estimateCost(approach: Approach, targetAreaM2: number, settings: GapListSettings): number {
  if (approach === "shared_with_neighbour") return settings.sharedFixedCost.value;
  return Math.round(targetAreaM2 * settings.unitCostPerM2[approach].value);
}

/** The cost in words: "200 m² × 3500 元/m²（默认值）". */
export function costBasisText(approach: Approach, targetAreaM2: number, settings: GapListSettings): string {
  if (approach === "shared_with_neighbour") {
    const s = settings.sharedFixedCost;
    return `跨社区共享每项 ${s.value} 元${mark(s, DEFAULT_GAP_LIST_SETTINGS.sharedFixedCost)}`;
  }
  const s = settings.unitCostPerM2[approach];
  return `${targetAreaM2} m² × ${s.value} 元/m²${mark(s, DEFAULT_GAP_LIST_SETTINGS.unitCostPerM2[approach])}`;
}

/** The priority score, in words and as a formula (the weights are the settings). */
export function priorityFormula(settings: GapListSettings = DEFAULT_GAP_LIST_SETTINGS) {
  const w = settings.priorityWeights;
  return {
    expression: `优先级 = ${w.oneOldOneYoung.value} × 一老一小 + ${w.demand.value} × 需求 + ${w.gap.value} × 缺口`,
    terms: [
      `一老一小：养老托育、社区助餐、儿童游憩等“一老一小”领域为 1，其他为 0（三(三)1“优先保障一老一小”）；权重 ${w.oneOldOneYoung.value} 不小于另两项之和，所以一老一小事项总排在前面，同分时也在前。`,
      `需求（0–1）：需求指数 × 一老一小加权（不超过 1）；没有调查数据时，按该领域相关年龄人口占比估计，并标为“估计”。`,
      `缺口（0–1）：取下列最大值——领域缺失为 1；15 分钟圈未覆盖的住户比例；试点社区缺本社区自有功能或共同体缺重点功能时为 ${settings.functionNormGap.value}；满意度低于满意线的差距 ÷ 满意线。`,
    ],
    note: "权重和各项取值均为默认值，可由市级管理员调整；社区工作者可以调整事项顺序，优先级分数不变。",
  };
}

/** How an approach is suggested, in words (generateGapItems follows these lines one by one). */
export function approachRules(settings: GapListSettings = DEFAULT_GAP_LIST_SETTINGS): string[] {
  return [
    "新建社区：新建（四同步），与住宅项目同步规划、同步建设、同步验收、同步交付（三(二)1）。",
    "步行距离内有邻近社区运营中的同类设施：跨社区共享（三(二)1 跨社区服务联合体）；试点社区仍须有本社区自有功能，另列一项小型自有设施。",
    `既有社区、面积不小于 ${settings.transferMinAreaM2.value} 平方米：划转（国有闲置房产，按程序）。`,
    "既有社区的养老托育、社区助餐、健康服务、儿童游憩：补建/改建（腾退空间）；办公用房占比超标时，优先用腾退的办公用房。",
    "既有社区的家政便民、体育健身、文化休闲：转型（周边闲置社会资源，如闲置商铺）。",
  ];
}
