// Issue 20.2: the household code is checked as soon as the resident has typed all 8
// characters, before page 1, so a used or mistyped code is not found only at the very end.
// Public like the answer endpoint: the same failed-code limit, and unknown, malformed and
// used codes get the one answer of issue 16 (HOUSEHOLD_CODE_REFUSAL).
import type { Kysely } from "kysely";
import { z } from "zod";
import { nowIso } from "../../db/clock";
import { findHouseholdCode } from "../../db/repositories/survey-household-codes";
import { findSurveyByToken } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { surveyAvailability } from "../../workflows/surveys/availability";
import { isHouseholdCode } from "../../workflows/surveys/household-codes";
import { admitPublicRequest } from "./public-limits.server";
import { HOUSEHOLD_CODE_REFUSAL } from "./public-answers.server";
import { hashHouseholdCode } from "./survey-household-codes.server";
import { AVAILABILITY_REFUSALS } from "./survey-submission.server";

const CodeCheckSchema = z.object({ householdCode: z.string({ error: "请填写户码。" }).max(32, "户码格式不正确。") });

export const CODE_ACCEPTED_MESSAGE = "户码可以使用，请继续填写问卷。";

export type CodeCheckResult =
  | { ok: true; status: 200; message: string }
  | { ok: false; status: 400 | 403 | 404 | 410 | 429; code: string; message: string; retryAfterSeconds?: number };

export async function checkHouseholdCodeForResident(
  db: Kysely<Database>,
  change: { ip: string },
  input: { token: string; payload: unknown },
): Promise<CodeCheckResult> {
  const parsed = CodeCheckSchema.safeParse(input.payload);
  if (!parsed.success) return { ok: false, status: 400, code: "bad_request", message: parsed.error.issues[0]?.message ?? "提交内容格式不正确。" };
  const survey = /^[A-Za-z0-9_-]{6,32}$/.test(input.token) ? await findSurveyByToken(db, input.token) : null;
  if (!survey || survey.status === "draft") return { ok: false, status: 404, code: "not_found", message: "找不到这份问卷，请核对链接或二维码。" };
  const availability = surveyAvailability(survey, nowIso());
  if (availability !== "open") return { ok: false, ...AVAILABILITY_REFUSALS[availability] };

  const admission = await admitPublicRequest(db, "household_code", { ip: change.ip, surveyId: survey.id });
  if (!admission.admitted) return { ok: false, status: 429, code: admission.code, message: admission.message, retryAfterSeconds: admission.retryAfterSeconds };
  const code = parsed.data.householdCode;
  const found = isHouseholdCode(code) ? await findHouseholdCode(db, survey.id, hashHouseholdCode(code, survey.codeSalt)) : null;
  const failed = !found || found.usedAt !== null;
  await admission.settle(failed);
  if (failed) return HOUSEHOLD_CODE_REFUSAL;
  return { ok: true, status: 200, message: CODE_ACCEPTED_MESSAGE };
}
