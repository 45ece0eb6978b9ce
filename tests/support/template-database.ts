// Global setup: one migrated, seeded database per run; every test copies it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seedDatabase } from "../../db/seed";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-template-"));
  const file = path.join(dir, "template.db");
  const { db, sqlite } = createDatabase(file);
  await migrateToLatest(db);
  await seedDatabase(db);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await db.destroy();
  project.provide("templateDatabase", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
