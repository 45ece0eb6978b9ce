// Global setup: one migrated, seeded database per run; every test copies it. Under
// `npm run test:pg` (TEST_DATABASE_URL=postgres://…) the template is a PostgreSQL database
// on that server, and copies are CREATE DATABASE … TEMPLATE it (tests/support/database.ts).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase, createSqliteDatabase, isPostgresUrl } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seedDatabase } from "../../db/seed";
import { psql, withDatabaseName } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    /** The template's SQLite file, or its postgres:// URL. */
    templateDatabase: string;
  }
}

type Template = { database: string; remove: () => void };

// Every project's global setup runs in the one vitest process: the first builds the template,
// the others share it (the seed is the slowest part of the setup), and the last to finish removes it.
const shared = globalThis as { hzTemplate?: { ready: Promise<Template>; users: number } };

export default async function setup(project: TestProject) {
  shared.hzTemplate ??= { ready: createTemplate(), users: 0 };
  const entry = shared.hzTemplate;
  entry.users += 1;
  const template = await entry.ready;
  project.provide("templateDatabase", template.database);
  return () => {
    entry.users -= 1;
    if (entry.users > 0) return;
    delete shared.hzTemplate;
    template.remove();
  };
}

async function createTemplate(): Promise<Template> {
  const server = process.env.TEST_DATABASE_URL?.trim();
  if (server && isPostgresUrl(server)) return createPostgresTemplate(server);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-template-"));
  const file = path.join(dir, "template.db");
  const { db, sqlite } = createSqliteDatabase(file);
  await migrateToLatest(db);
  await seedDatabase(db);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await db.destroy();
  return { database: file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function createPostgresTemplate(server: string): Promise<Template> {
  const admin = withDatabaseName(server, "postgres");
  const name = `hz_tpl_${crypto.randomBytes(4).toString("hex")}`;
  psql(admin, `create database "${name}"`);
  const url = withDatabaseName(server, name);
  const { db } = createDatabase(url);
  await migrateToLatest(db);
  await seedDatabase(db);
  await db.destroy();
  return {
    database: url,
    remove: () => {
      // Copies a test left behind (it failed before its cleanup), then the template.
      const left = psql(admin, `select datname from pg_database where datname like '${name}\\_%'`).split("\n").filter(Boolean);
      for (const db of [...left, name]) psql(admin, `drop database if exists "${db}" with (force)`);
    },
  };
}
