// The city's targets (建设目标, 二(二)) and progress against them, city-wide and per district.
// The plan gives city totals only; the per-district figures are our apportionment (默认值) by
// each district's share of communities, unless the city has assigned its own. Pure: coverage
// of streets and communities is computed elsewhere and arrives as flags.
import type { NumberSetting } from "./policy/profile";
import { defaultSetting } from "./setting-overrides";

export const TARGET_CLAUSE = "二(二)";

export const TARGET_MEASURES = ["pilots", "hubsBuilt", "streetsCovered", "communitiesCovered"] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];
export type NumericTargetMeasure = Extract<TargetMeasure, "pilots" | "hubsBuilt">;
/** The measures with a figure the city can set. */
export const NUMERIC_TARGET_MEASURES: readonly NumericTargetMeasure[] = ["pilots", "hubsBuilt"];

/** 市区 (the ten districts of 二(一)) or the whole city (adds 桐庐县、淳安县、建德市 from 2027). */
export type TargetScope = "plan_scope" | "citywide";

export const TARGET_STATUSES = ["达标", "未达标", "进行中", "暂无数据"] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export interface TargetSet {
  year: number;
  /** Last day the target can be met (ISO date). */
  deadline: string;
  clause: string;
  /** Quoted from the plan. */
  wording: string;
  pilots: number;
  /** 2025: communities selected as pilots (遴选); 2027: pilots whose construction is complete (完成试点建设目标). */
  pilotMeasure: "selected" | "completed";
  hubsBuilt: number;
  streetsCovered: "all";
  /** null: no community-coverage target that year. */
  communitiesCovered: "all" | null;
  scope: Record<TargetMeasure, TargetScope>;
  /** Our readings where the plan is silent; shown as 默认值. */
  assumptions: string[];
}

/** The plan's targets. Figures are the plan's; the assumptions are ours. */
export const PLAN_TARGETS: readonly TargetSet[] = [
  {
    year: 2025,
    deadline: "2025-12-31",
    clause: TARGET_CLAUSE,
    wording:
      "到2025年……市区遴选80个社区开展试点,新建或改建功能集成、布局合理、普惠共享的民生幸福共同体80个……市区乡镇(街道)实现民生幸福共同体全覆盖",
    pilots: 80,
    pilotMeasure: "selected",
    hubsBuilt: 80,
    streetsCovered: "all",
    communitiesCovered: null,
    scope: { pilots: "plan_scope", hubsBuilt: "plan_scope", streetsCovered: "plan_scope", communitiesCovered: "plan_scope" },
    assumptions: ["“到2025年”按 2025 年 12 月 31 日为期限"],
  },
  {
    year: 2027,
    deadline: "2027-12-31",
    clause: TARGET_CLAUSE,
    wording: "到2027年,完成试点建设目标……实现全市村(社区)民生幸福共同体全覆盖",
    pilots: 80,
    pilotMeasure: "completed",
    hubsBuilt: 80,
    streetsCovered: "all",
    communitiesCovered: "all",
    scope: { pilots: "plan_scope", hubsBuilt: "plan_scope", streetsCovered: "plan_scope", communitiesCovered: "citywide" },
    assumptions: [
      "“到2027年”按 2027 年 12 月 31 日为期限",
      "“完成试点建设目标”按 80 个试点社区全部建成计",
      "方案未给出 2027 年共同体数量，沿用 2025 年的 80 个作为下限",
      "市区乡镇(街道)全覆盖在 2027 年继续保持",
    ],
  },
];

export function planTarget(year: number): TargetSet {
  const found = PLAN_TARGETS.find((t) => t.year === year);
  if (!found) throw new RangeError(`no plan target for ${year}; the plan sets ${PLAN_TARGETS.map((t) => t.year).join(", ")}`);
  return found;
}

export const TARGET_SETTINGS_PREFIX = "targets";

export interface TargetSettings {
  /** How the city totals are split among districts when the city has not assigned its own (a method, not a figure). */
  apportionment: { value: "communities"; default: true; label: string; note: string };
  /** A community counts as covered with a 共同体 in it or within this walking distance of one. */
  coverageWalkM: NumberSetting;
}

