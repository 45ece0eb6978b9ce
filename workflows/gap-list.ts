// The 查漏补缺 facility list (三(二)2: 调查结果 → 查漏补缺清单 → 建设计划). Pure: drafts items
// from a stored evaluation, scores their priority, estimates costs from unit costs, and
// says what changed between two versions. No files, no database, no clock.
// See docs/decisions/0008-gap-lists.md.
import { type EvaluationInput, type EvaluationResult, type Finding, type FindingStatus, oneOldOneYoungDomains } from "./evaluation";
import {
  APPROACH_LABELS,
  type Approach,
  DOMAIN_LABELS,
  DOMAINS,
  type DevelopmentType,
  type Domain,
  FUNCTION_CATALOGUE,
  type FacilityFunction,
  FACILITY_FUNCTIONS,
  FUNDING_LABELS,
  type FundingSource,
  HUB_FORM_LABELS,
  type HubForm,
  OPERATING_MODEL_LABELS,
  type OperatingModel,
  PRICING_LABELS,
  type PricingTier,
  REVIEW_DECISION_LABELS,
  type ReviewDecision,
  SERVICE_LEVEL_LABELS,
  type ServiceLevel,
} from "./glossary";
import { type NumberSetting, type PolicyProfile, singleRule } from "./policy/profile";

// ---------------------------------------------------------------------------------------
// Settings: every figure here is our choice, not the plan's, so each is shown as 默认值.

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
export function listGapListSettings(settings: GapListSettings = DEFAULT_GAP_LIST_SETTINGS): { key: string; setting: NumberSetting }[] {
  const out: { key: string; setting: NumberSetting }[] = [];
  for (const a of BUILT_APPROACHES) out.push({ key: `gapList.unitCostPerM2.${a}`, setting: settings.unitCostPerM2[a] });
  out.push({ key: "gapList.sharedFixedCost", setting: settings.sharedFixedCost });
  out.push({ key: "gapList.transferMinAreaM2", setting: settings.transferMinAreaM2 });
  out.push({ key: "gapList.priorityWeights.oneOldOneYoung", setting: settings.priorityWeights.oneOldOneYoung });
  out.push({ key: "gapList.priorityWeights.demand", setting: settings.priorityWeights.demand });
  out.push({ key: "gapList.priorityWeights.gap", setting: settings.priorityWeights.gap });
  out.push({ key: "gapList.functionNormGap", setting: settings.functionNormGap });
  for (const f of FACILITY_FUNCTIONS) out.push({ key: `gapList.functionAreaM2.${f}`, setting: settings.functionAreaM2[f] });
  return out;
}

/**
 * The settings with stored overrides applied ({ key: value }); unknown keys and values that
 * are not finite non-negative numbers are ignored. `applied` lists what took effect.
 */
export function applyGapListOverrides(
  overrides: Readonly<Record<string, number | boolean>>,
  base: GapListSettings = DEFAULT_GAP_LIST_SETTINGS,
): { settings: GapListSettings; applied: Record<string, number> } {
  const settings = structuredClone(base);
  const applied: Record<string, number> = {};
  for (const { key, setting } of listGapListSettings(settings)) {
    const value = overrides[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value === setting.value) continue;
    if (setting.unit === "share" && value > 1) continue;
    setting.value = value;
    setting.default = false;
    applied[key] = value;
  }
  return { settings, applied };
}

// ---------------------------------------------------------------------------------------
// Labels and rules as data, for the UI and the export

export function functionShortLabel(code: FacilityFunction): string {
  return FUNCTION_CATALOGUE[code].label.replace(/（.*）$/, "");
}

export const FOUR_SYNC_STEPS = ["planning", "construction", "acceptance", "delivery"] as const;
export type FourSyncStep = (typeof FOUR_SYNC_STEPS)[number];
export const FOUR_SYNC_LABELS: Record<FourSyncStep, string> = {
  planning: "同步规划",
  construction: "同步建设",
  acceptance: "同步验收",
  delivery: "同步交付",
};
export type FourSync = Record<FourSyncStep, boolean>;
export const EMPTY_FOUR_SYNC: FourSync = { planning: false, construction: false, acceptance: false, delivery: false };

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

