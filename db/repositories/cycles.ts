import type { Kysely } from "kysely";
import type { Role, Stage } from "../../workflows/glossary";
import { newId } from "../ids";
import { nowIso } from "../clock";
import type { CycleRow, Database } from "../schema";
import { actorColumns } from "./audit";
import { insertWithNewId } from "./new-row";
import { camelCased, qualified } from "../rows";

export interface Cycle {
  id: string;
  communityCode: string;
  year: number;
  round: number;
  machineVersion: number;
  snapshot: unknown;
  stage: Stage;
  version: number;
  stageEnteredAt: string;
  isDemoData: boolean;
}

function toCycle(row: CycleRow): Cycle {
  return {
    ...camelCased(row, ["id", "community_code", "year", "round", "machine_version", "snapshot", "stage", "version", "stage_entered_at", "is_demo_data"]),
    snapshot: JSON.parse(row.snapshot) as unknown,
    isDemoData: row.is_demo_data === 1,
  };
}

export async function findCurrentCycle(db: Kysely<Database>, communityCode: string): Promise<Cycle | null> {
  const row = await db
    .selectFrom("cycles")
    .selectAll()
    .where("community_code", "=", communityCode)
    .orderBy("round", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toCycle(row) : null;
}

export async function findCycle(db: Kysely<Database>, id: string): Promise<Cycle | null> {
  const row = await db.selectFrom("cycles").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toCycle(row) : null;
}

export async function listCycles(db: Kysely<Database>, communityCode: string): Promise<Cycle[]> {
  const rows = await db.selectFrom("cycles").selectAll().where("community_code", "=", communityCode).orderBy("round", "desc").execute();
  return rows.map(toCycle);
}

export interface NewCycle extends Omit<Cycle, "id" | "version" | "stageEnteredAt" | "isDemoData"> {
  stageEnteredAt?: string;
  isDemoData?: boolean;
}

export function cycleRow(cycle: NewCycle) {
  const now = nowIso();
  return {
    id: newId(),
    community_code: cycle.communityCode,
    year: cycle.year,
    round: cycle.round,
    machine_version: cycle.machineVersion,
    snapshot: JSON.stringify(cycle.snapshot),
    stage: cycle.stage,
    version: 1,
    stage_entered_at: cycle.stageEnteredAt ?? now,
    is_demo_data: cycle.isDemoData ? (1 as const) : (0 as const),
    created_at: now,
    updated_at: now,
  };
}

export async function insertCycle(db: Kysely<Database>, cycle: NewCycle): Promise<string> {
  const row = cycleRow(cycle);
  await db.insertInto("cycles").values(row).execute();
  return row.id;
}

/** False when someone else saved first (the version moved on): the caller answers 409. */
export async function saveCycleSnapshot(
  db: Kysely<Database>,
  args: { id: string; expectedVersion: number; machineVersion: number; snapshot: unknown; stage: Stage; stageChanged: boolean },
): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable("cycles")
    .set((eb) => ({
      snapshot: JSON.stringify(args.snapshot),
      machine_version: args.machineVersion,
      stage: args.stage,
      version: eb("version", "+", 1),
      updated_at: now,
      ...(args.stageChanged ? { stage_entered_at: now } : {}),
    }))
    .where("id", "=", args.id)
    .where("version", "=", args.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertCycleEvent(
  db: Kysely<Database>,
  event: {
    cycleId: string;
    type: string;
    actor: { id: string; role: Role } | null;
    fromStage: Stage;
    toStage: Stage;
    comment: string | null;
    payload: unknown;
  },
): Promise<void> {
  await insertWithNewId(db, "cycle_events", {
    cycle_id: event.cycleId,
    event_type: event.type,
    ...actorColumns(event.actor),
    from_stage: event.fromStage,
    to_stage: event.toStage,
    comment: event.comment,
    payload: event.payload === undefined ? null : JSON.stringify(event.payload),
    created_at: nowIso(),
  });
}

export interface CycleHistoryEntry {
  id: string;
  eventType: string;
  actorName: string | null;
  actorRole: Role | null;
  fromStage: Stage;
  toStage: Stage;
  comment: string | null;
  createdAt: string;
}

const HISTORY_COLUMNS = ["id", "event_type", "actor_role", "from_stage", "to_stage", "comment", "created_at"] as const;

export async function listCycleHistory(db: Kysely<Database>, cycleId: string): Promise<CycleHistoryEntry[]> {
  const rows = await db
    .selectFrom("cycle_events as e")
    .leftJoin("users as u", "u.id", "e.actor_user_id")
    .select([...qualified("e", HISTORY_COLUMNS), "u.display_name"])
    .where("e.cycle_id", "=", cycleId)
    .orderBy("e.created_at", "desc")
    .orderBy("e.id", "desc")
    .execute();
  return rows.map((r) => ({ ...camelCased(r, HISTORY_COLUMNS), actorName: r.display_name }));
}

export interface StageRow {
  communityCode: string;
  communityName: string;
  stage: Stage;
  stageEnteredAt: string;
  round: number;
  isDemoData: boolean;
}

function currentCyclesOfStreet(db: Kysely<Database>, streetCode: string) {
  return db
    .selectFrom("cycles as y")
    .innerJoin("communities as c", "c.code", "y.community_code")
    .select(["c.code", "c.name", "y.stage", "y.stage_entered_at", "y.round", "y.is_demo_data"])
    .where("c.street_code", "=", streetCode)
    .where("y.stage", "<>", "closed");
}

function toStageRow(r: { code: string; name: string; stage: Stage; stage_entered_at: string; round: number; is_demo_data: number }): StageRow {
  return { communityCode: r.code, communityName: r.name, ...camelCased(r, ["stage", "stage_entered_at", "round"]), isDemoData: r.is_demo_data === 1 };
}

/** Current stage of every community in a street. */
export async function listStreetStages(db: Kysely<Database>, streetCode: string): Promise<StageRow[]> {
  return (await currentCyclesOfStreet(db, streetCode).orderBy("c.code").execute()).map(toStageRow);
}

/** Communities of a street waiting for the street's review, longest-waiting first. */
export async function listReviewQueue(db: Kysely<Database>, streetCode: string): Promise<StageRow[]> {
  const rows = await currentCyclesOfStreet(db, streetCode).where("y.stage", "=", "street_review").orderBy("y.stage_entered_at").execute();
  return rows.map(toStageRow);
}

export async function countReviewQueue(db: Kysely<Database>, streetCode: string): Promise<number> {
  const row = await currentCyclesOfStreet(db, streetCode)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("y.stage", "=", "street_review")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The years that have cycles, newest first (the dashboards' year filter). */
export async function listCycleYears(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom("cycles").select("year").distinct().orderBy("year", "desc").execute();
  return rows.map((r) => r.year);
}

/** The open round of every community of a street, with the community's name (by community code). */
export async function listOpenCyclesOfStreet(db: Kysely<Database>, streetCode: string): Promise<Array<Cycle & { communityName: string }>> {
  const rows = await db
    .selectFrom("cycles as y")
    .innerJoin("communities as c", "c.code", "y.community_code")
    .selectAll("y")
    .select("c.name as community_name")
    .where("c.street_code", "=", streetCode)
    .where("y.stage", "<>", "closed")
    .orderBy("c.code")
    .execute();
  return rows.map(({ community_name, ...row }) => ({ ...toCycle(row), communityName: community_name }));
}