export const TARGET_SETTINGS: TargetSettings = {
  apportionment: {
    value: "communities",
    default: true,
    label: "区级分解目标",
    note:
      "方案只给出全市（市区）总数。各区目标按本区村(社区)数占适用范围内村(社区)总数的比例分解，用最大余数法取整，各区之和等于总数；" +
      "余数相同时按区划代码先后。市里下达了区级目标的，以下达数为准，其余区分解剩余数。",
  },
  coverageWalkM: defaultSetting(1000, "共同体覆盖的步行距离", "m", "村(社区)内有民生幸福共同体，或在该步行距离内有邻近村(社区)的共同体，计为已覆盖"),
};

/** The figures a 市级管理员 sets for a year: the city's, and any the city assigns to districts. */
export interface TargetFigures {
  city: Record<NumericTargetMeasure, number>;
  /** District code → figures; a blank figure means "apportion this district's share". */
  districts: Record<string, Partial<Record<NumericTargetMeasure, number>>>;
}

/** Why the figures cannot be set, in Chinese: the districts' figures may not add up to more than the city's. */
export function assignedTargetsProblem(figures: TargetFigures): string | null {
  for (const measure of NUMERIC_TARGET_MEASURES) {
    const assignedSum = Object.values(figures.districts).reduce((sum, d) => sum + (d[measure] ?? 0), 0);
    if (assignedSum > figures.city[measure]) {
      return `各区下达的${measure === "pilots" ? "试点社区" : "共同体"}目标合计 ${assignedSum}，超过全市目标 ${figures.city[measure]}。`;
    }
  }
  return null;
}

export const MEASURE_LABELS: Record<TargetMeasure, string> = {
  pilots: "试点社区",
  hubsBuilt: "民生幸福共同体（新建或改建）",
  streetsCovered: "乡镇(街道)共同体覆盖",
  communitiesCovered: "村(社区)共同体覆盖",
};

// ---------------------------------------------------------------------------------------
// Input and output

export interface DistrictTargetFacts {
  /** NBS 6-digit code. */
  code: string;
  name: string;
  /** 市区 (二(一)). Districts outside count toward citywide targets only. */
  inPlanScope: boolean;
  /** Pilot communities selected. */
  pilots: number;
  /** Pilot communities whose construction is complete; absent when not reported. */
  pilotsCompleted?: number;
  /** 民生幸福共同体 built or rebuilt. */
  hubsBuilt: number;
  streets: readonly { code: string; hasHub: boolean }[];
  /** covered: has a hub, or lies within walking distance of a community with one (computed elsewhere). */
  communities: readonly { code: string; covered: boolean }[];
}

export interface TargetFacts {
  /** The day the figures describe (ISO date); decides 进行中 versus 未达标. */
  asOf: string;
  districts: readonly DistrictTargetFacts[];
}

export interface TargetOptions {
  /** District targets the city has assigned; they replace our apportionment for that district. */
  assigned?: Readonly<Record<string, Partial<Record<NumericTargetMeasure, number>>>>;
}

export interface MeasureProgress {
  measure: TargetMeasure;
  label: string;
  scope: TargetScope;
  /** null: not reported (暂无数据). */
  value: number | null;
  target: number;
  /** value ÷ target, three decimals, may exceed 1; null when the target is 0 or the value unknown. */
  share: number | null;
  status: TargetStatus;
  /** plan: the plan's figure; all: every street/community; apportioned: our split (默认值); assigned: the city's. */
  targetBasis: "plan" | "all" | "apportioned" | "assigned";
  /** true when the target is our default (the apportionment), shown as 默认值. */
  defaultTarget: boolean;
  /** Codes of the streets or communities not yet covered. */
  missing?: string[];
  note?: string;
}

export interface DistrictProgress {
  code: string;
  name: string;
  inPlanScope: boolean;
  /** The measures whose scope includes the district. */
  measures: MeasureProgress[];
}

export interface ApportionmentRow {
  district: string;
  measure: NumericTargetMeasure;
  communities: number;
  /** The district's share of the scope's communities (0–1). */
  share: number;
  target: number;
  basis: "apportioned" | "assigned";
}

