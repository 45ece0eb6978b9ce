// Custom SurveyJS properties that tag the questions the evaluation reads. Registering them on
// the Serializer makes survey-core keep them through `new Model(json)` and `toJSON()`; without
// it they would be reported as unknown properties and dropped. Import this module (for its side
// effect) before building any model.
import { codeList } from "../code-list";
import { Serializer } from "survey-core";
import { DOMAINS, type Domain } from "../glossary";


export const { codes: MEASURES, labels: MEASURE_LABELS } = codeList({
  profile: "家庭情况",
  use: "使用情况",
  satisfaction: "满意度",
  need: "需求程度",
  urgency: "紧迫程度",
  services: "希望增加的服务",
  pay: "收费意愿",
  price_band: "可接受价格",
  walk_minutes: "步行时间",
  recommend: "推荐意愿",
});
export type Measure = (typeof MEASURES)[number];

export function isDomain(value: unknown): value is Domain {
  return typeof value === "string" && (DOMAINS as readonly string[]).includes(value);
}

export function isMeasure(value: unknown): value is Measure {
  return typeof value === "string" && (MEASURES as readonly string[]).includes(value);
}

export function registerSurveyProperties(): void {
  if (!Serializer.findProperty("question", "domain")) {
    Serializer.addProperty("question", { name: "domain", choices: [...DOMAINS], category: "evaluation" });
  }
  if (!Serializer.findProperty("question", "measure")) {
    Serializer.addProperty("question", { name: "measure", choices: [...MEASURES], category: "evaluation" });
  }
}

registerSurveyProperties();