/** How an approach is suggested, in words (the code below follows these lines one by one). */
export function approachRules(settings: GapListSettings = DEFAULT_GAP_LIST_SETTINGS): string[] {
  return [
    "新建社区：新建（四同步），与住宅项目同步规划、同步建设、同步验收、同步交付（三(二)1）。",
    "步行距离内有邻近社区运营中的同类设施：跨社区共享（三(二)1 跨社区服务联合体）；试点社区仍须有本社区自有功能，另列一项小型自有设施。",
    `既有社区、面积不小于 ${settings.transferMinAreaM2.value} 平方米：划转（国有闲置房产，按程序）。`,
    "既有社区的养老托育、社区助餐、健康服务、儿童游憩：补建/改建（腾退空间）；办公用房占比超标时，优先用腾退的办公用房。",
    "既有社区的家政便民、体育健身、文化休闲：转型（周边闲置社会资源，如闲置商铺）。",
  ];
}

// ---------------------------------------------------------------------------------------
// Generation

/** What the list needs to know about the community, beyond the evaluation's result. */
export interface GapCommunityFacts {
  type: DevelopmentType;
  pilot: boolean;
  hasHub: boolean;
  households: number;
  /** Catalogue functions of the community's own operating facilities. */
  ownFunctions: FacilityFunction[];
  /** Catalogue functions of its 民生幸福共同体's operating facilities. */
  hubFunctions: FacilityFunction[];
  /** Neighbouring communities' operating facilities within walking distance (跨社区共享). */
  neighbours: { ref: string; name: string; from: string | null; domain: Domain }[];
}

/** The community facts from the evaluation's own input (the neighbours the engine found are in it). */
export function gapCommunityFacts(input: EvaluationInput, result: EvaluationResult): GapCommunityFacts {
  const inCircle = new Set<string>();
  for (const f of result.findings) if (f.rule === "CIRCLE_15MIN") for (const ref of f.evidence.facilities ?? []) inCircle.add(ref);
  const operatingOwn = input.facilities.filter((f) => !f.shared && f.status === "operating");
  const functionsOf = (list: typeof operatingOwn) => [...new Set(list.flatMap((f) => [...(f.functions ?? [])]))];
  return {
    type: input.community.type,
    pilot: input.community.pilot,
    hasHub: input.community.hasHub,
    households: input.community.households,
    ownFunctions: functionsOf(operatingOwn),
    hubFunctions: functionsOf(operatingOwn.filter((f) => f.hubPart)),
    neighbours: input.facilities
      .filter((f) => f.shared && f.status === "operating" && inCircle.has(f.id ?? f.name))
      .map((f) => ({ ref: f.id ?? f.name, name: f.name, from: f.sharedFrom ?? null, domain: f.domain })),
  };
}

export interface GenerationOptions {
  settings: GapListSettings;
  /** The profile's 一老一小 domains. */
  oneOldOneYoungDomains: readonly Domain[];
  /** The profile's FUNC_HUB key functions and how many of them a 共同体 needs. */
  hubKeyFunctions: readonly FacilityFunction[];
  minKeyHubFunctions: number;
}

/** The options for a policy profile (the one the evaluation ran with) and the list settings. */
export function generationOptions(profile: PolicyProfile, settings: GapListSettings): GenerationOptions {
  const hub = singleRule(profile, "hub_functions");
  return {
    settings,
    oneOldOneYoungDomains: oneOldOneYoungDomains(profile),
    hubKeyFunctions: hub.parameters.keyFunctions,
    minKeyHubFunctions: hub.parameters.minKeyFunctions,
  };
}

export interface PriorityBreakdown {
  oneOldOneYoung: 0 | 1;
  /** 0–1. */
  demand: number;
  /** true: no survey figure, estimated from the age shares. */
  demandEstimated: boolean;
  /** 0–1. */
  gap: number;
  score: number;
}

export interface RationaleFinding {
  id: string;
  clause: string;
  title: string;
  status: FindingStatus;
  binding: boolean;
  message: string;
}

/** Why an item is on the list: the evidence the reviewer sees beside it. */
export interface GapRationale {
  /** One sentence, in Chinese. */
  summary: string;
  findings: RationaleFinding[];
  demand: { demandIndex: number | null; satisfaction: number | null; weight: number; weighted: number; estimated: boolean };
  area: { rule: string; binding: boolean; required: number; actual: number; gap: number } | null;
  priority: PriorityBreakdown;
  approachReason: string;
  /** Suggested as part of the 民生幸福共同体 (FUNC_HUB). */
  hubCandidate: boolean;
  neighbours: { name: string; from: string | null }[];
  /** false for items the worker added. */
  generated: boolean;
}

