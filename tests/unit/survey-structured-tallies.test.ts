// Kept totals and results of matrices, tables, rankings and dynamic panels: one total per
// row × column, so the results page shows a grid without reading raw answers.
import { describe, expect, it } from "vitest";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";
import { demandFromTallies, questionResults, sumTallies, tallyDeltas, type TallyRow } from "../../workflows/surveys/tallies";
import { HOUSEHOLD_SURVEY } from "../support/structured-survey";

function compiled(json: SurveyJson) {
  const result = validateSurveyDefinition(json, { stage: "publish" });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return compileAnswerValidator(result.definition);
}

const validate = compiled(HOUSEHOLD_SURVEY);
function rowsOf(answers: Record<string, unknown>): TallyRow[] {
  const result = validate(answers);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return tallyDeltas(validate.questions, result.data);
}
const base = {
  uses_health: true,
  service_satisfaction: { canteen: 4, health: 5 },
  rooms: { bed: { area: 12, grab_bar: "yes", bar_note: "床边" }, kitchen: { area: 6, grab_bar: "no" } },
  prices: { low: 5, high: 20 },
  priorities: ["gym", "canteen", "clinic"],
  members: [{ age: 70, relation: "self" }, { age: 68, relation: "spouse" }],
  children: [{ age: 4 }, { age: 9, school: "清波小学" }],
};

describe("tallies of structured answers", () => {
  it("keeps one total per matrix row × column, with the rating summed for the mean", () => {
    const rows = rowsOf(base).filter((r) => r.question.startsWith("service_satisfaction"));
    expect(rows).toEqual([
      { question: "service_satisfaction", option: "", segment: "all", count: 1, sum: 0 },
      { question: "service_satisfaction.canteen", option: "4", segment: "all", count: 1, sum: 4 },
      { question: "service_satisfaction.health", option: "5", segment: "all", count: 1, sum: 5 },
    ]);
  });

  it("counts each ranking item at its position, each table cell in its row and column, each panel's answers", () => {
    const rows = rowsOf(base);
    expect(rows.filter((r) => r.question.startsWith("priorities."))).toEqual([
      { question: "priorities.gym", option: "1", segment: "all", count: 1, sum: 1 },
      { question: "priorities.canteen", option: "2", segment: "all", count: 1, sum: 2 },
      { question: "priorities.clinic", option: "3", segment: "all", count: 1, sum: 3 },
    ]);
    expect(rows.find((r) => r.question === "rooms.bed.grab_bar")).toMatchObject({ option: "yes", count: 1 });
    expect(rows.find((r) => r.question === "rooms.kitchen.area")).toMatchObject({ option: "", count: 1, sum: 6 });
    expect(rows.find((r) => r.question === "members")).toMatchObject({ option: "", count: 1, sum: 2 });
    expect(rows.filter((r) => r.question === "members.relation").map((r) => r.option)).toEqual(["self", "spouse"]);
    expect(rows.filter((r) => r.question === "children.age")).toEqual([
      { question: "children.age", option: "", segment: "all", count: 1, sum: 4 },
      { question: "children.age", option: "", segment: "all", count: 1, sum: 9 },
    ]);
    expect(rows.some((r) => r.question.startsWith("price_gap"))).toBe(false);
  });

  it("shows results per row × column: counts, shares and the mean of each row", () => {
    const totals = sumTallies([
      ...rowsOf(base),
      ...rowsOf({ ...base, service_satisfaction: { canteen: 2, health: 5 }, why_unhappy: "太咸", priorities: ["canteen"] }),
    ]);
    const results = new Map(questionResults(validate.questions, totals).map((q) => [q.name, q]));
    const matrix = results.get("service_satisfaction")!;
    expect(matrix.answered).toBe(2);
    const canteen = matrix.parts![0];
    expect(canteen).toMatchObject({ name: "service_satisfaction.canteen", title: "老年食堂", answered: 2, mean: 3 });
    expect(canteen.options.map((o) => [o.label, o.count, o.percent])).toEqual([
      ["很不满意", 0, 0],
      ["不满意", 1, 50],
      ["一般", 0, 0],
      ["满意", 1, 50],
      ["很满意", 0, 0],
    ]);
    const ranking = results.get("priorities")!;
    expect(ranking.parts!.map((p) => [p.title, p.mean])).toEqual([
      ["canteen", 1.5],
      ["gym", 1.5],
      ["clinic", 3],
    ]);
    const rooms = results.get("rooms")!;
    expect(rooms.parts!.map((c) => c.title)).toEqual(["面积", "有扶手吗", "扶手说明"]);
    expect(rooms.parts![0].parts!.map((r) => [r.title, r.mean])).toEqual([
      ["卧室", 12],
      ["厨房", 6],
    ]);
    expect(results.get("members")).toMatchObject({ answered: 2, mean: 2 });
    expect(results.has("price_gap")).toBe(false);
  });
});

describe("a satisfaction matrix in the demand index", () => {
  const scale = [1, 2, 3, 4, 5];
  const survey = compiled({
    pages: [
      {
        name: "p",
        elements: [
          { type: "matrix", name: "meal_quality", domain: "meal_assist", measure: "satisfaction", columns: scale, rows: ["taste", "price"] },
          {
            type: "matrix",
            name: "service_satisfaction",
            measure: "satisfaction",
            columns: scale,
            rows: ["community_canteen", "health_station", "not_a_function"],
          },
        ],
      },
    ],
  } as unknown as SurveyJson);

  it("counts a matrix's rows for its domain, or each row for the domain of the facility it names", () => {
    const rows = sumTallies(
      [
        { meal_quality: { taste: 4, price: 2 }, service_satisfaction: { community_canteen: 5, health_station: 3, not_a_function: 1 } },
        { service_satisfaction: { health_station: 5 } },
      ].flatMap((answers) => {
        const result = survey(answers);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return tallyDeltas(survey.questions, result.data);
      }),
    );
    const demand = demandFromTallies(rows);
    expect(demand.domains.meal_assist.satisfaction).toBeCloseTo((4 + 2 + 5) / 3);
    expect(demand.domains.health.satisfaction).toBe(4);
    expect(demand.domains.culture_leisure.satisfaction).toBeNull();
  });
});
