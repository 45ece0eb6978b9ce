import type { Kysely } from "kysely";

// The 查漏补缺 list (三(二)2): one list per cycle, its items, and a snapshot of every
// version so each edit is kept and a resubmission can be compared with the last review.
// See docs/decisions/0008-gap-lists.md.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("gap_lists")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("cycle_id", "text", (c) => c.notNull().unique().references("cycles.id"))
    .addColumn("community_code", "text", (c) => c.notNull().references("communities.code"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("evaluation_id", "text", (c) => c.notNull().references("evaluations.id"))
    .addColumn("profile_id", "text", (c) => c.notNull())
    .addColumn("profile_version", "integer", (c) => c.notNull())
    .addColumn("settings", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("submissions", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("return_comment", "text")
    .addColumn("no_gap_reason", "text")
    .addColumn("submitted_at", "text")
    .addColumn("reviewed_at", "text")
    .addColumn("approved_at", "text")
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("gap_lists_community").on("gap_lists").columns(["community_code", "status"]).execute();

  await db.schema
    .createTable("gap_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("list_id", "text", (c) => c.notNull().references("gap_lists.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("domain", "text", (c) => c.notNull())
    .addColumn("function", "text", (c) => c.notNull())
    .addColumn("approach", "text", (c) => c.notNull())
    .addColumn("target_area_m2", "double precision", (c) => c.notNull())
    .addColumn("service_level", "text", (c) => c.notNull())
    .addColumn("pricing", "text", (c) => c.notNull())
    .addColumn("operating_model", "text", (c) => c.notNull())
    .addColumn("estimated_cost", "double precision", (c) => c.notNull())
    .addColumn("cost_basis", "text", (c) => c.notNull())
    .addColumn("funding_sources", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("priority", "double precision", (c) => c.notNull())
    .addColumn("rationale", "text", (c) => c.notNull())
    .addColumn("candidate_site", "text")
    .addColumn("space_source", "text")
    .addColumn("notes", "text")
    .addColumn("hub_form", "text")
    .addColumn("four_sync", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("decision", "text")
    .addColumn("decision_comment", "text")
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text")
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("gap_items_list").on("gap_items").columns(["list_id", "status", "position"]).execute();

  await db.schema
    .createTable("gap_list_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("list_id", "text", (c) => c.notNull().references("gap_lists.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("gap_list_versions_list_version", ["list_id", "version"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["gap_list_versions", "gap_items", "gap_lists"]) await db.schema.dropTable(table).execute();
}
