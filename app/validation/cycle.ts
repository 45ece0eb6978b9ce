import { z } from "zod";
import { MAX_COMMENT_LENGTH } from "../../workflows/community-cycle";

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
    z.object({ event: z.literal("REFUSE_OVERRIDE"), version, comment: text("不批准的理由") }),
    z.object({
      event: z.enum([
        "START_SURVEY",
        "CLOSE_SURVEY",
        "COMPLETE_EVALUATION",
        "SUBMIT_LIST",
        "APPROVE",
        "APPROVE_OVERRIDE",
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
