// Data access for an idle space's photos (idle_space_photos); the files live on disk
// (app/lib/uploads.server.ts).
import type { Kysely } from "kysely";
import { nowIso } from "../clock";
import type { Database } from "../schema";
import type { IdleSpacePhotoTable } from "../tables/idle-spaces";
import { insertWithNewId } from "./new-row";
import { camelCased } from "../rows";
import { STORED_FILE_COLUMNS, type StoredFile, storedFileColumns } from "./stored-files";

export interface SpacePhoto extends StoredFile {
  id: string;
  spaceId: string;
  uploadedAt: string;
}

function toSpacePhoto(row: IdleSpacePhotoTable): SpacePhoto {
  return camelCased(row, ["id", "space_id", ...STORED_FILE_COLUMNS, "uploaded_at"]);
}

export async function listSpacePhotos(db: Kysely<Database>, spaceId: string): Promise<(SpacePhoto & { uploadedByName: string | null })[]> {
  const rows = await db
    .selectFrom("idle_space_photos as p")
    .leftJoin("users as u", "u.id", "p.uploaded_by")
    .selectAll("p")
    .select("u.display_name")
    .where("p.space_id", "=", spaceId)
    .orderBy("p.uploaded_at")
    .orderBy("p.id")
    .execute();
  return rows.map((r) => ({ ...toSpacePhoto(r), uploadedByName: r.display_name }));
}

export async function findSpacePhoto(db: Kysely<Database>, id: string): Promise<SpacePhoto | null> {
  const row = await db.selectFrom("idle_space_photos").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toSpacePhoto(row) : null;
}

export function insertSpacePhoto(db: Kysely<Database>, p: Omit<SpacePhoto, "id" | "uploadedAt"> & { uploadedBy: string }): Promise<string> {
  return insertWithNewId(db, "idle_space_photos", { space_id: p.spaceId, ...storedFileColumns(p), uploaded_by: p.uploadedBy, uploaded_at: nowIso() });
}

export async function deleteSpacePhoto(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("idle_space_photos").where("id", "=", id).execute();
}
