// A matrix-heavy questionnaire for the benchmarks (issue 17): two 6 × 5 matrices, a ranking and
// one panel per family member, the satisfaction matrix on the first page as 社区 surveys put it.
import type { SurveyJson } from "../../workflows/surveys/definition";
import type { SampleAnswers } from "../../workflows/surveys/sample-answers";

const FACILITIES = [
  ["canteen", "老年食堂"],
  ["health", "卫生服务站"],
  ["day_care", "日间照料中心"],
  ["nursery", "托育点"],
  ["library", "社区书屋"],
  ["fitness", "健身场地"],
].map(([value, text]) => ({ value, text }));

const SATISFACTION = ["很不满意", "不满意", "一般", "满意", "很满意"].map((text, i) => ({ value: i + 1, text }));
const IMPORTANCE = ["不重要", "不太重要", "一般", "比较重要", "非常重要"].map((text, i) => ({ value: i + 1, text }));
const RELATIONS = ["self", "spouse", "parent", "child", "other"];
const NEEDS = ["meals", "care", "rehab", "study", "sport"];

export const MATRIX_HEAVY_SURVEY = {
  locale: "zh-cn",
  title: "社区设施满意度调查",
  pages: [
    {
      name: "satisfaction",
      elements: [
        { type: "matrix", name: "facility_satisfaction", title: "您对以下设施满意吗？", eachRowRequired: true, rows: FACILITIES, columns: SATISFACTION },
      ],
    },
    {
      name: "priorities",
      elements: [
        { type: "matrix", name: "facility_importance", title: "这些设施对您家有多重要？", rows: FACILITIES, columns: IMPORTANCE },
        { type: "ranking", name: "build_first", title: "最希望先改善哪一项？请排序", choices: FACILITIES },
        {
          type: "paneldynamic",
          name: "members",
          title: "家庭成员",
          maxPanelCount: 8,
          templateElements: [
            { type: "text", name: "age", title: "年龄", inputType: "number", min: 0, max: 120, isRequired: true },
            { type: "dropdown", name: "relation", title: "与户主关系", choices: RELATIONS },
            { type: "checkbox", name: "needs", title: "需要的服务", choices: NEEDS, visibleIf: "{panel.age} >= 60" },
          ],
        },
      ],
    },
  ],
} as unknown as SurveyJson;

/** One household's answers to MATRIX_HEAVY_SURVEY; `random` returns [0, 1). */
export function sampleMatrixAnswers(random: () => number): SampleAnswers {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const grid = () => Object.fromEntries(FACILITIES.map((f) => [f.value, int(1, 5)]));
  const order = FACILITIES.map((f) => f.value).sort(() => random() - 0.5);
  const members = Array.from({ length: int(1, 4) }, () => {
    const age = int(1, 95);
    const member: SampleAnswers = { age, relation: RELATIONS[int(0, RELATIONS.length - 1)] };
    if (age >= 60) member.needs = NEEDS.filter(() => random() < 0.4);
    if (Array.isArray(member.needs) && member.needs.length === 0) delete member.needs;
    return member;
  });
  return { facility_satisfaction: grid(), facility_importance: grid(), build_first: order, members } as SampleAnswers;
}
