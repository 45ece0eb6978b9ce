// Checks a generated SurveyJS definition the way survey-core itself reads it.
import { JsonObject, Model, type Question } from "survey-core";

export function surveyCoreErrors(json: object): string[] {
  const reader = new JsonObject();
  reader.toObject(json, new Model());
  const model = new Model(json);
  return [...reader.errors, ...(model.jsonErrors ?? [])].map((e) => e.message);
}

/** name → type of every question, as survey-core loaded them. */
export function loadedQuestions(json: object): Record<string, string> {
  const model = new Model(json);
  return Object.fromEntries((model.getAllQuestions(false, false, false) as Question[]).map((q) => [q.name, q.getType()]));
}
