import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCommunitySurvey } from "../lib/survey-access.server";
import { publicSurveyUrl, qrSvg } from "../lib/survey-links.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { survey } = await requireCommunitySurvey(request, params, "view:place");
  return new Response(await qrSvg(publicSurveyUrl(request, survey.publicToken)), {
    headers: { "Content-Type": "image/svg+xml", "Content-Disposition": `attachment; filename="survey-qr.svg"` },
  });
}
