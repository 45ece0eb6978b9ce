import { describe, expect, it } from "vitest";
import {
  addPage,
  addQuestion,
  fromSurveyJson,
  generateQuestionName,
  listQuestions,
  locate,
  moveElement,
  movePage,
  questionNameProblem,
  referencesTo,
  removeElement,
  removePage,
  renameQuestion,
  setChoices,
  toSurveyJson,
  updateProps,
  withText,
  type BuilderDoc,
} from "../../app/components/survey-builder/operations";
import {
  addChoiceRow,
  choiceProblems,
  choiceRows,
  moveChoiceRow,
  parseChoiceValue,
  removeChoiceRow,
  updateChoiceRow,
} from "../../app/components/survey-builder/choice-rows";
import { buildCondition, parseCondition } from "../../app/components/survey-builder/simple-conditions";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";
import { surveyTemplate } from "../../workflows/surveys/templates";

const SMALL: SurveyJson = {
  locale: "zh-cn",
  pages: [
    {
      name: "household",
      title: "您的家庭",
      elements: [
        { type: "text", name: "hh_size", title: "几口人？", inputType: "number" },
        { type: "boolean", name: "hh_has_children", title: "有孩子吗？" },
        {
          type: "panel",
          name: "kids",
          elements: [{ type: "text", name: "hh_children_0_3", title: "不满3岁的有几个？", visibleIf: "{hh_has_children} = true" }],
        },
      ],
    },
    {
      name: "meal",
      title: "社区助餐",
      visibleIf: "{hh_size} > 0",
      elements: [
        {
          type: "radiogroup",
          name: "meal_assist_need",
          title: "需要助餐吗？",
          domain: "meal_assist",
          measure: "need",
          choices: [
            { value: 0, text: "不需要" },
            { value: 1, text: "需要" },
          ],
        },
      ],
    },
  ],
};

function names(doc: BuilderDoc, page: number): string[] {
  return doc.pages[page].elements.map((n) => String(n.props.name));
}

