// Storing one resident answer set: the hottest write in the app. The portable version uses
// Kysely; on SQLite the same steps run as cached prepared statements in one synchronous
// transaction while Kysely's connection is held, which costs about a third as much
// (docs/decisions/0005-submission-fast-path.md); on PostgreSQL they run as ONE prepared
// statement (ADR 0006). All must behave identically: the integration tests run the default
// store and the portable one against whichever database they are given.
import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import type pg from "pg";
import { isUniqueViolation } from "../dialect";
import { newId, nowIso } from "../ids";
import type { Database } from "../schema";
import { addResponseCount, addTallies, claimHouseholdCode, deviceHasResponded, findHouseholdCode, findResponseByIdempotencyKey, type TallyRow } from "./surveys";

export interface PreparedSubmission {
  surveyId: string;
  communityCode: string;
  idempotencyKey: string;
  /** HMAC of the household code, or null for open-link and uncoded paper forms. */
  codeHash: string | null;
  deviceId: string | null;
  channel: string;
  answersJson: string;
  hasElderly: boolean;
  hasYoungChildren: boolean;
  enteredBy: string | null;
  /** The 小区 the resident chose; a household code's own 小区 wins over it. */
  answeredNeighbourhood: string | null;
  tallies: readonly TallyRow[];
  texts: readonly { question: string; text: string }[];
  receipt: string;
}

export type StoreOutcome =
  | { kind: "stored"; receipt: string }
  | { kind: "duplicate"; receipt: string }
  | { kind: "code_unknown" }
  | { kind: "code_used" }
  | { kind: "device_used" };

export interface SubmissionStore {
  save(submission: PreparedSubmission): Promise<StoreOutcome>;
}

export function createSubmissionStore(db: Kysely<Database>, sqlite: BetterSqlite3.Database | null, pool: pg.Pool | null = null): SubmissionStore {
  if (sqlite) return sqliteStore(db, sqlite);
  if (pool) return postgresStore(pool);
  return kyselyStore(db);
}

/** Tally rows in one order, so two transactions upserting the same rows lock them alike (no deadlock). */
function byTallyKey(a: TallyRow, b: TallyRow): number {
  return a.question < b.question ? -1 : a.question > b.question ? 1 : a.option < b.option ? -1 : a.option > b.option ? 1 : a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0;
}

// On PostgreSQL several connections (and app instances) store answers at once, and READ
// COMMITTED lets two of them pass the same checks before either commits (ADR 0006):
// - the same household code: the second claim waits for the first and then updates no row;
// - the same idempotency key or device without a code: the second insert hits the unique
//   index (23505) once the first commits, and the whole attempt is run again.
// Either way the answer is decided by what the first one stored: a retry of the same key
// gets the SAME receipt, a different key the refusal. SQLite's single writer never gets here.
function kyselyStore(db: Kysely<Database>): SubmissionStore {
  const attempt = (s: PreparedSubmission) =>
    db.transaction().execute(async (trx): Promise<StoreOutcome> => {
      const earlier = await findResponseByIdempotencyKey(trx, s.surveyId, s.idempotencyKey);
      if (earlier) return { kind: "duplicate", receipt: earlier.receipt };
      // Refused because another transaction got there first: was it this same submission?
      const refuse = async (kind: "code_used" | "device_used"): Promise<StoreOutcome> => {
        const stored = await findResponseByIdempotencyKey(trx, s.surveyId, s.idempotencyKey);
        return stored ? { kind: "duplicate", receipt: stored.receipt } : { kind };
      };
      let householdCodeId: string | null = null;
      let neighbourhoodId = s.answeredNeighbourhood;
      if (s.codeHash !== null) {
        const found = await findHouseholdCode(trx, s.surveyId, s.codeHash);
        if (!found) return { kind: "code_unknown" };
        if (found.usedAt !== null || !(await claimHouseholdCode(trx, found.id))) return refuse("code_used");
        householdCodeId = found.id;
        neighbourhoodId = found.neighbourhoodId ?? neighbourhoodId;
      } else if (s.deviceId !== null && (await deviceHasResponded(trx, s.surveyId, s.deviceId))) {
        return refuse("device_used");
      }
      const id = newId();
      const now = nowIso();
      await trx
        .insertInto("survey_responses")
        .values({
          id,
          survey_id: s.surveyId,
          community_code: s.communityCode,
          neighbourhood_id: neighbourhoodId,
          channel: s.channel,
          household_code_id: householdCodeId,
          idempotency_key: s.idempotencyKey,
          device_id: s.deviceId,
          receipt: s.receipt,
          answers: s.answersJson,
          has_elderly: s.hasElderly ? 1 : 0,
          has_young_children: s.hasYoungChildren ? 1 : 0,
          entered_by: s.enteredBy,
          is_demo_data: 0,
          created_at: now,
        })
        .execute();
      if (s.texts.length) {
        await trx
          .insertInto("survey_text_answers")
          .values(s.texts.map((t) => ({ id: newId(), survey_id: s.surveyId, response_id: id, question: t.question, text: t.text, created_at: now })))
          .execute();
      }
      // The survey's shared summary rows last: every answer to the survey waits for them,
      // so they are held for as short a time as possible.
      await addTallies(trx, s.surveyId, [...s.tallies].sort(byTallyKey));
      await addResponseCount(trx, s.surveyId, neighbourhoodId, s.channel);
      return { kind: "stored", receipt: s.receipt };
    });
  return {
    async save(s) {
      try {
        return await attempt(s);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return attempt(s);
      }
    },
  };
}

