// Flagging a resident's comment (issue 18): a flagged comment stays on top of its keyword's
// list on the results page. One transaction with an audit row (ADR 0010).
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findTextAnswer, setCommentFlag } from "../../db/repositories/comment-keywords";
import type { Database } from "../../db/schema";
import { surveyToChange } from "./surveys.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

export function flagComment(
  db: Kysely<Database>,
  change: Change,
  input: { surveyId: string; commentId: string; flagged: boolean },
): Promise<Outcome<{ flagged: boolean }>> {
  return runUseCase(db, change, async (trx) => {
    const { place } = await surveyToChange(trx, input.surveyId);
    authorize(change, "flag:comment", place);
    const comment = await findTextAnswer(trx, input.commentId);
    if (!comment || comment.surveyId !== input.surveyId) refuse(404, "找不到这条意见。");
    if (comment.flagged === input.flagged) return { flagged: input.flagged };
    await setCommentFlag(trx, comment.id, input.flagged, change.actor.id);
    await writeAudit(trx, {
      actor: change.actor,
      action: input.flagged ? "comment.flag" : "comment.unflag",
      entityType: "survey_text_answer",
      entityId: comment.id,
      before: { flagged: comment.flagged },
      after: { flagged: input.flagged, surveyId: input.surveyId },
      ip: change.ip,
    });
    return { flagged: input.flagged };
  });
}
