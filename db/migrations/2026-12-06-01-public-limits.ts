import type { Kysely } from "kysely";

// Rate limits on the public survey endpoint (issue 16.2, ADR 0012): one fixed-window counter
// per key (open-link answers per address and survey; failed household codes per address and
// survey, and per address overall), read and written under a lock so that several app
// instances on one PostgreSQL database hold one limit.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("public_limit_counters")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("public_limit_counters_window").on("public_limit_counters").column("window_started_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("public_limit_counters_window").execute();
  await db.schema.dropTable("public_limit_counters").execute();
}
