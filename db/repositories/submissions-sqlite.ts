// The SQLite store: cached prepared statements, group commit (docs/decisions/0005-submission-fast-path.md).
import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import { newId } from "../ids";
import { nowIso } from "../clock";
import type { Database } from "../schema";
import type { PreparedSubmission, StoreOutcome, SubmissionStore } from "./submissions";
import type { TallyRow } from "../../workflows/surveys/tallies";
import { emptyTotals, tallyComment, type KeywordTotals } from "../../workflows/comments/keywords";

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
  /** Totals of 已核验 answers (survey id as given) and of 未核验 ones, kept apart. */
  static key(surveyId: string, verified: boolean): string {
    return verified ? surveyId : `${surveyId}\u0000`;
  }
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

/** Answers per batch: one transaction (PostgreSQL's store has the same limit per statement). */
const MAX_BATCH = 64;
/** How long the first answer of a SQLite batch may wait for others to join it. */
const MAX_BATCH_WAIT_MS = 5;

export function sqliteSubmissionStore(db: Kysely<Database>, sqlite: BetterSqlite3.Database): SubmissionStore {
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
    `insert into survey_tallies (survey_id, question, option, segment, verified, count, sum) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (survey_id, question, option, segment, verified) do update set count = count + excluded.count, sum = sum + excluded.sum`,
  );
  const count = sqlite.prepare(
    `insert into survey_response_counts (survey_id, neighbourhood_id, channel, count) values (?, ?, ?, ?)
     on conflict (survey_id, neighbourhood_id, channel) do update set count = count + excluded.count`,
  );
  const text = sqlite.prepare("insert into survey_text_answers (id, survey_id, response_id, question, text, created_at) values (?, ?, ?, ?, ?, ?)");
  const termIndex = sqlite.prepare("insert into comment_terms (survey_id, term, text_answer_id) values (?, ?, ?)");
  const termTotal = sqlite.prepare(
    `insert into survey_comment_terms (survey_id, term, comments) values (?, ?, ?)
     on conflict (survey_id, term) do update set comments = comments + excluded.comments`,
  );
  const commentTotal = sqlite.prepare(
    `insert into survey_comment_totals (survey_id, comments, lexicon_fingerprint) values (?, ?, ?)
     on conflict (survey_id) do update set comments = comments + excluded.comments`,
  );

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
    for (const t of s.texts) {
      const textId = newId();
      text.run(textId, s.surveyId, id, t.question, t.text, now);
      for (const term of t.terms) termIndex.run(s.surveyId, term, textId);
    }
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
    const keywords = new Map<string, { fingerprint: string; delta: KeywordTotals }>();
    const outcomes = batch.map((s) => {
      try {
        const { outcome, neighbourhoodId } = storeOne(s, now);
        if (outcome.kind !== "stored") return outcome;
        const key = TallyTotals.key(s.surveyId, s.verified);
        for (const t of s.tallies) tallies.add(key, t);
        if (s.texts.length) {
          const kept = keywords.get(s.surveyId) ?? { fingerprint: s.lexiconFingerprint, delta: emptyTotals() };
          for (const t of s.texts) tallyComment(kept.delta, new Set(t.terms));
          keywords.set(s.surveyId, kept);
        }
        const countKey = `${s.surveyId}\u0000${neighbourhoodId ?? ""}\u0000${s.channel}`;
        const c = counts.get(countKey) ?? { surveyId: s.surveyId, neighbourhood: neighbourhoodId ?? "", channel: s.channel, n: 0 };
        c.n++;
        counts.set(countKey, c);
        return outcome;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    tallies.forEach((key, row) => {
      const verified = !key.endsWith("\u0000");
      tally.run(verified ? key : key.slice(0, -1), row.question, row.option, row.segment, verified ? 1 : 0, row.count, row.sum);
    });
    for (const c of counts.values()) count.run(c.surveyId, c.neighbourhood, c.channel, c.n);
    for (const [surveyId, { fingerprint, delta }] of keywords) {
      for (const [term, n] of delta.terms) termTotal.run(surveyId, term, n);
      commentTotal.run(surveyId, delta.comments, fingerprint);
    }
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
