import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createDatabase, type OpenedDatabase } from "../../db/client";

export interface TestDatabase extends OpenedDatabase {
  file: string;
  dir: string;
  cleanup: () => Promise<void>;
}

/** A private copy of the seeded template database in its own temp directory. */
export function copyTemplateDatabase(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-test-"));
  const file = path.join(dir, "app.db");
  fs.copyFileSync(inject("templateDatabase"), file);
  return { dir, file };
}

export function openTestDatabase(): TestDatabase {
  const { dir, file } = copyTemplateDatabase();
  const opened = createDatabase(file);
  return {
    ...opened,
    dir,
    cleanup: async () => {
      await opened.db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
