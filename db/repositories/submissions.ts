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
import { insertWithNewId } from "./new-row";
import { nowIso } from "../clock";
import type { SurveyChannel } from "../../workflows/glossary";
import type { Database } from "../schema";
import { postgresSubmissionStore } from "./submissions-postgres";
import { sqliteSubmissionStore } from "./submissions-sqlite";
import { claimHouseholdCode, findHouseholdCode } from "./survey-household-codes";
import type { TallyRow } from "../../workflows/surveys/tallies";
import { addCommentTotals, indexCommentTerms } from "./comment-keywords";
import { keywordDelta } from "../../workflows/comments/keywords";
import { addResponseCount, addTallies, deviceHasResponded, findResponseByIdempotencyKey } from "./surveys";

export interface PreparedSubmission {
  surveyId: string;
  communityCode: string;
  idempotencyKey: string;
  /** HMAC of the household code, or null for open-link and uncoded paper forms. */
  codeHash: string | null;
  deviceId: string | null;
  channel: SurveyChannel;
  /** Came with a household code (已核验): its tallies are kept apart from the others. */
  verified: boolean;
  answersJson: string;
  hasElderly: boolean;
  hasYoungChildren: boolean;
  enteredBy: string | null;
  /** The 小区 the resident chose; a household code's own 小区 wins over it. */
  answeredNeighbourhood: string | null;
  tallies: readonly TallyRow[];
  /** Each text with its keywords (segmented before the store is reached, ADR 0011). */
  texts: readonly { question: string; text: string; terms: readonly string[] }[];
  /** The lexicon the keywords were found with. */
  lexiconFingerprint: string;
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
  if (sqlite) return sqliteSubmissionStore(db, sqlite);
  if (pool) return postgresSubmissionStore(pool);
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
      const now = nowIso();
      const id = await insertWithNewId(trx, "survey_responses", {
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
      });
      if (s.texts.length) {
        const texts = s.texts.map((t) => ({ ...t, id: newId() }));
        await trx
          .insertInto("survey_text_answers")
          .values(texts.map((t) => ({ id: t.id, survey_id: s.surveyId, response_id: id, question: t.question, text: t.text, created_at: now })))
          .execute();
        await indexCommentTerms(trx, texts.flatMap((t) => t.terms.map((term) => ({ surveyId: s.surveyId, term, textAnswerId: t.id }))));
      }
      // The survey's shared summary rows last: every answer to the survey waits for them,
      // so they are held for as short a time as possible.
      await addTallies(trx, s.surveyId, s.verified, [...s.tallies].sort(byTallyKey));
      await addResponseCount(trx, s.surveyId, neighbourhoodId, s.channel);
      await addCommentTotals(trx, s.surveyId, keywordDelta(s.texts.map((t) => new Set(t.terms))), s.lexiconFingerprint);
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
