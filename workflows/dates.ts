// Calendar dates as Hangzhou sees them (Asia/Shanghai), for a given instant. Pure: the one
// clock that supplies "now" is db/clock.ts.
const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

/** YYYY-MM-DD in Asia/Shanghai. */
export function hangzhouDate(at: Date): string {
  return ymd.format(at);
}

/** The instant a Hangzhou calendar day (YYYY-MM-DD) begins, as an ISO string. */
export function hangzhouDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
}

/** YYYY-MM in Asia/Shanghai. */
export function hangzhouMonth(at: Date): string {
  return hangzhouDate(at).slice(0, 7);
}

/** The calendar year in Asia/Shanghai (a round opened on 31 December at 23:30 UTC belongs to the next year). */
export function hangzhouYear(at: Date): number {
  return Number(hangzhouDate(at).slice(0, 4));
}

/** The `count` months up to and including `last` (YYYY-MM), oldest first. */
export function monthsUpTo(last: string, count: number): string[] {
  const index = Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const k = index - count + 1 + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
  });
}
