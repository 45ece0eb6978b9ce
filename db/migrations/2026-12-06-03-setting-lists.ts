import type { Kysely } from "kysely";

// Lists as [默认值] (issue 18): the 市级管理员's changes to a module's default lists (the comment
// lexicon's terms and stop words) as one row per changed item — added, given another value, or
// removed — beside the defaults kept in workflows/. The single-row copy of the whole lexicon
// (comment_lexicons) gives way to them. Two indexes for the results page at 100,000 comments:
// flagged comments of a survey, and a survey's comments newest first.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("setting_list_items")
    .addColumn("module", "text", (c) => c.notNull())
    .addColumn("list", "text", (c) => c.notNull())
    .addColumn("item", "text", (c) => c.notNull())
    // 'add' (also a default item given another value) or 'remove'.
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("value", "text")
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("setting_list_items_pk", ["module", "list", "item"])
    .execute();
  await db.schema.dropTable("comment_lexicons").execute();
  await db.schema.createIndex("survey_text_answers_flagged").on("survey_text_answers").columns(["survey_id", "flagged_at"]).execute();
  await db.schema.createIndex("survey_text_answers_newest").on("survey_text_answers").columns(["survey_id", "created_at", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("survey_text_answers_newest").execute();
  await db.schema.dropIndex("survey_text_answers_flagged").execute();
  await db.schema
    .createTable("comment_lexicons")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("lexicon", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.dropTable("setting_list_items").execute();
}
