// The one place a resident-facing SurveyModel is configured, so the server-rendered first
// page and the interactive survey that replaces it look the same (no layout shift).
import { Model } from "survey-core";
import "survey-core/i18n/simplified-chinese";
import "../../../workflows/surveys/properties";

export function createResidentModel(definition: object): Model {
  const model = new Model(definition);
  model.locale = "zh-cn";
  model.showCompletedPage = false;
  // The page header shows the title; the survey's own would repeat it.
  model.showTitle = false;
  model.completeText = "提交问卷";
  model.checkErrorsMode = "onNextPage";
  model.widthMode = "static";
  return model;
}

/**
 * The same survey for a 社区工作者 keying in paper forms: every page on one screen so Tab runs
 * through all questions, no page buttons (the route saves with Ctrl+Enter), and text answers
 * taken as they are typed so a save straight from a text box keeps the last keystrokes.
 */
export function createPaperEntryModel(definition: object): Model {
  const model = createResidentModel(definition);
  model.questionsOnPageMode = "singlePage";
  model.showNavigationButtons = false;
  model.showProgressBar = false;
  model.textUpdateMode = "onTyping";
  model.focusFirstQuestionAutomatic = false;
  // A question the resident skipped on paper is keyed in as blank; shapes are still checked server-side.
  model.validationEnabled = false;
  return model;
}
