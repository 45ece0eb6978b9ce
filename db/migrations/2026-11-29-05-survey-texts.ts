import type { Kysely } from "kysely";

// Open comments, kept apart from the raw answers so the results page never scans them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("survey_text_answers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("survey_id", "text", (c) => c.notNull().references("surveys.id"))
    .addColumn("response_id", "text", (c) => c.notNull().references("survey_responses.id"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("survey_text_answers_survey").on("survey_text_answers").columns(["survey_id", "question", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("survey_text_answers").execute();
}
