import type { Kysely } from "kysely";

// Comment keywords (issue 18, ADR 0011): kept totals per survey, updated in the submission
// transaction like the tallies; an index from a term to the comments holding it; flags on
// comments; the 市级管理员's edited lexicon; the state of a re-analysis after a lexicon change.
export async function up(db: Kysely<any>): Promise<void> {
  // Comments of a survey holding each term (a comment counts once per term).
  await db.schema
    .createTable("survey_comment_terms")
    .addColumn("survey_id", "text", (c) => c.notNull().references("surveys.id"))
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("comments", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("survey_comment_terms_pk", ["survey_id", "term"])
    .execute();
  await db.schema.createIndex("survey_comment_terms_term").on("survey_comment_terms").column("term").execute();
  // Comments analysed per survey, and under which lexicon (its fingerprint).
  await db.schema
    .createTable("survey_comment_totals")
    .addColumn("survey_id", "text", (c) => c.primaryKey().references("surveys.id"))
    .addColumn("comments", "integer", (c) => c.notNull())
    .addColumn("lexicon_fingerprint", "text", (c) => c.notNull())
    .execute();
  // "Click a keyword → its comments" is a lookup here, never a scan of the texts.
  await db.schema
    .createTable("comment_terms")
    .addColumn("survey_id", "text", (c) => c.notNull())
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("text_answer_id", "text", (c) => c.notNull().references("survey_text_answers.id"))
    .addPrimaryKeyConstraint("comment_terms_pk", ["survey_id", "term", "text_answer_id"])
    .execute();
  await db.schema.createIndex("comment_terms_answer").on("comment_terms").column("text_answer_id").execute();

  await db.schema.alterTable("survey_text_answers").addColumn("flagged_at", "text").execute();
  await db.schema.alterTable("survey_text_answers").addColumn("flagged_by", "text").execute();

  // The lexicon in force when edited (one row, id 'city'); absent = the default (默认值).
  await db.schema
    .createTable("comment_lexicons")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("lexicon", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("comment_lexicons").execute();
  await db.schema.alterTable("survey_text_answers").dropColumn("flagged_by").execute();
  await db.schema.alterTable("survey_text_answers").dropColumn("flagged_at").execute();
  await db.schema.dropIndex("comment_terms_answer").execute();
  await db.schema.dropTable("comment_terms").execute();
  await db.schema.dropTable("survey_comment_totals").execute();
  await db.schema.dropIndex("survey_comment_terms_term").execute();
  await db.schema.dropTable("survey_comment_terms").execute();
}
