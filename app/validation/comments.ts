import { z } from "zod";

/** Flag or unflag one comment on the results page. */
export const FlagCommentFormSchema = z.object({
  intent: z.literal("flag", { error: "未知的操作" }),
  commentId: z.string({ error: "缺少意见编号" }).regex(/^[A-Za-z0-9_-]{1,64}$/, "意见编号格式不正确"),
  flagged: z.enum(["1", "0"], { error: "缺少标记状态" }).transform((v) => v === "1"),
});
