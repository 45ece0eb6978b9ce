// Rate limits on the public survey endpoint (issue 16.2, docs/decisions/0012): the
// [默认值] settings (key prefix "public-limits", app/lib/settings.server.ts) and a pure decision
// over fixed-window counter rows. app/lib/public-limits.server.ts reads and writes the rows
// under a lock, so concurrent requests, on one instance or several, are counted one by one.
import type { NumberSetting } from "./policy/profile";
import { defaultSetting as setting } from "./setting-overrides";

export const PUBLIC_LIMIT_SETTINGS_PREFIX = "public-limits";

export interface PublicLimitSettings {
  openLink: { maxAnswers: NumberSetting; windowMinutes: NumberSetting };
  householdCodes: { maxFailuresPerSurvey: NumberSetting; maxFailuresOverall: NumberSetting; windowMinutes: NumberSetting };
}

/** Our defaults; the reason for each number is in docs/decisions/0012-public-endpoint-limits.md. */
export const PUBLIC_LIMIT_SETTINGS: PublicLimitSettings = {
  openLink: {
    maxAnswers: setting(30, "公开链接答卷：每个网络地址每份问卷最多", "份", "同一 Wi-Fi 或同一运营商出口的多户居民共用一个地址，按社区活动日的高峰留足余量"),
    windowMinutes: setting(60, "公开链接答卷：计数时段", "分钟"),
  },
  householdCodes: {
    maxFailuresPerSurvey: setting(15, "户码输错：每个网络地址每份问卷最多", "次", "社区服务中心的共用平板上多户轮流输入，每户偶尔输错一两次"),
    maxFailuresOverall: setting(40, "户码输错：每个网络地址所有问卷合计最多", "次", "挡住换着问卷逐个试户码"),
    windowMinutes: setting(30, "户码输错：计数时段", "分钟", "超过次数的居民最多等这么久"),
  },
};

export function publicLimitSettingsProblem(s: PublicLimitSettings): string | null {
  const counts = [s.openLink.maxAnswers, s.householdCodes.maxFailuresPerSurvey, s.householdCodes.maxFailuresOverall];
  if (counts.some((c) => c.value < 1 || !Number.isInteger(c.value))) return "次数和份数须为正整数";
  const windows = [s.openLink.windowMinutes, s.householdCodes.windowMinutes];
  if (windows.some((w) => w.value < 1 || w.value > 1440)) return "计数时段须在 1 到 1440 分钟之间";
  if (s.householdCodes.maxFailuresOverall.value < s.householdCodes.maxFailuresPerSurvey.value) return "户码输错的合计上限不能小于每份问卷的上限";
  return null;
}

export interface LimitCounter {
  count: number;
  windowStartedAt: string;
}

export interface Limit {
  max: number;
  windowMinutes: number;
}

export type LimitDecision = { admitted: true; counters: LimitCounter[] } | { admitted: false; retryAfterSeconds: number };

/** The counter as it stands now: null once its window has passed. */
export function currentCounter(row: LimitCounter | null, limit: Limit, now: Date): LimitCounter | null {
  if (!row) return null;
  return Date.parse(row.windowStartedAt) + limit.windowMinutes * 60_000 <= now.getTime() ? null : row;
}

/** The counter with one more request in it (a new window if the last one has passed). */
export function countedOnce(row: LimitCounter | null, limit: Limit, now: Date): LimitCounter {
  const counter = currentCounter(row, limit, now);
  return counter ? { ...counter, count: counter.count + 1 } : { count: 1, windowStartedAt: now.toISOString() };
}

/**
 * Whether one more request fits under every limit, and the counters with it counted (each one
 * up). Refused: how long until the fullest window ends.
 */
export function admitUnderLimits(checks: readonly { row: LimitCounter | null; limit: Limit }[], now: Date): LimitDecision {
  let waitUntil = 0;
  for (const { row, limit } of checks) {
    const counter = currentCounter(row, limit, now);
    if (counter && counter.count >= limit.max) waitUntil = Math.max(waitUntil, Date.parse(counter.windowStartedAt) + limit.windowMinutes * 60_000);
  }
  if (waitUntil > now.getTime()) return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((waitUntil - now.getTime()) / 1000)) };
  return { admitted: true, counters: checks.map(({ row, limit }) => countedOnce(row, limit, now)) };
}

/** A wait as residents read it: "45 秒" or "12 分钟". */
export function waitLabel(seconds: number): string {
  return seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`;
}
