// 小区: the demand points of the evaluation's 15-minute circle and of the 选址推演.
import type { Kysely } from "kysely";
import { chunks } from "../chunks";
import { insertWithNewId } from "./new-row";
import type { Database } from "../schema";

export interface NeighbourhoodInput {
  name: string;
  households: number;
  lat: number;
  lng: number;
}

export async function listNeighbourhoodIdsByName(db: Kysely<Database>, communityCodes: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const part of chunks(communityCodes)) {
    const rows = await db.selectFrom("neighbourhoods").select(["id", "community_code", "name"]).where("community_code", "in", part).execute();
    for (const r of rows) ids.set(`${r.community_code}\u0000${r.name}`, r.id);
  }
  return ids;
}

/** Imported figures are real: the row is no longer demo data. */
export async function saveNeighbourhood(db: Kysely<Database>, communityCode: string, existingId: string | undefined, input: NeighbourhoodInput): Promise<string> {
  if (existingId) {
    await db.updateTable("neighbourhoods").set({ households: input.households, lat: input.lat, lng: input.lng, is_demo_data: 0 }).where("id", "=", existingId).execute();
    return existingId;
  }
  return insertWithNewId(db, "neighbourhoods", { community_code: communityCode, ...input, is_demo_data: 0 });
}
