import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SCHEMA_FILES } from "../../scripts/generate-evaluation-schemas";
import { evaluateBatch } from "../../workflows/evaluation";
import {
  EvaluationResultSchema,
  evaluationJsonSchemas,
  parseEvaluationRequest,
} from "../../workflows/evaluation-contract";
import { formatPath } from "../../workflows/contract-errors";
import { loadBuiltInProfile } from "../../workflows/policy/profile";
import { contractInputs, expectCommittedSchemas } from "../support/json-contract";

const profile = loadBuiltInProfile();

const valid = {
  community: { code: "330102001001", name: "清波门社区", type: "existing", pilot: true, households: 2350, hasHub: true },
  facilities: [
    { name: "老年食堂", domain: "meal_assist", functions: ["community_canteen"], areaM2: 320, officeAreaM2: 20, status: "operating", hubPart: true, distanceM: 350, shared: false },
  ],
  survey: { respondents: 812, domains: { meal_assist: { demandIndex: 0.42, satisfaction: 3.1 } } },
};

const { changed, errorsFor } = contractInputs(parseEvaluationRequest, valid);

describe("the committed JSON Schemas", () => {
  it("equal the ones generated from the zod schemas (run scripts/generate-evaluation-schemas.ts after a change)", () => {
    expectCommittedSchemas(SCHEMA_FILES, evaluationJsonSchemas());
  });

  it("describe every input field and every rule-independent output field", () => {
    const { input, output } = evaluationJsonSchemas();
    const defs = (s: Record<string, unknown>) => Object.keys(s.$defs as object);
    expect(defs(input)).toEqual(expect.arrayContaining(["EvaluationInput", "Community", "Facility", "Survey", "Neighbourhood"]));
    expect(defs(output)).toEqual(expect.arrayContaining(["EvaluationResult", "Finding", "DomainResult"]));
  });
});

describe("the input contract", () => {
  it("accepts the issue's example, alone and as a batch", () => {
    expect(parseEvaluationRequest(valid)).toMatchObject({ ok: true, batch: false });
    expect(parseEvaluationRequest([valid, changed((i) => (i.community.code = "330102001002"))])).toMatchObject({ ok: true, batch: true });
  });

  it("explains an unknown domain in Chinese and English, with the path", () => {
    expect(errorsFor(changed((i) => (i.facilities[0].domain = "meals")))).toEqual([
      expect.stringMatching(/^facilities\[0\]\.domain: 未知的领域代码 "meals" \/ unknown domain code "meals"/),
    ]);
  });

  it("explains a wrong community type, a negative area and missing households", () => {
    expect(errorsFor(changed((i) => (i.community.type = "old")))[0]).toMatch(/^community\.type: 未知的社区类型 "old" \/ unknown community type "old"/);
    expect(errorsFor(changed((i) => (i.facilities[0].areaM2 = -5)))[0]).toBe(
      "facilities[0].areaM2: 建筑面积不能小于 0，实际为 -5 / building area must be at least 0, got -5",
    );
    expect(errorsFor(changed((i) => delete (i.community as Partial<typeof i.community>).households))).toEqual([
      "community.households: 缺少户数 / missing households",
    ]);
  });

  it("explains wrong types, unknown fields and unknown survey domains", () => {
    expect(errorsFor(changed((i) => ((i.community as Record<string, unknown>).households = "2350")))[0]).toMatch(
      /^community\.households: 户数应为数字，实际为 "2350" \/ households must be a number/,
    );
    expect(errorsFor(changed((i) => ((i.community as Record<string, unknown>).households = 23.5)))[0]).toMatch(/户数应为整数/);
    expect(errorsFor(changed((i) => ((i.facilities[0] as Record<string, unknown>).hubpart = true)))).toEqual([
      'facilities[0].hubpart: 未知字段 "hubpart" / unknown field "hubpart"',
    ]);
    expect(errorsFor(changed((i) => ((i.survey.domains as Record<string, unknown>).meals = { demandIndex: 0.1 })))).toEqual([
      'survey.domains.meals: 未知的领域代码 "meals" / unknown domain code "meals"',
    ]);
  });

  it("refuses an office larger than the building, a function of another domain and a shared facility it cannot place", () => {
    expect(errorsFor(changed((i) => (i.facilities[0].officeAreaM2 = 400)))).toEqual([
      "facilities[0].officeAreaM2: 办公面积不能大于建筑面积 / officeAreaM2 exceeds areaM2",
    ]);
    expect(errorsFor(changed((i) => (i.facilities[0].functions = ["playground"])))[0]).toMatch(
      /^facilities\[0\]\.functions\[0\]: 功能 "playground" 不属于领域 "meal_assist" \/ function "playground" does not belong/,
    );
    expect(
      errorsFor(
        changed((i) => {
          const f = i.facilities[0] as Record<string, unknown>;
          f.shared = true;
          delete f.distanceM;
        }),
      ),
    ).toEqual(["facilities[0].distanceM: 跨社区共享设施须提供距离或坐标 / a shared facility needs distanceM or lat/lng"]);
  });

  it("refuses a repeated community in a batch, an empty batch and a bare value", () => {
    expect(errorsFor([valid, valid])).toEqual([
      '[1].community.code: 社区代码 "330102001001" 与第 0 项重复 / community code "330102001001" repeats item [0]',
    ]);
    expect(errorsFor([])[0]).toMatch(/至少需要 1 项 .* needs at least 1 item/);
    expect(errorsFor(42)).toEqual(["(root): 输入应为一个社区对象或其数组 / input must be a community object or an array of them"]);
    expect(errorsFor([valid, 7])[0]).toMatch(/^\[1\]: 输入应为对象/);
  });

  it("lists every problem, not just the first", () => {
    const errors = errorsFor(
      changed((i) => {
        i.facilities[0].domain = "meals";
        (i.community as Partial<typeof i.community>).households = undefined;
        i.survey.domains.meal_assist.demandIndex = 1.2;
      }),
    );
    expect(errors).toHaveLength(3);
    expect(errors.join("\n")).toMatch(/需求指数不能大于 1/);
  });

  it("formats paths the way a reader of the JSON would look for them", () => {
    expect(formatPath(["facilities", 2, "domain"])).toBe("facilities[2].domain");
    expect(formatPath([3, "community", "code"])).toBe("[3].community.code");
    expect(formatPath([])).toBe("(root)");
  });
});

