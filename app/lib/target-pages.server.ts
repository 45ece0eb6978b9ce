// The 目标设置 page's view model: progress city-wide and per district against a year's
// targets in force, the figures the city has set, and the plan's own wording.
import type { Kysely } from "kysely";
import { listDistricts, listStreets } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import { computeTargetProgress, TARGET_YEARS } from "./targets.server";

/** The year asked for, if the plan sets targets for it; else the first. */
export function targetYearOf(asked: number): number {
  return TARGET_YEARS.includes(asked) ? asked : TARGET_YEARS[0];
}

export async function loadTargetsPage(db: Kysely<Database>, year: number) {
  const [{ targets, progress, districts }, streets] = await Promise.all([computeTargetProgress(db, year), listStreets(db)]);
  const streetName = new Map(streets.map((s) => [s.code, s.name]));
  const streetsMissing = progress.city.find((m) => m.measure === "streetsCovered")?.missing ?? [];
  return {
    year,
    years: TARGET_YEARS,
    plan: { pilots: targets.plan.pilots, hubsBuilt: targets.plan.hubsBuilt, wording: targets.plan.wording, assumptions: targets.plan.assumptions },
    current: { pilots: targets.set.pilots, hubsBuilt: targets.set.hubsBuilt },
    assigned: targets.assigned,
    districts: districts.map((d) => {
      const row = progress.districts.find((p) => p.code === d.code);
      return {
        code: d.code,
        name: d.name,
        measures: (row?.measures ?? []).map((m) => ({ label: m.label, value: m.value, target: m.target, status: m.status, basis: m.targetBasis })),
      };
    }),
    city: progress.city.map((m) => ({ label: m.label, value: m.value, target: m.target, status: m.status, share: m.share })),
    streetsMissing: streetsMissing.map((code) => streetName.get(code) ?? code),
    apportionment: progress.apportionment.description,
  };
}

/** The districts a targets form may assign figures to. */
export async function listTargetDistrictCodes(db: Kysely<Database>): Promise<string[]> {
  return (await listDistricts(db)).map((d) => d.code);
}
