// Forms of the 查漏补缺 list: the worker's edits and the street's decisions. Shared by the
// routes (server) and the pages (field names, limits).
import { z } from "zod";
import { MAX_COMMENT_LENGTH } from "../../workflows/community-cycle";
import { type GapItemFormValues } from "../../workflows/gap-list";
import {
  APPROACHES,
  DOMAINS,
  FACILITY_FUNCTIONS,
  FOUR_SYNC_STEPS,
  FUNCTION_CATALOGUE,
  FUNDING_SOURCES,
  HUB_FORMS,
  OPERATING_MODELS,
  PRICING_TIERS,
  REVIEW_DECISIONS,
  SERVICE_LEVELS,
} from "../../workflows/glossary";
import { numberField, optionalText } from "./form";

/** Form fields that may repeat (checkbox groups). */
export const GAP_LIST_ARRAY_FIELDS = ["fundingSources", "fourSync"] as const;

export const MAX_ITEM_AREA_M2 = 100_000;
export const MAX_ITEM_COST = 1_000_000_000;
export const YUAN_PER_WAN = 10_000;
export const MAX_ITEM_NAME_LENGTH = 60;

const version = z.coerce.number({ error: "缺少清单版本，请刷新页面后重试" }).int("缺少清单版本，请刷新页面后重试").min(1, "缺少清单版本，请刷新页面后重试");
const itemId = z.string({ error: "缺少事项编号，请刷新页面后重试" }).min(1, "缺少事项编号，请刷新页面后重试").max(64);

const text = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(MAX_COMMENT_LENGTH, `${what}不能超过 ${MAX_COMMENT_LENGTH} 字`);

/** A blank cost means "estimate it from the unit cost" (默认值). Typed in 万元 (two decimals) as the table shows it; stored in 元. */
const optionalCost = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : Number(v.trim().replace(/,/g, ""))) : v),
  z
    .number({ error: "估算投资须为数字（万元）" })
    .min(0, "估算投资不能小于 0")
    .max(MAX_ITEM_COST / YUAN_PER_WAN, "估算投资过大，请检查单位（万元）")
    .nullable()
    .transform((wan) => (wan === null ? null : Math.round(wan * 100) * (YUAN_PER_WAN / 100))),
);

export const GapItemFieldsSchema = z
  .object({
    name: optionalText(MAX_ITEM_NAME_LENGTH, "名称"),
    domain: z.enum(DOMAINS, { error: "请选择领域" }),
    function: z.enum(FACILITY_FUNCTIONS, { error: "请选择功能" }),
    approach: z.enum(APPROACHES, { error: "请选择建设方式" }),
    targetAreaM2: numberField("建设面积（m²）", { min: 0, max: MAX_ITEM_AREA_M2 }),
    estimatedCost: optionalCost,
    serviceLevel: z.enum(SERVICE_LEVELS, { error: "请选择服务属性" }),
    pricing: z.enum(PRICING_TIERS, { error: "请选择收费方式" }),
    operatingModel: z.enum(OPERATING_MODELS, { error: "请选择运营模式" }),
    fundingSources: z.array(z.enum(FUNDING_SOURCES, { error: "资金来源不在目录中" })).max(FUNDING_SOURCES.length),
    candidateSite: optionalText(200, "候选选址"),
    spaceSource: optionalText(200, "空间来源"),
    notes: optionalText(MAX_COMMENT_LENGTH, "备注"),
    hubForm: z.preprocess((v) => (v === "" ? null : v), z.enum(HUB_FORMS, { error: "请选择共同体形态" }).nullable()),
    fourSync: z.array(z.enum(FOUR_SYNC_STEPS, { error: "四同步选项有误" })).max(FOUR_SYNC_STEPS.length),
  })
  .superRefine((value, ctx) => {
    if (FUNCTION_CATALOGUE[value.function].domain !== value.domain) {
      ctx.addIssue({ code: "custom", path: ["function"], message: `“${FUNCTION_CATALOGUE[value.function].label}”不属于所选领域` });
    }
    if (value.approach !== "shared_with_neighbour" && value.targetAreaM2 < 1) {
      ctx.addIssue({ code: "custom", path: ["targetAreaM2"], message: "新建、改建、转型或划转的事项须填写建设面积（至少 1 m²）" });
    }
  }) satisfies z.ZodType<GapItemFormValues>;
export type GapItemFields = z.infer<typeof GapItemFieldsSchema>;

/** The worker's forms on the list page; `intent` says which. */
export const GapListFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("generate"), version: version.optional() }),
    z.object({ intent: z.literal("update"), version, itemId, item: GapItemFieldsSchema }),
    z.object({ intent: z.literal("add"), version, item: GapItemFieldsSchema }),
    z.object({ intent: z.enum(["remove", "restore"]), version, itemId }),
    z.object({ intent: z.literal("move"), version, itemId, direction: z.enum(["up", "down"], { error: "请求有误" }) }),
    z.object({ intent: z.literal("submit"), version }),
    z.object({ intent: z.literal("submitNoGaps"), version: version.optional(), reason: text("无需补缺的理由") }),
  ],
  { error: "未知的操作，请刷新页面后重试。" },
);
export type GapListForm = z.infer<typeof GapListFormSchema>;

/** The street's forms on the review page. */
export const GapReviewFormSchema = z.discriminatedUnion(
  "intent",
  [
    z
      .object({
        intent: z.literal("decide"),
        version,
        itemId,
        decision: z.enum(REVIEW_DECISIONS, { error: "请选择审核决定：通过、退回修改或不予通过" }),
        comment: optionalText(MAX_COMMENT_LENGTH, "审核意见"),
      })
      .superRefine((value, ctx) => {
        if (value.decision === "return" && !value.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: "退回修改请填写意见" });
        if (value.decision === "reject" && !value.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: "不予通过请填写理由" });
      }),
    z.object({ intent: z.literal("finish"), version }),
    z.object({ intent: z.literal("approveRest"), version, confirm: z.literal("yes", { error: "请勾选确认其余事项全部通过" }) }),
    z.object({ intent: z.literal("returnAll"), version, comment: text("退回意见") }),
  ],
  { error: "未知的操作，请刷新页面后重试。" },
);
export type GapReviewForm = z.infer<typeof GapReviewFormSchema>;

/** FormData fields of an item form are flat; the schema reads them as `item`. */
export function nestItemFields(flat: Record<string, unknown>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  const itemKeys = new Set(Object.keys(GapItemFieldsSchema.shape));
  for (const [k, v] of Object.entries(flat)) (itemKeys.has(k) ? item : rest)[k] = v;
  return { ...rest, item };
}

/** The form's errors under the names the page gives its fields (`item.domain` → `domain`). */
export function withItemFieldNames(error: z.ZodError): z.ZodError {
  return new z.ZodError(error.issues.map((issue) => (issue.path[0] === "item" ? { ...issue, path: issue.path.slice(1) } : issue)));
}

/** An unknown or missing `intent` is said above the forms: no field shows it. */
export function intentError(error: z.ZodError): string | null {
  return error.issues.find((issue) => issue.path[0] === "intent")?.message ?? null;
}
