import type { SurveyStatus } from "../glossary";

export type SurveyAvailability = "open" | "draft" | "not_yet_open" | "closed";

/** Where a survey stands for residents at `now` (ISO-8601, from db/clock.ts). */
export function surveyAvailability(
  survey: { status: SurveyStatus; opensAt: string | null; closesAt: string | null },
  now: string,
): SurveyAvailability {
  if (survey.status === "draft") return "draft";
  if (survey.status === "closed") return "closed";
  if (survey.opensAt && now < survey.opensAt) return "not_yet_open";
  if (survey.closesAt && now >= survey.closesAt) return "closed";
  return "open";
}
