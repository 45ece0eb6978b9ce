// One resident answer set in: validated against the published survey, checked for its
// household code or device, stored with its tallies in one transaction. The same function
// serves the public endpoint (server.ts, in front of Remix) and paper entry.
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { postgresPoolOf, sqliteHandleOf } from "../../db/client";
import { nowIso } from "../../db/clock";
import { createSubmissionStore, type SubmissionStore } from "../../db/repositories/submissions";
import type { Survey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { isVerifiedChannel, type SurveyChannel } from "../../workflows/glossary";
import { cachedAnswerValidator } from "../../workflows/surveys/answers";
import { NEIGHBOURHOOD_QUESTION, type SurveyJson } from "../../workflows/surveys/definition";
import { isHouseholdCode } from "../../workflows/surveys/household-codes";
import { lexiconInForce, termsOfTexts } from "./comment-lexicon.server";
import { hashHouseholdCode } from "./survey-household-codes.server";
import { segmentsOf, tallyDeltas, textAnswers } from "../../workflows/surveys/tallies";
import { surveyAvailability } from "../../workflows/surveys/availability";

export const SubmissionSchema = z.object({
  idempotencyKey: z.string({ error: "缺少提交编号" }).regex(/^[A-Za-z0-9_-]{8,64}$/, "提交编号格式不正确"),
  answers: z.unknown(),
  householdCode: z.string().max(32).optional(),
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "设备编号格式不正确").optional(),
});
export type Submission = z.infer<typeof SubmissionSchema>;

export type SubmissionResult =
  | { ok: true; status: 200 | 201; receipt: string; duplicate: boolean; verified: boolean }
  | { ok: false; status: 400 | 403 | 409 | 410 | 422; code: string; message: string; errors?: { question: string; message: string }[] };

export const AVAILABILITY_REFUSALS = {
  draft: { status: 403, code: "not_published", message: "该问卷尚未发布。" },
  not_yet_open: { status: 403, code: "not_yet_open", message: "问卷还没有开始，请在开始时间之后再来填写。" },
  closed: { status: 410, code: "closed", message: "问卷已经结束，感谢您的关注。" },
} as const;

/** A short code the resident can quote ("回执号"), unrelated to the household code. */
function newReceipt(): string {
  const hex = crypto.randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase();
  return `${hex.slice(0, 5)}-${hex.slice(5)}`;
}

export interface SubmissionContext {
  /** online, or the desk's paper / assisted (a code-less form becomes paper_uncoded). */
  channel: Extract<SurveyChannel, "online" | "paper" | "assisted">;
  /** The 社区工作者 who keyed in a paper form. */
  enteredBy?: string | null;
  /** Which store implementation to use; by default the fastest the database offers. */
  store?: SubmissionStore;
}

export async function submitResponse(
  db: Kysely<Database>,
  survey: Survey,
  payload: unknown,
  context: SubmissionContext = { channel: "online" },
): Promise<SubmissionResult> {
  const availability = surveyAvailability(survey, nowIso());
  // Paper forms collected before the deadline may be keyed in after it, until the survey is closed.
  const keyingLate = context.channel !== "online" && availability === "closed" && survey.status === "published";
  if (availability !== "open" && !keyingLate) return { ok: false, ...AVAILABILITY_REFUSALS[availability] };

  const parsed = SubmissionSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, status: 400, code: "bad_request", message: parsed.error.issues[0]?.message ?? "提交内容格式不正确" };
  const submission = parsed.data;

  const validator = cachedAnswerValidator(`${survey.id}@${survey.definitionVersion}`, () => survey.definition as SurveyJson);
  const checked = validator(submission.answers, { allowUnanswered: context.channel !== "online" });
  if (!checked.ok) {
    return { ok: false, status: 422, code: "invalid_answers", message: checked.errors[0]?.message ?? "答卷有误", errors: checked.errors };
  }

  let channel: SurveyChannel = context.channel;
  const code = submission.householdCode?.trim() ? submission.householdCode : null;
  if (code === null && context.channel === "online") {
    if (!survey.openLinkEnabled) return { ok: false, status: 400, code: "household_code_required", message: "请输入社区发放的户码。" };
    if (!submission.deviceId) return { ok: false, status: 400, code: "device_required", message: "无法识别本设备，请刷新页面后重试。" };
    channel = "open_link";
  }
  if (code === null && context.channel !== "online") channel = "paper_uncoded";
  if (code !== null && !isHouseholdCode(code)) {
    return { ok: false, status: 400, code: "household_code_invalid", message: "户码格式不正确，请核对纸条上的 8 位户码。" };
  }

  const data = checked.data;
  const segments = segmentsOf(data);
  const texts = textAnswers(validator.questions, data);
  const { vocabulary } = await lexiconInForce(db);
  const terms = termsOfTexts(texts, vocabulary);
  const outcome = await (context.store ?? submissionStore(db)).save({
    surveyId: survey.id,
    communityCode: survey.communityCode,
    idempotencyKey: submission.idempotencyKey,
    codeHash: code === null ? null : hashHouseholdCode(code, survey.codeSalt),
    deviceId: channel === "open_link" ? submission.deviceId! : null,
    channel,
    verified: isVerifiedChannel(channel),
    answersJson: JSON.stringify(data),
    hasElderly: segments.includes("elderly"),
    hasYoungChildren: segments.includes("young_children"),
    enteredBy: context.enteredBy ?? null,
    answeredNeighbourhood: typeof data[NEIGHBOURHOOD_QUESTION] === "string" ? (data[NEIGHBOURHOOD_QUESTION] as string) : null,
    tallies: tallyDeltas(validator.questions, data),
    texts: texts.map((t, i) => ({ ...t, terms: terms[i] })),
    lexiconFingerprint: vocabulary.fingerprint,
    receipt: newReceipt(),
  });
  switch (outcome.kind) {
    case "stored":
      return { ok: true, status: 201, receipt: outcome.receipt, duplicate: false, verified: isVerifiedChannel(channel) };
    case "duplicate":
      return { ok: true, status: 200, receipt: outcome.receipt, duplicate: true, verified: isVerifiedChannel(channel) };
    case "code_unknown":
      return { ok: false, status: 400, code: "household_code_unknown", message: "户码不正确，请核对纸条上的户码后重新输入。" };
    case "code_used":
      return { ok: false, status: 409, code: "household_code_used", message: "这个户码已经提交过问卷了。每户只需填写一次，感谢您的参与！" };
    case "device_used":
      return { ok: false, status: 409, code: "device_used", message: "本设备已经提交过这份问卷了，感谢您的参与！" };
  }
}

// One store per database handle: the SQLite store holds prepared statements.
const stores = new WeakMap<Kysely<Database>, SubmissionStore>();
export function submissionStore(db: Kysely<Database>): SubmissionStore {
  let store = stores.get(db);
  if (!store) {
    store = createSubmissionStore(db, sqliteHandleOf(db), postgresPoolOf(db));
    stores.set(db, store);
  }
  return store;
}