export interface GapItemDraft {
  domain: Domain;
  function: FacilityFunction;
  approach: Approach;
  targetAreaM2: number;
  serviceLevel: ServiceLevel;
  pricing: PricingTier;
  operatingModel: OperatingModel;
  /** 元. */
  estimatedCost: number;
  fundingSources: FundingSource[];
  priority: number;
  rationale: GapRationale;
  spaceSource: string | null;
  fourSync: FourSync | null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

const findingById = (result: EvaluationResult, id: string) => result.findings.find((f) => f.id === id);
const failed = (f: Finding | undefined): f is Finding => f !== undefined && f.status === "fail";

function toRationaleFinding(f: Finding): RationaleFinding {
  return { id: f.id, clause: f.clause, title: f.title, status: f.status, binding: f.binding, message: f.message };
}

/** The priority of an item of `domain`, from the evaluation alone: the same for generated and added items. */
export function priorityScore(domain: Domain, result: EvaluationResult, options: GenerationOptions): PriorityBreakdown {
  const d = result.domains[domain];
  const w = options.settings.priorityWeights;
  const oneOldOneYoung: 0 | 1 = options.oneOldOneYoungDomains.includes(domain) ? 1 : 0;
  const demandEstimated = d.demandIndex === undefined;
  // Without a survey, the share of the domain's age groups stands in for demand (priority = 1 + share).
  const demand = round3(Math.min(1, demandEstimated ? Math.max(0, d.priority - 1) : (d.demandIndex ?? 0) * d.priority));

  const terms = [d.status === "缺失" ? 1 : 0, 1 - d.coverageShare];
  const pilot = findingById(result, "FUNC_PILOT");
  const hub = findingById(result, "FUNC_HUB");
  const namedByNorm =
    (failed(pilot) && pilot.binding && d.ownFacilities === 0) || (failed(hub) && hub.binding && d.findings.includes("FUNC_HUB"));
  if (namedByNorm) terms.push(options.settings.functionNormGap.value);
  const urgent = findingById(result, `DEMAND_PRIORITY:${domain}`);
  if (failed(urgent) && urgent.required && urgent.gap !== null) terms.push(urgent.gap / urgent.required);
  const gap = round3(Math.min(1, Math.max(0, ...terms)));

  const score = round1(w.oneOldOneYoung.value * oneOldOneYoung + w.demand.value * demand + w.gap.value * gap);
  return { oneOldOneYoung, demand, demandEstimated, gap, score };
}

/** Order of a list: priority score, then 一老一小, then the domains' order, own facilities before sharing. */
export function compareByPriority(
  a: { priority: number; domain: Domain; approach: Approach; oneOldOneYoung: 0 | 1 },
  b: { priority: number; domain: Domain; approach: Approach; oneOldOneYoung: 0 | 1 },
): number {
  return (
    b.priority - a.priority ||
    b.oneOldOneYoung - a.oneOldOneYoung ||
    DOMAINS.indexOf(a.domain) - DOMAINS.indexOf(b.domain) ||
    Number(a.approach === "shared_with_neighbour") - Number(b.approach === "shared_with_neighbour")
  );
}

/** Functions to propose for a domain, most needed first [默认值]. */
const PREFERRED: Record<Domain, FacilityFunction[]> = {
  eldercare_childcare: ["elderly_care", "infant_care", "child_after_school", "residential_elderly_care"],
  meal_assist: ["community_canteen", "meal_point"],
  housekeeping_convenience: ["housekeeping", "repair", "parcel_grocery"],
  health: ["health_station", "rehabilitation", "medical_elderly_care"],
  sports_fitness: ["public_gym", "fitness_ground"],
  culture_leisure: ["culture_home", "activity_room", "reading_room"],
  children_play: ["playground", "child_friendly_space"],
};
/** A small own point: a pilot's own function beside a shared one, or a point for uncovered households. */
const SMALL: Record<Domain, FacilityFunction> = {
  eldercare_childcare: "elderly_care",
  meal_assist: "meal_point",
  housekeeping_convenience: "housekeeping",
  health: "health_station",
  sports_fitness: "public_gym",
  culture_leisure: "reading_room",
  children_play: "child_friendly_space",
};
/** What a neighbour's facility of the domain is assumed to offer (neighbours' functions are not recorded). */
const SHARED: Record<Domain, FacilityFunction> = {
  eldercare_childcare: "elderly_care",
  meal_assist: "community_canteen",
  housekeeping_convenience: "housekeeping",
  health: "health_station",
  sports_fitness: "fitness_ground",
  culture_leisure: "culture_home",
  children_play: "playground",
};
/** Existing communities: vacated space near residents for basic care; idle shops for the rest. */
const RETROFIT_DOMAINS: readonly Domain[] = ["eldercare_childcare", "meal_assist", "health", "children_play"];

export function serviceLevelOf(fn: FacilityFunction): ServiceLevel {
  return FUNCTION_CATALOGUE[fn].domain === "housekeeping_convenience" || fn === "residential_elderly_care" ? "non_basic" : "basic";
}

export function pricingOf(fn: FacilityFunction): PricingTier {
  if (serviceLevelOf(fn) === "non_basic") return "paid";
  const domain = FUNCTION_CATALOGUE[fn].domain;
  return domain === "eldercare_childcare" || domain === "meal_assist" ? "low_cost" : "free";
}

export function operatingModelOf(fn: FacilityFunction, approach: Approach): OperatingModel {
  const domain = FUNCTION_CATALOGUE[fn].domain;
  if (approach === "shared_with_neighbour") return "government_procurement";
  if (domain === "health") return "entrusted_operation";
  if (approach === "conversion") return "private_run_public_aid";
  if (domain === "culture_leisure" || domain === "children_play") return "venture_philanthropy";
  return "public_built_private_run";
}

export function fundingOf(approach: Approach, serviceLevel: ServiceLevel): FundingSource[] {
  const base: Record<Approach, FundingSource[]> = {
    new_build: ["central_budget", "special_bonds", "district_budget"],
    retrofit: ["city_budget", "district_budget"],
    conversion: ["district_budget", "social_capital"],
    transfer: ["district_budget"],
    shared_with_neighbour: ["district_budget"],
  };
  const sources = [...base[approach]];
  if (serviceLevel === "non_basic" && !sources.includes("social_capital")) sources.push("social_capital");
  return sources;
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
    return `跨社区共享每项 ${s.value} 元${s.default ? "（默认值）" : "（已调整）"}`;
  }
  const s = settings.unitCostPerM2[approach];
  return `${targetAreaM2} m² × ${s.value} 元/m²${s.default ? "（默认值）" : "（已调整）"}`;
}

