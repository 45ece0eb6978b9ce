import { z } from "zod";

/** The trends page's query string: a question's stable name (a matrix row as `matrix.row`) and the 未核验 switch. */
export const TrendQuerySchema = z.object({
  question: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N}_.-]{1,200}$/u)
    .nullable()
    .catch(null),
  includeUnverified: z.literal("1").nullable().catch(null).transform((v) => v === "1"),
});

export function trendQuery(search: URLSearchParams) {
  return TrendQuerySchema.parse({ question: search.get("question"), includeUnverified: search.get("includeUnverified") });
}
