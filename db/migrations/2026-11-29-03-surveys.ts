import { type Kysely, sql } from "kysely";
import { isSqlite } from "../dialect";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("surveys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("cycle_id", "text", (c) => c.notNull().references("cycles.id"))
    .addColumn("community_code", "text", (c) => c.notNull().references("communities.code"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("definition_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("public_token", "text", (c) => c.notNull().unique())
    .addColumn("open_link_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("code_salt", "text", (c) => c.notNull())
    .addColumn("opens_at", "text")
    .addColumn("closes_at", "text")
    .addColumn("published_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("surveys_cycle").on("surveys").columns(["cycle_id", "kind"]).execute();
  await db.schema.createIndex("surveys_community").on("surveys").column("community_code").execute();

  await db.schema
    .createTable("household_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("survey_id", "text", (c) => c.notNull().references("surveys.id"))
    .addColumn("neighbourhood_id", "text", (c) => c.references("neighbourhoods.id"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("batch", "integer", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("household_codes_survey_hash", ["survey_id", "code_hash"])
    .execute();

  await db.schema
    .createTable("survey_responses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("survey_id", "text", (c) => c.notNull().references("surveys.id"))
    .addColumn("community_code", "text", (c) => c.notNull())
    .addColumn("neighbourhood_id", "text")
    .addColumn("channel", "text", (c) => c.notNull())
    // One answer per code is enforced by claiming the code (used_at); no unique index needed.
    .addColumn("household_code_id", "text", (c) => c.references("household_codes.id"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("device_id", "text")
    .addColumn("receipt", "text", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("has_elderly", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("has_young_children", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("entered_by", "text")
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("survey_responses_idempotency", ["survey_id", "idempotency_key"])
    .execute();
  await db.schema
    .createIndex("survey_responses_device")
    .on("survey_responses")
    .columns(["survey_id", "device_id"])
    .unique()
    .where("device_id", "is not", null)
    .execute();
  // (survey_id, idempotency_key) also serves every per-survey scan; no second survey index.

  // Kept up to date in the submission's transaction, so results never scan raw answers.
  await db.schema
    .createTable("survey_tallies")
    .addColumn("survey_id", "text", (c) => c.notNull().references("surveys.id"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("option", "text", (c) => c.notNull())
    .addColumn("segment", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("sum", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("survey_tallies_pk", ["survey_id", "question", "option", "segment"])
    // In SQLite the row lives in the primary-key B-tree: one lookup per upsert instead of two.
    .$call((t) => (isSqlite(db) ? t.modifyEnd(sql`without rowid`) : t))
    .execute();

  await db.schema
    .createTable("survey_response_counts")
    .addColumn("survey_id", "text", (c) => c.notNull().references("surveys.id"))
    .addColumn("neighbourhood_id", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("survey_response_counts_pk", ["survey_id", "neighbourhood_id", "channel"])
    .$call((t) => (isSqlite(db) ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["survey_response_counts", "survey_tallies", "survey_responses", "household_codes", "surveys"]) {
    await db.schema.dropTable(table).execute();
  }
}