export function defaultSpaceSource(approach: Approach): string {
  switch (approach) {
    case "new_build":
      return "住宅项目配套用房（四同步）";
    case "retrofit":
      return "腾退空间（待社区核实）";
    case "conversion":
      return "周边闲置社会资源，如闲置商铺、厂房（待核实）";
    case "transfer":
      return "国有闲置房产（按程序划转，待核实）";
    case "shared_with_neighbour":
      return "邻近社区现有设施";
  }
}

interface Working {
  domain: Domain;
  function: FacilityFunction;
  shared: boolean;
  targetAreaM2: number;
  reasons: string[];
  findings: Finding[];
  hubCandidate: boolean;
  neighbours: { name: string; from: string | null }[];
  area: GapRationale["area"];
  spaceSource: string | null;
}

/**
 * Drafts one item per missing or insufficient function, ordered by priority. The worker
 * edits from here; nothing is final until the street has decided every item.
 */
export function generateGapItems(result: EvaluationResult, community: GapCommunityFacts, options: GenerationOptions): GapItemDraft[] {
  const { settings } = options;
  const areaOf = (fn: FacilityFunction) => settings.functionAreaM2[fn].value;
  const items: Working[] = [];
  const add = (w: Omit<Working, "targetAreaM2" | "area" | "spaceSource" | "neighbours" | "hubCandidate"> & Partial<Working>) => {
    const item: Working = {
      targetAreaM2: w.shared ? 0 : areaOf(w.function),
      area: null,
      spaceSource: null,
      neighbours: [],
      hubCandidate: false,
      ...w,
    };
    items.push(item);
    return item;
  };
  const own = new Set(community.ownFunctions);
  const pilotFinding = findingById(result, "FUNC_PILOT");
  const hubFinding = findingById(result, "FUNC_HUB");
  const notOwned = (d: Domain) => PREFERRED[d].find((f) => !own.has(f));

  for (const domain of DOMAINS) {
    const d = result.domains[domain];
    const label = DOMAIN_LABELS[domain];
    const circle = findingById(result, `CIRCLE_15MIN:${domain}`);
    const urgent = findingById(result, `DEMAND_PRIORITY:${domain}`);
    const missing = d.status === "缺失";
    const coverageShort = failed(circle);
    const demandUrgent = failed(urgent);
    const pilotMissingOwn = failed(pilotFinding) && d.ownFacilities === 0;
    if (!(missing || coverageShort || demandUrgent || pilotMissingOwn)) continue;
    const domainFindings = [circle, urgent].filter(failed);
    if (pilotMissingOwn && pilotFinding) domainFindings.unshift(pilotFinding);

    const neighbours = community.neighbours.filter((n) => n.domain === domain);
    if (d.ownFacilities === 0 && neighbours.length > 0) {
      const named = neighbours.slice(0, 3).map((n) => (n.from && !n.name.startsWith(n.from) ? `${n.name}（${n.from}）` : n.name));
      const more = neighbours.length > 3 ? ` 等 ${neighbours.length} 处` : "";
      add({
        domain,
        function: SHARED[domain],
        shared: true,
        reasons: [`步行距离内有邻近社区运营中的${label}设施：${named.join("、")}${more}，可跨社区共享`],
        findings: circle ? [circle] : [],
        neighbours: neighbours.map((n) => ({ name: n.name, from: n.from })),
        spaceSource: `邻近社区设施：${named.join("、")}${more}`,
      });
      if (pilotMissingOwn || coverageShort || demandUrgent) {
        const why = pilotMissingOwn ? "试点社区须有本社区自有的该类功能" : coverageShort ? "仍有住户不在步行范围内" : "需求急需紧缺";
        add({ domain, function: SMALL[domain], shared: false, reasons: [`${why}：另设小型${functionShortLabel(SMALL[domain])}`], findings: domainFindings });
      }
      continue;
    }
    if (missing) {
      const fn = notOwned(domain) ?? PREFERRED[domain][0];
      add({ domain, function: fn, shared: false, reasons: [`本社区及步行距离内均无运营中的${label}设施`], findings: domainFindings });
    } else if (coverageShort) {
      add({ domain, function: SMALL[domain], shared: false, reasons: [`${label}设施未覆盖全部住户，增设服务点`], findings: domainFindings });
    } else if (demandUrgent) {
      const fn = notOwned(domain) ?? PREFERRED[domain][0];
      add({ domain, function: fn, shared: false, reasons: [`${label}需求急需紧缺、满意度低，补充或扩容`], findings: domainFindings });
    } else {
      const fn = notOwned(domain) ?? PREFERRED[domain][0];
      add({ domain, function: fn, shared: false, reasons: [`试点社区须具备${label}功能`], findings: domainFindings });
    }
  }

  // 民生幸福共同体: the key functions it lacks, the most urgent domain first.
  if (community.hasHub && failed(hubFinding) && hubFinding.gap) {
    const hubFns = new Set(community.hubFunctions);
    const keys = options.hubKeyFunctions;
    let keyNeeded = Math.max(0, options.minKeyHubFunctions - keys.filter((k) => hubFns.has(k)).length);
    let needed = hubFinding.gap;
    const byUrgency = keys
      .filter((k) => !hubFns.has(k))
      .sort(
        (a, b) =>
          priorityScore(FUNCTION_CATALOGUE[b].domain, result, options).score - priorityScore(FUNCTION_CATALOGUE[a].domain, result, options).score ||
          keys.indexOf(a) - keys.indexOf(b),
      );
    const markHub = (item: Working) => {
      item.hubCandidate = true;
      if (!item.findings.includes(hubFinding)) item.findings.push(hubFinding);
      item.reasons.push("纳入民生幸福共同体，补齐共同体服务功能");
    };
    for (const fn of byUrgency) {
      if (keyNeeded <= 0) break;
      const existing = items.find((i) => !i.shared && i.function === fn);
      if (existing) markHub(existing);
      else
        add({
          domain: FUNCTION_CATALOGUE[fn].domain,
          function: fn,
          shared: false,
          reasons: [`民生幸福共同体缺少重点功能${functionShortLabel(fn)}`],
          findings: [hubFinding],
          hubCandidate: true,
        });
      keyNeeded--;
      needed--;
    }
    // Further functions: items already on the list join the 共同体 before new ones are added.
    for (const item of items) {
      if (needed <= 0) break;
      if (item.shared || item.hubCandidate || hubFns.has(item.function)) continue;
      markHub(item);
      needed--;
    }
    for (const fn of byUrgency) {
      if (needed <= 0) break;
      if (items.some((i) => i.function === fn && i.hubCandidate)) continue;
      add({ domain: FUNCTION_CATALOGUE[fn].domain, function: fn, shared: false, reasons: ["补齐民生幸福共同体服务功能"], findings: [hubFinding], hubCandidate: true });
      needed--;
    }
  }

  const byScore = (domain: Domain) => priorityScore(domain, result, options).score;
  const topDomain = () => [...DOMAINS].sort((a, b) => byScore(b) - byScore(a) || DOMAINS.indexOf(a) - DOMAINS.indexOf(b))[0];

  // Area norms: the own items' target areas together reach the shortfall.
  const spread = (finding: Finding | undefined, pick: (i: Working) => boolean, fallback: () => Working) => {
    if (!failed(finding) || !finding.gap || finding.required === null || finding.actual === null) return;
    let chosen = items.filter((i) => !i.shared && pick(i));
    if (!chosen.length) chosen = [fallback()];
    const total = chosen.reduce((sum, i) => sum + i.targetAreaM2, 0);
    if (total < finding.gap) {
      const factor = finding.gap / Math.max(1, total);
      for (const i of chosen) i.targetAreaM2 = total > 0 ? Math.ceil(i.targetAreaM2 * factor) : Math.ceil(finding.gap / chosen.length);
    }
    const area = { rule: finding.rule, binding: finding.binding, required: finding.required, actual: finding.actual, gap: finding.gap };
    for (const i of chosen) {
      i.area = area;
      if (!i.findings.includes(finding)) i.findings.push(finding);
    }
  };
  const areaFinding = findingById(result, community.type === "new" ? "AREA_NEW" : "AREA_EXISTING");
  const hubAreaFinding = findingById(result, community.type === "new" ? "AREA_NEW_HUB" : "AREA_EXISTING_HUB");
  spread(
    areaFinding,
    () => true,
    () => {
      const domain = topDomain();
      return add({ domain, function: PREFERRED[domain][0], shared: false, reasons: ["综合服务设施面积未达标，扩充服务空间"], findings: [] });
    },
  );
  spread(
    hubAreaFinding,
    (i) => i.hubCandidate,
    () => {
      const fn = options.hubKeyFunctions.find((k) => community.hubFunctions.includes(k)) ?? options.hubKeyFunctions[0] ?? "elderly_care";
      return add({
        domain: FUNCTION_CATALOGUE[fn].domain,
        function: fn,
        shared: false,
        reasons: ["民生幸福共同体面积未达标，扩充共同体服务空间"],
        findings: [],
        hubCandidate: true,
      });
    },
  );

  // Approaches, then office space freed for the retrofits (办公空间最小化).
  const approachOf = (i: Working): { approach: Approach; reason: string } => {
    if (i.shared) return { approach: "shared_with_neighbour", reason: "步行距离内有邻近社区运营中的同类设施，宜跨社区共享" };
    if (community.type === "new") return { approach: "new_build", reason: "新建社区：与住宅项目按“四同步”新建" };
    if (i.targetAreaM2 >= settings.transferMinAreaM2.value) {
      return { approach: "transfer", reason: `所需面积 ${i.targetAreaM2} 平方米，不小于 ${settings.transferMinAreaM2.value} 平方米：宜划转国有闲置房产` };
    }
    if (RETROFIT_DOMAINS.includes(i.domain)) return { approach: "retrofit", reason: "既有社区的基本照护类服务：利用腾退空间补建/改建，贴近住户" };
    return { approach: "conversion", reason: "既有社区的便民、健身、文化类服务：转型利用周边闲置社会资源" };
  };
  const withApproach = items.map((i) => ({ item: i, ...approachOf(i), priority: priorityScore(i.domain, result, options) }));
  withApproach.sort((a, b) =>
    compareByPriority(
      { priority: a.priority.score, domain: a.item.domain, approach: a.approach, oneOldOneYoung: a.priority.oneOldOneYoung },
      { priority: b.priority.score, domain: b.item.domain, approach: b.approach, oneOldOneYoung: b.priority.oneOldOneYoung },
    ),
  );

  const office = findingById(result, "OFFICE_SHARE");
  let freed = failed(office) && office.gap ? Math.floor(office.gap * result.summary.areaM2) : 0;
  for (const w of withApproach) {
    if (w.approach !== "retrofit" || freed <= 0 || !office) continue;
    const used = Math.min(freed, w.item.targetAreaM2);
    freed -= used;
    w.item.spaceSource = `腾退办公用房约 ${used} 平方米（办公面积占比 ${Math.round((office.actual ?? 0) * 1000) / 10}%，高于 ${Math.round((office.required ?? 0) * 1000) / 10}%）`;
    w.item.findings.push(office);
  }

  return withApproach.map(({ item, approach, reason, priority }) => {
    const d = result.domains[item.domain];
    const serviceLevel = serviceLevelOf(item.function);
    const targetAreaM2 = item.targetAreaM2;
    return {
      domain: item.domain,
      function: item.function,
      approach,
      targetAreaM2,
      serviceLevel,
      pricing: pricingOf(item.function),
      operatingModel: operatingModelOf(item.function, approach),
      estimatedCost: estimateCost(approach, targetAreaM2, settings),
      fundingSources: fundingOf(approach, serviceLevel),
      priority: priority.score,
      spaceSource: item.spaceSource ?? defaultSpaceSource(approach),
      fourSync: approach === "new_build" ? { ...EMPTY_FOUR_SYNC } : null,
      rationale: {
        summary: `${item.reasons.join("；")}。`,
        findings: item.findings.map(toRationaleFinding),
        demand: {
          demandIndex: d.demandIndex ?? null,
          satisfaction: d.satisfaction ?? null,
          weight: d.priority,
          weighted: priority.demand,
          estimated: priority.demandEstimated,
        },
        area: item.area,
        priority,
        approachReason: reason,
        hubCandidate: item.hubCandidate,
        neighbours: item.neighbours,
        generated: true,
      },
    };
  });
}

