// What a question added in the builder starts with: a title, two or three options, a 1–5
// satisfaction scale for a matrix, a couple of columns for a table.
import { ELEMENT_TYPE_LABELS, type QuestionType } from "../../../workflows/surveys/definition";
import type { JsonObject } from "./operations";

export function defaultQuestion(type: QuestionType, name: string): JsonObject {
  const base: JsonObject = { type, name, title: `新的${ELEMENT_TYPE_LABELS[type]}题` };
  switch (type) {
    case "radiogroup":
    case "checkbox":
    case "dropdown":
    case "tagbox":
      return {
        ...base,
        choices: [
          { value: "option_1", text: "选项1" },
          { value: "option_2", text: "选项2" },
        ],
      };
    case "ranking":
      return { ...base, choices: [1, 2, 3].map((n) => ({ value: `option_${n}`, text: `选项${n}` })) };
    case "rating":
      return { ...base, rateMin: 1, rateMax: 5 };
    case "matrix":
      return {
        ...base,
        title: "您对以下各项满意吗？",
        eachRowRequired: true,
        columns: SATISFACTION_SCALE.map((text, i) => ({ value: i + 1, text })),
        rows: [
          { value: "row_1", text: "第一项" },
          { value: "row_2", text: "第二项" },
        ],
      };
    case "matrixdropdown":
      return {
        ...base,
        rows: [
          { value: "row_1", text: "第一行" },
          { value: "row_2", text: "第二行" },
        ],
        columns: [
          { name: "col_1", title: "选择", cellType: "dropdown", choices: [{ value: "option_1", text: "选项1" }, { value: "option_2", text: "选项2" }] },
          { name: "col_2", title: "说明", cellType: "text" },
        ],
      };
    case "matrixdynamic":
      return {
        ...base,
        rowCount: 1,
        maxRowCount: 20,
        columns: [
          { name: "col_1", title: "称呼", cellType: "text" },
          { name: "col_2", title: "年龄", cellType: "text", inputType: "number" },
        ],
      };
    case "multipletext":
      return { ...base, items: [{ name: "item_1", title: "第一项" }, { name: "item_2", title: "第二项" }] };
    case "paneldynamic":
      return { ...base, title: "家庭成员", templateTitle: "第 {panelIndex} 位", panelCount: 1, maxPanelCount: 20 };
    case "expression":
      return { ...base, title: "计算结果", expression: "" };
    default:
      return base;
  }
}

/** The matrix scale residents know: 1 很不满意 … 5 很满意. */
export const SATISFACTION_SCALE = ["很不满意", "不满意", "一般", "满意", "很满意"] as const;

