import type { Kysely } from "kysely";

// The idle-space inventory (存量空间台账, issue 19): candidate sites per community, with their
// WGS-84 position, the system it was given in, route, status and cost; photos beside them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("idle_spaces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("community_code", "text", (c) => c.notNull().references("communities.code"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("lat", "double precision", (c) => c.notNull())
    .addColumn("lng", "double precision", (c) => c.notNull())
    .addColumn("source_system", "text", (c) => c.notNull())
    .addColumn("area_m2", "double precision", (c) => c.notNull())
    .addColumn("owner", "text")
    .addColumn("route", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("cost_yuan", "double precision")
    .addColumn("notes", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("idle_spaces_community").on("idle_spaces").columns(["community_code", "name"]).unique().execute();

  await db.schema
    .createTable("idle_space_photos")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("space_id", "text", (c) => c.notNull().references("idle_spaces.id").onDelete("cascade"))
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("stored_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull())
    .addColumn("uploaded_by", "text")
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("idle_space_photos_space").on("idle_space_photos").column("space_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("idle_space_photos").execute();
  await db.schema.dropTable("idle_spaces").execute();
}