/** The rationale of an item the worker added: the evaluation's figures for its domain. */
export function manualRationale(domain: Domain, result: EvaluationResult, options: GenerationOptions): GapRationale {
  const d = result.domains[domain];
  const priority = priorityScore(domain, result, options);
  const findings = result.findings.filter((f) => f.status === "fail" && (f.domain === domain || d.findings.includes(f.id)));
  return {
    summary: "社区工作者新增的事项。",
    findings: findings.map(toRationaleFinding),
    demand: {
      demandIndex: d.demandIndex ?? null,
      satisfaction: d.satisfaction ?? null,
      weight: d.priority,
      weighted: priority.demand,
      estimated: priority.demandEstimated,
    },
    area: null,
    priority,
    approachReason: "由社区工作者选择",
    hubCandidate: false,
    neighbours: [],
    generated: false,
  };
}

// ---------------------------------------------------------------------------------------
// Versions and review

export const GAP_LIST_STATUSES = ["draft", "submitted", "returned", "approved"] as const;
export type GapListStatus = (typeof GAP_LIST_STATUSES)[number];
export const GAP_LIST_STATUS_LABELS: Record<GapListStatus, string> = {
  draft: "编制中",
  submitted: "街道审核中",
  returned: "已退回修改",
  approved: "审核通过（已锁定）",
};

