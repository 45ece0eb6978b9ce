// Fixed-window counters of the public survey endpoint (workflows/public-limits.ts decides).
import type { Kysely } from "kysely";
import type { LimitCounter } from "../../workflows/public-limits";
import { lockKey } from "../dialect";
import type { Database } from "../schema";

/**
 * Call first inside the transaction that reads and writes an address's counters: on
 * PostgreSQL concurrent requests from one address (to any instance) queue here; SQLite's
 * BEGIN IMMEDIATE already serialises them (db/client.ts).
 */
export function lockLimitAddress(trx: Kysely<Database>, ip: string): Promise<void> {
  return lockKey(trx, `public-limit:${ip}`);
}

export async function readLimitCounters(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, LimitCounter>> {
  const rows = await db.selectFrom("public_limit_counters").select(["key", "count", "window_started_at"]).where("key", "in", [...keys]).execute();
  return new Map(rows.map((r) => [r.key, { count: Number(r.count), windowStartedAt: r.window_started_at }]));
}

export async function saveLimitCounter(db: Kysely<Database>, key: string, counter: LimitCounter): Promise<void> {
  const values = { count: counter.count, window_started_at: counter.windowStartedAt };
  await db
    .insertInto("public_limit_counters")
    .values({ key, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
}

/** Gives back one count of the windows counted, unless a window has started since. */
export async function releaseLimitCounters(db: Kysely<Database>, counted: readonly { key: string; windowStartedAt: string }[]): Promise<void> {
  for (const { key, windowStartedAt } of counted) {
    await db
      .updateTable("public_limit_counters")
      .set((eb) => ({ count: eb("count", "-", 1) }))
      .where("key", "=", key)
      .where("window_started_at", "=", windowStartedAt)
      .where("count", ">", 0)
      .execute();
  }
}

export async function countOfLimit(db: Kysely<Database>, key: string): Promise<number> {
  const row = await db.selectFrom("public_limit_counters").select("count").where("key", "=", key).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Windows that started before `before` are over (no window is longer than a day). */
export async function purgeLimitCounters(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom("public_limit_counters").where("window_started_at", "<", before).execute();
}
