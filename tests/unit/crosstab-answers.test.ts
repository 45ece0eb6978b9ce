import { describe, expect, it } from "vitest";
import { readQuestionSpecs } from "../../workflows/surveys/definition";
import { crossTabOfAnswers, crossTabQuestions } from "../../workflows/surveys/crosstab-answers";
import { surveyTemplate } from "../../workflows/surveys/templates";
import { MATRIX_HEAVY_SURVEY } from "../support/matrix-survey";

const questions = crossTabQuestions(readQuestionSpecs(surveyTemplate("needs_seven_domain")));
const q = (name: string) => questions.find((x) => x.name === name)!;

describe("cross-tab of two questions over answer sets", () => {
  it("groups households with members 80+ against their need for 助餐, leaving out those who skipped either", () => {
    const answers = [
      { hh_members_80_plus: 1, meal_assist_need: 3 },
      { hh_members_80_plus: 2, meal_assist_need: 3 },
      { hh_members_80_plus: 0, meal_assist_need: 0 },
      { hh_members_80_plus: 0, meal_assist_need: 1 },
      { hh_members_80_plus: 0 },
      { meal_assist_need: 2 },
    ];
    const table = crossTabOfAnswers(q("hh_members_80_plus"), q("meal_assist_need"), answers);
    expect(table.rows).toEqual(["没有（0）", "有（1 及以上）"]);
    expect(table.columns).toEqual(["不需要", "有点需要", "比较需要", "非常需要"]);
    expect(table.counts).toEqual([
      [1, 1, 0, 0],
      [0, 0, 0, 2],
    ]);
    expect(table.answered).toBe(4);
    expect(table.rowPercents[1][3]).toBe(100);
    expect(table.test?.warning).toBe(true);
  });

  it("a multiple-choice question counts each option chosen and gets no chi-square test", () => {
    const options = q("meal_assist_services").choices.map((c) => c.value);
    const table = crossTabOfAnswers(q("hh_disability"), q("meal_assist_services"), [
      { hh_disability: true, meal_assist_services: options },
      { hh_disability: false, meal_assist_services: [options[0]] },
    ]);
    expect(table.answered).toBe(2);
    expect(table.total).toBe(options.length + 1);
    expect(table.testable).toBe(false);
    expect(table.test).toBeNull();
  });

  it("offers choice, rating, yes/no and count questions, never free text", () => {
    expect(questions.map((x) => x.kind)).not.toContain("text");
    expect(questions.map((x) => x.name)).toEqual(expect.arrayContaining(["hh_disability", "meal_assist_need", "meal_assist_satisfaction", "hh_members_80_plus"]));
  });
});

describe("matrix rows in the cross-tab", () => {
  const matrixQuestions = crossTabQuestions(readQuestionSpecs(MATRIX_HEAVY_SURVEY));
  const row = (name: string) => matrixQuestions.find((x) => x.name === name)!;

  it("offers each row of a matrix as a question of its own, titled 矩阵题 · 行", () => {
    expect(row("facility_satisfaction.canteen")).toMatchObject({ title: "您对以下设施满意吗？ · 老年食堂", kind: "single" });
    expect(row("facility_satisfaction.canteen").choices.map((c) => c.label)).toEqual(["很不满意", "不满意", "一般", "满意", "很满意"]);
    expect(matrixQuestions.filter((x) => x.name.startsWith("facility_importance."))).toHaveLength(6);
    expect(matrixQuestions.map((x) => x.name)).not.toContain("facility_satisfaction");
  });

  it("counts a matrix row against another matrix's row, reading each answer inside its matrix", () => {
    const table = crossTabOfAnswers(row("facility_satisfaction.canteen"), row("facility_importance.canteen"), [
      { facility_satisfaction: { canteen: 1, health: 5 }, facility_importance: { canteen: 5 } },
      { facility_satisfaction: { canteen: 1 }, facility_importance: { canteen: 5 } },
      { facility_satisfaction: { canteen: 5 }, facility_importance: { canteen: 1 } },
      { facility_satisfaction: { health: 2 }, facility_importance: { canteen: 3 } },
      { facility_satisfaction: "not an object", facility_importance: { canteen: 3 } },
    ]);
    expect(table.answered).toBe(3);
    expect(table.counts[0]).toEqual([0, 0, 0, 0, 2]);
    expect(table.counts[4]).toEqual([1, 0, 0, 0, 0]);
    expect(table.testable).toBe(true);
  });
});