export const GAP_ITEM_STATUSES = ["active", "removed"] as const;
export type GapItemStatus = (typeof GAP_ITEM_STATUSES)[number];

/** One item as kept in a version snapshot: everything a reviewer or the export reads. */
export interface GapItemSnapshot {
  id: string;
  position: number;
  domain: Domain;
  function: FacilityFunction;
  approach: Approach;
  targetAreaM2: number;
  serviceLevel: ServiceLevel;
  pricing: PricingTier;
  operatingModel: OperatingModel;
  estimatedCost: number;
  fundingSources: FundingSource[];
  candidateSite: string | null;
  spaceSource: string | null;
  notes: string | null;
  hubForm: HubForm | null;
  fourSync: FourSync | null;
  status: GapItemStatus;
  priority: number;
  decision: ReviewDecision | null;
  decisionComment: string | null;
}

/** A version as stored in gap_list_versions. */
export interface GapListSnapshot {
  status: GapListStatus;
  returnComment: string | null;
  noGapReason: string | null;
  items: GapItemSnapshot[];
}

/** Fields a diff compares, with their labels; decisions and priority are the review's, not the content. */
export const GAP_ITEM_FIELDS = [
  ["domain", "领域"],
  ["function", "功能"],
  ["approach", "建设方式"],
  ["targetAreaM2", "建设面积（m²）"],
  ["estimatedCost", "估算投资（元）"],
  ["serviceLevel", "服务属性"],
  ["pricing", "收费方式"],
  ["operatingModel", "运营模式"],
  ["fundingSources", "资金来源"],
  ["candidateSite", "候选选址"],
  ["spaceSource", "空间来源"],
  ["notes", "备注"],
  ["hubForm", "共同体形态"],
  ["fourSync", "四同步"],
] as const satisfies readonly (readonly [keyof GapItemSnapshot, string])[];
export type GapItemField = (typeof GAP_ITEM_FIELDS)[number][0];

