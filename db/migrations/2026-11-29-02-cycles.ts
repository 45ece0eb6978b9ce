import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("cycles")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("community_code", "text", (c) => c.notNull().references("communities.code"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("machine_version", "integer", (c) => c.notNull())
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("stage_entered_at", "text", (c) => c.notNull())
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("cycles_community_round", ["community_code", "round"])
    .execute();
  // At most one open cycle per community: the current one.
  await db.schema
    .createIndex("cycles_current")
    .on("cycles")
    .column("community_code")
    .unique()
    .where(sql.ref("stage"), "<>", "closed")
    .execute();
  await db.schema.createIndex("cycles_stage").on("cycles").columns(["stage", "stage_entered_at"]).execute();

  await db.schema
    .createTable("cycle_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("cycle_id", "text", (c) => c.notNull().references("cycles.id"))
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "text")
    .addColumn("actor_role", "text")
    .addColumn("from_stage", "text", (c) => c.notNull())
    .addColumn("to_stage", "text", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("payload", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cycle_events_cycle").on("cycle_events").columns(["cycle_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("cycle_events").execute();
  await db.schema.dropTable("cycles").execute();
}
