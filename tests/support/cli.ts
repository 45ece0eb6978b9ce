// Runs the project's CLI the way `npm run --silent cli -- <command> …` does, from the repo root,
// with a scratch directory for input files. The commands tested this way read no database: the
// one DATABASE_URL points to must still not exist afterwards.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

export function cliHarness(prefix: string) {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    write(name: string, content: string | Buffer): string {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
    run(command: string, args: string[]) {
      const databaseFile = path.join(dir, "must-not-exist.db");
      const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", command, ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseFile },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(fs.existsSync(databaseFile), `${command} must not open the database`).toBe(false);
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    },
  };
}