/** A field's value in words, as the list, the diff and the export show it. */
export function formatItemField(field: GapItemField, item: GapItemSnapshot): string {
  switch (field) {
    case "domain":
      return DOMAIN_LABELS[item.domain];
    case "function":
      return functionShortLabel(item.function);
    case "approach":
      return APPROACH_LABELS[item.approach];
    case "targetAreaM2":
      return String(item.targetAreaM2);
    case "estimatedCost":
      return String(item.estimatedCost);
    case "serviceLevel":
      return SERVICE_LEVEL_LABELS[item.serviceLevel];
    case "pricing":
      return PRICING_LABELS[item.pricing];
    case "operatingModel":
      return OPERATING_MODEL_LABELS[item.operatingModel];
    case "fundingSources":
      return item.fundingSources.map((f) => FUNDING_LABELS[f]).join("、") || "（无）";
    case "candidateSite":
    case "spaceSource":
    case "notes":
      return item[field] ?? "（空）";
    case "hubForm":
      return item.hubForm ? HUB_FORM_LABELS[item.hubForm] : "（不纳入共同体）";
    case "fourSync":
      return item.fourSync ? FOUR_SYNC_STEPS.map((s) => `${FOUR_SYNC_LABELS[s]}${item.fourSync![s] ? "✓" : "—"}`).join(" ") : "（不适用）";
  }
}

