// Data access for a project's photos and documents (project_attachments); the files
// themselves live on disk (app/lib/uploads.server.ts).
import type { Kysely } from "kysely";
import type { Milestone } from "../../workflows/glossary";
import { nowIso } from "../clock";
import { newId } from "../ids";
import type { Database, ProjectAttachmentRow } from "../schema";

export interface ProjectAttachment {
  id: string;
  projectId: string;
  milestone: Milestone | null;
  originalName: string;
  storedName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string | null;
  createdAt: string;
}

function toAttachment(row: ProjectAttachmentRow): ProjectAttachment {
  return {
    id: row.id,
    projectId: row.project_id,
    milestone: row.milestone,
    originalName: row.original_name,
    storedName: row.stored_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

export async function listAttachments(db: Kysely<Database>, projectId: string): Promise<(ProjectAttachment & { uploadedByName: string | null })[]> {
  const rows = await db
    .selectFrom("project_attachments as a")
    .leftJoin("users as u", "u.id", "a.uploaded_by")
    .selectAll("a")
    .select("u.display_name")
    .where("a.project_id", "=", projectId)
    .orderBy("a.created_at")
    .orderBy("a.id")
    .execute();
  return rows.map((r) => ({ ...toAttachment(r), uploadedByName: r.display_name }));
}

export async function findAttachment(db: Kysely<Database>, id: string): Promise<ProjectAttachment | null> {
  const row = await db.selectFrom("project_attachments").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toAttachment(row) : null;
}

export async function insertAttachment(db: Kysely<Database>, a: Omit<ProjectAttachment, "id" | "createdAt">): Promise<string> {
  const id = newId();
  await db
    .insertInto("project_attachments")
    .values({
      id,
      project_id: a.projectId,
      milestone: a.milestone,
      original_name: a.originalName,
      stored_name: a.storedName,
      content_type: a.contentType,
      size_bytes: a.sizeBytes,
      uploaded_by: a.uploadedBy,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

export async function deleteAttachment(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("project_attachments").where("id", "=", id).execute();
}
