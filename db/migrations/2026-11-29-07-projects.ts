import type { Kysely } from "kysely";

// Closing the loop (三(四), 四(三)): construction projects made from the approved 查漏补缺
// items, their milestones 立项 → 开放运营 with attachments, acceptance against the approved
// list, approved items dropped with a reason, and monthly operating figures per facility.
// See docs/decisions/0009-projects-and-operation.md.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("projects")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("cycle_id", "text", (c) => c.notNull().references("cycles.id"))
    .addColumn("community_code", "text", (c) => c.notNull().references("communities.code"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("hub_form", "text")
    .addColumn("site", "text")
    .addColumn("space_source", "text")
    .addColumn("approach", "text", (c) => c.notNull())
    .addColumn("planned_area_m2", "double precision", (c) => c.notNull())
    .addColumn("functions", "text", (c) => c.notNull())
    .addColumn("budget_total", "double precision", (c) => c.notNull())
    .addColumn("funding", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("operator", "text")
    .addColumn("operating_model", "text")
    .addColumn("pricing", "text")
    .addColumn("service_level", "text", (c) => c.notNull())
    .addColumn("four_sync", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("acceptance_result", "text")
    .addColumn("acceptance_remarks", "text")
    .addColumn("acceptance_checks", "text")
    .addColumn("accepted_area_m2", "double precision")
    .addColumn("accepted_by", "text")
    .addColumn("accepted_at", "text")
    .addColumn("facility_ids", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("projects_cycle").on("projects").column("cycle_id").execute();
  await db.schema.createIndex("projects_community").on("projects").columns(["community_code", "created_at"]).execute();

  // One approved item belongs to at most one project: the key is the guard under concurrency.
  await db.schema
    .createTable("project_items")
    .addColumn("gap_item_id", "text", (c) => c.primaryKey().references("gap_items.id"))
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id"))
    .execute();
  await db.schema.createIndex("project_items_project").on("project_items").column("project_id").execute();

  await db.schema
    .createTable("project_milestones")
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id"))
    .addColumn("milestone", "text", (c) => c.notNull())
    .addColumn("planned_date", "text")
    .addColumn("actual_date", "text")
    .addColumn("progress_pct", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("spent", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("note", "text")
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("project_milestones_pk", ["project_id", "milestone"])
    .execute();
  await db.schema.createIndex("project_milestones_planned").on("project_milestones").columns(["planned_date", "actual_date"]).execute();

  await db.schema
    .createTable("project_attachments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id"))
    .addColumn("milestone", "text")
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("stored_name", "text", (c) => c.notNull().unique())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("uploaded_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("project_attachments_project").on("project_attachments").columns(["project_id", "created_at"]).execute();

  // Every 验收, failed ones included (the 赛马 ranking counts them all); the project keeps the latest.
  await db.schema
    .createTable("project_acceptances")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id"))
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("remarks", "text")
    .addColumn("checks", "text", (c) => c.notNull())
    .addColumn("actual_area_m2", "double precision", (c) => c.notNull())
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("project_acceptances_project").on("project_acceptances").columns(["project_id", "decided_at"]).execute();

  await db.schema
    .createTable("gap_item_drops")
    .addColumn("gap_item_id", "text", (c) => c.primaryKey().references("gap_items.id"))
    .addColumn("cycle_id", "text", (c) => c.notNull().references("cycles.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("dropped_by", "text")
    .addColumn("dropped_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("gap_item_drops_cycle").on("gap_item_drops").column("cycle_id").execute();

  await db.schema
    .createTable("facility_operations")
    .addColumn("facility_id", "text", (c) => c.notNull().references("facilities.id"))
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("visits", "integer", (c) => c.notNull())
    .addColumn("people_served", "integer", (c) => c.notNull())
    .addColumn("hours_open", "double precision", (c) => c.notNull())
    .addColumn("income", "double precision", (c) => c.notNull())
    .addColumn("subsidy", "double precision", (c) => c.notNull())
    .addColumn("operating_cost", "double precision")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("entered_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("facility_operations_pk", ["facility_id", "month"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "facility_operations",
    "gap_item_drops",
    "project_acceptances",
    "project_attachments",
    "project_milestones",
    "project_items",
    "projects",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
