// A household questionnaire with every structured question type: a satisfaction matrix with a
// conditional row, a checkbox matrix, a table per room, a dynamic table of members, multipletext
// prices, a computed gap, a ranking, one panel per child, and a calculated value.
import type { SurveyJson } from "../../workflows/surveys/definition";

const SCALE = [
  { value: 1, text: "很不满意" },
  { value: 2, text: "不满意" },
  { value: 3, text: "一般" },
  { value: 4, text: "满意" },
  { value: 5, text: "很满意" },
];

export const HOUSEHOLD_SURVEY: SurveyJson = {
  locale: "zh-cn",
  calculatedValues: [{ name: "big_family", expression: "{members.length} > 3", includeIntoResult: true }],
  pages: [
    {
      name: "p1",
      elements: [
        { type: "boolean", name: "uses_health", title: "去过社区卫生服务站吗？" },
        {
          type: "matrix",
          name: "service_satisfaction",
          title: "您对以下服务满意吗？",
          eachRowRequired: true,
          columns: SCALE,
          rows: [
            { value: "canteen", text: "老年食堂" },
            { value: "health", text: "卫生服务站", visibleIf: "{uses_health} = true" },
          ],
        },
        { type: "comment", name: "why_unhappy", title: "哪里不满意？", visibleIf: "{service_satisfaction.canteen} <= 2" },
        { type: "matrix", name: "wishes", title: "希望在哪些时段开放？", cellType: "checkbox", columns: ["morning", "evening"], rows: ["weekday", "weekend"] },
        {
          type: "matrixdropdown",
          name: "rooms",
          title: "房间情况",
          rows: [
            { value: "bed", text: "卧室" },
            { value: "kitchen", text: "厨房" },
          ],
          columns: [
            { name: "area", title: "面积", cellType: "text", inputType: "number", isRequired: true },
            { name: "grab_bar", title: "有扶手吗", cellType: "dropdown", choices: ["yes", "no"] },
            { name: "bar_note", title: "扶手说明", cellType: "text", visibleIf: "{row.grab_bar} = 'yes'" },
          ],
        },
        {
          type: "matrixdynamic",
          name: "members",
          title: "家庭成员",
          maxRowCount: 6,
          columns: [
            { name: "age", title: "年龄", cellType: "text", inputType: "number" },
            { name: "relation", title: "关系", cellType: "dropdown", choices: ["self", "spouse", "child"] },
          ],
        },
        {
          type: "multipletext",
          name: "prices",
          title: "能接受的价格",
          items: [
            { name: "low", title: "最低", inputType: "number", isRequired: true },
            { name: "high", title: "最高", inputType: "number", validators: [{ type: "numeric", minValue: 10 }] },
          ],
        },
        { type: "expression", name: "price_gap", expression: "{prices.high} - {prices.low}" },
        { type: "ranking", name: "priorities", title: "最希望先建哪一项？", choices: ["canteen", "gym", { value: "clinic", visibleIf: "{uses_health} = true" }] },
        {
          type: "paneldynamic",
          name: "children",
          title: "家里的孩子",
          templateElements: [
            { type: "text", name: "age", title: "年龄", inputType: "number", isRequired: true },
            { type: "text", name: "school", title: "学校", visibleIf: "{panel.age} >= 6" },
          ],
        },
      ],
    },
  ],
} as unknown as SurveyJson;

