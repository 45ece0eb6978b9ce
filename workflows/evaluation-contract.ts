// The evaluation's public contract for batch use and other systems (docs/evaluation-contract.md):
// zod schemas for the input and the output, the JSON Schemas generated from them, and
// error lines in Chinese and English. Pure: no file or database access.
import { z } from "zod";
import type { EvaluationInput, EvaluationResult } from "./evaluation";
import { FINDING_STATUSES, FINDING_UNITS } from "./evaluation";
import {
  DEVELOPMENT_TYPES,
  DOMAIN_STATUSES,
  DOMAINS,
  FACILITY_FUNCTIONS,
  FACILITY_STATUSES,
  FUNCTION_CATALOGUE,
} from "./glossary";
import { formatContractError } from "./contract-errors";

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);
const share = z.number().min(0).max(1);

// ---------------------------------------------------------------------------------------
// Input

export const CommunityInputSchema = z
  .strictObject({
    code: z.string().trim().min(1).max(40).meta({ description: "社区代码 (NBS 12-digit), e.g. 330102001001" }),
    name: z.string().trim().min(1).max(100),
    type: z.enum(DEVELOPMENT_TYPES).meta({ description: "new 新建 | existing 既有" }),
    pilot: z.boolean().meta({ description: "试点社区" }),
    households: z.number().int().min(1).meta({ description: "户数" }),
    hasHub: z.boolean().meta({ description: "has a 民生幸福共同体" }),
    lat: latitude.optional(),
    lng: longitude.optional(),
    share60Plus: share.optional().meta({ description: "share of residents aged 60+ (一老一小 weighting)" }),
    shareChildren: share.optional().meta({ description: "share of residents aged 0–12 (一老一小 weighting)" }),
  })
  .superRefine((c, ctx) => {
    if ((c.lat === undefined) !== (c.lng === undefined)) {
      ctx.addIssue({ code: "custom", path: [c.lat === undefined ? "lat" : "lng"], message: "纬度和经度须同时提供 / lat and lng go together" });
    }
  })
  .meta({ id: "Community" });

export const NeighbourhoodInputSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    name: z.string().trim().min(1).max(100),
    households: z.number().int().min(0),
    lat: latitude,
    lng: longitude,
  })
  .meta({ id: "Neighbourhood", description: "小区: its households count as covered when a facility is within walking distance of its centroid" });

export const FacilityInputSchema = z
  .strictObject({
    id: z.string().min(1).optional(),
    name: z.string().trim().min(1).max(100),
    domain: z.enum(DOMAINS),
    functions: z.array(z.enum(FACILITY_FUNCTIONS)).optional().meta({
      description: "function catalogue codes; without them the facility counts as one general function of its domain",
    }),
    areaM2: z.number().min(0).meta({ description: "建筑面积 m²" }),
    officeAreaM2: z.number().min(0).optional().meta({ description: "办公面积 m² (part of areaM2)" }),
    status: z.enum(FACILITY_STATUSES).meta({ description: "only operating facilities count" }),
    hubPart: z.boolean().optional().meta({ description: "part of the 民生幸福共同体" }),
    shared: z.boolean().optional().meta({ description: "a neighbouring community's facility (跨社区共享): counts for the circle only" }),
    sharedFrom: z.string().min(1).optional(),
    distanceM: z.number().min(0).optional().meta({ description: "walking distance from the community centroid, m" }),
    lat: latitude.optional(),
    lng: longitude.optional(),
  })
  .superRefine((f, ctx) => {
    if (typeof f.officeAreaM2 === "number" && typeof f.areaM2 === "number" && f.officeAreaM2 > f.areaM2) {
      ctx.addIssue({ code: "custom", path: ["officeAreaM2"], message: "办公面积不能大于建筑面积 / officeAreaM2 exceeds areaM2" });
    }
    (f.functions ?? []).forEach((code, i) => {
      const entry = FUNCTION_CATALOGUE[code];
      if (entry && entry.domain !== f.domain) {
        ctx.addIssue({
          code: "custom",
          path: ["functions", i],
          message: `功能 "${code}" 不属于领域 "${f.domain}" / function "${code}" does not belong to domain "${f.domain}"`,
        });
      }
    });
    if ((f.lat === undefined) !== (f.lng === undefined)) {
      ctx.addIssue({ code: "custom", path: [f.lat === undefined ? "lat" : "lng"], message: "纬度和经度须同时提供 / lat and lng go together" });
    }
    if (f.shared && f.distanceM === undefined && f.lat === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["distanceM"],
        message: "跨社区共享设施须提供距离或坐标 / a shared facility needs distanceM or lat/lng",
      });
    }
  })
  .meta({ id: "Facility" });

export const SurveyDomainInputSchema = z.strictObject({
  demandIndex: share.meta({ description: "需求指数: share of respondents who need the domain, 0–1" }),
  satisfaction: z.number().min(1).max(5).optional().meta({ description: "满意度, 1–5" }),
  questions: z.array(z.string().min(1)).optional().meta({ description: "survey question ids behind the figures" }),
}).meta({ id: "SurveyDomain" });

export const SurveyInputSchema = z.strictObject({
  respondents: z.number().int().min(0),
  domains: z.partialRecord(z.enum(DOMAINS), SurveyDomainInputSchema),
}).meta({ id: "Survey" });

