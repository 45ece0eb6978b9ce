// The household-code pepper (issue 16): a secret kept OUTSIDE the database that enters every
// code's HMAC, so a dump of household_codes (hashes and salts) cannot be enumerated offline.
// It lives in a file beside the SQLite database (or in data/ for PostgreSQL) unless
// HOUSEHOLD_CODE_PEPPER_FILE names another place. Production: `setup` creates it and a
// server without it refuses to start; demo and tests create their own on first use.
// Backup and rotation: docs/deployment.md.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { appModeFromEnv } from "./app-mode";
import { databaseUrlFromEnv, DEFAULT_DATABASE_FILE, isPostgresUrl } from "./client";

export const PEPPER_FILE_ENV = "HOUSEHOLD_CODE_PEPPER_FILE";
const FILE_NAME = "household-code-pepper";

export function pepperPath(env: NodeJS.ProcessEnv = process.env): string {
  const named = env[PEPPER_FILE_ENV]?.trim();
  if (named) return path.resolve(named);
  const location = databaseUrlFromEnv(env);
  const dir = isPostgresUrl(location) ? path.dirname(path.resolve(DEFAULT_DATABASE_FILE)) : path.dirname(path.resolve(location));
  return path.join(dir, FILE_NAME);
}

/** Creates the pepper file (owner-only) unless it exists; true when it was created now. */
export function ensurePepperFile(file: string = pepperPath()): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

export class MissingPepperError extends Error {
  constructor(file: string) {
    super(`找不到户码密钥文件 ${file}：请运行 npm run cli -- setup 生成（或用 ${PEPPER_FILE_ENV} 指向已备份的密钥文件）。`);
  }
}

// Read on every answer with a code: remembered by the settings that locate it.
let last: { key: string; pepper: string } | null = null;

/** The pepper; in production only an existing file is read, elsewhere one is made on first use. */
export function readPepper(env: NodeJS.ProcessEnv = process.env): string {
  const key = `${env[PEPPER_FILE_ENV] ?? ""}\u0000${env.DATABASE_URL ?? ""}`;
  if (last?.key === key) return last.pepper;
  const file = pepperPath(env);
  if (!fs.existsSync(file)) {
    if (appModeFromEnv(env) === "production") throw new MissingPepperError(file);
    ensurePepperFile(file);
  }
  const pepper = fs.readFileSync(file, "utf8").trim();
  if (pepper.length < 32) throw new Error(`户码密钥文件 ${file} 内容过短（至少 32 个字符）。`);
  last = { key, pepper };
  return pepper;
}
