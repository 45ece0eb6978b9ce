// The idle-space inventory (存量空间台账, issue 19): rooms and buildings a community could use for
// a facility, found by the plan's three routes. Pure: the vocabulary, the cost of a space and
// the gap-list approach each route becomes.
import { DEFAULT_GAP_LIST_SETTINGS, type GapListSettings } from "./gap-list-settings";
import type { Approach, SpaceRoute } from "./glossary";


/** What each route means, for forms and templates. */
export const SPACE_ROUTE_HINTS: Record<SpaceRoute, string> = {
  retrofit: "补改：腾退、闲置的社区用房补建或改建",
  conversion: "转型：周边闲置的社会资源转型利用",
  transfer: "划转：国有闲置房产划转使用",
};

/** A route is also a 查漏补缺 approach: the same words in the glossary. */
export function approachOfRoute(route: SpaceRoute): Approach {
  return route;
}

/**
 * What using the space costs (元): the figure on its record, else its floor area × the
 * route's unit cost from the gap-list settings (默认值). `basis` says which.
 */
export function spaceCost(
  space: { route: SpaceRoute; areaM2: number; costYuan: number | null },
  settings: GapListSettings = DEFAULT_GAP_LIST_SETTINGS,
): { yuan: number; basis: "record" | "unit_cost"; unitCost: number } {
  const unitCost = settings.unitCostPerM2[approachOfRoute(space.route) as "retrofit" | "conversion" | "transfer"].value;
  if (space.costYuan !== null) return { yuan: space.costYuan, basis: "record", unitCost };
  return { yuan: Math.round(space.areaM2 * unitCost), basis: "unit_cost", unitCost };
}
