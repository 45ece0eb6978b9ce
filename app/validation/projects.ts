// Forms of the project pages (建设项目, 运营反馈, 本轮总结): shared by the routes (server) and
// the pages (field names, limits). Messages in Chinese.
import { z } from "zod";
import { nameField } from "./names";
import { MAX_COMMENT_LENGTH } from "../../workflows/community-cycle";
import {
  ACCEPTANCE_RESULTS,
  APPROACHES,
  FACILITY_FUNCTIONS,
  FOUR_SYNC_STEPS,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  type FundingSource,
  HUB_FORMS,
  type Milestone,
  MILESTONE_LABELS,
  MILESTONES,
  OPERATING_MODELS,
  PRICING_TIERS,
  SERVICE_LEVELS,
} from "../../workflows/glossary";
import { fundingProblem, isIsoDate, plannedDateProblems } from "../../workflows/projects";
import { numberField, optionalText } from "./form";

export const MAX_PROJECT_AREA_M2 = 100_000;
export const MAX_PROJECT_BUDGET = 1_000_000_000;
/** Form fields that may repeat. */
export const PROJECT_ARRAY_FIELDS = ["itemIds", "fourSync", "functionsPresent"] as const;

const version = z.coerce.number({ error: "缺少项目版本，请刷新页面后重试" }).int("缺少项目版本，请刷新页面后重试").min(1, "缺少项目版本，请刷新页面后重试");
const id = (what: string) => z.string({ error: `缺少${what}，请刷新页面后重试` }).min(1, `缺少${what}，请刷新页面后重试`).max(64);

const reasonText = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(MAX_COMMENT_LENGTH, `${what}不能超过 ${MAX_COMMENT_LENGTH} 字`);

const blankToNull = (v: unknown) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v);

const dateField = (label: string) =>
  z.preprocess(blankToNull, z.string().refine(isIsoDate, `${label}格式应为 YYYY-MM-DD`).nullable().default(null));

/** Money in 元: blank is 0, thousands separators allowed. */
const money = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? 0 : Number(v.trim().replace(/,/g, ""))) : (v ?? 0)),
    z.number({ error: `${label}须为数字（元）` }).min(0, `${label}不能小于 0`).max(MAX_PROJECT_BUDGET, `${label}过大，请检查单位（元）`),
  );

const nullableEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(values, { error: message }).nullable());

// ---------------------------------------------------------------------------------------
// 建设项目 tab

export const ProjectsIndexFormSchema = z.discriminatedUnion(
  "intent",
  [
    z
      .object({
        intent: z.literal("create"),
        itemIds: z.array(id("清单事项")).min(1, "请至少选择一个通过审核的清单事项").max(30, "一次最多合并 30 个事项"),
        name: nameField("项目名称", { min: 2, max: 60 }),
        hubForm: nullableEnum(HUB_FORMS, "请选择共同体形态"),
      })
      .superRefine((value, ctx) => {
        if (value.itemIds.length > 1 && !value.hubForm) {
          ctx.addIssue({ code: "custom", path: ["hubForm"], message: "合并多个事项为民生幸福共同体项目时，请选择共同体形态（集聚型、分散型或嵌入型）" });
        }
      }),
    z.object({ intent: z.literal("drop"), itemId: id("清单事项"), reason: reasonText("撤销理由") }),
    z.object({ intent: z.literal("restore"), itemId: id("清单事项") }),
  ],
  { error: "未知的操作，请刷新页面后重试。" },
);

// ---------------------------------------------------------------------------------------
// A project's page

export const ProjectPlanFieldsSchema = z
  .object({
    name: nameField("项目名称", { min: 2, max: 60 }),
    hubForm: nullableEnum(HUB_FORMS, "请选择共同体形态"),
    site: optionalText(200, "选址"),
    spaceSource: optionalText(200, "空间来源"),
    approach: z.enum(APPROACHES, { error: "请选择建设方式" }),
    areas: z.partialRecord(z.enum(FACILITY_FUNCTIONS, { error: "功能不在目录中" }), numberField("计划面积（m²）", { min: 0, max: MAX_PROJECT_AREA_M2 })),
    budgetTotal: money("总投资"),
    funding: z.object(Object.fromEntries(FUNDING_SOURCES.map((s) => [s, money(FUNDING_LABELS[s])])) as Record<FundingSource, ReturnType<typeof money>>),
    operator: optionalText(60, "运营主体"),
    operatingModel: nullableEnum(OPERATING_MODELS, "请选择运营模式"),
    pricing: nullableEnum(PRICING_TIERS, "请选择收费方式"),
    serviceLevel: z.enum(SERVICE_LEVELS, { error: "请选择基本/非基本公共服务" }),
    fourSync: z.array(z.enum(FOUR_SYNC_STEPS, { error: "四同步选项有误" })).max(FOUR_SYNC_STEPS.length),
    planned: z.object(Object.fromEntries(MILESTONES.map((m) => [m, dateField(`${MILESTONE_LABELS[m]}计划日期`)])) as Record<Milestone, ReturnType<typeof dateField>>),
  })
  .superRefine((value, ctx) => {
    const funding = fundingProblem(value.budgetTotal, value.funding);
    if (funding) ctx.addIssue({ code: "custom", path: ["funding"], message: funding });
    for (const p of plannedDateProblems(value.planned)) ctx.addIssue({ code: "custom", path: ["planned", p.milestone], message: p.message });
  });
