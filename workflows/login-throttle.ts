// Sign-in throttling as a pure decision over counter rows (one per (username, address), one
// per address). Growing delays, never a hard lock, and no per-username row: an outsider can
// slow down only their own address, so the right password from another address still works.
// app/lib/sign-in.server.ts reads and writes the rows under a lock, so that 50 concurrent
// attempts are admitted one by one.

export interface ThrottleRow {
  failures: number;
  /** ISO instant before which no attempt is checked. */
  nextAllowedAt: string;
  updatedAt: string;
}

export const THROTTLE = {
  /** Failed attempts allowed without waiting, per (username, address) and per address. */
  freeAttempts: { pair: 5, address: 50 },
  firstDelaySeconds: 1,
  maxDelaySeconds: 600,
  /** A row quiet this long is forgotten. */
  forgetAfterMinutes: 60,
} as const;

export type ThrottleDecision =
  | { admitted: true; pair: ThrottleRow; address: ThrottleRow }
  | { admitted: false; retryAfterSeconds: number };

/** The wait after the n-th failure beyond the free ones: 1 s, 2 s, 4 s … up to the cap. */
export function delaySeconds(failuresBeyondFree: number): number {
  if (failuresBeyondFree <= 0) return 0;
  return Math.min(THROTTLE.maxDelaySeconds, THROTTLE.firstDelaySeconds * 2 ** (failuresBeyondFree - 1));
}

function current(row: ThrottleRow | null, now: Date): ThrottleRow | null {
  if (!row) return null;
  const quietFor = now.getTime() - Date.parse(row.updatedAt);
  return quietFor > THROTTLE.forgetAfterMinutes * 60_000 ? null : row;
}

/** An attempt counts as a failure until it is proved right, so concurrent attempts cannot slip through. */
function counted(row: ThrottleRow | null, free: number, now: Date): ThrottleRow {
  const failures = (row?.failures ?? 0) + 1;
  const wait = delaySeconds(failures - free + 1);
  return { failures, nextAllowedAt: new Date(now.getTime() + wait * 1000).toISOString(), updatedAt: now.toISOString() };
}

/**
 * Whether an attempt may be checked against the password hash now, and the rows to store if so.
 * With 5 free attempts the 5th admitted one already sets the 1-second wait for the 6th.
 */
export function admitAttempt(rows: { pair: ThrottleRow | null; address: ThrottleRow | null }, now: Date): ThrottleDecision {
  const pair = current(rows.pair, now);
  const address = current(rows.address, now);
  const waitUntil = Math.max(pair ? Date.parse(pair.nextAllowedAt) : 0, address ? Date.parse(address.nextAllowedAt) : 0);
  if (waitUntil > now.getTime()) return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((waitUntil - now.getTime()) / 1000)) };
  return {
    admitted: true,
    pair: counted(pair, THROTTLE.freeAttempts.pair, now),
    address: counted(address, THROTTLE.freeAttempts.address, now),
  };
}

/**
 * After the right password: the (username, address) row is cleared by the caller and the
 * address keeps its count less this attempt (a success on one's own account must not wipe
 * an address's failures on others).
 */
export function afterSuccess(address: ThrottleRow, now: Date): ThrottleRow {
  return { ...address, failures: Math.max(0, address.failures - 1), updatedAt: now.toISOString() };
}
