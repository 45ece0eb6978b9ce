// Household codes (户码): issued in numbered batches per survey, stored only as HMACs, each
// claimed once by the answer that uses it.
import type { Kysely } from "kysely";
import { newId } from "../ids";
import { nowIso } from "../clock";
import type { Database } from "../schema";

export async function findHouseholdCode(
  db: Kysely<Database>,
  surveyId: string,
  codeHash: string,
): Promise<{ id: string; neighbourhoodId: string | null; usedAt: string | null } | null> {
  const row = await db
    .selectFrom("household_codes")
    .select(["id", "neighbourhood_id", "used_at"])
    .where("survey_id", "=", surveyId)
    .where("code_hash", "=", codeHash)
    .executeTakeFirst();
  return row ? { id: row.id, neighbourhoodId: row.neighbourhood_id, usedAt: row.used_at } : null;
}

/** Marks a code used only if it was unused: false means another phone got there first. */
export async function claimHouseholdCode(db: Kysely<Database>, codeId: string): Promise<boolean> {
  const result = await db
    .updateTable("household_codes")
    .set({ used_at: nowIso() })
    .where("id", "=", codeId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface HouseholdCodeSummary {
  neighbourhoodId: string | null;
  issued: number;
  used: number;
}

export async function summariseHouseholdCodes(db: Kysely<Database>, surveyId: string): Promise<HouseholdCodeSummary[]> {
  const rows = await db
    .selectFrom("household_codes")
    .select((eb) => [
      "neighbourhood_id",
      eb.fn.countAll<number>().as("issued"),
      eb.fn.count<number>("used_at").as("used"),
    ])
    .where("survey_id", "=", surveyId)
    .groupBy("neighbourhood_id")
    .execute();
  return rows.map((r) => ({ neighbourhoodId: r.neighbourhood_id, issued: Number(r.issued), used: Number(r.used) }));
}

/** The number the next batch of the survey gets (1 for the first). */
export async function nextHouseholdCodeBatch(db: Kysely<Database>, surveyId: string): Promise<number> {
  const last = await db
    .selectFrom("household_codes")
    .select((eb) => eb.fn.max("batch").as("batch"))
    .where("survey_id", "=", surveyId)
    .executeTakeFirst();
  return Number(last?.batch ?? 0) + 1;
}

/** One 小区's share of a batch, as hashes. */
export async function insertHouseholdCodes(
  db: Kysely<Database>,
  batch: { surveyId: string; neighbourhoodId: string; batch: number; codeHashes: readonly string[] },
): Promise<void> {
  const now = nowIso();
  const rows = batch.codeHashes.map((codeHash) => ({
    id: newId(),
    survey_id: batch.surveyId,
    neighbourhood_id: batch.neighbourhoodId,
    code_hash: codeHash,
    batch: batch.batch,
    used_at: null,
    created_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200) await db.insertInto("household_codes").values(rows.slice(i, i + 200)).execute();
}

/** Whether the form with this request id already issued a batch (its audit row says so). */
export async function householdCodeRequestDone(db: Kysely<Database>, surveyId: string, requestId: string): Promise<boolean> {
  const done = await db
    .selectFrom("audit_log")
    .select("id")
    .where("entity_id", "=", surveyId)
    .where("action", "=", "survey.household_codes")
    .where("after_json", "like", `%"requestId":"${requestId.replace(/[^A-Za-z0-9-]/g, "")}"%`)
    .executeTakeFirst();
  return done !== undefined;
}

/** Whether any household code was issued for the survey (one indexed row). */
export async function hasHouseholdCodes(db: Kysely<Database>, surveyId: string): Promise<boolean> {
  const row = await db.selectFrom("household_codes").select("id").where("survey_id", "=", surveyId).limit(1).executeTakeFirst();
  return row !== undefined;
}
