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
import { newId } from "../ids";
import { nowIso } from "../clock";
import type { SurveyChannel } from "../../workflows/glossary";
import type { Database } from "../schema";
import { addResponseCount, addTallies, claimHouseholdCode, deviceHasResponded, findHouseholdCode, findResponseByIdempotencyKey, type TallyRow } from "./surveys";

export interface PreparedSubmission {
  surveyId: string;
  communityCode: string;
  idempotencyKey: string;
  /** HMAC of the household code, or null for open-link and uncoded paper forms. */
  codeHash: string | null;
  deviceId: string | null;
  channel: SurveyChannel;
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

function child<K, V>(map: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

/**
 * A batch's tally rows added up per survey, question, option and segment. Nested maps, not one
 * map of joined keys: names, options and segments are the same strings answer after answer, so
 * each lookup reuses a hash V8 already has, where joining them built and hashed a new string
 * for each of an answer's ~70 rows (≈ 20 µs an answer, measured).
 */
class TallyTotals {
  private readonly bySurvey = new Map<string, Map<string, Map<string, Map<string, TallyRow>>>>();
  add(surveyId: string, t: TallyRow): void {
    const bySegment = child(child(child(this.bySurvey, surveyId), t.question), t.option);
    const total = bySegment.get(t.segment);
    if (total) {
      total.count += t.count;
      total.sum += t.sum;
    } else bySegment.set(t.segment, { question: t.question, option: t.option, segment: t.segment, count: t.count, sum: t.sum });
  }
  forEach(visit: (surveyId: string, total: TallyRow) => void): void {
    for (const [surveyId, byQuestion] of this.bySurvey)
      for (const byOption of byQuestion.values()) for (const bySegment of byOption.values()) for (const total of bySegment.values()) visit(surveyId, total);
  }
}

/** Answers per batch: one transaction on SQLite, one statement per survey on PostgreSQL. */
const MAX_BATCH = 64;
/** How long the first answer of a SQLite batch may wait for others to join it. */
const MAX_BATCH_WAIT_MS = 5;

function sqliteStore(db: Kysely<Database>, sqlite: BetterSqlite3.Database): SubmissionStore {
  const earlier = sqlite.prepare<[string, string], { receipt: string }>(
    "select receipt from survey_responses where survey_id = ? and idempotency_key = ?",
  );
  // Claiming finds the code and marks it used in one statement; only a refused claim asks why.
  const claim = sqlite.prepare<[string, string, string], { id: string; neighbourhood_id: string | null }>(
    "update household_codes set used_at = ? where survey_id = ? and code_hash = ? and used_at is null returning id, neighbourhood_id",
  );
  const codeExists = sqlite.prepare<[string, string]>("select 1 from household_codes where survey_id = ? and code_hash = ?");
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
    `insert into survey_response_counts (survey_id, neighbourhood_id, channel, count) values (?, ?, ?, ?)
     on conflict (survey_id, neighbourhood_id, channel) do update set count = count + excluded.count`,
  );
  const text = sqlite.prepare("insert into survey_text_answers (id, survey_id, response_id, question, text, created_at) values (?, ?, ?, ?, ?, ?)");

  /** One answer's own rows; its totals are returned, to be added up with the batch's. */
  const storeOne = sqlite.transaction((s: PreparedSubmission, now: string): { outcome: StoreOutcome; neighbourhoodId?: string | null } => {
    const found = earlier.get(s.surveyId, s.idempotencyKey);
    if (found) return { outcome: { kind: "duplicate", receipt: found.receipt } };
    let householdCodeId: string | null = null;
    let neighbourhoodId = s.answeredNeighbourhood;
    if (s.codeHash !== null) {
      const row = claim.get(now, s.surveyId, s.codeHash);
      if (!row) return { outcome: { kind: codeExists.get(s.surveyId, s.codeHash) ? "code_used" : "code_unknown" } };
      householdCodeId = row.id;
      neighbourhoodId = row.neighbourhood_id ?? neighbourhoodId;
    } else if (s.deviceId !== null && device.get(s.surveyId, s.deviceId)) {
      return { outcome: { kind: "device_used" } };
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
    for (const t of s.texts) text.run(newId(), s.surveyId, id, t.question, t.text, now);
    return { outcome: { kind: "stored", receipt: s.receipt }, neighbourhoodId };
  });

  /**
   * Group commit: the answers that arrived together go in one transaction, each in its own
   * savepoint (storeOne nests), and their tallies are added up per row before writing — a
   * batch of 20 writes each hot tally row and WAL page once, not 20 times.
   */
  const storeBatch = sqlite.transaction((batch: PreparedSubmission[]): (StoreOutcome | Error)[] => {
    const now = nowIso();
    const tallies = new TallyTotals();
    const counts = new Map<string, { surveyId: string; neighbourhood: string; channel: string; n: number }>();
    const outcomes = batch.map((s) => {
      try {
        const { outcome, neighbourhoodId } = storeOne(s, now);
        if (outcome.kind !== "stored") return outcome;
        for (const t of s.tallies) tallies.add(s.surveyId, t);
        const countKey = `${s.surveyId}\u0000${neighbourhoodId ?? ""}\u0000${s.channel}`;
        const c = counts.get(countKey) ?? { surveyId: s.surveyId, neighbourhood: neighbourhoodId ?? "", channel: s.channel, n: 0 };
        c.n++;
        counts.set(countKey, c);
        return outcome;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    tallies.forEach((surveyId, row) => tally.run(surveyId, row.question, row.option, row.segment, row.count, row.sum));
    for (const c of counts.values()) count.run(c.surveyId, c.neighbourhood, c.channel, c.n);
    return outcomes;
  });

  let queue: { submission: PreparedSubmission; resolve: (o: StoreOutcome) => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;
  let seen = 0;
  let firstAt = 0;
  const flush = async () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    try {
      // Holding Kysely's single connection keeps its queued queries and transactions out of ours.
      const outcomes = await db.connection().execute(async () => storeBatch.immediate(batch.map((b) => b.submission)));
      outcomes.forEach((o, i) => (o instanceof Error ? batch[i].reject(o) : batch[i].resolve(o)));
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  };
  // The batch closes when a turn of the event loop brings no new answer (under load the next
  // turn usually does, so the batch grows; a lone answer waits one turn), when it is full, or
  // when its first answer has waited MAX_BATCH_WAIT_MS. PostgreSQL's commit_delay works alike.
  const settle = () => {
    if (queue.length === seen || queue.length >= MAX_BATCH || performance.now() - firstAt >= MAX_BATCH_WAIT_MS) void flush();
    else {
      seen = queue.length;
      setImmediate(settle);
    }
  };

  return {
    save: (submission) =>
      new Promise<StoreOutcome>((resolve, reject) => {
        queue.push({ submission, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          seen = 0;
          firstAt = performance.now();
          setImmediate(settle);
        }
      }),
  };
}

// Every answer to a survey adds to the same ~70 tally rows, so on PostgreSQL answers to one
// survey queue for those rows' locks, and each answer re-writes them. Two measures (ADR 0006):
// - ONE statement in autocommit: the rows are locked only while PostgreSQL runs it, never
//   across the app's event loop between round trips (a transaction of round trips managed
//   ~400 answers/s on one survey, fewer with two instances);
// - group commit: while a statement for a survey is running, answers to it that arrive are
//   queued and go together in the next one, which adds their tallies up per row (a batch of
//   5 writes each tally row once, not 5 times). Each
//   answer keeps its own outcome (idempotency key, household code, device), decided in SQL
//   exactly as the other stores do; two answers in one batch with the same key, code or
//   device are decided in arrival order.
// The statement is prepared once per connection; its inputs are arrays (one element per
// answer, tallies and texts tagged with their answer's number).
const PG_SUBMIT_BATCH = `
with items as (
  select * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::integer[], $11::integer[], $12::text[], $13::text[])
    with ordinality as i(response_id, idem_key, code_hash, device_id, answered_nb, channel, receipt, answers, has_elderly, has_young, entered_by, community_code, n)
), earlier as (
  select i.n, r.receipt from items i join survey_responses r on r.survey_id = $1 and r.idempotency_key = i.idem_key
), firsts as (
  select i.* from items i
   where not exists (select 1 from earlier e where e.n = i.n)
     and i.n = (select min(j.n) from items j where j.idem_key = i.idem_key)
), codes as (
  select f.n, h.id, h.neighbourhood_id from firsts f join household_codes h on h.survey_id = $1 and h.code_hash = f.code_hash
), code_claims as (
  select c.* from codes c where c.n = (select min(c2.n) from codes c2 where c2.id = c.id)
), claimed as (
  update household_codes h set used_at = $14 from code_claims c
   where h.id = c.id and h.used_at is null
  returning h.id
), devices as (
  select f.n from firsts f
   where f.code_hash is null and f.device_id is not null
     and exists (select 1 from survey_responses r where r.survey_id = $1 and r.device_id = f.device_id)
), go as (
  select f.*, c.id as code_id, coalesce(c.neighbourhood_id, f.answered_nb) as nb
    from firsts f
    left join code_claims c on c.n = f.n
   where case
           when f.code_hash is not null then exists (select 1 from claimed cl where cl.id = c.id)
           else not exists (select 1 from devices d where d.n = f.n)
                and (f.device_id is null or f.n = (select min(j.n) from firsts j where j.code_hash is null and j.device_id = f.device_id))
         end
), response as (
  insert into survey_responses (id, survey_id, community_code, neighbourhood_id, channel, household_code_id, idempotency_key,
                                device_id, receipt, answers, has_elderly, has_young_children, entered_by, is_demo_data, created_at)
  select g.response_id, $1, g.community_code, g.nb, g.channel, g.code_id, g.idem_key, g.device_id, g.receipt, g.answers, g.has_elderly, g.has_young, g.entered_by, 0, $14
    from go g order by g.n
  returning id
), texts as (
  insert into survey_text_answers (id, survey_id, response_id, question, text, created_at)
  select t.id, $1, g.response_id, t.question, t.text, $14
    from unnest($21::integer[], $22::text[], $23::text[], $24::text[]) as t(item, id, question, text) join go g on g.n = t.item
), tallies as (
  insert into survey_tallies as st (survey_id, question, option, segment, count, sum)
  select $1, t.question, t.option, t.segment, sum(t.count), sum(t.sum)
    from unnest($15::integer[], $16::text[], $17::text[], $18::text[], $19::integer[], $20::double precision[]) as t(item, question, option, segment, count, sum)
    join go g on g.n = t.item
   group by t.question, t.option, t.segment
   order by t.question, t.option, t.segment
  on conflict (survey_id, question, option, segment) do update set count = st.count + excluded.count, sum = st.sum + excluded.sum
), counted as (
  insert into survey_response_counts as c (survey_id, neighbourhood_id, channel, count)
  select $1, coalesce(g.nb, ''), g.channel, count(*) from go g group by 2, 3 order by 2, 3
  on conflict (survey_id, neighbourhood_id, channel) do update set count = c.count + excluded.count
)
select i.n::integer as n,
       (select e.receipt from earlier e where e.n = i.n) as earlier,
       exists (select 1 from go g where g.n = i.n) as stored,
       exists (select 1 from codes c where c.n = i.n) as code_found,
       exists (select 1 from devices d where d.n = i.n) as device_found
  from items i order by i.n`;

interface BatchRow {
  n: number;
  earlier: string | null;
  stored: boolean;
  code_found: boolean;
  device_found: boolean;
}

/** Two batches that claim the same household codes in different orders (rare): PostgreSQL aborts one. */
function isDeadlock(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "40P01";
}

/**
 * Statements per survey under way at once from one instance. Two overlap better in a tight
 * loop, but over HTTP (bench:submit) they made smaller batches that wait for each other's
 * row locks: ~1,050 answers/s against ~1,650 with one.
 */
const IN_FLIGHT_PER_SURVEY = 1;

function postgresStore(pool: pg.Pool): SubmissionStore {
  const run = async (batch: PreparedSubmission[]): Promise<BatchRow[]> => {
    const now = nowIso();
    const tallies = batch.flatMap((s, i) => s.tallies.map((t) => ({ item: i + 1, ...t })));
    const texts = batch.flatMap((s, i) => s.texts.map((t) => ({ item: i + 1, id: newId(), ...t })));
    const result = await pool.query<BatchRow>({
      name: "survey-submit-batch",
      text: PG_SUBMIT_BATCH,
      values: [
        batch[0].surveyId,
        batch.map(() => newId()),
        batch.map((s) => s.idempotencyKey),
        batch.map((s) => s.codeHash),
        batch.map((s) => s.deviceId),
        batch.map((s) => s.answeredNeighbourhood),
        batch.map((s) => s.channel),
        batch.map((s) => s.receipt),
        batch.map((s) => s.answersJson),
        batch.map((s) => (s.hasElderly ? 1 : 0)),
        batch.map((s) => (s.hasYoungChildren ? 1 : 0)),
        batch.map((s) => s.enteredBy),
        batch.map((s) => s.communityCode),
        now,
        tallies.map((t) => t.item),
        tallies.map((t) => t.question),
        tallies.map((t) => t.option),
        tallies.map((t) => t.segment),
        tallies.map((t) => t.count),
        tallies.map((t) => t.sum),
        texts.map((t) => t.item),
        texts.map((t) => t.id),
        texts.map((t) => t.question),
        texts.map((t) => t.text),
      ],
    });
    return result.rows;
  };

  const receiptOf = async (s: PreparedSubmission) =>
    (
      await pool.query<{ receipt: string }>({
        name: "survey-submit-receipt",
        text: "select receipt from survey_responses where survey_id = $1 and idempotency_key = $2",
        values: [s.surveyId, s.idempotencyKey],
      })
    ).rows[0]?.receipt ?? null;

  /** Each answer's outcome; a refusal is checked once more against what others committed meanwhile. */
  const decide = async (batch: PreparedSubmission[], rows: BatchRow[]): Promise<StoreOutcome[]> => {
    const outcomes: StoreOutcome[] = [];
    for (const [i, s] of batch.entries()) {
      const row = rows[i];
      const first = batch.findIndex((b) => b.idempotencyKey === s.idempotencyKey);
      if (row.earlier !== null) outcomes.push({ kind: "duplicate", receipt: row.earlier });
      else if (row.stored) outcomes.push({ kind: "stored", receipt: s.receipt });
      else if (first < i) {
        // The same answer twice in one batch: the second gets what the first got.
        const earlier = outcomes[first];
        outcomes.push(earlier.kind === "stored" || earlier.kind === "duplicate" ? { kind: "duplicate", receipt: earlier.receipt } : earlier);
      } else {
        const stored = await receiptOf(s);
        if (stored !== null) outcomes.push({ kind: "duplicate", receipt: stored });
        else if (s.codeHash !== null) outcomes.push({ kind: row.code_found ? "code_used" : "code_unknown" });
        else if (s.deviceId !== null) outcomes.push({ kind: "device_used" });
        else throw new Error("submission neither stored nor refused");
      }
    }
    return outcomes;
  };

  const store = async (batch: PreparedSubmission[]): Promise<StoreOutcome[]> => {
    try {
      return await decide(batch, await run(batch));
    } catch (error) {
      // Another connection committed the same key or device after our snapshot: run again,
      // now seeing it. Anything else fails only the answer that caused it.
      if (batch.length > 1) return (await Promise.all(batch.map((s) => store([s])))).flat();
      if (!isUniqueViolation(error) && !isDeadlock(error)) throw error;
      return decide(batch, await run(batch));
    }
  };

  interface Waiting {
    submission: PreparedSubmission;
    resolve: (outcome: StoreOutcome) => void;
    reject: (error: unknown) => void;
  }
  const queues = new Map<string, Waiting[]>();
  const running = new Map<string, number>();
  const drain = (surveyId: string) => {
    const queue = queues.get(surveyId);
    const inFlight = running.get(surveyId) ?? 0;
    if (inFlight >= IN_FLIGHT_PER_SURVEY || !queue?.length) return;
    const batch = queue.splice(0, MAX_BATCH);
    if (!queue.length) queues.delete(surveyId);
    running.set(surveyId, inFlight + 1);
    store(batch.map((w) => w.submission))
      .then(
        (outcomes) => batch.forEach((w, i) => w.resolve(outcomes[i])),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        const left = (running.get(surveyId) ?? 1) - 1;
        if (left) running.set(surveyId, left);
        else running.delete(surveyId);
        drain(surveyId);
      });
  };

  return {
    save: (submission) =>
      new Promise<StoreOutcome>((resolve, reject) => {
        const queue = queues.get(submission.surveyId) ?? [];
        queue.push({ submission, resolve, reject });
        queues.set(submission.surveyId, queue);
        drain(submission.surveyId);
      }),
  };
}
