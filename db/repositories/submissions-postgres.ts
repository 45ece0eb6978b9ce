// The PostgreSQL store: one prepared statement per batch of answers to a survey (docs/decisions/0006-postgresql.md).
import type pg from "pg";
import { isUniqueViolation } from "../dialect";
import { newId } from "../ids";
import { nowIso } from "../clock";
import type { PreparedSubmission, StoreOutcome, SubmissionStore } from "./submissions";

/** Answers per statement (SQLite's store has the same limit per transaction). */
const MAX_BATCH = 64;

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
  select * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::integer[], $11::integer[], $12::text[], $13::text[], $25::integer[])
    with ordinality as i(response_id, idem_key, code_hash, device_id, answered_nb, channel, receipt, answers, has_elderly, has_young, entered_by, community_code, verified, n)
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
  insert into survey_tallies as st (survey_id, question, option, segment, verified, count, sum)
  select $1, t.question, t.option, t.segment, g.verified, sum(t.count), sum(t.sum)
    from unnest($15::integer[], $16::text[], $17::text[], $18::text[], $19::integer[], $20::double precision[]) as t(item, question, option, segment, count, sum)
    join go g on g.n = t.item
   group by t.question, t.option, t.segment, g.verified
   order by t.question, t.option, t.segment, g.verified
  on conflict (survey_id, question, option, segment, verified) do update set count = st.count + excluded.count, sum = st.sum + excluded.sum
), term_index as (
  insert into comment_terms (survey_id, term, text_answer_id)
  select $1, k.term, k.text_id
    from unnest($26::integer[], $27::text[], $28::text[]) as k(item, text_id, term) join go g on g.n = k.item
), term_totals as (
  insert into survey_comment_terms as ct (survey_id, term, comments)
  select $1, k.term, count(*)
    from unnest($26::integer[], $27::text[], $28::text[]) as k(item, text_id, term) join go g on g.n = k.item
   group by k.term
   order by k.term
  on conflict (survey_id, term) do update set comments = ct.comments + excluded.comments
), comment_total as (
  insert into survey_comment_totals as cc (survey_id, comments, lexicon_fingerprint)
  select $1, count(*), $29::text from unnest($21::integer[]) as t(item) join go g on g.n = t.item
  having count(*) > 0
  on conflict (survey_id) do update set comments = cc.comments + excluded.comments
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

export function postgresSubmissionStore(pool: pg.Pool): SubmissionStore {
  const run = async (batch: PreparedSubmission[]): Promise<BatchRow[]> => {
    const now = nowIso();
    const tallies = batch.flatMap((s, i) => s.tallies.map((t) => ({ item: i + 1, ...t })));
    const texts = batch.flatMap((s, i) => s.texts.map((t) => ({ item: i + 1, id: newId(), ...t })));
    const terms = texts.flatMap((t) => t.terms.map((term) => ({ item: t.item, textId: t.id, term })));
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
        batch.map((s) => (s.verified ? 1 : 0)),
        terms.map((k) => k.item),
        terms.map((k) => k.textId),
        terms.map((k) => k.term),
        batch[0].lexiconFingerprint,
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