export function itemTitle(item: Pick<GapItemSnapshot, "domain" | "function" | "approach">): string {
  return `${DOMAIN_LABELS[item.domain]} · ${functionShortLabel(item.function)}（${APPROACH_LABELS[item.approach]}）`;
}

export interface GapItemChange {
  itemId: string;
  kind: "added" | "removed" | "restored" | "changed";
  title: string;
  /** Position in the newer version (null when removed). */
  position: number | null;
  fields: { field: GapItemField; label: string; before: string; after: string }[];
  /** The decision and comment the reviewer gave it in the older version. */
  previousDecision: { decision: ReviewDecision; label: string; comment: string | null } | null;
}

export interface GapListDiff {
  changes: GapItemChange[];
  /** Items whose content is unchanged (order changes alone are listed in `reordered`). */
  unchanged: number;
  reordered: boolean;
}

/** What changed between two versions, item by item (by item id). */
export function diffGapItems(before: readonly GapItemSnapshot[], after: readonly GapItemSnapshot[]): GapListDiff {
  const old = new Map(before.map((i) => [i.id, i]));
  const changes: GapItemChange[] = [];
  let unchanged = 0;
  const previousDecision = (i: GapItemSnapshot | undefined) =>
    i?.decision ? { decision: i.decision, label: REVIEW_DECISION_LABELS[i.decision], comment: i.decisionComment } : null;
  for (const item of after) {
    const prev = old.get(item.id);
    const activeNow = item.status === "active";
    const activeBefore = prev?.status === "active";
    if (!prev || (!activeBefore && activeNow)) {
      if (!activeNow) continue;
      changes.push({
        itemId: item.id,
        kind: prev ? "restored" : "added",
        title: itemTitle(item),
        position: item.position,
        fields: [],
        previousDecision: previousDecision(prev),
      });
      continue;
    }
    if (activeBefore && !activeNow) {
      changes.push({ itemId: item.id, kind: "removed", title: itemTitle(prev), position: null, fields: [], previousDecision: previousDecision(prev) });
      continue;
    }
    if (!activeNow) continue;
    const fields = GAP_ITEM_FIELDS.flatMap(([field, label]) => {
      const a = formatItemField(field, prev);
      const b = formatItemField(field, item);
      return a === b ? [] : [{ field, label, before: a, after: b }];
    });
    if (fields.length) {
      changes.push({ itemId: item.id, kind: "changed", title: itemTitle(item), position: item.position, fields, previousDecision: previousDecision(prev) });
    } else unchanged++;
  }
  const order = (list: readonly GapItemSnapshot[]) =>
    list
      .filter((i) => i.status === "active")
      .sort((a, b) => a.position - b.position)
      .map((i) => i.id);
  const common = (ids: string[], other: Set<string>) => ids.filter((id) => other.has(id));
  const beforeOrder = order(before);
  const afterOrder = order(after);
  const reordered = common(beforeOrder, new Set(afterOrder)).join() !== common(afterOrder, new Set(beforeOrder)).join();
  return { changes, unchanged, reordered };
}

/** Where a review stands: counts, and what finishing it would do (null while items are undecided). */
export function reviewOutcome(items: readonly Pick<GapItemSnapshot, "status" | "decision">[]) {
  const active = items.filter((i) => i.status === "active");
  const count = (d: ReviewDecision | null) => active.filter((i) => i.decision === d).length;
  const undecided = count(null);
  const returned = count("return");
  return {
    total: active.length,
    approved: count("approve"),
    returned,
    rejected: count("reject"),
    undecided,
    outcome: undecided > 0 ? null : returned > 0 ? ("return" as const) : ("approve" as const),
  };
}

/**
 * The machine's `undecidedItems` fact: active items without a final decision. A return is
 * not final — the item comes back to the street — so it counts as undecided for APPROVE.
 */
export function undecidedForApproval(items: readonly Pick<GapItemSnapshot, "status" | "decision">[]): number {
  return items.filter((i) => i.status === "active" && (i.decision === null || i.decision === "return")).length;
}
