import { type Kysely, sql } from "kysely";

// Gap evaluation (评估): stored policy profiles and their [默认值] overrides, evaluation
// versions per cycle with a per-domain summary for dashboards, and batch jobs.
// See docs/decisions/0004-evaluations.md.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("policy_profiles")
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("policy_profiles_pk", ["id", "version"])
    .execute();
  // One active profile at a time: the one new evaluations use.
  await db.schema
    .createIndex("policy_profiles_active")
    .on("policy_profiles")
    .column("is_active")
    .unique()
    .where(sql.ref("is_active"), "=", 1)
    .execute();

  await db.schema
    .createTable("policy_settings")
    .addColumn("profile_id", "text", (c) => c.notNull())
    .addColumn("setting_key", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("policy_settings_pk", ["profile_id", "setting_key"])
    .execute();

  await db.schema
    .createTable("evaluations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("cycle_id", "text", (c) => c.notNull().references("cycles.id"))
    .addColumn("community_code", "text", (c) => c.notNull().references("communities.code"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("profile_id", "text", (c) => c.notNull())
    .addColumn("profile_version", "integer", (c) => c.notNull())
    .addColumn("settings", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("input", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("score", "integer", (c) => c.notNull())
    .addColumn("binding_failures", "integer", (c) => c.notNull())
    .addColumn("is_latest", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("evaluations_cycle_version", ["cycle_id", "version"])
    .execute();
  // The latest evaluation per community: dashboards aggregate over these rows only.
  await db.schema
    .createIndex("evaluations_latest")
    .on("evaluations")
    .column("community_code")
    .unique()
    .where(sql.ref("is_latest"), "=", 1)
    .execute();
  await db.schema.createIndex("evaluations_community").on("evaluations").columns(["community_code", "created_at"]).execute();

  await db.schema
    .createTable("evaluation_domains")
    .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
    .addColumn("domain", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("score", "integer", (c) => c.notNull())
    // Share of households within the 15-minute circle: the governance map colours by it.
    .addColumn("coverage_share", "double precision")
    .addPrimaryKeyConstraint("evaluation_domains_pk", ["evaluation_id", "domain"])
    .execute();

  await db.schema
    .createTable("batch_jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("scope_type", "text", (c) => c.notNull())
    .addColumn("scope_code", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("saved", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("skipped", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cursor", "text")
    .addColumn("started_by", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("batch_jobs_scope").on("batch_jobs").columns(["scope_type", "scope_code", "created_at"]).execute();

  // Neighbour search loads operating facilities inside a bounding box around a community.
  await db.schema.createIndex("facilities_location").on("facilities").columns(["lat", "lng"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("facilities_location").execute();
  for (const table of ["batch_jobs", "evaluation_domains", "evaluations", "policy_settings", "policy_profiles"]) {
    await db.schema.dropTable(table).execute();
  }
}
