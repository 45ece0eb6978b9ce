// The cross-tab of two questions as XLSX (counts, row percentages, chi-square); audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportCrossTab } from "../lib/crosstab-pages.server";
import { db } from "../lib/db.server";
import { failed } from "../lib/http.server";
import { requireCommunitySurvey, surveyFileResponse } from "../lib/survey-access.server";
import { crossTabQuery } from "../validation/crosstab";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, survey } = await requireCommunitySurvey(request, params, "view:survey_results");
  const chosen = crossTabQuery(new URL(request.url).searchParams);
  const file = await exportCrossTab(db, { actor: user, ip: context.clientIp ?? null }, { surveyId: survey.id, ...chosen });
  return file.ok ? surveyFileResponse(file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "crosstab.xlsx") : failed(file);
}
