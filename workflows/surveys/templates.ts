// Built-in SurveyJS templates (Simplified Chinese). Both pass validateSurveyDefinition as they
// are; `hh_neighbourhood` has no choices until the app fills in the community's 小区 list at
// publish time (setQuestionChoices, then validate again with stage "publish").
import type { Stage } from "../glossary";
import type { SurveyJson } from "./definition";
import feedbackPostBuild from "./templates/feedback-post-build.json";
import needsSevenDomain from "./templates/needs-seven-domain.json";

export interface SurveyTemplate {
  title: string;
  /** The cycle stage the template is meant for. */
  stage: Stage;
  json: SurveyJson;
}

export const SURVEY_TEMPLATES = {
  needs_seven_domain: { title: "居民需求调查（七大领域）", stage: "surveying", json: needsSevenDomain as unknown as SurveyJson },
  feedback_post_build: { title: "新设施使用反馈", stage: "operation_feedback", json: feedbackPostBuild as unknown as SurveyJson },
} as const satisfies Record<string, SurveyTemplate>;
export type SurveyTemplateId = keyof typeof SURVEY_TEMPLATES;

/** The feedback template's matrix: a row per facility function, rated 1–5 (read per function by db/repositories/feedback.ts). */
export const SERVICE_SATISFACTION_MATRIX = "service_satisfaction";

/** A fresh copy: callers may edit it. */
export function surveyTemplate(id: SurveyTemplateId): SurveyJson {
  return structuredClone(SURVEY_TEMPLATES[id].json);
}