export interface TargetProgressResult {
  clause: string;
  year: number;
  deadline: string;
  asOf: string;
  assumptions: string[];
  city: MeasureProgress[];
  districts: DistrictProgress[];
  apportionment: { description: string; default: true; rows: ApportionmentRow[] };
}

// ---------------------------------------------------------------------------------------
// Computation

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * Splits a whole number among parts in proportion to their weights (largest remainder /
 * Hamilton): the parts add up to the total, each gets its quota rounded down or up, and
 * equal remainders go to the earlier code. All weights 0: every part gets 0.
 */
export function apportionByLargestRemainder(total: number, parts: readonly { code: string; weight: number }[]): Map<string, number> {
  const out = new Map<string, number>(parts.map((p) => [p.code, 0]));
  const sumWeights = parts.reduce((sum, p) => sum + p.weight, 0);
  const whole = Math.max(0, Math.floor(total));
  if (sumWeights <= 0 || whole === 0) return out;
  const quotas = parts.map((p) => {
    const quota = (whole * p.weight) / sumWeights;
    return { code: p.code, floor: Math.floor(quota), remainder: quota - Math.floor(quota) };
  });
  let left = whole - quotas.reduce((sum, q) => sum + q.floor, 0);
  for (const q of quotas) out.set(q.code, q.floor);
  const order = [...quotas].sort((a, b) => b.remainder - a.remainder || cmp(a.code, b.code));
  for (const q of order) {
    if (left <= 0) break;
    out.set(q.code, (out.get(q.code) ?? 0) + 1);
    left -= 1;
  }
  return out;
}

function statusOf(value: number | null, target: number, asOf: string, deadline: string): TargetStatus {
  if (value === null) return "暂无数据";
  if (value >= target) return "达标";
  return asOf > deadline ? "未达标" : "进行中";
}

const shareOf = (value: number | null, target: number) => (value === null || target <= 0 ? null : round(value / target, 3));

function inScope(d: DistrictTargetFacts, scope: TargetScope): boolean {
  return scope === "citywide" || d.inPlanScope;
}

function pilotValue(d: DistrictTargetFacts, measure: TargetSet["pilotMeasure"]): number | null {
  return measure === "selected" ? d.pilots : (d.pilotsCompleted ?? null);
}

