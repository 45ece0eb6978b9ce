// Project attachments on disk. Files live under UPLOAD_DIR (default data/uploads, outside
// public/ and git-ignored) with random names; they are only ever served by the download
// route after its scope check. The database row is the index: a file without a row is never
// served.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

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
