import { z } from "zod";
import { MAX_COMMENT_LENGTH } from "../../workflows/communityCycle";
import type { Action } from "../lib/permissions";
import type { CycleEventType } from "../../workflows/communityCycle";

const text = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(MAX_COMMENT_LENGTH, `${what}不能超过 ${MAX_COMMENT_LENGTH} 字`);

const version = z.coerce.number({ error: "缺少流程版本，请刷新页面" }).int().min(1);

/** One form per action on the cycle page; `event` says which. */
export const CycleCommandFormSchema = z.discriminatedUnion(
  "event",
  [
    z.object({
      event: z.literal("SET_MIN_RESPONSE"),
      version,
      ratePercent: z.preprocess(
        (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : undefined),
        z.number({ error: "请填写最低参与率（百分数）" }).min(1, "最低参与率不能低于 1%").max(100, "最低参与率不能超过 100%"),
      ),
    }),
    z.object({ event: z.literal("OVERRIDE_MIN_RESPONSE"), version, reason: text("放宽最低参与率的理由") }),
    z.object({ event: z.literal("SUBMIT_NO_GAPS"), version, reason: text("无需补缺的理由") }),
    z.object({ event: z.literal("RETURN"), version, comment: text("退回意见") }),
    z.object({
      event: z.enum([
        "START_SURVEY",
        "CLOSE_SURVEY",
        "COMPLETE_EVALUATION",
        "SUBMIT_LIST",
        "APPROVE",
        "COMPLETE_PLANNING",
        "COMPLETE_CONSTRUCTION",
        "COMPLETE_ACCEPTANCE",
        "CLOSE_ROUND",
      ]),
      version,
    }),
  ],
  { error: "未知的操作" },
);

/** The permission checked at the edge before the machine's own guards run. */
export const CYCLE_EVENT_PERMISSION: Record<CycleEventType, Action> = {
  SET_MIN_RESPONSE: "advance:cycle",
  START_SURVEY: "advance:cycle",
  OVERRIDE_MIN_RESPONSE: "advance:cycle",
  CLOSE_SURVEY: "advance:cycle",
  COMPLETE_EVALUATION: "advance:cycle",
  SUBMIT_LIST: "advance:cycle",
  SUBMIT_NO_GAPS: "advance:cycle",
  APPROVE: "review:gaplist",
  RETURN: "review:gaplist",
  COMPLETE_PLANNING: "advance:cycle",
  COMPLETE_CONSTRUCTION: "advance:cycle",
  COMPLETE_ACCEPTANCE: "accept:project",
  CLOSE_ROUND: "advance:cycle",
};
