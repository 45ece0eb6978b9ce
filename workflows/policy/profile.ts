// A policy profile is the plan's norms as data: each rule with its clause, the plan's own
// wording, the figures the plan sets (`parameters`) and the figures we chose
// (`settings`, shown as 默认值 when `default` is true). The evaluator takes a profile value
// as a parameter and never reads files, so a profile stored by the app works the same way.
import { z } from "zod";
import { DEVELOPMENT_TYPES, DOMAINS, KEY_HUB_FUNCTIONS } from "../glossary";
import hangzhou202411 from "./hangzhou-2024-11.json";

export const DEFAULT_PROFILE_ID = "hangzhou-2024-11";

export const NumberSettingSchema = z.strictObject({
  value: z.number().nonnegative(),
  /** true: our configurable default, not a figure from the plan (the UI shows 默认值). */
  default: z.boolean(),
  label: z.string().min(1),
  unit: z.string().optional(),
  note: z.string().optional(),
});
export type NumberSetting = z.infer<typeof NumberSettingSchema>;

export const BooleanSettingSchema = NumberSettingSchema.extend({ value: z.boolean() });
export type BooleanSetting = z.infer<typeof BooleanSettingSchema>;

const RULE_ID = /^[A-Z][A-Z0-9_]*$/;

/** Which communities a rule applies to; an absent key means "any". */
export const RuleScopeSchema = z.strictObject({
  developmentType: z.enum(DEVELOPMENT_TYPES).optional(),
  pilot: z.literal(true).optional(),
  hub: z.literal(true).optional(),
});
export type RuleScope = z.infer<typeof RuleScopeSchema>;

const ruleBase = {
  id: z.string().regex(RULE_ID, "rule ids are UPPER_SNAKE"),
  /** Clause of the plan, e.g. 三(一) or 三(三)2. */
  clause: z.string().min(1),
  title: z.string().min(1),
  /** Quoted from the plan. */
  wording: z.string().min(1),
  /** How the app measures it, in Chinese, for the UI and the contract document. */
  measure: z.string().min(1),
  /** Whether a failure is a breach of the plan's norm (false: our own flag, for reference). */
  binding: z.boolean(),
  appliesTo: RuleScopeSchema,
};

export const AreaPerHouseholdsRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal("area_per_households"),
  parameters: z.strictObject({ perHouseholds: z.number().positive(), areaM2: z.number().positive() }),
});
export const HubAreaRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal("hub_area"),
  parameters: z.strictObject({ areaM2: z.number().positive() }),
});
export const PilotFunctionsRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal("pilot_functions"),
  parameters: z.strictObject({ domains: z.number().int().min(1).max(DOMAINS.length) }),
});
export const HubFunctionsRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal("hub_functions"),
  parameters: z.strictObject({
    minFunctions: z.number().int().min(1),
    minKeyFunctions: z.number().int().min(0),
    keyFunctions: z.array(z.enum(KEY_HUB_FUNCTIONS)).min(1),
  }),
});
export const ServiceCircleRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal("service_circle"),
  parameters: z.strictObject({ minutes: z.number().positive() }),
  settings: z.strictObject({ walkingDistanceM: NumberSettingSchema, coverageThreshold: NumberSettingSchema }),
});
export const OfficeShareRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal("office_share"),
  parameters: z.strictObject({}),
  settings: z.strictObject({ maxShare: NumberSettingSchema }),
});
export const DemandPriorityRuleSchema = z.strictObject({
  ...ruleBase,
  kind: z.literal("demand_priority"),
  parameters: z.strictObject({}),
  settings: z.strictObject({ highDemandIndex: NumberSettingSchema, lowSatisfaction: NumberSettingSchema }),
});

export const PolicyRuleSchema = z.discriminatedUnion("kind", [
  AreaPerHouseholdsRuleSchema,
  HubAreaRuleSchema,
  PilotFunctionsRuleSchema,
  HubFunctionsRuleSchema,
  ServiceCircleRuleSchema,
  OfficeShareRuleSchema,
  DemandPriorityRuleSchema,
]);
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;
export type RuleKind = PolicyRule["kind"];
export type RuleOfKind<K extends RuleKind> = Extract<PolicyRule, { kind: K }>;

