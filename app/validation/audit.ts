import { z } from "zod";

const day = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD").optional(),
);
const text = (max: number) => z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined), z.string().max(max).optional());

/** The audit page's filters, from the query string; anything malformed is dropped, not a 500. */
export const AuditFilterSchema = z.object({
  who: text(40).catch(undefined),
  what: text(60).catch(undefined),
  from: day.catch(undefined),
  to: day.catch(undefined),
  scope: z.preprocess((v) => (typeof v === "string" && /^\d{6}(\d{3})?(\d{3})?$/.test(v.trim()) ? v.trim() : undefined), z.string().optional()),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AuditFilterInput = z.infer<typeof AuditFilterSchema>;
