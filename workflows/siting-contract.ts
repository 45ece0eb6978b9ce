// The siting what-if's public contract (docs/siting-contract.md): zod schemas for
// `npm run cli -- site <input.json>`, the JSON Schemas generated from them, and error lines in
// Chinese and English. Pure: no file or solver access.
import { z } from "zod";
import { formatContractError } from "./contract-errors";
import type { CurvePoint, SitingAnswer, SitingProblem } from "./siting";

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);
const siteId = z.union([z.string().min(1).max(200), z.number().int()]).meta({ description: "echoed as given in `selected`" });

export const SITING_LIMITS = { demand: 200_000, sites: 50_000, radiusM: 50_000 } as const;

export const DemandInputSchema = z
  .strictObject({
    id: siteId,
    lat: latitude,
    lng: longitude,
    weight: z.number().min(0).meta({ description: "households, or households weighted by 一老一小" }),
  })
  .meta({ id: "Demand" });

export const ExistingSiteInputSchema = z.strictObject({ id: siteId, lat: latitude, lng: longitude }).meta({ id: "ExistingSite" });

export const CandidateInputSchema = z
  .strictObject({
    id: siteId,
    lat: latitude,
    lng: longitude,
    cost: z.number().min(0).optional().meta({ description: "cost of opening it, in the budget's unit (万元 or m²); required with `budget`" }),
  })
  .meta({ id: "Candidate" });

export const SitingInputSchema = z
  .strictObject({
    radiusM: z.number().gt(0).max(SITING_LIMITS.radiusM).meta({ description: "walking radius in metres (haversine), e.g. 1000" }),
    select: z.number().int().min(0).optional().meta({ description: "how many new sites at most; give this or `budget`" }),
    budget: z.number().min(0).optional().meta({ description: "the most the new sites may cost together; give this or `select`" }),
    demand: z.array(DemandInputSchema).max(SITING_LIMITS.demand),
    existing: z.array(ExistingSiteInputSchema).max(SITING_LIMITS.sites),
    candidates: z.array(CandidateInputSchema).max(SITING_LIMITS.sites),
  })
  .superRefine((input, ctx) => {
    const hasSelect = input.select !== undefined;
    const hasBudget = input.budget !== undefined;
    if (hasSelect === hasBudget) {
      ctx.addIssue({
        code: "custom",
        path: [hasSelect ? "budget" : "select"],
        message: hasSelect
          ? "select 与 budget 只能给出一个 / give either select or budget, not both"
          : "缺少新址数量 select 或预算 budget / missing select (how many new sites) or budget",
      });
    }
    if (hasBudget) {
      input.candidates?.forEach((c, i) => {
        if (c && c.cost === undefined) {
          ctx.addIssue({ code: "custom", path: ["candidates", i, "cost"], message: "按预算选址时每个候选点须有 cost / with a budget every candidate needs a cost" });
        }
      });
    }
    for (const list of ["demand", "existing", "candidates"] as const) {
      const seen = new Map<string, number>();
      (input[list] ?? []).forEach((item, i) => {
        if (!item || (typeof item.id !== "string" && typeof item.id !== "number")) return;
        const key = String(item.id);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else {
          ctx.addIssue({
            code: "custom",
            path: [list, i, "id"],
            message: `编号 "${key}" 与第 ${first} 项重复 / id "${key}" repeats item [${first}]`,
          });
        }
      });
    }
  })
  .meta({ id: "SitingInput", title: "Siting what-if input" });

export type SitingInput = z.infer<typeof SitingInputSchema>;

const weight = z.number().min(0);

export const CurvePointSchema = z
  .object({
    sites: z.number().int().min(1),
    coveredWeight: weight,
    method: z.enum(["exact", "greedy"]),
    optimal: z.boolean(),
    gap: z.number().min(0).max(1),
  })
  .meta({ id: "CurvePoint" }) satisfies z.ZodType<CurvePoint>;

export const SitingOutputSchema = z
  .object({
    selected: z.array(siteId).meta({ description: "chosen candidates, the one that adds most first" }),
    coveredWeight: weight.meta({ description: "weight within radiusM of an existing or a selected site" }),
    baselineCoveredWeight: weight.meta({ description: "weight within radiusM of an existing site" }),
    totalWeight: weight,
    method: z.enum(["exact", "greedy"]).meta({ description: "exact: HiGHS mixed-integer programme; greedy: the fallback" }),
    optimal: z.boolean().meta({ description: "the selection is proven to cover the most weight possible" }),
    gap: z.number().min(0).max(1).meta({ description: "(upperBound − newlyCoveredWeight) ÷ upperBound" }),
    newlyCoveredWeight: weight,
    upperBound: weight.meta({ description: "no selection within the limit covers more new weight than this" }),
    boundSource: z.enum(["highs", "marginal-gains"]),
    fallback: z.enum(["model-too-large", "time-limit", "solver-error"]).optional(),
    curve: z.array(CurvePointSchema).optional().meta({ description: "with --curve: the best coverage for 1…select new sites" }),
  })
  .meta({ id: "SitingOutput", title: "Siting what-if output" }) satisfies z.ZodType<SitingAnswer & { curve?: CurvePoint[] }>;

/** The JSON Schemas committed as docs/siting-{input,output}.schema.json. */
export function sitingJsonSchemas(): { input: Record<string, unknown>; output: Record<string, unknown> } {
  const options = { target: "draft-2020-12", io: "input" } as const;
  return {
    input: { $id: "urn:hz-community-facilities:siting-input", ...z.toJSONSchema(SitingInputSchema, options) },
    output: { $id: "urn:hz-community-facilities:siting-output", ...z.toJSONSchema(SitingOutputSchema, options) },
  };
}

export type ParsedSiting = { ok: true; problem: SitingProblem } | { ok: false; errors: string[] };

/** Validates parsed JSON and turns it into the engine's problem. */
export function parseSitingRequest(value: unknown): ParsedSiting {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, errors: ["(root): 输入应为一个对象 / input must be an object"] };
  }
  const parsed = SitingInputSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: formatContractError(parsed.error) };
  const { radiusM, select, budget, demand, existing, candidates } = parsed.data;
  const limit = budget !== undefined ? { budget } : { select: select ?? 0 };
  return { ok: true, problem: { radiusM, demand, existing, candidates, limit } };
}
