// The one clock. Everything that needs "now" asks here; pure code takes the instant as an
// argument (workflows/dates.ts), so tests can pass any date.
import { hangzhouDate, hangzhouMonth, hangzhouYear } from "../workflows/dates";

export function now(): Date {
  return new Date();
}

/** An ISO-8601 UTC timestamp: how every table stores time (docs/decisions/0002-portable-sql.md). */
export function nowIso(): string {
  return now().toISOString();
}

/** Today (YYYY-MM-DD) in Asia/Shanghai. */
export function todayInHangzhou(): string {
  return hangzhouDate(now());
}

/** This month (YYYY-MM) in Asia/Shanghai. */
export function monthInHangzhou(): string {
  return hangzhouMonth(now());
}

/** This year in Asia/Shanghai. */
export function yearInHangzhou(): number {
  return hangzhouYear(now());
}
