// Raw answers of one survey as CSV: one row per answer set, never household codes.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../lib/db.server";
import { failed } from "../lib/http.server";
import { requireCommunitySurvey, surveyFileResponse } from "../lib/survey-access.server";
import { exportAnswers } from "../lib/survey-exports.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, survey } = await requireCommunitySurvey(request, params, "view:survey_results");
  const file = await exportAnswers(db, { actor: user, ip: context.clientIp ?? null }, { surveyId: survey.id, format: "csv" });
  return file.ok ? surveyFileResponse(file, file.contentType, "answers.csv") : failed(file);
}
