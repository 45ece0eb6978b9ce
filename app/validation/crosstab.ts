import { z } from "zod";

const questionName = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}_ -]{1,100}$/u, "题目名称格式不正确")
  .nullable()
  .catch(null);

/** The cross-tab page's query string: two question names and whether to count unverified answers. */
export const CrossTabQuerySchema = z.object({
  row: questionName,
  column: questionName,
  includeOpenLink: z.literal("1").nullable().catch(null).transform((v) => v === "1"),
});

export function crossTabQuery(search: URLSearchParams) {
  return CrossTabQuerySchema.parse({ row: search.get("row"), column: search.get("column"), includeOpenLink: search.get("includeOpenLink") });
}
