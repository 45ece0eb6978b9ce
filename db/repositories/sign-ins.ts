// Sign-in attempts (history) and throttling rows (workflows/login-throttle.ts decides).
import type { Kysely } from "kysely";
import type { ThrottleRow } from "../../workflows/login-throttle";
import { lockKey } from "../dialect";
import type { Database } from "../schema";

export async function insertLoginAttempt(
  db: Kysely<Database>,
  attempt: { username: string; ip: string; succeeded: boolean; attemptedAt: string },
): Promise<void> {
  await db
    .insertInto("login_attempts")
    .values({ username: attempt.username, ip: attempt.ip, succeeded: attempt.succeeded ? 1 : 0, attempted_at: attempt.attemptedAt })
    .execute();
}

/**
 * Call first inside the transaction that reads and writes an address's throttling rows: on
 * PostgreSQL concurrent attempts from one address then queue here; SQLite's BEGIN IMMEDIATE
 * already serialises them (db/client.ts).
 */
export function lockAddress(trx: Kysely<Database>, ip: string): Promise<void> {
  return lockKey(trx, `sign-in:${ip}`);
}

export async function readThrottles(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, ThrottleRow>> {
  const rows = await db.selectFrom("login_throttles").select(["key", "failures", "next_allowed_at", "updated_at"]).where("key", "in", [...keys]).execute();
  return new Map(rows.map((r) => [r.key, { failures: r.failures, nextAllowedAt: r.next_allowed_at, updatedAt: r.updated_at }]));
}

export async function saveThrottle(db: Kysely<Database>, key: string, username: string | null, row: ThrottleRow): Promise<void> {
  const values = { failures: row.failures, next_allowed_at: row.nextAllowedAt, updated_at: row.updatedAt };
  await db
    .insertInto("login_throttles")
    .values({ key, username, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
}

export async function deleteThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("login_throttles").where("key", "=", key).execute();
}

/** Unlock: forget a username's failures from every address. */
export async function deleteThrottlesOfUsername(db: Kysely<Database>, username: string): Promise<number> {
  const result = await db.deleteFrom("login_throttles").where("username", "=", username).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** How many addresses must wait before trying this username again. */
export async function countThrottledAddresses(db: Kysely<Database>, username: string, now: string): Promise<number> {
  const row = await db
    .selectFrom("login_throttles")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("username", "=", username)
    .where("next_allowed_at", ">", now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Old attempts and quiet throttling rows go; the login_attempts history is kept for `attemptsSince`. */
export async function purgeSignIns(db: Kysely<Database>, input: { attemptsBefore: string; throttlesBefore: string }): Promise<void> {
  await db.deleteFrom("login_attempts").where("attempted_at", "<", input.attemptsBefore).execute();
  await db.deleteFrom("login_throttles").where("updated_at", "<", input.throttlesBefore).where("next_allowed_at", "<", input.throttlesBefore).execute();
}