describe("the output contract", () => {
  it("is met by a batch result, field for field", () => {
    const parsed = parseEvaluationRequest([valid, changed((i) => (i.community.code = "330102001002"))]);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    for (const result of evaluateBatch(parsed.inputs, profile)) {
      expect(EvaluationResultSchema.parse(result)).toEqual(result);
    }
  });
});

describe("docs/evaluation-contract.md", () => {
  const doc = fs.readFileSync("docs/evaluation-contract.md", "utf8");
  const examples = new Map<string, unknown>();
  for (const match of doc.matchAll(/```json example=([\w-]+)\n([\s\S]*?)```/g)) examples.set(match[1], JSON.parse(match[2]));

  it("names every rule of the profile with its clause", () => {
    for (const rule of profile.rules) expect(doc).toMatch(new RegExp(`\\| \`${rule.id}\` \\| ${rule.clause.replace(/[()]/g, "\\$&")} \\|`));
  });

  it("has examples that are valid input, and an output excerpt that the engine really produces", () => {
    expect([...examples.keys()]).toEqual(expect.arrayContaining(["worked-input", "worked-output", "batch-input"]));
    for (const [name, value] of examples) {
      if (name.endsWith("-input")) expect(parseEvaluationRequest(value), name).toMatchObject({ ok: true });
    }
    const parsed = parseEvaluationRequest(examples.get("worked-input"));
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const [actual] = evaluateBatch(parsed.inputs, profile);
    const excerpt = examples.get("worked-output") as {
      findings: { id: string }[];
      domains: Record<string, unknown>;
    } & Record<string, unknown>;
    const { findings, domains, ...top } = excerpt;
    expect(actual).toMatchObject(top);
    for (const f of findings) expect(actual.findings.find((a) => a.id === f.id)).toEqual(f);
    for (const [d, value] of Object.entries(domains)) expect(actual.domains[d as keyof typeof actual.domains]).toEqual(value);
  });
});
