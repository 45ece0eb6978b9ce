// The 二(二) targets in force for a year: the plan's figures unless the 市级管理员 has set
// others (saveTargets), and district figures the city has assigned (the rest is apportioned,
// 默认值); and progress against them for the dashboards and the 目标设置 page.
import type { Kysely } from "kysely";
import { todayInHangzhou } from "../../db/clock";
import { writeAudit } from "../../db/repositories/audit";
import { targetFacts } from "../../db/repositories/dashboard";
import { type CityTargetRow, listCityTargets, listDistrictsInPlan, replaceCityTargets } from "../../db/repositories/targets";
import type { Database } from "../../db/schema";
import { createGridIndex } from "../../workflows/geo";
import {
  assignedTargetsProblem,
  type DistrictTargetFacts,
  NUMERIC_TARGET_MEASURES,
  type NumericTargetMeasure,
  PLAN_TARGETS,
  planTarget,
  TARGET_SETTINGS,
  TARGET_SETTINGS_PREFIX,
  type TargetFigures,
  targetProgress,
  type TargetSet,
  type TargetSettings,
} from "../../workflows/targets";
import { loadSettingModule, type SettingModule } from "./settings.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

export const TARGET_YEARS = PLAN_TARGETS.map((t) => t.year);

export interface TargetsInForce {
  set: TargetSet;
  plan: TargetSet;
  /** District code → the figures the city assigned to it. */
  assigned: Record<string, Partial<Record<NumericTargetMeasure, number>>>;
  /** Which city figures differ from the plan's. */
  changed: NumericTargetMeasure[];
}

/** The target year a dashboard year falls under: the plan sets 2025 and 2027 (2025 unless 2027 or later is asked for). */
export function targetYearFor(year: number | null): number {
  return year !== null && year >= 2027 ? 2027 : 2025;
}

export const TARGET_SETTING_MODULE: SettingModule<TargetSettings> = { prefix: TARGET_SETTINGS_PREFIX, defaults: TARGET_SETTINGS };

export async function loadTargets(db: Kysely<Database>, year: number): Promise<TargetsInForce> {
  const plan = planTarget(year);
  const set: TargetSet = { ...plan };
  const assigned: TargetsInForce["assigned"] = {};
  const changed: NumericTargetMeasure[] = [];
  for (const r of await listCityTargets(db, year)) {
    if (!(NUMERIC_TARGET_MEASURES as readonly string[]).includes(r.measure)) continue;
    const measure = r.measure as NumericTargetMeasure;
    if (r.districtCode === "") {
      set[measure] = r.value;
      if (set[measure] !== plan[measure]) changed.push(measure);
    } else {
      (assigned[r.districtCode] ??= {})[measure] = r.value;
    }
  }
  return { set, plan, assigned, changed };
}

/** Replaces a year's targets in one transaction; district figures may not exceed the city's. */
export function saveTargets(db: Kysely<Database>, change: Change, input: TargetFigures & { year: number }): Promise<Outcome> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "set:targets", {});
    if (!TARGET_YEARS.includes(input.year)) refuse(400, "只能设置方案规定的目标年份。");
    const before = await loadTargets(trx, input.year);
    const problem = assignedTargetsProblem(input);
    if (problem) refuse(400, problem);
    const rows: CityTargetRow[] = [
      ...NUMERIC_TARGET_MEASURES.map((measure) => ({ measure, districtCode: "", value: input.city[measure] })),
      ...Object.entries(input.districts).flatMap(([code, figures]) =>
        NUMERIC_TARGET_MEASURES.filter((m) => figures[m] !== undefined).map((measure) => ({ measure, districtCode: code, value: figures[measure]! })),
      ),
    ];
    await replaceCityTargets(trx, input.year, rows, change.actor.id);
    await writeAudit(trx, {
      actor: change.actor,
      action: "targets.set",
      entityType: "targets",
      entityId: String(input.year),
      before: { city: { pilots: before.set.pilots, hubsBuilt: before.set.hubsBuilt }, districts: before.assigned },
      after: { city: input.city, districts: input.districts },
      ip: change.ip,
    });
    return {};
  });
}

/** Progress city-wide and per district against the targets in force for `year`. */
export async function computeTargetProgress(db: Kysely<Database>, year: number) {
  const [targets, facts, districts, { settings }] = await Promise.all([loadTargets(db, year), targetFacts(db), listDistrictsInPlan(db), loadSettingModule(db, TARGET_SETTING_MODULE)]);
  // Covered: a 共同体 in the community or within walking distance of one.
  const radius = settings.coverageWalkM.value;
  const grid = createGridIndex(facts.filter((f) => f.hasHub), radius);
  const covered = new Set(facts.filter((f) => f.hasHub || grid.nearby(f.lat, f.lng, radius).length > 0).map((f) => f.communityCode));
  const byDistrict: DistrictTargetFacts[] = districts.map((d) => {
    const own = facts.filter((f) => f.districtCode === d.code);
    const streetHub = new Map<string, boolean>();
    for (const f of own) streetHub.set(f.streetCode, (streetHub.get(f.streetCode) ?? false) || f.hasHub);
    return {
      code: d.code,
      name: d.name,
      inPlanScope: d.inPlanScope,
      pilots: own.filter((f) => f.isPilot).length,
      hubsBuilt: own.filter((f) => f.hasHub).length,
      streets: [...streetHub].map(([code, hasHub]) => ({ code, hasHub })),
      communities: own.map((f) => ({ code: f.communityCode, covered: covered.has(f.communityCode) })),
    };
  });
  const progress = targetProgress(targets.set, { asOf: todayInHangzhou(), districts: byDistrict }, { assigned: targets.assigned });
  return { targets, progress, districts };
}
