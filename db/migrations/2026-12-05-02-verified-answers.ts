import { type Kysely, sql } from "kysely";
import { isSqlite } from "../dialect";
// Re-tallying must give exactly what the submission would have stored, so it uses the same
// pure tally functions (workflows/, no I/O) rather than a frozen copy that could disagree.
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { tallyDeltas } from "../../workflows/surveys/tallies";

// Issue 16: verified answers (with a household code) and unverified ones (open link, paper
// forms keyed in without a code) are kept apart. survey_tallies gains `verified` in its key;
// code-less paper and assisted forms move to their own channel; existing totals are split by
// subtracting each unverified answer's rows from the verified ones. Demo totals have no raw
// answers behind them and were all coded channels: they stay verified.

const UNVERIFIED = ["open_link", "paper_uncoded"];

async function createTallies(db: Kysely<any>, name: string, withVerified: boolean): Promise<void> {
  const keyed = db.schema
    .createTable(name)
    .addColumn("survey_id", "text", (c) => c.notNull().references("surveys.id"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("option", "text", (c) => c.notNull())
    .addColumn("segment", "text", (c) => c.notNull());
  const table = withVerified
    ? keyed
        .addColumn("verified", "integer", (c) => c.notNull())
        .addColumn("count", "integer", (c) => c.notNull())
        .addColumn("sum", "double precision", (c) => c.notNull())
        .addPrimaryKeyConstraint(`${name}_pk`, ["survey_id", "question", "option", "segment", "verified"])
    : keyed
        .addColumn("count", "integer", (c) => c.notNull())
        .addColumn("sum", "double precision", (c) => c.notNull())
        .addPrimaryKeyConstraint(`${name}_pk`, ["survey_id", "question", "option", "segment"]);
  await (isSqlite(db) ? table.modifyEnd(sql`without rowid`) : table).execute();
}

async function addRow(db: Kysely<any>, row: { survey_id: string; question: string; option: string; segment: string; verified: number; count: number; sum: number }) {
  await db
    .insertInto("survey_tallies")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["survey_id", "question", "option", "segment", "verified"]).doUpdateSet((eb) => ({
        count: eb("survey_tallies.count", "+", eb.ref("excluded.count")),
        sum: eb("survey_tallies.sum", "+", eb.ref("excluded.sum")),
      })),
    )
    .execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTallies(db, "survey_tallies_split", true);
  await sql`insert into survey_tallies_split (survey_id, question, option, segment, verified, count, sum)
            select survey_id, question, option, segment, 1, count, sum from survey_tallies`.execute(db);
  await db.schema.dropTable("survey_tallies").execute();
  await db.schema.alterTable("survey_tallies_split").renameTo("survey_tallies").execute();

  // Code-less paper and assisted forms: their own channel, in the answers and the kept counts.
  const moved = await db
    .selectFrom("survey_responses")
    .select((eb) => ["survey_id", "neighbourhood_id", "channel", eb.fn.countAll<number>().as("n")])
    .where("channel", "in", ["paper", "assisted"])
    .where("household_code_id", "is", null)
    .groupBy(["survey_id", "neighbourhood_id", "channel"])
    .execute();
  for (const m of moved) {
    const n = Number(m.n);
    const neighbourhood = m.neighbourhood_id ?? "";
    await db
      .updateTable("survey_response_counts")
      .set((eb) => ({ count: eb("count", "-", n) }))
      .where("survey_id", "=", m.survey_id)
      .where("neighbourhood_id", "=", neighbourhood)
      .where("channel", "=", m.channel)
      .execute();
    await db
      .insertInto("survey_response_counts")
      .values({ survey_id: m.survey_id, neighbourhood_id: neighbourhood, channel: "paper_uncoded", count: n })
      .onConflict((oc) => oc.columns(["survey_id", "neighbourhood_id", "channel"]).doUpdateSet((eb) => ({ count: eb("survey_response_counts.count", "+", n) })))
      .execute();
  }
  await db.deleteFrom("survey_response_counts").where("count", "<=", 0).execute();
  await db
    .updateTable("survey_responses")
    .set({ channel: "paper_uncoded" })
    .where("channel", "in", ["paper", "assisted"])
    .where("household_code_id", "is", null)
    .execute();

  // Each unverified answer's tally rows move from the verified totals to the unverified ones.
  const surveys = await db
    .selectFrom("surveys")
    .select(["id", "definition"])
    .where("id", "in", db.selectFrom("survey_responses").select("survey_id").where("channel", "in", UNVERIFIED))
    .execute();
  for (const survey of surveys) {
    const { questions } = compileAnswerValidator(JSON.parse(survey.definition) as SurveyJson);
    const answers = await db.selectFrom("survey_responses").select("answers").where("survey_id", "=", survey.id).where("channel", "in", UNVERIFIED).execute();
    for (const a of answers) {
      for (const d of tallyDeltas(questions, JSON.parse(a.answers))) {
        const key = { survey_id: survey.id, question: d.question, option: d.option, segment: d.segment };
        await addRow(db, { ...key, verified: 1, count: -d.count, sum: -d.sum });
        await addRow(db, { ...key, verified: 0, count: d.count, sum: d.sum });
      }
    }
    await db.deleteFrom("survey_tallies").where("survey_id", "=", survey.id).where("verified", "=", 1).where("count", "<=", 0).execute();
  }

  await db.schema.alterTable("evaluations").addColumn("unverified_reason", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("evaluations").dropColumn("unverified_reason").execute();
  await createTallies(db, "survey_tallies_merged", false);
  await sql`insert into survey_tallies_merged (survey_id, question, option, segment, count, sum)
            select survey_id, question, option, segment, sum(count), sum(sum) from survey_tallies
            group by survey_id, question, option, segment`.execute(db);
  await db.schema.dropTable("survey_tallies").execute();
  await db.schema.alterTable("survey_tallies_merged").renameTo("survey_tallies").execute();
  await db.updateTable("survey_responses").set({ channel: "paper" }).where("channel", "=", "paper_uncoded").execute();
  const uncoded = await db.selectFrom("survey_response_counts").selectAll().where("channel", "=", "paper_uncoded").execute();
  for (const c of uncoded) {
    await db
      .insertInto("survey_response_counts")
      .values({ ...c, channel: "paper" })
      .onConflict((oc) => oc.columns(["survey_id", "neighbourhood_id", "channel"]).doUpdateSet((eb) => ({ count: eb("survey_response_counts.count", "+", c.count) })))
      .execute();
  }
  await db.deleteFrom("survey_response_counts").where("channel", "=", "paper_uncoded").execute();
}
