// Kept comment-keyword totals (issue 18, ADR 0011): written in the submission transaction
// (the portable store here; the SQLite and PostgreSQL stores write the same rows in their own
// statements), read by the results page, the dashboards and the evaluation. Reading a scope's
// keywords reads its term rows, never the comments.
import { sql, type Kysely } from "kysely";
import { nowIso } from "../clock";
import type { Database } from "../schema";
import { isVerifiedChannel } from "../../workflows/glossary";

export interface TermCount {
  term: string;
  comments: number;
}

export interface CommentTotals {
  comments: number;
  terms: TermCount[];
}

/** Adds a batch's term counts (already added up per term) and its comment count to one survey's totals. */
export async function addCommentTotals(
  db: Kysely<Database>,
  surveyId: string,
  delta: { comments: number; terms: ReadonlyMap<string, number> },
  fingerprint: string,
): Promise<void> {
  if (delta.comments === 0) return;
  const terms = [...delta.terms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < terms.length; i += 200) {
    await db
      .insertInto("survey_comment_terms")
      .values(terms.slice(i, i + 200).map(([term, comments]) => ({ survey_id: surveyId, term, comments })))
      .onConflict((oc) => oc.columns(["survey_id", "term"]).doUpdateSet((eb) => ({ comments: eb("survey_comment_terms.comments", "+", eb.ref("excluded.comments")) })))
      .execute();
  }
  await db
    .insertInto("survey_comment_totals")
    .values({ survey_id: surveyId, comments: delta.comments, lexicon_fingerprint: fingerprint })
    .onConflict((oc) => oc.column("survey_id").doUpdateSet((eb) => ({ comments: eb("survey_comment_totals.comments", "+", eb.ref("excluded.comments")) })))
    .execute();
}

/** The term → comment index rows of stored comments. */
export async function indexCommentTerms(db: Kysely<Database>, rows: readonly { surveyId: string; term: string; textAnswerId: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 300) {
    await db
      .insertInto("comment_terms")
      .values(rows.slice(i, i + 300).map((r) => ({ survey_id: r.surveyId, term: r.term, text_answer_id: r.textAnswerId })))
      .execute();
  }
}

/** The kept totals of some surveys added up (one survey for the results page; a street's or district's for the dashboards). */
export async function readCommentTotals(db: Kysely<Database>, surveyIds: readonly string[]): Promise<CommentTotals> {
  if (surveyIds.length === 0) return { comments: 0, terms: [] };
  return addUpCommentTotals(db, surveyIds);
}

/** The kept totals of every survey of a street's or a district's communities, added up. */
export function readCommentTotalsOfPlace(db: Kysely<Database>, place: { level: "street" | "district"; code: string }): Promise<CommentTotals> {
  return addUpCommentTotals(db, surveysOfPlace(db, place));
}

/** The city's document frequencies: every survey's kept totals added up (cached by the caller). */
export function readCityCommentTotals(db: Kysely<Database>): Promise<CommentTotals> {
  return addUpCommentTotals(db, null);
}

function surveysOfPlace(db: Kysely<Database>, place: { level: "street" | "district"; code: string }) {
  return db
    .selectFrom("surveys as s")
    .innerJoin("communities as c", "c.code", "s.community_code")
    .select("s.id")
    .where(place.level === "street" ? "c.street_code" : "c.district_code", "=", place.code);
}

/** The totals of the surveys given (by id or by a query of ids), or of every survey when null. */
async function addUpCommentTotals(db: Kysely<Database>, surveys: readonly string[] | ReturnType<typeof surveysOfPlace> | null): Promise<CommentTotals> {
  let total = db.selectFrom("survey_comment_totals").select((eb) => eb.fn.coalesce(eb.fn.sum<number>("comments"), sql<number>`0`).as("n"));
  let terms = db
    .selectFrom("survey_comment_terms")
    .select(["term", (eb) => eb.fn.sum<number>("comments").as("comments")])
    .groupBy("term");
  if (surveys !== null) {
    total = total.where("survey_id", "in", surveys);
    terms = terms.where("survey_id", "in", surveys);
  }
  const [kept, termRows] = await Promise.all([total.executeTakeFirst(), terms.execute()]);
  return { comments: Number(kept?.n ?? 0), terms: termRows.map((t) => ({ term: t.term, comments: Number(t.comments) })) };
}

export interface KeywordComment {
  id: string;
  question: string;
  text: string;
  createdAt: string;
  flagged: boolean;
  /** False for an answer through the open link or a code-less paper form (未核验). */
  verified: boolean;
}

/** Merges id lists sorted newest first into one, without repeats or the `skip`ped ids, up to `limit`. */
function mergeNewestFirst(lists: readonly string[][], skip: ReadonlySet<string>, limit: number): string[] {
  const at = lists.map(() => 0);
  const out: string[] = [];
  let last: string | null = null;
  while (out.length < limit) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) if (at[i] < lists[i].length && (best < 0 || lists[i][at[i]] > lists[best][at[best]])) best = i;
    if (best < 0) break;
    const id = lists[best][at[best]++];
    if (id !== last && !skip.has(id)) out.push(id);
    last = id;
  }
  return out;
}

