import { describe, expect, it } from "vitest";
import { readQuestionSpecs } from "../../workflows/surveys/definition";
import { followableQuestions, roundsOf, trendPoints, trendQuestionsOf, type TrendQuestion, type TrendTotal } from "../../workflows/surveys/trends";

const need: TrendQuestion = {
  name: "meal_need",
  title: "助餐 · 需要程度",
  kind: "single",
  choices: [
    { value: "0", label: "不需要" },
    { value: "1", label: "需要" },
  ],
};
const rating: TrendQuestion = { name: "canteen_rating", title: "食堂满意度", kind: "rating", choices: [1, 2, 3, 4, 5].map((v) => ({ value: String(v), label: String(v) })) };

const total = (round: string, question: string, option: string, count: number, sum = 0): TrendTotal => ({ round, question, option, count, sum });
const rounds = [
  { key: "2024", label: "2024 年", communities: 2 },
  { key: "2025", label: "2025 年", communities: 3 },
  { key: "2026", label: "2026 年", communities: 3 },
];

describe("a question's trend across rounds", () => {
  const totals = [
    total("2024", "__respondents", "", 40),
    total("2025", "__respondents", "", 50),
    total("2026", "__respondents", "", 60),
    total("2024", "meal_need", "0", 30),
    total("2024", "meal_need", "1", 10),
    total("2026", "meal_need", "0", 20),
    total("2026", "meal_need", "1", 20),
    total("2026", "meal_need", "2", 5),
    total("2025", "canteen_rating", "4", 3, 12),
    total("2025", "canteen_rating", "2", 1, 2),
    total("2026", "canteen_rating", "5", 2, 10),
  ];

  it("gives each round its respondents and leaves out a round nobody answered", () => {
    const withEmpty = [...rounds, { key: "2027", label: "2027 年", communities: 1 }];
    expect(roundsOf(withEmpty, totals).map((r) => [r.key, r.respondents])).toEqual([
      ["2024", 40],
      ["2025", 50],
      ["2026", 60],
    ]);
  });

  it("shows a choice's shares of the households that answered it, and a round that did not ask it as unanswered", () => {
    const points = trendPoints(need, roundsOf(rounds, totals), totals);
    expect(points.map((p) => p.answered)).toEqual([40, 0, 45]);
    expect(points[0].options.map((o) => [o.label, o.count, o.share])).toEqual([
      ["不需要", 30, 75],
      ["需要", 10, 25],
      ["2", 0, 0],
    ]);
    // An option no longer offered keeps its value as its name.
    expect(points[2].options.map((o) => o.share)).toEqual([44.4, 44.4, 11.1]);
    expect(points[1].options.every((o) => o.count === 0 && o.share === 0)).toBe(true);
    expect(points[0].mean).toBeNull();
  });

  it("gives a rating its mean and distribution per round", () => {
    const points = trendPoints(rating, roundsOf(rounds, totals), totals);
    expect(points.map((p) => p.mean)).toEqual([null, 3.5, 5]);
    expect(points[1].options.find((o) => o.value === "4")).toMatchObject({ count: 3, share: 75 });
  });

  it("follows only questions asked in two rounds or more", () => {
    expect(followableQuestions([need, rating, { ...need, name: "only_once" }], [...totals, total("2026", "only_once", "1", 9)]).map((q) => q.name)).toEqual([
      "meal_need",
      "canteen_rating",
    ]);
  });

  it("follows a multiple choice by the households that answered it", () => {
    const services: TrendQuestion = { name: "wanted", title: "想要的服务", kind: "multiple", choices: [{ value: "meal", label: "助餐" }, { value: "care", label: "托育" }] };
    const picks = [total("2024", "__respondents", "", 10), total("2024", "wanted", "", 8), total("2024", "wanted", "meal", 6), total("2024", "wanted", "care", 4)];
    const [point] = trendPoints(services, roundsOf(rounds, picks), picks);
    expect(point.answered).toBe(8);
    expect(point.options.map((o) => o.share)).toEqual([75, 50]);
  });
});

describe("the questions a trend can follow", () => {
  it("are choices, ratings, yes/no questions and each row of a matrix, not counts or texts", () => {
    const specs = readQuestionSpecs({
      pages: [
        {
          name: "p1",
          title: "助餐",
          elements: [
            { type: "radiogroup", name: "meal_need", title: "需要吗？", choices: [{ value: 0, text: "不需要" }, { value: 1, text: "需要" }] },
            { type: "rating", name: "meal_rating", title: "满意度", rateMin: 1, rateMax: 5 },
            { type: "boolean", name: "meal_used", title: "用过吗？" },
            { type: "text", name: "meal_count", title: "几位？", inputType: "number" },
            { type: "comment", name: "meal_comment", title: "意见" },
            { type: "matrix", name: "facility", title: "设施满意度", rows: [{ value: "canteen", text: "食堂" }], columns: [{ value: 1, text: "不满意" }, { value: 2, text: "满意" }] },
          ],
        },
      ],
    });
    expect(trendQuestionsOf(specs).map((q) => [q.name, q.title, q.kind])).toEqual([
      ["meal_need", "助餐 · 需要吗？", "single"],
      ["meal_rating", "助餐 · 满意度", "rating"],
      ["meal_used", "助餐 · 用过吗？", "boolean"],
      ["facility.canteen", "设施满意度 · 食堂", "single"],
    ]);
  });
});
