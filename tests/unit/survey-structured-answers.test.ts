// The server's check of answers to matrices, tables, multipletext, ranking, dynamic panels and
// computed values, as a 社区 questionnaire would use them.
import { describe, expect, it } from "vitest";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { HOUSEHOLD_SURVEY } from "../support/structured-survey";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";

function published(json: SurveyJson) {
  const result = validateSurveyDefinition(json, { stage: "publish" });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.definition;
}

const validate = compileAnswerValidator(published(HOUSEHOLD_SURVEY));
const base = {
  uses_health: true,
  service_satisfaction: { canteen: 4, health: 5 },
  rooms: { bed: { area: 12, grab_bar: "no" }, kitchen: { area: 6 } },
  prices: { low: 5, high: 20 },
};
const errors = (answers: Record<string, unknown>) => {
  const result = validate(answers);
  return result.ok ? [] : result.errors;
};

describe("answers to a satisfaction matrix (矩阵量表)", () => {
  it("keeps one answer per shown row, as the defined column values", () => {
    const result = validate({ ...base, service_satisfaction: { canteen: "4", health: 5 } });
    expect(result.ok && result.data.service_satisfaction).toEqual({ canteen: 4, health: 5 });
  });

  it("asks for every shown row when each row must be answered, and drops rows that are hidden", () => {
    expect(errors({ ...base, service_satisfaction: { canteen: 4 } })).toEqual([
      { question: "service_satisfaction", message: "“您对以下服务满意吗？”：请回答：卫生服务站" },
    ]);
    const result = validate({ ...base, uses_health: false, service_satisfaction: { canteen: 4, health: 1 } });
    expect(result.ok && result.data.service_satisfaction).toEqual({ canteen: 4 });
  });

  it("refuses an answer that is not a column, a row that does not exist, or a value that is not a grid", () => {
    expect(errors({ ...base, service_satisfaction: { canteen: 9, health: 5 } })).toEqual([
      { question: "service_satisfaction", message: "“您对以下服务满意吗？”：“老年食堂”的选项无效" },
    ]);
    expect(errors({ ...base, service_satisfaction: { canteen: 4, health: 5, gym: 3 } })).toEqual([
      { question: "service_satisfaction", message: "“您对以下服务满意吗？”：没有“gym”这一项" },
    ]);
    expect(errors({ ...base, service_satisfaction: [4, 5] })).toEqual([{ question: "service_satisfaction", message: "“您对以下服务满意吗？”的回答格式不正确" }]);
  });

  it("shows a follow-up question from one row's answer, as survey-core does", () => {
    const unhappy = validate({ ...base, service_satisfaction: { canteen: 2, health: 5 }, why_unhappy: "饭菜太咸" });
    expect(unhappy.ok && unhappy.data.why_unhappy).toBe("饭菜太咸");
    const happy = validate({ ...base, why_unhappy: "饭菜太咸" });
    expect(happy.ok && happy.data.why_unhappy).toBeUndefined();
  });

  it("takes several columns per row in a checkbox matrix", () => {
    const result = validate({ ...base, wishes: { weekday: ["evening"], weekend: ["morning", "evening"] } });
    expect(result.ok && result.data.wishes).toEqual({ weekday: ["evening"], weekend: ["morning", "evening"] });
    expect(errors({ ...base, wishes: { weekday: "evening" } })).toHaveLength(1);
  });
});

describe("answers to a table (matrixdropdown, matrixdynamic)", () => {
  it("asks for a required cell in every row, naming the row", () => {
    expect(errors({ ...base, rooms: { bed: { area: 12 } } })).toEqual([{ question: "rooms", message: "“房间情况”第 2 行（厨房）：请回答：面积" }]);
  });

  it("shows a cell only when its column's condition holds for that row ({row.x})", () => {
    const result = validate({ ...base, rooms: { bed: { area: 12, grab_bar: "yes", bar_note: "床边" }, kitchen: { area: 6, grab_bar: "no", bar_note: "没有" } } });
    expect(result.ok && result.data.rooms).toEqual({ bed: { area: 12, grab_bar: "yes", bar_note: "床边" }, kitchen: { area: 6, grab_bar: "no" } });
  });

  it("keeps the filled rows of a dynamic table, at most its maximum", () => {
    const result = validate({ ...base, members: [{ age: 70, relation: "self" }, {}, { age: "68", relation: "spouse" }], "members-total": { age: 138 } });
    expect(result.ok && result.data.members).toEqual([
      { age: 70, relation: "self" },
      { age: 68, relation: "spouse" },
    ]);
    expect(errors({ ...base, members: Array.from({ length: 7 }, () => ({ age: 1 })) })).toEqual([{ question: "members", message: "“家庭成员”最多 6 行" }]);
    expect(errors({ ...base, members: [{ age: 1, relation: "cousin" }] })).toEqual([{ question: "members", message: "“家庭成员”第 1 行：“关系”的选项无效" }]);
  });
});

describe("answers to multipletext, ranking and dynamic panels", () => {
  it("checks each item of a multipletext like a question of its own", () => {
    expect(errors({ ...base, prices: { high: 20 } })).toEqual([{ question: "prices", message: "“能接受的价格”：请回答：最低" }]);
    expect(errors({ ...base, prices: { low: 5, high: 8 } })).toEqual([{ question: "prices", message: "“能接受的价格”：“最高”不能小于 10" }]);
  });

  it("completes a ranking with the items the resident did not move, and drops hidden ones", () => {
    const result = validate({ ...base, priorities: ["gym"] });
    expect(result.ok && result.data.priorities).toEqual(["gym", "canteen", "clinic"]);
    const without = validate({ ...base, uses_health: false, service_satisfaction: { canteen: 4 }, priorities: ["clinic", "gym", "canteen"] });
    expect(without.ok && without.data.priorities).toEqual(["gym", "canteen"]);
    expect(errors({ ...base, priorities: ["gym", "gym"] })).toEqual([{ question: "priorities", message: "“最希望先建哪一项？”的选项重复" }]);
  });

  it("applies a panel's own conditions ({panel.age}) and required answers to each panel", () => {
    const result = validate({ ...base, children: [{ age: 4, school: "幼儿园" }, { age: 9, school: "清波小学" }] });
    expect(result.ok && result.data.children).toEqual([{ age: 4 }, { age: 9, school: "清波小学" }]);
    expect(errors({ ...base, children: [{ age: 4 }, { school: "清波小学" }] })).toEqual([{ question: "children", message: "“家里的孩子”第 2 项：请回答：年龄" }]);
  });

  it("never stores a displayed result, and keeps the survey's own value of a calculated one", () => {
    const result = validate({ ...base, price_gap: 999, big_family: false, members: [{ age: 1 }, { age: 2 }, { age: 3 }, { age: 4 }] });
    expect(result.ok).toBe(true);
    expect(result.ok && result.data.price_gap).toBeUndefined();
    expect(result.ok && result.data.big_family).toBe(true);
  });

  it("lets a paper form leave required rows, cells and items blank, but still checks what is written", () => {
    expect(validate({ uses_health: true }, { allowUnanswered: true }).ok).toBe(true);
    expect(validate({ service_satisfaction: { canteen: 7 } }, { allowUnanswered: true }).ok).toBe(false);
  });
});
