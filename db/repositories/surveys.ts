import type { Kysely } from "kysely";
import { insertWithNewId } from "./new-row";
import { nowIso } from "../clock";
import { camelCased } from "../rows";
import type { Database, SurveyRow } from "../schema";
import { type SurveyChannel, type SurveyKind, type SurveyStatus, VERIFIED_CHANNELS } from "../../workflows/glossary";
import type { TallyRow } from "../../workflows/surveys/tallies";

export interface Survey {
  id: string;
  cycleId: string;
  communityCode: string;
  kind: SurveyKind;
  title: string;
  definition: Record<string, unknown>;
  definitionVersion: number;
  status: SurveyStatus;
  publicToken: string;
  openLinkEnabled: boolean;
  codeSalt: string;
  opensAt: string | null;
  closesAt: string | null;
  publishedAt: string | null;
  closedAt: string | null;
  version: number;
  isDemoData: boolean;
  updatedAt: string;
}

export function toSurvey(row: SurveyRow): Survey {
  return {
    ...camelCased(row, [
      "id",
      "cycle_id",
      "community_code",
      "kind",
      "title",
      "definition",
      "definition_version",
      "status",
      "public_token",
      "open_link_enabled",
      "code_salt",
      "opens_at",
      "closes_at",
      "published_at",
      "closed_at",
      "version",
      "is_demo_data",
      "updated_at",
    ]),
    kind: row.kind === "feedback" ? "feedback" : "needs",
    definition: JSON.parse(row.definition) as Record<string, unknown>,
    openLinkEnabled: row.open_link_enabled === 1,
    isDemoData: row.is_demo_data === 1,
  };
}

export async function findSurvey(db: Kysely<Database>, id: string): Promise<Survey | null> {
  const row = await db.selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toSurvey(row) : null;
}

export async function findSurveyByToken(db: Kysely<Database>, token: string): Promise<Survey | null> {
  const row = await db.selectFrom("surveys").selectAll().where("public_token", "=", token).executeTakeFirst();
  return row ? toSurvey(row) : null;
}

/** A survey by its public token, with its community's name (the resident's pages). */
export async function findPublicSurvey(db: Kysely<Database>, token: string): Promise<(Survey & { communityName: string }) | null> {
  const row = await db
    .selectFrom("surveys as s")
    .innerJoin("communities as c", "c.code", "s.community_code")
    .selectAll("s")
    .select("c.name as community_name")
    .where("s.public_token", "=", token)
    .executeTakeFirst();
  return row ? { ...toSurvey(row), communityName: row.community_name } : null;
}

export async function listSurveysOfCommunity(db: Kysely<Database>, communityCode: string): Promise<(Survey & { round: number; year: number })[]> {
  const rows = await db
    .selectFrom("surveys as s")
    .innerJoin("cycles as y", "y.id", "s.cycle_id")
    .selectAll("s")
    .select(["y.round", "y.year"])
    .where("s.community_code", "=", communityCode)
    .orderBy("y.round", "desc")
    .orderBy("s.created_at", "desc")
    .execute();
  return rows.map((r) => ({ ...toSurvey(r), round: r.round, year: r.year }));
}

export interface NewSurvey {
  cycleId: string;
  communityCode: string;
  kind: SurveyKind;
  title: string;
  definition: unknown;
  publicToken: string;
  codeSalt: string;
  isDemoData?: boolean;
}

export async function insertSurvey(db: Kysely<Database>, survey: NewSurvey): Promise<string> {
  const now = nowIso();
  return insertWithNewId(db, "surveys", {
    cycle_id: survey.cycleId,
    community_code: survey.communityCode,
    kind: survey.kind,
    title: survey.title,
    definition: JSON.stringify(survey.definition),
    definition_version: 1,
    status: "draft",
    public_token: survey.publicToken,
    open_link_enabled: 0,
    code_salt: survey.codeSalt,
    opens_at: null,
    closes_at: null,
    published_at: null,
    closed_at: null,
    version: 1,
    is_demo_data: survey.isDemoData ? 1 : 0,
    created_at: now,
    updated_at: now,
  });
}

export type SurveyChanges = Partial<{
  title: string;
  definition: unknown;
  status: SurveyStatus;
  openLinkEnabled: boolean;
  opensAt: string | null;
  closesAt: string | null;
  publishedAt: string | null;
  closedAt: string | null;
}>;

