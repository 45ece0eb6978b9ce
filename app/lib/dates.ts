// Calendar dates as Hangzhou sees them (Asia/Shanghai): "today" for overdue milestones and
// "this month" for operating figures. Client-safe.
const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

/** YYYY-MM-DD in Asia/Shanghai. */
export function todayInHangzhou(now: Date = new Date()): string {
  return ymd.format(now);
}

/** YYYY-MM in Asia/Shanghai. */
export function monthInHangzhou(now: Date = new Date()): string {
  return todayInHangzhou(now).slice(0, 7);
}

/** The `count` months up to and including `last` (YYYY-MM), oldest first. */
export function monthsUpTo(last: string, count: number): string[] {
  const index = Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const k = index - count + 1 + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
  });
}
