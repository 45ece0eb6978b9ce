import { notFound } from "../lib/http.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { findSurvey } from "../../db/repositories/surveys";
import { db } from "../lib/db.server";
import { requireCommunity } from "../lib/places.server";
import { publicSurveyUrl, qrPng } from "../lib/survey-links.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "view:place");
  const survey = params.id ? await findSurvey(db, params.id) : null;
  if (!survey || survey.communityCode !== community.code) throw notFound("找不到该问卷。");
  return new Response(new Uint8Array(await qrPng(publicSurveyUrl(request, survey.publicToken))), {
    headers: { "Content-Type": "image/png", "Content-Disposition": `attachment; filename="survey-qr.png"` },
  });
}