/** Progress against one year's targets, city-wide and per district. */
export function targetProgress(targets: TargetSet, facts: TargetFacts, options: TargetOptions = {}): TargetProgressResult {
  if (!ISO_DATE.test(facts.asOf)) throw new RangeError(`asOf must be an ISO date (YYYY-MM-DD), got ${facts.asOf}`);
  const seen = new Set<string>();
  for (const d of facts.districts) {
    if (seen.has(d.code)) throw new RangeError(`district ${d.code} given twice`);
    seen.add(d.code);
  }
  const districts = [...facts.districts].sort((a, b) => cmp(a.code, b.code));
  const { asOf } = facts;
  const { deadline } = targets;
  const pilotLabel = `${MEASURE_LABELS.pilots}（${targets.pilotMeasure === "selected" ? "遴选" : "建成"}）`;

  // Numeric targets: the plan's city figure, split among the districts in scope.
  const rows: ApportionmentRow[] = [];
  const districtTarget = new Map<string, { target: number; basis: "apportioned" | "assigned" }>();
  for (const measure of ["pilots", "hubsBuilt"] as const) {
    const scoped = districts.filter((d) => inScope(d, targets.scope[measure]));
    const totalCommunities = scoped.reduce((sum, d) => sum + d.communities.length, 0);
    const assigned = (d: DistrictTargetFacts) => options.assigned?.[d.code]?.[measure];
    const assignedSum = scoped.reduce((sum, d) => sum + (assigned(d) ?? 0), 0);
    const open = scoped.filter((d) => assigned(d) === undefined);
    const split = apportionByLargestRemainder(
      Math.max(0, targets[measure] - assignedSum),
      open.map((d) => ({ code: d.code, weight: d.communities.length })),
    );
    for (const d of scoped) {
      const fixed = assigned(d);
      const entry = fixed !== undefined ? { target: fixed, basis: "assigned" as const } : { target: split.get(d.code) ?? 0, basis: "apportioned" as const };
      districtTarget.set(`${measure}:${d.code}`, entry);
      rows.push({
        district: d.code,
        measure,
        communities: d.communities.length,
        share: totalCommunities > 0 ? round(d.communities.length / totalCommunities, 4) : 0,
        ...entry,
      });
    }
  }

  const numeric = (measure: NumericTargetMeasure, d: DistrictTargetFacts): MeasureProgress => {
    const value = measure === "pilots" ? pilotValue(d, targets.pilotMeasure) : d.hubsBuilt;
    const { target, basis } = districtTarget.get(`${measure}:${d.code}`) ?? { target: 0, basis: "apportioned" as const };
    return {
      measure,
      label: measure === "pilots" ? pilotLabel : MEASURE_LABELS[measure],
      scope: targets.scope[measure],
      value,
      target,
      share: shareOf(value, target),
      status: statusOf(value, target, asOf, deadline),
      targetBasis: basis,
      defaultTarget: basis === "apportioned",
      ...(value === null ? { note: "暂无数据：未报送建成试点数" } : {}),
    };
  };

  const coverage = (measure: "streetsCovered" | "communitiesCovered", units: readonly { code: string; ok: boolean }[]): MeasureProgress => {
    const missing = units.filter((u) => !u.ok).map((u) => u.code).sort(cmp);
    const value = units.length - missing.length;
    return {
      measure,
      label: MEASURE_LABELS[measure],
      scope: targets.scope[measure],
      value,
      target: units.length,
      share: shareOf(value, units.length),
      status: statusOf(value, units.length, asOf, deadline),
      targetBasis: "all",
      defaultTarget: false,
      missing,
    };
  };
  const streetUnits = (ds: readonly DistrictTargetFacts[]) => ds.flatMap((d) => d.streets.map((s) => ({ code: s.code, ok: s.hasHub })));
  const communityUnits = (ds: readonly DistrictTargetFacts[]) => ds.flatMap((d) => d.communities.map((c) => ({ code: c.code, ok: c.covered })));

  // City-wide
  const city: MeasureProgress[] = [];
  for (const measure of ["pilots", "hubsBuilt"] as const) {
    const scoped = districts.filter((d) => inScope(d, targets.scope[measure]));
    const values = scoped.map((d) => (measure === "pilots" ? pilotValue(d, targets.pilotMeasure) : d.hubsBuilt));
    const unreported = scoped.filter((_, i) => values[i] === null).map((d) => d.name);
    const value = unreported.length ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
    city.push({
      measure,
      label: measure === "pilots" ? pilotLabel : MEASURE_LABELS[measure],
      scope: targets.scope[measure],
      value,
      target: targets[measure],
      share: shareOf(value, targets[measure]),
      status: statusOf(value, targets[measure], asOf, deadline),
      targetBasis: "plan",
      defaultTarget: false,
      ...(unreported.length ? { note: `暂无数据：${unreported.join("、")}未报送` } : {}),
    });
  }
  city.push(coverage("streetsCovered", streetUnits(districts.filter((d) => inScope(d, targets.scope.streetsCovered)))));
  if (targets.communitiesCovered === "all") {
    city.push(coverage("communitiesCovered", communityUnits(districts.filter((d) => inScope(d, targets.scope.communitiesCovered)))));
  }

  // Per district
  const perDistrict: DistrictProgress[] = districts.map((d) => {
    const measures: MeasureProgress[] = [];
    if (inScope(d, targets.scope.pilots)) measures.push(numeric("pilots", d));
    if (inScope(d, targets.scope.hubsBuilt)) measures.push(numeric("hubsBuilt", d));
    if (inScope(d, targets.scope.streetsCovered)) measures.push(coverage("streetsCovered", streetUnits([d])));
    if (targets.communitiesCovered === "all" && inScope(d, targets.scope.communitiesCovered)) {
      measures.push(coverage("communitiesCovered", communityUnits([d])));
    }
    return { code: d.code, name: d.name, inPlanScope: d.inPlanScope, measures };
  });

  return {
    clause: targets.clause,
    year: targets.year,
    deadline,
    asOf,
    assumptions: targets.assumptions,
    city,
    districts: perDistrict,
    apportionment: { description: TARGET_SETTINGS.apportionment.note, default: true, rows },
  };
}
