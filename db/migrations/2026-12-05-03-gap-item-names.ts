import type { Kysely } from "kysely";

// An optional name for a 查漏补缺 item ("清波门老年食堂"), shown with its domain and function (issue 20).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("gap_items").addColumn("name", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("gap_items").dropColumn("name").execute();
}
