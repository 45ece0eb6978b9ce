// Project attachments on disk. Files live under UPLOAD_DIR (default data/uploads, outside
// public/ and git-ignored) with random names; they are only ever served by the download
// route after its scope check. The database row is the index: a file without a row is never
// served.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import type { Database } from "../../db/schema";
import { cleanFileName } from "./file-types";
import { notFound } from "./http.server";
import type { Change, Outcome } from "./use-case.server";

export function uploadDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.UPLOAD_DIR?.trim() || "data/uploads");
}

/** A random stored name with the extension the content was checked against. */
export function newStoredName(extension: string): string {
  return `${crypto.randomBytes(16).toString("hex")}${extension}`;
}

const STORED_NAME = /^[0-9a-f]{32}\.[a-z0-9]{1,8}$/;

function storedPath(storedName: string): string {
  // Names come from our own rows; still, never let one reach outside the folder.
  if (!STORED_NAME.test(storedName)) throw new Error(`invalid stored file name ${storedName}`);
  return path.join(uploadDir(), storedName.slice(0, 2), storedName);
}

export async function writeUpload(storedName: string, data: Uint8Array): Promise<void> {
  const file = storedPath(storedName);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // wx: never overwrite (the random name makes a clash practically impossible).
  await fs.promises.writeFile(file, data, { flag: "wx", mode: 0o640 });
}

export async function readUpload(storedName: string): Promise<Buffer | null> {
  try {
    return await fs.promises.readFile(storedPath(storedName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Best effort: a file left behind is harmless (never served without its row). */
export async function removeUpload(storedName: string): Promise<void> {
  await fs.promises.rm(storedPath(storedName), { force: true });
}

/** Puts checked bytes under UPLOAD_DIR and returns the stored name (see withStoredUploads). */
export type WriteUpload = (extension: string, data: Uint8Array) => Promise<string>;

/** A stored file as its row records it. */
export interface UploadedFile {
  originalName: string;
  storedName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string;
}

/** Where an upload or removal is recorded: the row's insert or delete, and the audit row's subject. */
interface UploadRecord {
  action: string;
  entityType: string;
  entityId: string;
}

/**
 * The step every upload use case ends with once the bytes have passed its checks: the file is
 * written, its row inserted by `insert`, and the upload audited on the owning record.
 */
export async function storeUpload(
  trx: Kysely<Database>,
  change: Change,
  write: WriteUpload,
  upload: { fileName: string; data: Uint8Array },
  checked: { extension: string; contentType: string },
  record: UploadRecord & { insert: (file: UploadedFile) => Promise<string>; after?: Record<string, unknown> },
): Promise<{ name: string }> {
  const originalName = cleanFileName(upload.fileName);
  const storedName = await write(checked.extension, upload.data);
  const sizeBytes = upload.data.byteLength;
  const id = await record.insert({ originalName, storedName, contentType: checked.contentType, sizeBytes, uploadedBy: change.actor.id });
  await writeAudit(trx, {
    actor: change.actor,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    after: { id, name: originalName, contentType: checked.contentType, size: sizeBytes, ...record.after },
    ip: change.ip,
  });
  return { name: originalName };
}

/** The step every removal use case ends with: the file's row is deleted and the removal audited; thenRemoveUpload deletes the file. */
export async function forgetUpload(
  trx: Kysely<Database>,
  change: Change,
  file: { id: string; originalName: string; storedName: string },
  record: UploadRecord & { remove: (id: string) => Promise<void> },
): Promise<{ name: string; storedName: string }> {
  await record.remove(file.id);
  await writeAudit(trx, {
    actor: change.actor,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    before: { id: file.id, name: file.originalName, storedName: file.storedName },
    ip: change.ip,
  });
  return { name: file.originalName, storedName: file.storedName };
}

/**
 * Runs a use case that stores files: `write` puts checked bytes under UPLOAD_DIR and returns the
 * stored name; when the use case is refused or fails, the files it wrote are removed again.
 */
export async function withStoredUploads<T extends object>(useCase: (write: WriteUpload) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  const written: string[] = [];
  const removeWritten = () => Promise.all(written.map(removeUpload));
  const write = async (extension: string, data: Uint8Array) => {
    const storedName = newStoredName(extension);
    await writeUpload(storedName, data);
    written.push(storedName);
    return storedName;
  };
  const outcome = await useCase(write).catch(async (error: unknown) => {
    await removeWritten();
    throw error;
  });
  if (!outcome.ok) await removeWritten();
  return outcome;
}

/** Runs a use case that deletes a file's row; once it has committed, the file goes too (best effort). */
export async function thenRemoveUpload(removal: Promise<Outcome<{ name: string; storedName: string }>>): Promise<Outcome<{ name: string }>> {
  const outcome = await removal;
  if (!outcome.ok) return outcome;
  await removeUpload(outcome.storedName);
  return { ok: true, name: outcome.name };
}

/** A stored file as the download routes serve it: images inline, documents as a download, nothing in it able to run. */
export function storedFileResponse(file: { id: string; storedName: string; originalName: string; contentType: string }, body: Buffer): Response {
  const fallback = `attachment-${file.id}${file.storedName.slice(file.storedName.lastIndexOf("."))}`;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(body.byteLength),
      "Content-Disposition": `${file.contentType.startsWith("image/") ? "inline" : "attachment"}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      "Cache-Control": "private, no-store",
      // Nothing in a served file may run as our page.
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A download route's answer for a stored file it looked up: 404 when there is no such row, or its file is no longer on disk. */
export async function serveStoredFile(
  file: { id: string; storedName: string; originalName: string; contentType: string } | null | undefined,
  messages: { absent: string; lost: string },
): Promise<Response> {
  if (!file) throw notFound(messages.absent);
  const body = await readUpload(file.storedName);
  if (!body) throw notFound(messages.lost);
  return storedFileResponse(file, body);
}