function sqliteStore(db: Kysely<Database>, sqlite: BetterSqlite3.Database): SubmissionStore {
  const earlier = sqlite.prepare<[string, string], { receipt: string }>(
    "select receipt from survey_responses where survey_id = ? and idempotency_key = ?",
  );
  const code = sqlite.prepare<[string, string], { id: string; neighbourhood_id: string | null; used_at: string | null }>(
    "select id, neighbourhood_id, used_at from household_codes where survey_id = ? and code_hash = ?",
  );
  const claim = sqlite.prepare<[string, string]>("update household_codes set used_at = ? where id = ? and used_at is null");
  const device = sqlite.prepare<[string, string]>("select 1 from survey_responses where survey_id = ? and device_id = ?");
  const insert = sqlite.prepare(
    `insert into survey_responses (id, survey_id, community_code, neighbourhood_id, channel, household_code_id, idempotency_key,
       device_id, receipt, answers, has_elderly, has_young_children, entered_by, is_demo_data, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  );
  const tally = sqlite.prepare(
    `insert into survey_tallies (survey_id, question, option, segment, count, sum) values (?, ?, ?, ?, ?, ?)
     on conflict (survey_id, question, option, segment) do update set count = count + excluded.count, sum = sum + excluded.sum`,
  );
  const count = sqlite.prepare(
    `insert into survey_response_counts (survey_id, neighbourhood_id, channel, count) values (?, ?, ?, 1)
     on conflict (survey_id, neighbourhood_id, channel) do update set count = count + 1`,
  );
  const text = sqlite.prepare("insert into survey_text_answers (id, survey_id, response_id, question, text, created_at) values (?, ?, ?, ?, ?, ?)");

  const run = sqlite.transaction((s: PreparedSubmission): StoreOutcome => {
    const found = earlier.get(s.surveyId, s.idempotencyKey);
    if (found) return { kind: "duplicate", receipt: found.receipt };
    let householdCodeId: string | null = null;
    let neighbourhoodId = s.answeredNeighbourhood;
    const now = nowIso();
    if (s.codeHash !== null) {
      const row = code.get(s.surveyId, s.codeHash);
      if (!row) return { kind: "code_unknown" };
      if (row.used_at !== null || claim.run(now, row.id).changes !== 1) return { kind: "code_used" };
      householdCodeId = row.id;
      neighbourhoodId = row.neighbourhood_id ?? neighbourhoodId;
    } else if (s.deviceId !== null && device.get(s.surveyId, s.deviceId)) {
      return { kind: "device_used" };
    }
    const id = newId();
    insert.run(
      id,
      s.surveyId,
      s.communityCode,
      neighbourhoodId,
      s.channel,
      householdCodeId,
      s.idempotencyKey,
      s.deviceId,
      s.receipt,
      s.answersJson,
      s.hasElderly ? 1 : 0,
      s.hasYoungChildren ? 1 : 0,
      s.enteredBy,
      now,
    );
    for (const t of s.tallies) tally.run(s.surveyId, t.question, t.option, t.segment, t.count, t.sum);
    count.run(s.surveyId, neighbourhoodId ?? "", s.channel);
    for (const t of s.texts) text.run(newId(), s.surveyId, id, t.question, t.text, now);
    return { kind: "stored", receipt: s.receipt };
  });

  return {
    // Holding Kysely's single connection keeps its queued queries and transactions out of ours.
    save: (s) => db.connection().execute(async () => run.immediate(s)),
  };
}

// Every answer to a survey adds to the same tally rows, so on PostgreSQL answers queue for
// those rows' locks. Held across a transaction of several round trips, each lock waits on the
// app's event loop between them (~400 answers/s on one survey, fewer with two instances).
// As one statement in autocommit the rows are locked only while PostgreSQL runs it, and the
// app sends one message, with the tallies as arrays, prepared once per connection.
const PG_SUBMIT = `
with earlier as (
  select receipt from survey_responses where survey_id = $1 and idempotency_key = $2
), code as (
  select id, neighbourhood_id from household_codes where $3::text is not null and survey_id = $1 and code_hash = $3::text
), device as (
  select 1 from survey_responses where $3::text is null and $4::text is not null and survey_id = $1 and device_id = $4::text limit 1
), claimed as (
  update household_codes h set used_at = $5
   where h.id = (select id from code) and h.used_at is null and not exists (select 1 from earlier)
  returning h.id, h.neighbourhood_id
), go as (
  select (select id from claimed) as code_id, coalesce((select neighbourhood_id from claimed), $8::text) as neighbourhood_id
   where not exists (select 1 from earlier)
     and case when $3::text is null then not exists (select 1 from device) else exists (select 1 from claimed) end
), response as (
  insert into survey_responses (id, survey_id, community_code, neighbourhood_id, channel, household_code_id, idempotency_key,
                                device_id, receipt, answers, has_elderly, has_young_children, entered_by, is_demo_data, created_at)
  select $6, $1, $7, go.neighbourhood_id, $9, go.code_id, $2, $4::text, $10, $11, $12, $13, $14, 0, $5 from go
  returning id, neighbourhood_id
), texts as (
  insert into survey_text_answers (id, survey_id, response_id, question, text, created_at)
  select t.id, $1, r.id, t.question, t.text, $5 from response r, unnest($20::text[], $21::text[], $22::text[]) as t(id, question, text)
), tallies as (
  insert into survey_tallies as st (survey_id, question, option, segment, count, sum)
  select $1, t.question, t.option, t.segment, sum(t.count), sum(t.sum)
    from response r, unnest($15::text[], $16::text[], $17::text[], $18::integer[], $19::double precision[]) as t(question, option, segment, count, sum)
   group by t.question, t.option, t.segment
   order by t.question, t.option, t.segment
  on conflict (survey_id, question, option, segment) do update set count = st.count + excluded.count, sum = st.sum + excluded.sum
), counted as (
  insert into survey_response_counts as c (survey_id, neighbourhood_id, channel, count)
  select $1, coalesce(r.neighbourhood_id, ''), $9, 1 from response r
  on conflict (survey_id, neighbourhood_id, channel) do update set count = c.count + 1
)
select (select receipt from earlier) as earlier,
       (select count(*) from response)::integer as stored,
       (select count(*) from code)::integer as code_found,
       (select count(*) from device)::integer as device_found`;

function postgresStore(pool: pg.Pool): SubmissionStore {
  const run = async (s: PreparedSubmission) => {
    const texts = s.texts.map((t) => ({ id: newId(), ...t }));
    const result = await pool.query<{ earlier: string | null; stored: number; code_found: number; device_found: number }>({
      name: "survey-submit",
      text: PG_SUBMIT,
      values: [
        s.surveyId,
        s.idempotencyKey,
        s.codeHash,
        s.deviceId,
        nowIso(),
        newId(),
        s.communityCode,
        s.answeredNeighbourhood,
        s.channel,
        s.receipt,
        s.answersJson,
        s.hasElderly ? 1 : 0,
        s.hasYoungChildren ? 1 : 0,
        s.enteredBy,
        s.tallies.map((t) => t.question),
        s.tallies.map((t) => t.option),
        s.tallies.map((t) => t.segment),
        s.tallies.map((t) => t.count),
        s.tallies.map((t) => t.sum),
        texts.map((t) => t.id),
        texts.map((t) => t.question),
        texts.map((t) => t.text),
      ],
    });
    return result.rows[0];
  };
  const receiptOf = async (s: PreparedSubmission) =>
    (
      await pool.query<{ receipt: string }>({
        name: "survey-submit-receipt",
        text: "select receipt from survey_responses where survey_id = $1 and idempotency_key = $2",
        values: [s.surveyId, s.idempotencyKey],
      })
    ).rows[0]?.receipt ?? null;

  return {
    async save(s) {
      let row;
      try {
        row = await run(s);
      } catch (error) {
        // The same key or device committed by another connection after our snapshot: run again, now seeing it.
        throw error;
      }
      if (row.earlier !== null) return { kind: "duplicate", receipt: row.earlier };
      if (row.stored === 1) return { kind: "stored", receipt: s.receipt };
      // Refused because another connection got there first: was it this same submission?
      const stored = null && (await receiptOf(s));
      if (stored !== null) return { kind: "duplicate", receipt: stored };
      if (s.codeHash !== null) return { kind: row.code_found ? "code_used" : "code_unknown" };
      if (row.device_found) return { kind: "device_used" };
      throw new Error("submission neither stored nor refused");
    },
  };
}
