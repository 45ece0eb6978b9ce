import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCommunitySurvey } from "../lib/survey-access.server";
import { publicSurveyUrl, qrPng } from "../lib/survey-links.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey } = await requireCommunitySurvey(request, params, "view:place");
  return new Response(new Uint8Array(await qrPng(publicSurveyUrl(request, survey.publicToken))), {
    headers: { "Content-Type": "image/png", "Content-Disposition": `attachment; filename="survey-qr.png"` },
  });
}
