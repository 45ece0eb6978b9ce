// Rate limits on the public survey endpoint (issue 16.2, ADR 0012): open-link answers per
// address and survey; failed household codes per address and survey, and per address
// overall. Counted in the database under the address's lock (workflows/public-limits.ts
// decides), so several app instances on one PostgreSQL database hold one limit.
import type { Kysely } from "kysely";
import { now } from "../../db/clock";
import { lockLimitAddress, purgeLimitCounters, readLimitCounters, releaseLimitCounters, saveLimitCounter } from "../../db/repositories/public-limits";
import type { Database } from "../../db/schema";
import {
  admitUnderLimits,
  countedOnce,
  type Limit,
  PUBLIC_LIMIT_SETTINGS,
  PUBLIC_LIMIT_SETTINGS_PREFIX,
  type PublicLimitSettings,
  publicLimitSettingsProblem,
  waitLabel,
} from "../../workflows/public-limits";
import { loadSettingModule, type SettingModule } from "./settings.server";

export type LimitKind = "open_link" | "household_code";

export type Admission =
  | {
      admitted: true;
      /** Once the outcome is known: `counts` — an open-link answer was stored, or a household code failed. */
      settle: (counts: boolean) => Promise<void>;
    }
  | { admitted: false; status: 429; code: "rate_limited"; message: string; retryAfterSeconds: number };

export const PUBLIC_LIMIT_SETTING_MODULE: SettingModule<PublicLimitSettings> = { prefix: PUBLIC_LIMIT_SETTINGS_PREFIX, defaults: PUBLIC_LIMIT_SETTINGS, problem: publicLimitSettingsProblem };

// Read on every counted request: settings change rarely, so a minute's delay is fine.
const SETTINGS_TTL_MS = 60_000;
const settingsCache = new WeakMap<Kysely<Database>, { at: number; settings: PublicLimitSettings }>();
async function settingsInForce(db: Kysely<Database>): Promise<PublicLimitSettings> {
  const cached = settingsCache.get(db);
  if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.settings;
  const { settings } = await loadSettingModule(db, PUBLIC_LIMIT_SETTING_MODULE);
  settingsCache.set(db, { at: Date.now(), settings });
  return settings;
}

/** Forgets the cached settings (after a 市级管理员's change in tests). */
export function forgetPublicLimitSettings(db: Kysely<Database>): void {
  settingsCache.delete(db);
}

export const limitKeys = {
  openLink: (ip: string, surveyId: string) => `open:${ip}:${surveyId}`,
  codeFailures: (ip: string, surveyId: string) => `code:${ip}:${surveyId}`,
  codeFailuresOverall: (ip: string) => `code:${ip}`,
};

function limitsOf(kind: LimitKind, settings: PublicLimitSettings, ip: string, surveyId: string): { key: string; limit: Limit }[] {
  if (kind === "open_link") {
    const { maxAnswers, windowMinutes } = settings.openLink;
    return [{ key: limitKeys.openLink(ip, surveyId), limit: { max: maxAnswers.value, windowMinutes: windowMinutes.value } }];
  }
  const { maxFailuresPerSurvey, maxFailuresOverall, windowMinutes } = settings.householdCodes;
  return [
    { key: limitKeys.codeFailures(ip, surveyId), limit: { max: maxFailuresPerSurvey.value, windowMinutes: windowMinutes.value } },
    { key: limitKeys.codeFailuresOverall(ip), limit: { max: maxFailuresOverall.value, windowMinutes: windowMinutes.value } },
  ];
}

function refusalMessage(kind: LimitKind, wait: string): string {
  return kind === "open_link"
    ? `这个网络地址刚刚提交的答卷太多了，请 ${wait}后再点“再次提交”。您填写的内容已保存在本机，不会丢失。`
    : `户码输错的次数太多了，请 ${wait}后再试。您填写的内容已保存在本机，不会丢失；如果确认户码无误，请联系发放纸条的社区居委会工作人员核对。`;
}

const PURGE_EVERY_MS = 10 * 60_000;
const lastPurge = new WeakMap<Kysely<Database>, number>();

/**
 * Admits one request of `kind` from `ip` for the survey, or refuses it (429) with how long to
 * wait. Open-link answers are counted before they are stored, under the address's lock, so
 * concurrent ones cannot slip past the limit (one not stored gives its count back). Household
 * codes are counted only once they fail: a right code costs one read and never waits for a
 * lock, so a crowd answering at once behind one address is never refused for it. Concurrent
 * wrong guesses may pass the check together before their failures are counted, a few dozen
 * guesses among 30⁸ codes (ADR 0012).
 */
export async function admitPublicRequest(db: Kysely<Database>, kind: LimitKind, input: { ip: string; surveyId: string }): Promise<Admission> {
  const settings = await settingsInForce(db);
  const limits = limitsOf(kind, settings, input.ip, input.surveyId);
  const at = now();
  const decision =
    kind === "open_link"
      ? await db.transaction().execute(async (trx) => {
          await lockLimitAddress(trx, input.ip);
          const decided = admitUnderLimits(await checksOf(trx, limits), at);
          if (decided.admitted) for (const [i, counter] of decided.counters.entries()) await saveLimitCounter(trx, limits[i].key, counter);
          return decided;
        })
      : admitUnderLimits(await checksOf(db, limits), at);
  if (Date.now() - (lastPurge.get(db) ?? 0) > PURGE_EVERY_MS) {
    lastPurge.set(db, Date.now());
    await purgeLimitCounters(db, new Date(at.getTime() - 86_400_000).toISOString());
  }
  if (!decision.admitted) {
    const { retryAfterSeconds } = decision;
    return { admitted: false, status: 429, code: "rate_limited", retryAfterSeconds, message: refusalMessage(kind, waitLabel(retryAfterSeconds)) };
  }
  if (kind === "open_link") {
    const counted = decision.counters.map((c, i) => ({ key: limits[i].key, windowStartedAt: c.windowStartedAt }));
    return { admitted: true, settle: (stored) => (stored ? Promise.resolve() : releaseLimitCounters(db, counted)) };
  }
  return { admitted: true, settle: (failed) => (failed ? countFailure(db, input.ip, limits) : Promise.resolve()) };
}

async function checksOf(db: Kysely<Database>, limits: readonly { key: string; limit: Limit }[]) {
  const rows = await readLimitCounters(db, limits.map((l) => l.key));
  return limits.map((l) => ({ row: rows.get(l.key) ?? null, limit: l.limit }));
}

/** A failed household code counts on each of its counters, under the address's lock so no count is lost. */
function countFailure(db: Kysely<Database>, ip: string, limits: readonly { key: string; limit: Limit }[]): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await lockLimitAddress(trx, ip);
    const at = now();
    const checks = await checksOf(trx, limits);
    for (const [i, { row, limit }] of checks.entries()) await saveLimitCounter(trx, limits[i].key, countedOnce(row, limit, at));
  });
}
