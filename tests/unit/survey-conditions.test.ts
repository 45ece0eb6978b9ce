import fc from "fast-check";
import { ConditionRunner } from "survey-core";
import { describe, expect, it } from "vitest";
import { analyseCondition, compileCondition } from "../../workflows/surveys/conditions";
import { readQuestionSpecs } from "../../workflows/surveys/definition";
import { surveyTemplate } from "../../workflows/surveys/templates";

const templateConditions = [
  ...new Set(
    (["needs_seven_domain", "feedback_post_build"] as const).flatMap((id) =>
      readQuestionSpecs(surveyTemplate(id)).flatMap((q) => [
        ...q.visibleIf,
        ...q.choices.flatMap((c) => (c.visibleIf ? [c.visibleIf] : [])),
        ...q.validators.flatMap((v) => (v.type === "expression" ? [v.expression] : [])),
      ]),
    ),
  ),
];
const more = [
  "{a} = 1",
  "{a} = '1'",
  "{a} != 2 and {b} notempty",
  "{b} empty or {a} >= 3",
  "{b} contains 'x'",
  "{b} notcontains 'x'",
  "{b} allof ['x', 'y']",
  "{a} + {c} > 3",
  "!({a} < 2)",
  "iif({a} > 2, 'big', 'small') = 'big'",
  "{c} >= 1 and {c} <= 3 or {b} anyof ['x', 'none']",
];

describe("compiled conditions", () => {
  it("the templates use only conditions that parse and name their questions", () => {
    expect(templateConditions.length).toBeGreaterThan(20);
    for (const expression of templateConditions) expect(analyseCondition(expression).ok, expression).toBe(true);
    expect(analyseCondition("{a} >")).toEqual({ ok: false });
    expect(analyseCondition("age({b}) > {a}")).toEqual({ ok: true, variables: ["b", "a"], functions: ["age"] });
  });

  it("decide exactly as survey-core's ConditionRunner does in the browser, remembered results included", () => {
    const scalar = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -1, max: 4 }), fc.constantFrom("often", "none_nearby", "x", "1", "", "true"), fc.boolean());
    const list = fc.array(fc.constantFrom("x", "y", "none", "community_canteen", "elderly_care"), { maxLength: 3 });
    const names = new Set<string>(["a", "b", "c"]);
    for (const expression of templateConditions) {
      const analysis = analyseCondition(expression);
      if (analysis.ok) analysis.variables.forEach((v) => names.add(v));
    }
    const values = fc.dictionary(fc.constantFrom(...names), fc.oneof(scalar, list), { maxKeys: 12 });
    const all = [...templateConditions, ...more];
    const compiled = all.map((e) => [e, compileCondition(e), new ConditionRunner(e)] as const);
    fc.assert(
      fc.property(values, (raw) => {
        const answers = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        for (const [expression, fast, runner] of compiled) {
          expect(fast(answers), `${expression} with ${JSON.stringify(answers)}`).toBe(runner.runValues({ ...answers }));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("refuse to compile what does not parse", () => {
    expect(() => compileCondition("{a} > ")).toThrow(/invalid condition/);
  });
});
