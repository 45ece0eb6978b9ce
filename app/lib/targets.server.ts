// The 二(二) targets in force for a year: the plan's figures unless the 市级管理员 has set
// others, and district figures the city has assigned (the rest is apportioned, 默认值).
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { nowIso } from "../../db/clock";
import type { Database } from "../../db/schema";
import { targetFacts } from "../../db/repositories/dashboard";
import { createGridIndex } from "../../workflows/geo";
import { type DistrictTargetFacts, type NumericTargetMeasure, PLAN_TARGETS, planTarget, targetProgress, type TargetSet } from "../../workflows/targets";
import type { Actor } from "../../workflows/permissions";

export const TARGET_YEARS = PLAN_TARGETS.map((t) => t.year);
export const NUMERIC_MEASURES: readonly NumericTargetMeasure[] = ["pilots", "hubsBuilt"];

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

export async function loadTargets(db: Kysely<Database>, year: number): Promise<TargetsInForce> {
  const plan = planTarget(year);
  const rows = await db.selectFrom("city_targets").select(["measure", "district_code", "value"]).where("year", "=", year).execute();
  const set: TargetSet = { ...plan };
  const assigned: TargetsInForce["assigned"] = {};
  const changed: NumericTargetMeasure[] = [];
  for (const r of rows) {
    if (!(NUMERIC_MEASURES as readonly string[]).includes(r.measure)) continue;
    const measure = r.measure as NumericTargetMeasure;
    if (r.district_code === "") {
      set[measure] = Number(r.value);
      if (set[measure] !== plan[measure]) changed.push(measure);
    } else {
      (assigned[r.district_code] ??= {})[measure] = Number(r.value);
    }
  }
  return { set, plan, assigned, changed };
}

export interface TargetInput {
  year: number;
  city: Record<NumericTargetMeasure, number>;
  /** District code → figures; a blank figure means "apportion this district's share". */
  districts: Record<string, Partial<Record<NumericTargetMeasure, number>>>;
}

/** Replaces a year's targets in one transaction; district figures may not exceed the city's. */
export async function saveTargets(
  db: Kysely<Database>,
  change: { actor: Actor; ip: string | null },
  input: TargetInput,
): Promise<{ ok: true } | { ok: false; message: string }> {
  for (const measure of NUMERIC_MEASURES) {
    const assignedSum = Object.values(input.districts).reduce((sum, d) => sum + (d[measure] ?? 0), 0);
    if (assignedSum > input.city[measure]) {
      return { ok: false, message: `各区下达的${measure === "pilots" ? "试点社区" : "共同体"}目标合计 ${assignedSum}，超过全市目标 ${input.city[measure]}。` };
    }
  }
  return db.transaction().execute(async (trx) => {
    const before = await loadTargets(trx, input.year);
    await trx.deleteFrom("city_targets").where("year", "=", input.year).execute();
    const now = nowIso();
    const rows = [
      ...NUMERIC_MEASURES.map((measure) => ({ measure, district_code: "", value: input.city[measure] })),
      ...Object.entries(input.districts).flatMap(([code, figures]) =>
        NUMERIC_MEASURES.filter((m) => figures[m] !== undefined).map((measure) => ({ measure, district_code: code, value: figures[measure]! })),
      ),
    ].map((r) => ({ ...r, year: input.year, updated_by: change.actor.id, updated_at: now }));
    await trx.insertInto("city_targets").values(rows).execute();
    await writeAudit(trx, {
      actor: change.actor,
      action: "targets.set",
      entityType: "targets",
      entityId: String(input.year),
      before: { city: { pilots: before.set.pilots, hubsBuilt: before.set.hubsBuilt }, districts: before.assigned },
      after: { city: input.city, districts: input.districts },
      ip: change.ip,
    });
    return { ok: true as const };
  });
}

/** Progress city-wide and per district against the targets in force for `year`. */
export async function computeTargetProgress(db: Kysely<Database>, year: number) {
  const [targets, facts, districts] = await Promise.all([
    loadTargets(db, year),
    targetFacts(db),
    db.selectFrom("districts").select(["code", "name", "in_plan_scope"]).orderBy("code").execute(),
  ]);
  // Covered: a 共同体 in the community or within walking distance [默认值 1,000 m].
  const grid = createGridIndex(facts.filter((f) => f.hasHub), 1000);
  const covered = new Set(facts.filter((f) => f.hasHub || grid.nearby(f.lat, f.lng, 1000).length > 0).map((f) => f.communityCode));
  const byDistrict: DistrictTargetFacts[] = districts.map((d) => {
    const own = facts.filter((f) => f.districtCode === d.code);
    const streetHub = new Map<string, boolean>();
    for (const f of own) streetHub.set(f.streetCode, (streetHub.get(f.streetCode) ?? false) || f.hasHub);
    return {
      code: d.code,
      name: d.name,
      inPlanScope: d.in_plan_scope === 1,
      pilots: own.filter((f) => f.isPilot).length,
      hubsBuilt: own.filter((f) => f.hasHub).length,
      streets: [...streetHub].map(([code, hasHub]) => ({ code, hasHub })),
      communities: own.map((f) => ({ code: f.communityCode, covered: covered.has(f.communityCode) })),
    };
  });
  const progress = targetProgress(targets.set, { asOf: new Date().toISOString().slice(0, 10), districts: byDistrict }, { assigned: targets.assigned });
  return { targets, progress, districts };
}
