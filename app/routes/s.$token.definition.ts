import type { LoaderFunctionArgs } from "@remix-run/node";
import { findSurveyByToken } from "../../db/repositories/surveys";
import { db } from "../lib/db.server";
import { surveyAvailability } from "../lib/surveys.server";

/** The published definition, fetched by the survey page once the resident starts. */
export async function loader({ params }: LoaderFunctionArgs) {
  const survey = params.token ? await findSurveyByToken(db, params.token) : null;
  if (!survey || surveyAvailability(survey) === "draft") {
    return Response.json({ message: "找不到这份问卷。" }, { status: 404 });
  }
  return Response.json(survey.definition, {
    headers: { "Cache-Control": "private, max-age=60", ETag: `"${survey.id}-${survey.definitionVersion}"` },
  });
}