export const EvaluationInputSchema = z
  .strictObject({
    community: CommunityInputSchema,
    neighbourhoods: z.array(NeighbourhoodInputSchema).optional().meta({ description: "小区 with households and centroids" }),
    facilities: z.array(FacilityInputSchema),
    survey: SurveyInputSchema.optional(),
  })
  .meta({ id: "EvaluationInput", title: "Community evaluation input" }) satisfies z.ZodType<EvaluationInput>;

export const EvaluationBatchInputSchema = z
  .array(EvaluationInputSchema)
  .min(1)
  .superRefine((inputs, ctx) => {
    const seen = new Map<string, number>();
    inputs.forEach((input, i) => {
      const code = input?.community?.code;
      if (typeof code !== "string") return;
      const first = seen.get(code);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [i, "community", "code"],
          message: `社区代码 "${code}" 与第 ${first} 项重复 / community code "${code}" repeats item [${first}]`,
        });
      } else seen.set(code, i);
    });
  });

/** One community, or an array of them for a batch. */
export const EvaluationRequestSchema = z
  .union([EvaluationInputSchema, EvaluationBatchInputSchema])
  .meta({ title: "Evaluation input: one community or an array of them" });

// ---------------------------------------------------------------------------------------
// Output

const nullableNumber = z.number().nullable();

export const FindingSchema = z.object({
  id: z.string().meta({ description: "unique in a result: the rule id, or RULE:domain" }),
  rule: z.string(),
  clause: z.string(),
  title: z.string(),
  status: z.enum(FINDING_STATUSES),
  required: nullableNumber,
  actual: nullableNumber,
  gap: nullableNumber.meta({ description: "distance to compliance, ≥ 0; 0 on pass, null when not applicable" }),
  unit: z.enum(FINDING_UNITS),
  domain: z.enum(DOMAINS).optional(),
  binding: z.boolean(),
  message: z.string(),
  evidence: z.object({
    facilities: z.array(z.string()).optional(),
    notCounted: z.array(z.string()).optional(),
    questions: z.array(z.string()).optional(),
  }),
}).meta({ id: "Finding" });

export const DomainResultSchema = z.object({
  label: z.string(),
  status: z.enum(DOMAIN_STATUSES),
  score: z.number().int().min(0).max(100),
  findings: z.array(z.string()),
  coverageShare: share,
  ownFacilities: z.number().int().min(0),
  sharedFacilities: z.number().int().min(0),
  priority: z.number().min(1),
  demandIndex: share.optional(),
  satisfaction: z.number().optional(),
}).meta({ id: "DomainResult" });

export const EvaluationResultSchema = z
  .object({
    policy: z.string().meta({ description: "policy profile id, e.g. hangzhou-2024-11" }),
    policyVersion: z.number().int().min(1),
    community: z.string(),
    communityName: z.string(),
    findings: z.array(FindingSchema),
    domains: z.record(z.enum(DOMAINS), DomainResultSchema),
    summary: z.object({
      households: z.number().int(),
      coverageBasis: z.enum(["neighbourhoods", "community"]),
      walkingDistanceM: z.number(),
      areaM2: z.number(),
      hubAreaM2: z.number(),
      officeAreaM2: z.number(),
      officeShare: z.number().nullable(),
      facilities: z.object({
        operating: z.number().int(),
        planned: z.number().int(),
        closed: z.number().int(),
        shared: z.number().int(),
      }),
      findings: z.object({
        pass: z.number().int(),
        fail: z.number().int(),
        not_applicable: z.number().int(),
        bindingFailures: z.number().int(),
      }),
      domains: z.record(z.enum(DOMAIN_STATUSES), z.number().int()),
      score: z.number().int().min(0).max(100),
    }),
  })
  .meta({ id: "EvaluationResult", title: "Community evaluation result" }) satisfies z.ZodType<EvaluationResult>;

export const EvaluationResponseSchema = z
  .union([EvaluationResultSchema, z.array(EvaluationResultSchema)])
  .meta({ title: "Evaluation output: one result, or an array in input order for a batch" });

/** The JSON Schemas committed as docs/evaluation-{input,output}.schema.json. */
export function evaluationJsonSchemas(): { input: Record<string, unknown>; output: Record<string, unknown> } {
  // Input mode leaves output objects open: later versions may add fields (the stability promise).
  const options = { target: "draft-2020-12", io: "input" } as const;
  return {
    input: { $id: "urn:hz-community-facilities:evaluation-input", ...z.toJSONSchema(EvaluationRequestSchema, options) },
    output: { $id: "urn:hz-community-facilities:evaluation-output", ...z.toJSONSchema(EvaluationResponseSchema, options) },
  };
}

// ---------------------------------------------------------------------------------------
// Parsing and errors

export type ParsedRequest = { ok: true; batch: boolean; inputs: EvaluationInput[] } | { ok: false; errors: string[] };

/** Validates parsed JSON: one community object, or a non-empty array of them. */
export function parseEvaluationRequest(value: unknown): ParsedRequest {
  if (Array.isArray(value)) {
    const parsed = EvaluationBatchInputSchema.safeParse(value, { reportInput: true });
    return parsed.success ? { ok: true, batch: true, inputs: parsed.data } : { ok: false, errors: formatContractError(parsed.error) };
  }
  if (value === null || typeof value !== "object") {
    return { ok: false, errors: [`(root): 输入应为一个社区对象或其数组 / input must be a community object or an array of them`] };
  }
  const parsed = EvaluationInputSchema.safeParse(value, { reportInput: true });
  return parsed.success ? { ok: true, batch: false, inputs: [parsed.data] } : { ok: false, errors: formatContractError(parsed.error) };
}
