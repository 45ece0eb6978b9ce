// The guard shared by the survey tools (builder, paper entry, results, exports): the community
// in the URL, the user's permission there, and a survey that belongs to that community.
import { notFound } from "./http.server";
import type { Kysely } from "kysely";
import type { CommunityDetail } from "../../db/repositories/places";
import { findSurvey, listSurveysOfCommunity, type Survey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { fromSurveyJson, listQuestions } from "../components/survey-builder/operations";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { SURVEY_TEMPLATES } from "../../workflows/surveys/templates";
import type { GuardOptions, SignedInUser } from "./auth.server";
import { db } from "./db.server";
import type { Action } from "../../workflows/permissions";
import { requireCommunity } from "./places.server";

const SURVEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function requireCommunitySurvey(
  request: Request,
  params: { code?: string; id?: string },
  action: Action,
  options: GuardOptions = {},
): Promise<{ user: SignedInUser; community: CommunityDetail; survey: Survey }> {
  const { user, community } = await requireCommunity(request, params.code, action, options);
  const survey = params.id && SURVEY_ID.test(params.id) ? await findSurvey(db, params.id) : null;
  if (!survey || survey.communityCode !== community.code) throw notFound("找不到该问卷。");
  return { user, community, survey };
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachmentHeader(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A file name without characters Windows or the header would choke on. */
export function safeFileName(text: string): string {
  return text.replace(/[\\/:*?"<>|\r\n\t]+/g, "_").slice(0, 80);
}

/** An exported survey file (answers, cross-tab) as a private download under its own name. */
export function surveyFileResponse(file: { body: Uint8Array<ArrayBuffer>; fileName: string }, contentType: string, fallback: string): Response {
  return new Response(file.body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": attachmentHeader(safeFileName(file.fileName), fallback),
      "Cache-Control": "private, no-store",
    },
  });
}

function questionNames(json: SurveyJson): string[] {
  return listQuestions(fromSurveyJson(json)).map((q) => q.name);
}

const TEMPLATE_NAMES: readonly string[] = Object.values(SURVEY_TEMPLATES).flatMap((t) => questionNames(t.json));

/**
 * Names a question shares with a template or another round of the community. Results of
 * different rounds line up on them, so the builder shows them read-only.
 */
export async function stableQuestionNames(db: Kysely<Database>, communityCode: string, exceptSurveyId: string): Promise<string[]> {
  const names = new Set(TEMPLATE_NAMES);
  for (const other of await listSurveysOfCommunity(db, communityCode)) {
    if (other.id !== exceptSurveyId) for (const name of questionNames(other.definition as SurveyJson)) names.add(name);
  }
  return [...names].sort();
}
