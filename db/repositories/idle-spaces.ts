// The idle-space inventory (存量空间台账) and the facts the 选址推演 reads.
import type { Kysely } from "kysely";
import type { CoordinateSystem } from "../../workflows/coordinates";
import type { Domain, SpaceRoute, SpaceStatus } from "../../workflows/glossary";
import { chunks } from "../chunks";
import { nowIso } from "../clock";
import { camelCased } from "../rows";
import { insertWithNewId } from "./new-row";
import type { Database } from "../schema";
import type { IdleSpaceTable } from "../tables/idle-spaces";

export interface IdleSpace {
  id: string;
  communityCode: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  sourceSystem: CoordinateSystem;
  areaM2: number;
  owner: string | null;
  route: SpaceRoute;
  status: SpaceStatus;
  costYuan: number | null;
  notes: string | null;
  version: number;
  isDemoData: boolean;
  updatedAt: string;
}

export type IdleSpaceInput = Omit<IdleSpace, "id" | "communityCode" | "version" | "isDemoData" | "updatedAt">;

/** A place level and its code; `city` lists everything. */
export type SpaceScope = { level: "community" | "street" | "district"; code: string } | { level: "city" };

function toSpace(row: IdleSpaceTable): IdleSpace {
  return {
    ...camelCased(row, [
      "id",
      "community_code",
      "name",
      "address",
      "lat",
      "lng",
      "source_system",
      "area_m2",
      "owner",
      "route",
      "status",
      "cost_yuan",
      "notes",
      "version",
      "is_demo_data",
      "updated_at",
    ]),
    isDemoData: row.is_demo_data === 1,
  };
}

function toColumns(input: IdleSpaceInput) {
  return {
    name: input.name,
    address: input.address,
    lat: input.lat,
    lng: input.lng,
    source_system: input.sourceSystem,
    area_m2: input.areaM2,
    owner: input.owner,
    route: input.route,
    status: input.status,
    cost_yuan: input.costYuan,
    notes: input.notes,
  };
}

export async function insertIdleSpace(db: Kysely<Database>, communityCode: string, input: IdleSpaceInput, createdBy: string): Promise<string> {
  const now = nowIso();
  return insertWithNewId(db, "idle_spaces", { community_code: communityCode, ...toColumns(input), version: 1, is_demo_data: 0, created_by: createdBy, created_at: now, updated_at: now });
}

/** Saves the space if it is still at `expectedVersion`; false when someone changed it first. */
export async function updateIdleSpace(db: Kysely<Database>, id: string, expectedVersion: number, input: IdleSpaceInput): Promise<boolean> {
  const result = await db
    .updateTable("idle_spaces")
    .set({ ...toColumns(input), version: expectedVersion + 1, updated_at: nowIso() })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findIdleSpace(db: Kysely<Database>, id: string): Promise<IdleSpace | null> {
  const row = await db.selectFrom("idle_spaces").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toSpace(row) : null;
}

/** Ids of the listed communities' spaces by name, so an import updates rather than duplicates. */
export async function listIdleSpaceIdsByName(db: Kysely<Database>, communityCodes: readonly string[]): Promise<{ id: string; communityCode: string; name: string; version: number }[]> {
  const out: { id: string; communityCode: string; name: string; version: number }[] = [];
  for (const part of chunks(communityCodes)) {
    const rows = await db.selectFrom("idle_spaces").select(["id", "community_code", "name", "version"]).where("community_code", "in", part).execute();
    for (const r of rows) out.push({ id: r.id, communityCode: r.community_code, name: r.name, version: r.version });
  }
  return out;
}

export interface IdleSpaceListRow extends IdleSpace {
  communityName: string;
  streetCode: string;
}

export async function listIdleSpaces(db: Kysely<Database>, scope: SpaceScope, options: { status?: SpaceStatus } = {}): Promise<IdleSpaceListRow[]> {
  const rows = await db
    .selectFrom("idle_spaces as s")
    .innerJoin("communities as c", "c.code", "s.community_code")
    .selectAll("s")
    .select(["c.name as community_name", "c.street_code"])
    .$if(scope.level === "community", (q) => q.where("c.code", "=", (scope as { code: string }).code))
    .$if(scope.level === "street", (q) => q.where("c.street_code", "=", (scope as { code: string }).code))
    .$if(scope.level === "district", (q) => q.where("c.district_code", "=", (scope as { code: string }).code))
    .$if(options.status !== undefined, (q) => q.where("s.status", "=", options.status!))
    .orderBy("s.community_code")
    .orderBy("s.name")
    .execute();
  return rows.map((r) => ({ ...toSpace(r), communityName: r.community_name, streetCode: r.street_code }));
}

// ---------------------------------------------------------------------------------------
// 选址推演 facts

export interface SitingDemandRow {
  id: string;
  name: string;
  communityCode: string;
  households: number;
  lat: number;
  lng: number;
  share60Plus: number;
  shareChild: number;
  isDemoData: boolean;
}

/** The 小区 of the scope with their community's age shares. */
export async function listSitingDemand(db: Kysely<Database>, scope: SpaceScope): Promise<SitingDemandRow[]> {
  const rows = await db
    .selectFrom("neighbourhoods as n")
    .innerJoin("communities as c", "c.code", "n.community_code")
    .select(["n.id", "n.name", "n.community_code", "n.households", "n.lat", "n.lng", "n.is_demo_data", "c.share_60_plus", "c.share_0_3", "c.share_3_12"])
    .$if(scope.level === "community", (q) => q.where("c.code", "=", (scope as { code: string }).code))
    .$if(scope.level === "street", (q) => q.where("c.street_code", "=", (scope as { code: string }).code))
    .$if(scope.level === "district", (q) => q.where("c.district_code", "=", (scope as { code: string }).code))
    .orderBy("n.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    communityCode: r.community_code,
    households: r.households,
    lat: r.lat,
    lng: r.lng,
    share60Plus: r.share_60_plus,
    shareChild: r.share_0_3 + r.share_3_12,
    isDemoData: r.is_demo_data === 1,
  }));
}

/**
 * Operating facilities of the domains that can reach the scope: those within `marginDeg` of
 * the scope's 小区 (a facility across the street's boundary covers its neighbours too).
 */
export async function listOperatingFacilitiesNear(
  db: Kysely<Database>,
  domains: readonly Domain[],
  box: { south: number; north: number; west: number; east: number },
): Promise<{ id: string; name: string; lat: number; lng: number }[]> {
  if (!domains.length) return [];
  return db
    .selectFrom("facilities")
    .select(["id", "name", "lat", "lng"])
    .where("status", "=", "operating")
    .where("domain", "in", [...domains])
    .where("lat", ">=", box.south)
    .where("lat", "<=", box.north)
    .where("lng", ">=", box.west)
    .where("lng", "<=", box.east)
    .execute();
}
