// Data access for an idle space's photos (idle_space_photos); the files live on disk
// (app/lib/uploads.server.ts).
import type { Kysely } from "kysely";
import { nowIso } from "../clock";
import { newId } from "../ids";
import type { Database } from "../schema";

export interface SpacePhoto {
  id: string;
  spaceId: string;
  originalName: string;
  storedName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
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
  return rows.map((r) => ({
    id: r.id,
    spaceId: r.space_id,
    originalName: r.original_name,
    storedName: r.stored_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    uploadedAt: r.uploaded_at,
    uploadedByName: r.display_name,
  }));
}

export async function findSpacePhoto(db: Kysely<Database>, id: string): Promise<SpacePhoto | null> {
  const r = await db.selectFrom("idle_space_photos").selectAll().where("id", "=", id).executeTakeFirst();
  return r
    ? { id: r.id, spaceId: r.space_id, originalName: r.original_name, storedName: r.stored_name, contentType: r.content_type, sizeBytes: r.size_bytes, uploadedAt: r.uploaded_at }
    : null;
}

export async function insertSpacePhoto(db: Kysely<Database>, p: Omit<SpacePhoto, "id" | "uploadedAt"> & { uploadedBy: string }): Promise<string> {
  const id = newId();
  await db
    .insertInto("idle_space_photos")
    .values({
      id,
      space_id: p.spaceId,
      original_name: p.originalName,
      stored_name: p.storedName,
      content_type: p.contentType,
      size_bytes: p.sizeBytes,
      uploaded_by: p.uploadedBy,
      uploaded_at: nowIso(),
    })
    .execute();
  return id;
}

export async function deleteSpacePhoto(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("idle_space_photos").where("id", "=", id).execute();
}
