// What the public survey endpoints (answers, code check) answer alike: exactly JSON in, one
// answer for every unusable household code (issue 16), and Retry-After on 429.

export function isJsonContentType(header: string | undefined): boolean {
  const [type, ...parameters] = (header ?? "").toLowerCase().split(";").map((p) => p.trim());
  return type === "application/json" && parameters.every((p) => p === "charset=utf-8" || p === "charset=\"utf-8\"");
}

/**
 * Unknown, malformed and used household codes get one answer (issue 16): the public learns
 * nothing about which codes exist. The desk (paper entry) keeps the precise words.
 */
export const HOUSEHOLD_CODE_REFUSAL = {
  ok: false,
  status: 400,
  code: "household_code_rejected",
  message: "这个户码无法使用。请核对纸条上的 8 位户码后重新输入；如果确认无误仍不能提交，请联系发放纸条的社区居委会工作人员核对。",
} as const;
const CODE_REFUSALS = new Set(["household_code_unknown", "household_code_used", "household_code_invalid"]);

export const isCodeRefusal = (result: { ok: boolean; code?: string }): boolean => !result.ok && CODE_REFUSALS.has(result.code ?? "");

export const retryAfterHeader = (seconds: number) => ({ "Retry-After": String(seconds) });
