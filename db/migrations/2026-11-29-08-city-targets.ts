import type { Kysely } from "kysely";

// Targets the 市级管理员 sets per year (二(二)); a missing row means the plan's figure, and a
// district row replaces that district's share of the city total.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("city_targets")
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("measure", "text", (c) => c.notNull())
    .addColumn("district_code", "text", (c) => c.notNull()) // "" for the city total
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("city_targets_pk", ["year", "measure", "district_code"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("city_targets").execute();
}
