// A test file's own UPLOAD_DIR: a fresh temporary folder for its uploads, removed afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

/** Sets UPLOAD_DIR for the file's tests; call the returned function for the folder. */
export function useTemporaryUploadDir(prefix = "hz-uploads-"): () => string {
  let dir = "";
  const previous = process.env.UPLOAD_DIR;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    process.env.UPLOAD_DIR = dir;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.UPLOAD_DIR;
    else process.env.UPLOAD_DIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