describe("the builder doc", () => {
  it("round-trips SurveyJS JSON unchanged, panels and page conditions included", () => {
    expect(toSurveyJson(fromSurveyJson(SMALL))).toEqual(SMALL);
    const template = surveyTemplate("needs_seven_domain");
    expect(toSurveyJson(fromSurveyJson(template))).toEqual({ ...template, pages: template.pages });
  });

  it("puts root-level elements on one page", () => {
    const doc = fromSurveyJson({ elements: [{ type: "comment", name: "comments" }] });
    expect(doc.pages).toHaveLength(1);
    expect(toSurveyJson(doc)).toEqual({ pages: [{ name: "page1", elements: [{ type: "comment", name: "comments" }] }] });
  });

  it("gives every page and element its own key", () => {
    const doc = fromSurveyJson(SMALL);
    const keys = [...doc.pages.map((p) => p.key)];
    for (const q of listQuestions(doc)) keys.push(q.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("adding, removing and moving questions", () => {
  it("adds a question with a stable generated name at the end of a page, or after another", () => {
    const doc = fromSurveyJson(SMALL);
    const added = addQuestion(doc, "radiogroup", { pageKey: doc.pages[1].key })!;
    expect(added.name).toBe("radiogroup_1");
    expect(names(added.doc, 1)).toEqual(["meal_assist_need", "radiogroup_1"]);
    expect(locate(added.doc, added.key)!.node.props).toMatchObject({ type: "radiogroup", choices: [{ value: "option_1" }, { value: "option_2" }] });

    const second = addQuestion(added.doc, "radiogroup", { afterKey: added.doc.pages[0].elements[0].key })!;
    expect(second.name).toBe("radiogroup_2");
    expect(names(second.doc, 0)).toEqual(["hh_size", "radiogroup_2", "hh_has_children", "kids"]);
    // The original doc is untouched.
    expect(names(doc, 1)).toEqual(["meal_assist_need"]);
  });

  it("generated names pass the server's name rule and the whole survey still validates", () => {
    let doc = fromSurveyJson(SMALL);
    for (const type of ["text", "comment", "radiogroup", "checkbox", "dropdown", "tagbox", "rating", "boolean"] as const) {
      doc = addQuestion(doc, type, { pageKey: doc.pages[0].key })!.doc;
    }
    expect(generateQuestionName(doc, "text")).toBe("text_2");
    const result = validateSurveyDefinition(toSurveyJson(doc));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("removes a question, also from inside a panel", () => {
    const doc = fromSurveyJson(SMALL);
    const inner = listQuestions(doc).find((q) => q.name === "hh_children_0_3")!;
    const next = removeElement(doc, inner.key);
    expect(listQuestions(next).map((q) => q.name)).toEqual(["hh_size", "hh_has_children", "meal_assist_need"]);
  });

  it("moves a question within its page and across page boundaries, and says where it went", () => {
    const doc = fromSurveyJson(SMALL);
    const size = doc.pages[0].elements[0].key;
    const down = moveElement(doc, size, 1)!;
    expect(names(down.doc, 0)).toEqual(["hh_has_children", "hh_size", "kids"]);
    expect(down).toMatchObject({ position: 2, pageIndex: 0, changedPage: false });

    expect(moveElement(doc, size, -1)).toBeNull(); // first question of the first page

    const need = doc.pages[1].elements[0].key;
    const up = moveElement(doc, need, -1)!;
    expect(up).toMatchObject({ pageIndex: 0, position: 4, changedPage: true });
    expect(names(up.doc, 0)).toEqual(["hh_size", "hh_has_children", "kids", "meal_assist_need"]);
    expect(names(up.doc, 1)).toEqual([]);
  });

  it("keeps a question inside its panel when it reaches the panel's edge", () => {
    const doc = fromSurveyJson(SMALL);
    const inner = listQuestions(doc).find((q) => q.name === "hh_children_0_3")!;
    expect(moveElement(doc, inner.key, -1)).toBeNull();
  });

  it("sets and clears properties (title, required, tags)", () => {
    const doc = fromSurveyJson(SMALL);
    const key = doc.pages[0].elements[0].key;
    let next = updateProps(doc, key, { title: "您家几口人？", isRequired: true, domain: "health", measure: "profile" });
    expect(locate(next, key)!.node.props).toMatchObject({ title: "您家几口人？", isRequired: true, domain: "health" });
    next = updateProps(next, key, { isRequired: undefined, domain: undefined });
    expect(locate(next, key)!.node.props).not.toHaveProperty("isRequired");
    expect(locate(next, key)!.node.props).not.toHaveProperty("domain");
  });

  it("edits a localised title in place, keeping the other languages", () => {
    expect(withText({ default: "Size", "zh-cn": "几口人" }, "家里几口人")).toEqual({ default: "Size", "zh-cn": "家里几口人" });
    expect(withText("几口人", "")).toBeUndefined();
  });
});

describe("pages", () => {
  it("adds, moves and removes pages; the last page stays", () => {
    let doc = fromSurveyJson(SMALL);
    const added = addPage(doc, "新的一页", doc.pages[0].key);
    expect(added.index).toBe(1);
    expect(added.doc.pages.map((p) => p.props.name)).toEqual(["household", "page_3", "meal"]);
    const moved = movePage(added.doc, added.key, 1)!;
    expect(moved.doc.pages.map((p) => p.props.name)).toEqual(["household", "meal", "page_3"]);
    expect(movePage(moved.doc, moved.doc.pages[0].key, -1)).toBeNull();
    doc = removePage(moved.doc, moved.doc.pages[0].key);
    doc = removePage(doc, doc.pages[0].key);
    expect(removePage(doc, doc.pages[0].key).pages).toHaveLength(1);
  });
});

describe("names", () => {
  it("refuses names the server would refuse, and names already in use", () => {
    const doc = fromSurveyJson(SMALL);
    const key = doc.pages[0].elements[0].key;
    expect(questionNameProblem(doc, key, "hh_size")).toBeNull();
    expect(questionNameProblem(doc, key, "Bathing")).toMatch(/小写英文字母/);
    expect(questionNameProblem(doc, key, "bath__help")).toMatch(/连续的下划线/);
    expect(questionNameProblem(doc, key, "meal_assist_need")).toBe("名称“meal_assist_need”已被其他问题使用");
  });

  it("renaming a question rewrites the conditions that refer to it", () => {
    const doc = fromSurveyJson(SMALL);
    const key = doc.pages[0].elements[1].key;
    const next = renameQuestion(doc, key, "has_kids");
    const json = toSurveyJson(next);
    expect(JSON.stringify(json)).toContain('"visibleIf":"{has_kids} = true"');
    expect(JSON.stringify(json)).not.toContain("hh_has_children");
  });

  it("lists what refers to a question before it is removed", () => {
    const doc = fromSurveyJson(SMALL);
    expect(referencesTo(doc, "hh_has_children")).toEqual(["不满3岁的有几个？"]);
    expect(referencesTo(doc, "hh_size")).toEqual(["社区助餐"]);
    expect(referencesTo(doc, "meal_assist_need")).toEqual([]);
  });
});

describe("choices", () => {
  const rows = choiceRows({ choices: [{ value: "often", text: "经常" }, "never", { value: "x", text: "仅老人", visibleIf: "{hh_size} > 1" }] });

  it("reads value/text rows and keeps other item properties", () => {
    expect(rows).toEqual([
      { value: "often", text: "经常", extra: {} },
      { value: "never", text: "", extra: {} },
      { value: "x", text: "仅老人", extra: { visibleIf: "{hh_size} > 1" } },
    ]);
  });

  it("adds, updates, moves and removes rows", () => {
    let next = addChoiceRow(rows);
    expect(next[3]).toEqual({ value: "option_4", text: "选项4", extra: {} });
    next = updateChoiceRow(next, 3, { text: "偶尔" });
    next = moveChoiceRow(next, 3, -1);
    expect(next.map((r) => r.value)).toEqual(["often", "never", "option_4", "x"]);
    expect(moveChoiceRow(next, 0, -1)).toEqual(next);
    next = removeChoiceRow(next, 1);
    expect(next.map((r) => r.text)).toEqual(["经常", "偶尔", "仅老人"]);
  });

  it("continues a numeric scale with the next number and keeps typed numbers numeric", () => {
    const scale = choiceRows({ choices: [{ value: 0, text: "不需要" }, { value: 1, text: "需要" }] });
    expect(addChoiceRow(scale)[2]).toMatchObject({ value: 2 });
    expect(parseChoiceValue(" 3 ", 2)).toBe(3);
    expect(parseChoiceValue("3", "option_3")).toBe("3");
    expect(parseChoiceValue("many", 2)).toBe("many");
  });

  it("writes rows back to the question and flags empty or repeated values", () => {
    const doc = fromSurveyJson(SMALL);
    const key = doc.pages[1].elements[0].key;
    const next = setChoices(doc, key, addChoiceRow(choiceRows(locate(doc, key)!.node.props)));
    expect(locate(next, key)!.node.props.choices).toEqual([
      { value: 0, text: "不需要" },
      { value: 1, text: "需要" },
      { value: 2, text: "选项3" },
    ]);
    expect(choiceProblems([{ value: "a", text: "", extra: {} }, { value: "a", text: "", extra: {} }, { value: " ", text: "", extra: {} }])).toEqual([
      "选项值“a”重复",
      "第 3 个选项的值不能为空",
    ]);
  });
});

describe("the simple visibleIf editor", () => {
  it("builds SurveyJS expressions for each operator and value kind", () => {
    expect(buildCondition({ question: "hh_size", operator: ">", value: 2 })).toBe("{hh_size} > 2");
    expect(buildCondition({ question: "hh_has_children", operator: "=", value: true })).toBe("{hh_has_children} = true");
    expect(buildCondition({ question: "meal_assist_use", operator: "<>", value: "none_nearby" })).toBe("{meal_assist_use} <> 'none_nearby'");
    expect(buildCondition({ question: "meal_assist_services", operator: "contains", value: "delivery" })).toBe(
      "{meal_assist_services} contains 'delivery'",
    );
    expect(buildCondition({ question: "q", operator: "=", value: "it's" })).toBe(`{q} = "it's"`);
  });

  it("reads back what it builds, and leaves complex expressions alone", () => {
    for (const c of [
      { question: "hh_size", operator: "<", value: 3 },
      { question: "hh_has_children", operator: "=", value: false },
      { question: "meal_assist_use", operator: "contains", value: "often" },
    ] as const) {
      expect(parseCondition(buildCondition(c))).toEqual(c);
    }
    expect(parseCondition("{a} != 'x'")).toEqual({ question: "a", operator: "<>", value: "x" });
    expect(parseCondition("{eldercare_childcare_use} anyof ['often', 'sometimes']")).toBeNull();
    expect(parseCondition("{hh_children_0_3} > 0 or {hh_children_3_6} > 0")).toBeNull();
  });

  it("a condition built in the editor passes the server's check", () => {
    const doc = fromSurveyJson(SMALL);
    const key = doc.pages[1].elements[0].key;
    const next = updateProps(doc, key, { visibleIf: buildCondition({ question: "hh_size", operator: ">", value: 1 }) });
    const result = validateSurveyDefinition(toSurveyJson(next));
    expect(result.ok).toBe(true);
  });
});
