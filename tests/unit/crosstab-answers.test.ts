import { describe, expect, it } from "vitest";
import { readQuestionSpecs } from "../../workflows/surveys/definition";
import { crossTabOfAnswers, crossTabQuestions } from "../../workflows/surveys/crosstab-answers";
import { surveyTemplate } from "../../workflows/surveys/templates";

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