/**
 * The comments of a survey holding any of `terms`, flagged first, then newest (ids are time
 * ordered): index lookups bounded by the page, never a sort of all the keyword's comments. The
 * total is the kept count when the caller has it (one term), else counted on the index alone.
 */
export async function readCommentsWithTerms(
  db: Kysely<Database>,
  surveyId: string,
  terms: readonly string[],
  page: { limit: number; offset: number; total?: number },
): Promise<{ total: number; rows: KeywordComment[] }> {
  if (terms.length === 0) return { total: 0, rows: [] };
  const matching = db.selectFrom("comment_terms").select("text_answer_id").where("survey_id", "=", surveyId).where("term", "in", terms);
  const [flagged, counted] = await Promise.all([
    db
      .selectFrom("survey_text_answers")
      .select("id")
      .where("survey_id", "=", surveyId)
      .where("flagged_at", "is not", null)
      .where("id", "in", matching)
      .orderBy("flagged_at", "desc")
      .orderBy("id", "desc")
      .execute(),
    page.total ?? matching.clearSelect().select((eb) => eb.fn.count<number>("text_answer_id").distinct().as("n")).executeTakeFirst(),
  ]);
  const total = typeof counted === "number" ? counted : Number(counted?.n ?? 0);
  const flaggedIds = flagged.map((f) => f.id);
  const ids = flaggedIds.slice(page.offset, page.offset + page.limit);
  const wanted = page.limit - ids.length;
  if (wanted > 0) {
    const skipped = Math.max(0, page.offset - flaggedIds.length);
    const perTerm = await Promise.all(
      terms.map((term) =>
        db
          .selectFrom("comment_terms")
          .select("text_answer_id")
          .where("survey_id", "=", surveyId)
          .where("term", "=", term)
          .orderBy("text_answer_id", "desc")
          .limit(skipped + wanted + flaggedIds.length)
          .execute(),
      ),
    );
    const merged = mergeNewestFirst(perTerm.map((rows) => rows.map((r) => r.text_answer_id)), new Set(flaggedIds), skipped + wanted);
    ids.push(...merged.slice(skipped));
  }
  if (ids.length === 0) return { total, rows: [] };
  const rows = await db
    .selectFrom("survey_text_answers as t")
    .innerJoin("survey_responses as r", "r.id", "t.response_id")
    .select(["t.id", "t.question", "t.text", "t.created_at", "t.flagged_at", "r.channel"])
    .where("t.id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total,
    rows: ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ id: r.id, question: r.question, text: r.text, createdAt: r.created_at, flagged: r.flagged_at !== null, verified: isVerifiedChannel(r.channel) }] : [];
    }),
  };
}

export async function findTextAnswer(
  db: Kysely<Database>,
  id: string,
): Promise<{ id: string; surveyId: string; flagged: boolean; text: string } | null> {
  const row = await db.selectFrom("survey_text_answers").select(["id", "survey_id", "flagged_at", "text"]).where("id", "=", id).executeTakeFirst();
  return row ? { id: row.id, surveyId: row.survey_id, flagged: row.flagged_at !== null, text: row.text } : null;
}

export async function setCommentFlag(db: Kysely<Database>, id: string, flagged: boolean, userId: string): Promise<void> {
  await db
    .updateTable("survey_text_answers")
    .set(flagged ? { flagged_at: nowIso(), flagged_by: userId } : { flagged_at: null, flagged_by: null })
    .where("id", "=", id)
    .execute();
}

/** The surveys of one round (the evaluation's evidence reads their keywords). */
export async function surveyIdsOfCycle(db: Kysely<Database>, cycleId: string): Promise<string[]> {
  return (await db.selectFrom("surveys").select("id").where("cycle_id", "=", cycleId).execute()).map((r) => r.id);
}

/** Surveys that have comments, for a re-analysis after a lexicon change. */
export async function listSurveysWithComments(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom("survey_text_answers").select("survey_id").distinct().orderBy("survey_id").execute()).map((r) => r.survey_id);
}

/** One page of a survey's comments in id order (keyset: memory stays bounded by the page). */
export async function readCommentPage(db: Kysely<Database>, surveyId: string, afterId: string, limit: number): Promise<{ id: string; text: string }[]> {
  return db.selectFrom("survey_text_answers").select(["id", "text"]).where("survey_id", "=", surveyId).where("id", ">", afterId).orderBy("id").limit(limit).execute();
}

/** Drops a survey's kept totals and index before they are rebuilt under a new lexicon. */
export async function clearCommentTotals(db: Kysely<Database>, surveyId: string): Promise<void> {
  await db.deleteFrom("comment_terms").where("survey_id", "=", surveyId).execute();
  await db.deleteFrom("survey_comment_terms").where("survey_id", "=", surveyId).execute();
  await db.deleteFrom("survey_comment_totals").where("survey_id", "=", surveyId).execute();
}
