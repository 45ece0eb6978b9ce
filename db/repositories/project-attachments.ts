// Data access for a project's photos and documents (project_attachments); the files
// themselves live on disk (app/lib/uploads.server.ts).
import type { Kysely } from "kysely";
import type { Milestone } from "../../workflows/glossary";
import { nowIso } from "../clock";
import type { Database, ProjectAttachmentRow } from "../schema";
import { insertWithNewId } from "./new-row";
import { camelCased } from "../rows";
import { STORED_FILE_COLUMNS, type StoredFile, storedFileColumns } from "./stored-files";

export interface ProjectAttachment extends StoredFile {
  id: string;
  projectId: string;
  milestone: Milestone | null;
  uploadedBy: string | null;
  createdAt: string;
}

function toAttachment(row: ProjectAttachmentRow): ProjectAttachment {
  return camelCased(row, ["id", "project_id", "milestone", ...STORED_FILE_COLUMNS, "uploaded_by", "created_at"]);
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

export function insertAttachment(db: Kysely<Database>, a: Omit<ProjectAttachment, "id" | "createdAt">): Promise<string> {
  return insertWithNewId(db, "project_attachments", {
    project_id: a.projectId,
    milestone: a.milestone,
    ...storedFileColumns(a),
    uploaded_by: a.uploadedBy,
    created_at: nowIso(),
  });
}

export async function deleteAttachment(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("project_attachments").where("id", "=", id).execute();
}