/** Kinds the evaluator needs exactly once; the area kinds may appear any number of times. */
const SINGLE_KINDS = ["pilot_functions", "hub_functions", "service_circle", "office_share", "demand_priority"] as const;

const AGE_GROUPS = ["elderly", "children"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const PolicyProfileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /** Bumped whenever the data changes (a setting, a wording); a new plan gets a new id. */
    version: z.number().int().min(1),
    document: z.strictObject({
      title: z.string().min(1),
      number: z.string().min(1),
      effectiveFrom: z.iso.date(),
      source: z.string().min(1),
    }),
    rules: z.array(PolicyRuleSchema).min(1),
    settings: z.strictObject({
      /** Measure non-pilot communities against the pilot area norms, for reference only. */
      nonPilotAreaNorms: BooleanSettingSchema,
      scoreWeights: z.strictObject({
        coverage: NumberSettingSchema,
        ownFacility: NumberSettingSchema,
        demand: NumberSettingSchema,
      }),
      satisfactionScale: z.strictObject({ min: NumberSettingSchema, max: NumberSettingSchema }),
      oneOldOneYoung: z.strictObject({
        label: z.string().min(1),
        /** Which age groups make a domain a 一老一小 domain. */
        domains: z.partialRecord(z.enum(DOMAINS), z.array(z.enum(AGE_GROUPS)).min(1)),
        weight: NumberSettingSchema,
      }),
    }),
    /** The domain score and status rules in words and as a formula, for the UI. */
    domainAssessment: z.strictObject({
      statusRules: z.strictObject({ 缺失: z.string().min(1), 不足: z.string().min(1), 满足: z.string().min(1) }),
      scoreFormula: z.strictObject({ description: z.string().min(1), expression: z.string().min(1) }),
    }),
  })
  .superRefine((profile, ctx) => {
    const seen = new Set<string>();
    profile.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `duplicate rule id ${rule.id}` });
      seen.add(rule.id);
    });
    for (const kind of SINGLE_KINDS) {
      const n = profile.rules.filter((r) => r.kind === kind).length;
      if (n !== 1) ctx.addIssue({ code: "custom", path: ["rules"], message: `needs exactly one rule of kind ${kind}, found ${n}` });
    }
    const { min, max } = profile.settings.satisfactionScale;
    if (!(max.value > min.value)) {
      ctx.addIssue({ code: "custom", path: ["settings", "satisfactionScale"], message: "max must exceed min" });
    }
    const w = profile.settings.scoreWeights;
    if (w.coverage.value + w.ownFacility.value <= 0) {
      ctx.addIssue({ code: "custom", path: ["settings", "scoreWeights"], message: "coverage + ownFacility weights must be positive" });
    }
  });
export type PolicyProfile = z.infer<typeof PolicyProfileSchema>;

/** The one rule of a kind the profile must hold exactly once (guaranteed by the schema). */
export function singleRule<K extends (typeof SINGLE_KINDS)[number]>(profile: PolicyProfile, kind: K): RuleOfKind<K> {
  const rule = profile.rules.find((r): r is RuleOfKind<K> => r.kind === kind);
  if (!rule) throw new Error(`policy profile ${profile.id} has no ${kind} rule`);
  return rule;
}

// A new version: add its JSON file next to this one and one line here.
const BUILT_IN_PROFILE_DATA: readonly unknown[] = [hangzhou202411];

export const builtInProfiles: readonly PolicyProfile[] = BUILT_IN_PROFILE_DATA.map((data) => PolicyProfileSchema.parse(data));

export function loadBuiltInProfile(id: string = DEFAULT_PROFILE_ID): PolicyProfile {
  const profile = builtInProfiles.find((p) => p.id === id);
  if (!profile) throw new Error(`unknown policy profile ${id}; built in: ${builtInProfiles.map((p) => p.id).join(", ")}`);
  return profile;
}