/** False when the survey changed since the user loaded it (version moved on). */
export async function updateSurvey(
  db: Kysely<Database>,
  id: string,
  expectedVersion: number,
  changes: SurveyChanges,
): Promise<boolean> {
  const result = await db
    .updateTable("surveys")
    .set((eb) => ({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.definition !== undefined
        ? { definition: JSON.stringify(changes.definition), definition_version: eb("definition_version", "+", 1) }
        : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      ...(changes.openLinkEnabled !== undefined ? { open_link_enabled: changes.openLinkEnabled ? 1 : 0 } : {}),
      ...(changes.opensAt !== undefined ? { opens_at: changes.opensAt } : {}),
      ...(changes.closesAt !== undefined ? { closes_at: changes.closesAt } : {}),
      ...(changes.publishedAt !== undefined ? { published_at: changes.publishedAt } : {}),
      ...(changes.closedAt !== undefined ? { closed_at: changes.closedAt } : {}),
      version: eb("version", "+", 1),
      updated_at: nowIso(),
    }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One multi-row upsert per submission keeps the summary current at a few µs per row. */
export async function addTallies(db: Kysely<Database>, surveyId: string, verified: boolean, rows: readonly TallyRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 150) {
    await db
      .insertInto("survey_tallies")
      .values(rows.slice(i, i + 150).map((r) => ({ survey_id: surveyId, verified: verified ? 1 : 0, ...r })))
      .onConflict((oc) =>
        oc.columns(["survey_id", "question", "option", "segment", "verified"]).doUpdateSet((eb) => ({
          count: eb("survey_tallies.count", "+", eb.ref("excluded.count")),
          sum: eb("survey_tallies.sum", "+", eb.ref("excluded.sum")),
        })),
      )
      .execute();
  }
}

/** The survey's kept totals of 已核验 answers (default) or of 未核验 ones. */
export async function readTallies(db: Kysely<Database>, surveyId: string, verified = true): Promise<TallyRow[]> {
  return db
    .selectFrom("survey_tallies")
    .select(["question", "option", "segment", "count", "sum"])
    .where("survey_id", "=", surveyId)
    .where("verified", "=", verified ? 1 : 0)
    .execute();
}

export async function addResponseCount(
  db: Kysely<Database>,
  surveyId: string,
  neighbourhoodId: string | null,
  channel: SurveyChannel,
): Promise<void> {
  await db
    .insertInto("survey_response_counts")
    .values({ survey_id: surveyId, neighbourhood_id: neighbourhoodId ?? "", channel, count: 1 })
    .onConflict((oc) =>
      oc.columns(["survey_id", "neighbourhood_id", "channel"]).doUpdateSet((eb) => ({ count: eb("survey_response_counts.count", "+", 1) })),
    )
    .execute();
}

export async function readResponseCounts(
  db: Kysely<Database>,
  surveyId: string,
): Promise<{ neighbourhoodId: string; channel: string; count: number }[]> {
  const rows = await db
    .selectFrom("survey_response_counts")
    .select(["neighbourhood_id", "channel", "count"])
    .where("survey_id", "=", surveyId)
    .execute();
  return rows.map((r) => ({ neighbourhoodId: r.neighbourhood_id, channel: r.channel, count: Number(r.count) }));
}

/** Forms of a survey keyed in by one worker since an instant (the start of their day, for the paper page). */
export async function countEnteredBy(db: Kysely<Database>, args: { surveyId: string; enteredBy: string; since: string }): Promise<number> {
  const row = await db
    .selectFrom("survey_responses")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("survey_id", "=", args.surveyId)
    .where("entered_by", "=", args.enteredBy)
    .where("created_at", ">=", args.since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface StoredResponse {
  id: string;
  receipt: string;
  createdAt: string;
}

export async function findResponseByIdempotencyKey(
  db: Kysely<Database>,
  surveyId: string,
  key: string,
): Promise<StoredResponse | null> {
  const row = await db
    .selectFrom("survey_responses")
    .select(["id", "receipt", "created_at"])
    .where("survey_id", "=", surveyId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  return row ? { id: row.id, receipt: row.receipt, createdAt: row.created_at } : null;
}

export async function deviceHasResponded(db: Kysely<Database>, surveyId: string, deviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom("survey_responses")
    .select("id")
    .where("survey_id", "=", surveyId)
    .where("device_id", "=", deviceId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks the round's needs survey closed; called in the transaction that moves the cycle to 评估. */
export async function closeNeedsSurveyOfCycle(db: Kysely<Database>, cycleId: string): Promise<void> {
  const now = nowIso();
  await db
    .updateTable("surveys")
    .set((eb) => ({ status: "closed", closed_at: now, updated_at: now, version: eb("version", "+", 1) }))
    .where("cycle_id", "=", cycleId)
    .where("kind", "=", "needs")
    .where("status", "=", "published")
    .execute();
}

/** Households that answered the cycle's needs survey through a verified channel (not the open link). */
export async function countVerifiedResponses(db: Kysely<Database>, cycleId: string): Promise<number> {
  const row = await db
    .selectFrom("survey_response_counts as c")
    .innerJoin("surveys as s", "s.id", "c.survey_id")
    .select((eb) => eb.fn.sum<number>("c.count").as("n"))
    .where("s.cycle_id", "=", cycleId)
    .where("s.kind", "=", "needs")
    .where("c.channel", "in", VERIFIED_CHANNELS)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The ids of a round's surveys of `kind` that have been published (still open or closed since). */
export function publishedSurveysOfCycle(db: Kysely<Database>, cycleId: string, kind: SurveyKind) {
  return db
    .selectFrom("surveys")
    .select("id")
    .where("cycle_id", "=", cycleId)
    .where("kind", "=", kind)
    .where("status", "in", ["published", "closed"]);
}

export async function hasPublishedNeedsSurvey(db: Kysely<Database>, cycleId: string): Promise<boolean> {
  const row = await publishedSurveysOfCycle(db, cycleId, "needs").executeTakeFirst();
  return row !== undefined;
}

/** The survey's changeable state: cheap to read on every submission. */
export interface SurveyHead {
  id: string;
  version: number;
}

export async function findSurveyHeadByToken(db: Kysely<Database>, token: string): Promise<SurveyHead | null> {
  const row = await db.selectFrom("surveys").select(["id", "version"]).where("public_token", "=", token).executeTakeFirst();
  return row ?? null;
}

/** Responses per survey of a community, by channel (from the kept counts, not the answers). */
export async function responseTotals(db: Kysely<Database>, surveyIds: string[]): Promise<Map<string, Record<string, number>>> {
  const totals = new Map<string, Record<string, number>>();
  if (surveyIds.length === 0) return totals;
  const rows = await db
    .selectFrom("survey_response_counts")
    .select((eb) => ["survey_id", "channel", eb.fn.sum<number>("count").as("n")])
    .where("survey_id", "in", surveyIds)
    .groupBy(["survey_id", "channel"])
    .execute();
  for (const r of rows) {
    const entry = totals.get(r.survey_id) ?? {};
    entry[r.channel] = Number(r.n);
    totals.set(r.survey_id, entry);
  }
  return totals;
}

export interface StoredTextAnswer {
  question: string;
  text: string;
  createdAt: string;
}

/** Open comments of a survey, newest first (the results page; never the raw answers). */
export async function readTextAnswers(
  db: Kysely<Database>,
  surveyId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: StoredTextAnswer[] }> {
  const [count, rows] = await Promise.all([
    db
      .selectFrom("survey_text_answers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("survey_id", "=", surveyId)
      .executeTakeFirst(),
    db
      .selectFrom("survey_text_answers")
      .select(["question", "text", "created_at"])
      .where("survey_id", "=", surveyId)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return { total: Number(count?.n ?? 0), rows: rows.map((r) => ({ question: r.question, text: r.text, createdAt: r.created_at })) };
}

/** One survey's answer sets for the raw-answer export: no household code, device or receipt. */
export interface ExportedResponse {
  channel: string;
  neighbourhoodId: string | null;
  createdAt: string;
  answers: Record<string, unknown>;
}

export async function readResponsesForExport(db: Kysely<Database>, surveyId: string): Promise<ExportedResponse[]> {
  const rows = await db
    .selectFrom("survey_responses")
    .select(["channel", "neighbourhood_id", "created_at", "answers"])
    .where("survey_id", "=", surveyId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    channel: r.channel,
    neighbourhoodId: r.neighbourhood_id,
    createdAt: r.created_at,
    answers: JSON.parse(r.answers) as Record<string, unknown>,
  }));
}

export interface Neighbourhood {
  id: string;
  name: string;
  households: number;
}

/** The community's 小区 by name (all of them, or those among `ids`). */
export async function listNeighbourhoods(db: Kysely<Database>, communityCode: string, ids?: readonly string[]): Promise<Neighbourhood[]> {
  let query = db.selectFrom("neighbourhoods").select(["id", "name", "households"]).where("community_code", "=", communityCode);
  if (ids) query = query.where("id", "in", ids.length ? ids : [""]);
  return query.orderBy("name").execute();
}

export interface SurveyHistoryEntry {
  id: string;
  action: string;
  after: unknown;
  createdAt: string;
  actorName: string | null;
}

/** The survey's audit rows of the given actions, newest first. */
export async function listSurveyHistory(db: Kysely<Database>, surveyId: string, actions: readonly string[]): Promise<SurveyHistoryEntry[]> {
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .select(["a.id", "a.action", "a.after_json", "a.created_at", "u.display_name"])
    .where("a.entity_type", "=", "survey")
    .where("a.entity_id", "=", surveyId)
    .where("a.action", "in", actions.length ? actions : [""])
    .orderBy("a.created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
    createdAt: r.created_at,
    actorName: r.display_name,
  }));
}
