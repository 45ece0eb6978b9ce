// Monthly operating figures per facility (运营数据): one row per facility and month, edited
// with `WHERE version = ?`; integer columns are rounded here (ADR 0006 rule 2). Also the
// facilities and community figures the performance review reads with them.
import type { Kysely } from "kysely";
import type { MonthlyFigures } from "../../workflows/performance";
import { nowIso } from "../clock";
import type { Database } from "../schema";
import type { DashboardScope } from "./dashboard";
import { type Facility, toFacility } from "./facilities";

export interface OperatingMonth extends MonthlyFigures {
  facilityId: string;
  version: number;
  isDemoData: boolean;
  enteredBy: string | null;
  updatedAt: string;
}

type Row = Database["facility_operations"];

function toMonth(row: Row): OperatingMonth {
  return {
    facilityId: row.facility_id,
    month: row.month,
    visits: row.visits,
    peopleServed: row.people_served,
    hoursOpen: row.hours_open,
    income: row.income,
    subsidy: row.subsidy,
    ...(row.operating_cost === null ? {} : { operatingCost: row.operating_cost }),
    version: row.version,
    isDemoData: row.is_demo_data === 1,
    enteredBy: row.entered_by,
    updatedAt: row.updated_at,
  };
}

function figureColumns(f: MonthlyFigures) {
  return {
    visits: Math.round(f.visits),
    people_served: Math.round(f.peopleServed),
    hours_open: f.hoursOpen,
    income: f.income,
    subsidy: f.subsidy,
    operating_cost: f.operatingCost ?? null,
  };
}

export function operationRow(facilityId: string, f: MonthlyFigures, enteredBy: string | null, options: { isDemoData?: boolean; at?: string } = {}): Row {
  const at = options.at ?? nowIso();
  return {
    facility_id: facilityId,
    month: f.month,
    ...figureColumns(f),
    version: 1,
    is_demo_data: options.isDemoData ? 1 : 0,
    entered_by: enteredBy,
    created_at: at,
    updated_at: at,
  };
}

/** Oldest month first, by facility. */
export async function listOperations(db: Kysely<Database>, facilityIds: readonly string[]): Promise<Map<string, OperatingMonth[]>> {
  const out = new Map<string, OperatingMonth[]>();
  for (let i = 0; i < facilityIds.length; i += 500) {
    const rows = await db
      .selectFrom("facility_operations")
      .selectAll()
      .where("facility_id", "in", facilityIds.slice(i, i + 500))
      .orderBy("facility_id")
      .orderBy("month")
      .execute();
    for (const row of rows) {
      const list = out.get(row.facility_id) ?? [];
      list.push(toMonth(row));
      out.set(row.facility_id, list);
    }
  }
  return out;
}

export async function findOperation(db: Kysely<Database>, facilityId: string, month: string): Promise<OperatingMonth | null> {
  const row = await db.selectFrom("facility_operations").selectAll().where("facility_id", "=", facilityId).where("month", "=", month).executeTakeFirst();
  return row ? toMonth(row) : null;
}

/** A new month; a concurrent insert of the same month raises a unique violation. */
export async function insertOperation(db: Kysely<Database>, facilityId: string, f: MonthlyFigures, enteredBy: string | null): Promise<void> {
  await db.insertInto("facility_operations").values(operationRow(facilityId, f, enteredBy)).execute();
}

/** Replaces a month's figures if still at `expectedVersion`; false: someone else saved first. */
export async function updateOperation(
  db: Kysely<Database>,
  facilityId: string,
  f: MonthlyFigures,
  expectedVersion: number,
  enteredBy: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable("facility_operations")
    .set((eb) => ({ ...figureColumns(f), entered_by: enteredBy, is_demo_data: 0, updated_at: nowIso(), version: eb("version", "+", 1) }))
    .where("facility_id", "=", facilityId)
    .where("month", "=", f.month)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------
// What the performance review reads besides the figures

/** The community's operating facilities, by name. */
export async function listOperatingFacilities(db: Kysely<Database>, communityCode: string): Promise<Facility[]> {
  const rows = await db.selectFrom("facilities").selectAll().where("community_code", "=", communityCode).where("status", "=", "operating").orderBy("name").orderBy("id").execute();
  return rows.map(toFacility);
}

/** The operating facilities of a scope that have monthly figures, by community. */
export async function listFacilitiesWithFigures(db: Kysely<Database>, scope: DashboardScope): Promise<Facility[]> {
  let query = db
    .selectFrom("facilities as f")
    .innerJoin("communities as c", "c.code", "f.community_code")
    .selectAll("f")
    .where("f.status", "=", "operating")
    .where(({ exists, selectFrom }) => exists(selectFrom("facility_operations as o").select("o.facility_id").whereRef("o.facility_id", "=", "f.id")));
  if (scope.level === "street") query = query.where("c.street_code", "=", scope.code);
  if (scope.level === "district") query = query.where("c.district_code", "=", scope.code);
  const rows = await query.orderBy("f.community_code").orderBy("f.id").execute();
  return rows.map(toFacility);
}

export interface CommunityDemography {
  code: string;
  households: number;
  share60Plus: number;
  /** Residents aged 0–12. */
  shareChildren: number;
}

export async function listCommunityDemography(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, CommunityDemography>> {
  const out = new Map<string, CommunityDemography>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db
      .selectFrom("communities")
      .select(["code", "households", "share_60_plus", "share_0_3", "share_3_12"])
      .where("code", "in", codes.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.code, { code: r.code, households: r.households, share60Plus: r.share_60_plus, shareChildren: Math.min(1, r.share_0_3 + r.share_3_12) });
  }
  return out;
}

/** When the facility opened: the earliest 开放运营 date of a project that built it (null for facilities from the inventory). */
export async function findFacilityOpenedOn(db: Kysely<Database>, communityCode: string, facilityId: string): Promise<string | null> {
  const rows = await db
    .selectFrom("projects as p")
    .innerJoin("project_milestones as m", "m.project_id", "p.id")
    .select(["p.facility_ids", "m.actual_date"])
    .where("p.community_code", "=", communityCode)
    .where("m.milestone", "=", "opened")
    .where("m.actual_date", "is not", null)
    .execute();
  const dates = rows.filter((r) => (JSON.parse(r.facility_ids) as string[]).includes(facilityId)).map((r) => r.actual_date as string);
  return dates.length ? dates.sort()[0] : null;
}
