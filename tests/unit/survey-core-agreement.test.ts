// The compiled validator and survey-core decide alike for the structured question types: for any
// well-formed answer set, the server accepts it exactly when survey-core's own check in the
// browser lets the resident submit, and keeps exactly what survey-core keeps on completion.
import fc from "fast-check";
import { Model } from "survey-core";
import { describe, expect, it } from "vitest";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";

const json = {
  locale: "zh-cn",
  pages: [
    {
      name: "p1",
      elements: [
        { type: "boolean", name: "uses_health", title: "去过卫生服务站吗？" },
        {
          type: "matrix",
          name: "satisfaction",
          isRequired: true,
          eachRowRequired: true,
          columns: [1, 2, 3, 4, 5],
          rows: ["canteen", { value: "health", visibleIf: "{uses_health} = true" }],
        },
        { type: "comment", name: "why", visibleIf: "{satisfaction.canteen} <= 2", isRequired: true },
        { type: "ranking", name: "order", choices: ["canteen", "gym", { value: "clinic", visibleIf: "{uses_health} = true" }] },
        {
          type: "paneldynamic",
          name: "children",
          templateElements: [
            { type: "text", name: "age", inputType: "number", isRequired: true },
            { type: "text", name: "school", visibleIf: "{panel.age} >= 6", isRequired: true },
          ],
        },
        {
          type: "multipletext",
          name: "prices",
          items: [
            { name: "low", inputType: "number", isRequired: true },
            { name: "high", inputType: "number" },
          ],
        },
      ],
    },
  ],
};

const checked = validateSurveyDefinition(json);
if (!checked.ok) throw new Error(checked.errors.join("\n"));
const definition = checked.definition as SurveyJson;
const validate = compileAnswerValidator(definition);
const ORDER = ["uses_health", "satisfaction", "why", "order", "children", "prices"];

/** survey-core keeps empty panels and unanswered keys as {} / undefined; compare what was answered. */
function answered(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(answered).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, answered(v)] as const).filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value === "" ? undefined : value;
}

describe("the server's check agrees with survey-core's", () => {
  it("on whether an answer set may be submitted, and on what is kept", () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const answers = fc.record(
      {
        uses_health: maybe(fc.boolean()),
        satisfaction: maybe(fc.record({ canteen: fc.integer({ min: 1, max: 5 }), health: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: [] })),
        why: maybe(fc.constantFrom("太咸", "排队太久")),
        order: maybe(fc.shuffledSubarray(["canteen", "gym", "clinic"], { minLength: 1 })),
        children: maybe(fc.array(fc.record({ age: fc.integer({ min: 1, max: 12 }), school: fc.constantFrom("清波小学") }, { requiredKeys: [] }), { minLength: 1, maxLength: 3 })),
        prices: maybe(fc.record({ low: fc.integer({ min: 1, max: 30 }), high: fc.integer({ min: 1, max: 30 }) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(answers, (raw) => {
        const data = JSON.parse(JSON.stringify(raw));
        const model = new Model(definition);
        // As a resident fills it in: from the top down.
        for (const name of ORDER) if (data[name] !== undefined) model.setValue(name, structuredClone(data[name]));
        const browserAllows = model.validate(false, false);
        (model as unknown as { clearUnusedValues(): void }).clearUnusedValues();
        const kept = answered(model.data);
        model.dispose();
        const server = validate(data);
        expect(server.ok, `${JSON.stringify(data)} → ${JSON.stringify(!server.ok && server.errors)}`).toBe(browserAllows);
        if (server.ok) expect(answered(server.data), JSON.stringify(data)).toEqual(kept);
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});