export type ProjectPlanFields = z.infer<typeof ProjectPlanFieldsSchema>;

export const ProjectFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("plan"), version, plan: ProjectPlanFieldsSchema }),
    z.object({
      intent: z.literal("progress"),
      version,
      milestone: z.enum(MILESTONES, { error: "请选择节点" }),
      actualDate: dateField("实际完成日期"),
      progressPct: numberField("进度（%）", { min: 0, max: 100, integer: true }),
      spent: money("累计支出"),
      note: optionalText(MAX_COMMENT_LENGTH, "备注"),
    }),
    z.object({ intent: z.literal("note"), version, milestone: z.enum(MILESTONES, { error: "请选择节点" }), note: optionalText(MAX_COMMENT_LENGTH, "备注") }),
    z
      .object({
        intent: z.literal("accept"),
        version,
        result: z.enum(ACCEPTANCE_RESULTS, { error: "请选择验收结论：通过、有条件通过或不通过" }),
        actualAreaM2: numberField("实际建设面积（m²）", { min: 0, max: MAX_PROJECT_AREA_M2 }),
        functionsPresent: z.array(z.enum(FACILITY_FUNCTIONS, { error: "功能不在目录中" })).max(FACILITY_FUNCTIONS.length),
        remarks: optionalText(MAX_COMMENT_LENGTH, "验收意见"),
      })
      .superRefine((value, ctx) => {
        if (value.result !== "pass" && !value.remarks) {
          ctx.addIssue({ code: "custom", path: ["remarks"], message: value.result === "fail" ? "“不通过”须填写验收意见（整改要求）" : "“有条件通过”须填写验收意见（整改要求）" });
        }
      }),
    z.object({ intent: z.literal("upload"), milestone: nullableEnum(MILESTONES, "请选择节点") }),
    z.object({ intent: z.literal("removeFile"), fileId: id("附件编号") }),
  ],
  { error: "未知的操作，请刷新页面后重试。" },
);

/**
 * FormData fields of the plan form are flat (`planned.started`, `funding.city_budget`,
 * `areas.community_canteen`); the schema reads them as `plan.planned.started` and so on.
 * Error paths come back without the `plan.` prefix, so they match the inputs' names.
 */
export function nestPlanFields(flat: Record<string, unknown>): Record<string, unknown> {
  const plan: Record<string, unknown> = { planned: {}, funding: {}, areas: {} };
  const rest: Record<string, unknown> = {};
  const top = new Set(["name", "hubForm", "site", "spaceSource", "approach", "budgetTotal", "operator", "operatingModel", "pricing", "serviceLevel", "fourSync"]);
  for (const [key, value] of Object.entries(flat)) {
    const [group, name] = key.split(".", 2);
    if (name !== undefined && (group === "planned" || group === "funding" || group === "areas")) (plan[group] as Record<string, unknown>)[name] = value;
    else if (top.has(key)) plan[key] = value;
    else rest[key] = value;
  }
  return rest.intent === "plan" ? { ...rest, plan } : rest;
}

/** "plan.planned.started" → "planned.started": the name of the input the message belongs to. */
export function unprefixPlanErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.startsWith("plan.") ? k.slice(5) : k, v]));
}

// ---------------------------------------------------------------------------------------
// 运营反馈 tab

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const OperatingFiguresFormSchema = z.object({
  intent: z.literal("figures", { error: "未知的操作，请刷新页面后重试。" }),
  facilityId: id("设施编号"),
  month: z.string({ error: "请选择月份" }).trim().regex(MONTH, "月份格式应为 YYYY-MM"),
  visits: numberField("服务人次", { min: 0, max: 10_000_000, integer: true }),
  peopleServed: numberField("服务人数", { min: 0, max: 1_000_000, integer: true }),
  hoursOpen: numberField("开放时长（小时）", { min: 0, max: 744 }),
  income: money("运营收入"),
  subsidy: money("运营补贴"),
  operatingCost: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim().replace(/,/g, ""))) : v),
    z.number({ error: "运营成本须为数字（元）" }).min(0, "运营成本不能小于 0").max(MAX_PROJECT_BUDGET, "运营成本过大，请检查单位（元）").optional(),
  ),
  version: z.preprocess((v) => (v === "" || v === undefined ? null : Number(v)), z.number().int().min(1).nullable()),
});

// ---------------------------------------------------------------------------------------
// 本轮总结

export const CloseRoundFormSchema = z.object({
  intent: z.literal("close", { error: "未知的操作，请刷新页面后重试。" }),
  version: z.coerce.number({ error: "缺少流程版本，请刷新页面" }).int().min(1, "缺少流程版本，请刷新页面"),
});
