// What a question added in the builder starts with: a title, two or three options, a 1–5
// satisfaction scale for a matrix, a couple of columns for a table.
import { ELEMENT_TYPE_LABELS, type QuestionType } from "../../../workflows/surveys/definition";
import type { JsonObject } from "./operations";

/** 选项1, 选项2 … with the values option_1, option_2 …, for a new choice question or column. */
export function defaultOptions(count: number): JsonObject[] {
  return Array.from({ length: count }, (_, i) => ({ value: `option_${i + 1}`, text: `选项${i + 1}` }));
}

/** A new matrix's two rows: 第一项, 第二项 (or 第一行 …). */
const twoRows = (noun: string): JsonObject[] => [
  { value: "row_1", text: `第一${noun}` },
  { value: "row_2", text: `第二${noun}` },
];

export function defaultQuestion(type: QuestionType, name: string): JsonObject {
  const base: JsonObject = { type, name, title: `新的${ELEMENT_TYPE_LABELS[type]}题` };
  switch (type) {
    case "radiogroup":
    case "checkbox":
    case "dropdown":
    case "tagbox":
      return { ...base, choices: defaultOptions(2) };
    case "ranking":
      return { ...base, choices: defaultOptions(3) };
    case "rating":
      return { ...base, rateMin: 1, rateMax: 5 };
    case "matrix":
      return {
        ...base,
        title: "您对以下各项满意吗？",
        eachRowRequired: true,
        columns: SATISFACTION_SCALE.map((text, i) => ({ value: i + 1, text })),
        rows: twoRows("项"),
      };
    case "matrixdropdown":
      return {
        ...base,
        rows: twoRows("行"),
        columns: [
          { name: "col_1", title: "选择", cellType: "dropdown", choices: defaultOptions(2) },
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

