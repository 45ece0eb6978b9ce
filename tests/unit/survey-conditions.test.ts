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

  it("read inside structured answers exactly as survey-core does: matrix rows, ranking order, table rows, panels", () => {
    const structured = [
      "{m.r1} = 2",
      "{m.r1} empty",
      "{m.r2} anyof [1, 2]",
      "{M.R1} >= 3",
      "{m} notempty",
      "{mc.r1} contains 'x'",
      "{rk[0]} = 'a'",
      "{rk[-1]} = 'c'",
      "{rk} allof ['a', 'b']",
      "{rk.length} > 2",
      "{pd[0].age} > 3",
      "{pd[1].age} empty",
      "{pd.length} >= 2",
      "{md[0].col} = 'x'",
      "sumInArray({md}, 'n') > 2",
      "countInArray({pd}, 'age') = 1",
      "{mt.low} + {mt.high} > 5",
      "{mt.high} notempty and {m.r1} != {m.r2}",
      "{panel.age} >= 6",
      "{row.col} = 'x' or {rowIndex} = 2",
    ];
    const small = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 5 }), fc.constantFrom("1", "x", ""));
    const values = fc.record(
      {
        m: fc.dictionary(fc.constantFrom("r1", "r2"), small),
        mc: fc.dictionary(fc.constantFrom("r1", "r2"), fc.array(fc.constantFrom("x", "y"), { maxLength: 2 })),
        rk: fc.shuffledSubarray(["a", "b", "c"]),
        pd: fc.array(fc.record({ age: small }, { requiredKeys: [] }), { maxLength: 3 }),
        md: fc.array(fc.record({ col: fc.constantFrom("x", "y"), n: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] }), { maxLength: 3 }),
        mt: fc.record({ low: small, high: small }, { requiredKeys: [] }),
        panel: fc.record({ age: small }, { requiredKeys: [] }),
        row: fc.record({ col: fc.constantFrom("x", "y") }, { requiredKeys: [] }),
        rowIndex: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: [] },
    );
    const compiled = structured.map((e) => [e, compileCondition(e), new ConditionRunner(e)] as const);
    fc.assert(
      fc.property(values, (raw) => {
        // As JSON delivers them: no undefined members anywhere.
        const answers = JSON.parse(JSON.stringify(raw));
        for (const [expression, fast, runner] of compiled) {
          expect(fast(answers), `${expression} with ${JSON.stringify(answers)}`).toBe(runner.runValues(structuredClone(answers)));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("refuse to compile what does not parse", () => {
    expect(() => compileCondition("{a} > ")).toThrow(/invalid condition/);
  });
});
