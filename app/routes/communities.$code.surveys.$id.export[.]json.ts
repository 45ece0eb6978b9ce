// The stored SurveyJS definition as a file, for editing elsewhere and importing again.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentHeader, requireCommunitySurvey, safeFileName } from "../lib/survey-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, survey } = await requireCommunitySurvey(request, params, "view:survey_results");
  const name = safeFileName(`${community.name}-${survey.title}-第${survey.definitionVersion}版.json`);
  return new Response(JSON.stringify(survey.definition, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": attachmentHeader(name, "survey.json"),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
