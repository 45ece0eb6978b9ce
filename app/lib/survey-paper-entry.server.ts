// Paper entry: a 社区工作者 keys in a paper questionnaire (纸质录入) or one filled in with a
// resident (协助填写). The answers go through submitResponse like a resident's, as that channel.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { readResponseCounts } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import type { SurveyChannel } from "../../workflows/glossary";
import { type SubmissionResult, submitResponse } from "./survey-submission.server";
import { surveyToChange } from "./surveys.server";
import { authorize, type Change, type Failure, type Outcome, runUseCase } from "./use-case.server";

/** Paper and assisted forms keyed in so far. */
export async function countKeyedIn(db: Kysely<Database>, surveyId: string): Promise<number> {
  const counts = await readResponseCounts(db, surveyId);
  return counts.filter((c) => c.channel === "paper" || c.channel === "assisted" || c.channel === "paper_uncoded").reduce((sum, c) => sum + c.count, 0);
}

/** submitResponse words its refusals for residents; these are for the worker at the desk. */
const WORKER_MESSAGES: Record<string, string> = {
  household_code_unknown: "本问卷没有发放过这个户码，请核对纸条上的户码；看不清可以留空。",
  household_code_used: "这个户码已经有答卷了（线上填写或已录入过）。同一户不必重复录入；如果是抄错了户码，请核对后再保存。",
  household_code_invalid: "户码格式不正确：应为 8 位字母和数字，请核对纸条。",
};

/** Errors by field: `householdCode`, a question's name, or `_form` for the answer set as a whole. */
function paperRefusal(result: Extract<SubmissionResult, { ok: false }>): Failure {
  const message = WORKER_MESSAGES[result.code] ?? result.message;
  const errors: Record<string, string> = {};
  if (result.code.startsWith("household_code")) errors.householdCode = message;
  for (const e of result.errors ?? []) errors[e.question || "_form"] ??= e.message;
  // Not published, not yet open or closed: the survey is in the wrong state for keying in.
  const status = result.status === 403 || result.status === 410 ? 409 : result.status;
  return { ok: false, status, message, errors };
}

export interface PaperFormInput {
  surveyId: string;
  channel: Extract<SurveyChannel, "paper" | "assisted">;
  idempotencyKey: string;
  householdCode?: string;
  answers: unknown;
}

export interface PaperFormEntered {
  receipt: string;
  duplicate: boolean;
  keyedIn: number;
}

/**
 * Keys in one form. Authorised in a transaction of its own: the answers are then stored by
 * submitResponse's store, which on SQLite holds the one connection itself (ADR 0005).
 */
export async function enterPaperForm(db: Kysely<Database>, change: Change, input: PaperFormInput): Promise<Outcome<PaperFormEntered>> {
  const allowed = await runUseCase(db, change, async (trx) => {
    const { survey, place } = await surveyToChange(trx, input.surveyId);
    authorize(change, "manage:survey", place);
    return { survey };
  });
  if (!allowed.ok) return allowed;
  const result = await submitResponse(
    db,
    allowed.survey,
    { idempotencyKey: input.idempotencyKey, householdCode: input.householdCode || undefined, answers: input.answers },
    { channel: input.channel, enteredBy: change.actor.id },
  );
  if (!result.ok) return paperRefusal(result);
  // Every form keyed in is audited (issue 16), coded or not. The answers are committed by the
  // store's own batch (ADR 0005), so the audit row follows in a write of its own; a retry of the
  // same form (duplicate) is not a second entry.
  if (!result.duplicate) {
    await writeAudit(db, {
      actor: change.actor,
      action: "survey.paper_entry",
      entityType: "survey",
      entityId: allowed.survey.id,
      after: { receipt: result.receipt, channel: input.householdCode ? input.channel : "paper_uncoded", keyedAs: input.channel, withHouseholdCode: Boolean(input.householdCode) },
      ip: change.ip,
    });
  }
  return { ok: true, receipt: result.receipt, duplicate: result.duplicate, keyedIn: await countKeyedIn(db, allowed.survey.id) };
}
