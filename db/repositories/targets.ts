// The city's targets (city_targets): a year's figures, the city total under district code ""
// and the figures the city assigned to districts; replaced as a whole when saved.
import type { Kysely } from "kysely";
import type { TargetMeasure } from "../../workflows/targets";
import { nowIso } from "../clock";
import type { Database } from "../schema";

export interface CityTargetRow {
  measure: TargetMeasure;
  /** "" for the city total. */
  districtCode: string;
  value: number;
}

export async function listCityTargets(db: Kysely<Database>, year: number): Promise<CityTargetRow[]> {
  const rows = await db.selectFrom("city_targets").select(["measure", "district_code", "value"]).where("year", "=", year).execute();
  return rows.map((r) => ({ measure: r.measure, districtCode: r.district_code, value: Number(r.value) }));
}

/** Replaces every figure of `year`; call inside the use case's transaction. */
export async function replaceCityTargets(db: Kysely<Database>, year: number, rows: readonly CityTargetRow[], updatedBy: string): Promise<void> {
  await db.deleteFrom("city_targets").where("year", "=", year).execute();
  if (rows.length === 0) return;
  const at = nowIso();
  await db
    .insertInto("city_targets")
    .values(rows.map((r) => ({ year, measure: r.measure, district_code: r.districtCode, value: r.value, updated_by: updatedBy, updated_at: at })))
    .execute();
}

/** Every district with whether it is in the plan's 市区 (二(一)), by code. */
export async function listDistrictsInPlan(db: Kysely<Database>): Promise<{ code: string; name: string; inPlanScope: boolean }[]> {
  const rows = await db.selectFrom("districts").select(["code", "name", "in_plan_scope"]).orderBy("code").execute();
  return rows.map((d) => ({ code: d.code, name: d.name, inPlanScope: d.in_plan_scope === 1 }));
}
