import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { solveSiting } from "../../app/lib/siting-solver.server";
import { SITING_SCHEMA_FILES } from "../../scripts/generate-siting-schemas";
import { parseSitingRequest, SitingOutputSchema, sitingJsonSchemas } from "../../workflows/siting-contract";
import { contractInputs, expectCommittedSchemas } from "../support/json-contract";

const valid = {
  radiusM: 1000,
  select: 2,
  demand: [{ id: "清波小区", lat: 30.2452, lng: 120.1648, weight: 1200 }],
  existing: [{ id: "老年食堂", lat: 30.2449, lng: 120.1655 }],
  candidates: [{ id: 7, lat: 30.25, lng: 120.17 }],
};

const { changed, errorsFor } = contractInputs(parseSitingRequest, valid);

describe("the committed JSON Schemas", () => {
  it("equal the ones generated from the zod schemas (run scripts/generate-siting-schemas.ts after a change)", () => {
    expectCommittedSchemas(SITING_SCHEMA_FILES, sitingJsonSchemas());
  });
});

describe("the input contract", () => {
  it("accepts the issue's shape and turns select or budget into the limit", () => {
    expect(parseSitingRequest(valid)).toMatchObject({ ok: true, problem: { radiusM: 1000, limit: { select: 2 } } });
    const budget = changed((i) => {
      delete (i as Partial<typeof i>).select;
      i.budget = 50;
      (i.candidates[0] as Record<string, unknown>).cost = 30;
    });
    expect(parseSitingRequest(budget)).toMatchObject({ ok: true, problem: { limit: { budget: 50 } } });
  });

  it("explains bad numbers and types in Chinese and English, with the path, listing every problem", () => {
    expect(
      errorsFor(
        changed((i) => {
          i.radiusM = -1;
          (i.demand[0] as Record<string, unknown>).lat = "30.2";
          (i.demand[0] as Record<string, unknown>).weight = -3;
          (i as Record<string, unknown>).select = 1.5;
        }),
      ),
    ).toEqual([
      "radiusM: 半径必须大于 0，实际为 -1 / radiusM must be greater than 0, got -1",
      "select: 新址数量应为整数，实际为 1.5 / select must be an integer, got 1.5",
      'demand[0].lat: 纬度应为数字，实际为 "30.2" / latitude must be a number, got "30.2"',
      "demand[0].weight: 权重不能小于 0，实际为 -3 / weight must be at least 0, got -3",
    ]);
  });

  it("refuses unknown fields, missing lists and a bare value", () => {
    expect(errorsFor(changed((i) => ((i as Record<string, unknown>).radius = 5)))).toEqual(['radius: 未知字段 "radius" / unknown field "radius"']);
    expect(errorsFor(changed((i) => delete (i as Partial<typeof i>).candidates))).toEqual(["candidates: 缺少候选点列表 / missing candidates"]);
    expect(errorsFor([valid])).toEqual(["(root): 输入应为一个对象 / input must be an object"]);
    expect(errorsFor(changed((i) => ((i.demand[0] as Record<string, unknown>).id = true)))[0]).toMatch(/^demand\[0\]\.id: 编号应为文本或整数/);
  });

  it("needs exactly one of select and budget, and a cost on every candidate with a budget", () => {
    expect(errorsFor(changed((i) => delete (i as Partial<typeof i>).select))).toEqual([
      "select: 缺少新址数量 select 或预算 budget / missing select (how many new sites) or budget",
    ]);
    expect(errorsFor(changed((i) => (i.budget = 10)))[0]).toMatch(/select 与 budget 只能给出一个 \/ give either select or budget, not both/);
    expect(
      errorsFor(
        changed((i) => {
          delete (i as Partial<typeof i>).select;
          i.budget = 10;
        }),
      ),
    ).toEqual(["candidates[0].cost: 按预算选址时每个候选点须有 cost / with a budget every candidate needs a cost"]);
  });

  it("refuses an id repeated within a list", () => {
    expect(errorsFor(changed((i) => i.existing.push({ ...i.existing[0] })))).toEqual([
      'existing[1].id: 编号 "老年食堂" 与第 0 项重复 / id "老年食堂" repeats item [0]',
    ]);
  });
});

describe("docs/siting-contract.md", () => {
  const doc = fs.readFileSync("docs/siting-contract.md", "utf8");
  const examples = new Map<string, unknown>();
  for (const match of doc.matchAll(/```json example=([\w-]+)\n([\s\S]*?)```/g)) examples.set(match[1], JSON.parse(match[2]));

  it("has examples whose outputs are what the solver answers, and meet the output schema", async () => {
    expect([...examples.keys()].sort()).toEqual(["budget-input", "budget-output", "count-input", "count-output"]);
    for (const name of ["count", "budget"]) {
      const parsed = parseSitingRequest(examples.get(`${name}-input`));
      if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
      const answer = await solveSiting(parsed.problem);
      expect(answer, name).toEqual(examples.get(`${name}-output`));
      expect(SitingOutputSchema.parse(answer)).toEqual(answer);
    }
  });

  it("describes every input field", () => {
    const input = sitingJsonSchemas().input as { $defs: Record<string, { properties: Record<string, unknown> }> };
    for (const def of Object.values(input.$defs)) {
      for (const field of Object.keys(def.properties)) expect(doc, field).toContain(`\`${field}\``);
    }
  });
});
