// The 选址推演 page's model (issue 19): 小区 households weighted by 一老一小 as demand, the
// domain's operating facilities as existing sites, the inventory's 可用 spaces and the points
// the user clicked as candidates. Pure: the page's loader gathers the facts, a worker thread
// solves (app/lib/siting-worker.mjs), and the figures shown are worked out here.
import type { Domain } from "./glossary";
import { haversineM, type LatLng } from "./geo";
import type { NumberSetting } from "./policy/profile";
import type { SitingLimit, SitingProblem } from "./siting";

export const SITING_SETTINGS_PREFIX = "siting";

/** [默认值] Every figure is our choice, shown on the page, changeable by the 市级管理员. */
export interface SitingSettings {
  weights: { household: NumberSetting; elderly: NumberSetting; child: NumberSetting };
  radiusM: NumberSetting;
  maxCurveSites: NumberSetting;
}

export const SITING_SETTINGS: SitingSettings = {
  weights: {
    household: { value: 1, default: true, label: "需求权重：每户基础权重", unit: "倍" },
    elderly: { value: 1, default: true, label: "需求权重：60 岁以上人口占比的加权", unit: "倍" },
    child: { value: 1, default: true, label: "需求权重：0–12 岁人口占比的加权", unit: "倍" },
  },
  radiusM: { value: 1000, default: true, label: "步行服务半径（15 分钟生活圈）", unit: "m" },
  maxCurveSites: { value: 10, default: true, label: "覆盖曲线最多计算的新址数", unit: "处" },
};

export function sitingSettingsProblem(settings: SitingSettings): string | null {
  if (settings.radiusM.value <= 0) return "步行服务半径须大于 0。";
  if (settings.weights.household.value < 0 || settings.weights.elderly.value < 0 || settings.weights.child.value < 0) return "需求权重不能为负数。";
  return null;
}

/** A 小区 with its community's age shares. */
export interface DemandFact extends LatLng {
  id: string;
  name: string;
  households: number;
  share60Plus: number;
  /** 0–12 岁: share_0_3 + share_3_12. */
  shareChild: number;
}

export interface CandidateFact extends LatLng {
  /** `space:<id>` for an inventory space, `point:<n>` for a clicked point. */
  id: string;
  name: string;
  /** 万元 or m² in the budget form. */
  cost?: number;
}

/** Weighted households: households × (base + elderly × 60+ share + child × 0–12 share). */
export function demandWeight(fact: DemandFact, settings: SitingSettings): number {
  const w = settings.weights;
  return fact.households * (w.household.value + w.elderly.value * fact.share60Plus + w.child.value * fact.shareChild);
}

export function sitingProblem(
  facts: { demand: readonly DemandFact[]; existing: readonly LatLng[]; candidates: readonly CandidateFact[] },
  settings: SitingSettings,
  radiusM: number,
  limit: SitingLimit,
): SitingProblem {
  return {
    radiusM,
    limit,
    demand: facts.demand.map((d) => ({ id: d.id, lat: d.lat, lng: d.lng, weight: demandWeight(d, settings) })),
    existing: facts.existing.map((e, i) => ({ id: `existing:${i}`, lat: e.lat, lng: e.lng })),
    candidates: facts.candidates.map((c) => ({ id: c.id, lat: c.lat, lng: c.lng, ...(c.cost !== undefined ? { cost: c.cost } : {}) })),
  };
}

/** Households reached, raw and by age group (60+ and 0–12 岁 persons' households, by share). */
export interface HouseholdFigures {
  households: number;
  elderlyHouseholds: number;
  childHouseholds: number;
  weighted: number;
}

const near = (p: LatLng, sites: readonly LatLng[], radiusM: number) => sites.some((s) => haversineM(p.lat, p.lng, s.lat, s.lng) <= radiusM);

function sum(demand: readonly DemandFact[], settings: SitingSettings): HouseholdFigures {
  return demand.reduce(
    (t, d) => ({
      households: t.households + d.households,
      elderlyHouseholds: t.elderlyHouseholds + d.households * d.share60Plus,
      childHouseholds: t.childHouseholds + d.households * d.shareChild,
      weighted: t.weighted + demandWeight(d, settings),
    }),
    { households: 0, elderlyHouseholds: 0, childHouseholds: 0, weighted: 0 },
  );
}

/** Before and after: all demand, what the existing sites cover, what the chosen sites add. */
export function coverageBreakdown(
  demand: readonly DemandFact[],
  existing: readonly LatLng[],
  chosen: readonly LatLng[],
  radiusM: number,
  settings: SitingSettings,
): { total: HouseholdFigures; before: HouseholdFigures; added: HouseholdFigures; perSite: HouseholdFigures[] } {
  const uncovered = demand.filter((d) => !near(d, existing, radiusM));
  const before = demand.filter((d) => near(d, existing, radiusM));
  const added = uncovered.filter((d) => near(d, chosen, radiusM));
  // Each chosen site's own share: what it reaches that neither the existing nor an earlier chosen site does.
  const perSite = chosen.map((site, i) => sum(added.filter((d) => near(d, [site], radiusM) && !near(d, chosen.slice(0, i), radiusM)), settings));
  return { total: sum(demand, settings), before: sum(before, settings), added: sum(added, settings), perSite };
}

/** The domain(s) a what-if is about, as a sentence. */
export function domainsText(domains: readonly Domain[], labels: Record<Domain, string>): string {
  return domains.map((d) => labels[d]).join("、");
}
