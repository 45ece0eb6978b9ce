// Monthly operating figures per facility (运营数据): one row per facility and month, edited
// with `WHERE version = ?`. Integer columns are rounded here (ADR 0006 rule 2).
import type { Kysely } from "kysely";
import type { MonthlyFigures } from "../../workflows/performance";
import { nowIso } from "../clock";
import type { Database } from "../schema";

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
