// The view models of the survey pages: the community's list, one survey's overview, paper entry,
// the poster and the resident's pages. Reads only; the changes are in surveys.server.ts.
import type { Kysely } from "kysely";
import { nowIso, todayInHangzhou } from "../../db/clock";
import { findCurrentCycle } from "../../db/repositories/cycles";
import type { CommunityDetail } from "../../db/repositories/places";
import { hasHouseholdCodes, summariseHouseholdCodes } from "../../db/repositories/survey-household-codes";
import {
  countEnteredBy,
  findPublicSurvey,
  findSurveyByToken,
  listNeighbourhoods,
  listSurveyHistory,
  listSurveysOfCommunity,
  responseTotals,
  type Survey,
} from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { hangzhouDayStart } from "../../workflows/dates";
import { isVerifiedChannel } from "../../workflows/glossary";
import { type Actor, can, type Place } from "../../workflows/permissions";
import { surveyAvailability } from "../../workflows/surveys/availability";
import { isoToShanghaiLocal } from "../validation/survey";
import { countKeyedIn } from "./survey-paper-entry.server";
import { renderFirstPage } from "./survey-render.server";
import { qrSvg } from "./survey-links.server";

const DAY_MS = 86_400_000;

function placeOf(community: CommunityDetail): Place {
  return { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code };
}

/** Households that answered through a verified channel (the open link is not one). */
function verifiedOf(byChannel: Record<string, number>): number {
  return Object.entries(byChannel)
    .filter(([channel]) => isVerifiedChannel(channel))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Whether `actor` may change the community's surveys (to show or hide the tools). */
export function canManageSurveys(actor: Actor, community: CommunityDetail): boolean {
  return can(actor, "manage:survey", placeOf(community));
}

/** Whether the results page offers to flag comments (the use case checks again). */
export function canFlagComments(actor: Actor, community: CommunityDetail): boolean {
  return can(actor, "flag:comment", placeOf(community));
}

export async function loadSurveyListPage(db: Kysely<Database>, actor: Actor, community: CommunityDetail) {
  const [surveys, cycle] = await Promise.all([listSurveysOfCommunity(db, community.code), findCurrentCycle(db, community.code)]);
  const totals = await responseTotals(db, surveys.map((s) => s.id));
  const now = nowIso();
  return {
    community: { code: community.code, households: community.households },
    cycle: cycle && { id: cycle.id, round: cycle.round, year: cycle.year, stage: cycle.stage },
    canManage: canManageSurveys(actor, community),
    surveys: surveys.map((s) => {
      const byChannel = totals.get(s.id) ?? {};
      return {
        id: s.id,
        title: s.title,
        kind: s.kind,
        round: s.round,
        year: s.year,
        isCurrentRound: s.cycleId === cycle?.id,
        status: surveyAvailability(s, now),
        opensAt: s.opensAt,
        closesAt: s.closesAt,
        byChannel,
        responseRate: community.households > 0 ? verifiedOf(byChannel) / community.households : 0,
        isDemoData: s.isDemoData,
      };
    }),
  };
}

/** The survey overview's record of scheduling, by audit action. */
const SCHEDULE_ACTIONS: Record<string, string> = {
  "survey.publish": "发布",
  "survey.extend": "延长截止时间",
  "survey.close_early": "提前结束",
  "survey.household_codes": "生成户码",
};

export async function loadSurveyOverviewPage(
  db: Kysely<Database>,
  actor: Actor,
  community: CommunityDetail,
  survey: Survey,
  /** The residents' address (survey-links.server.ts). */
  url: string,
) {
  const [totals, codes, neighbourhoods, history] = await Promise.all([
    responseTotals(db, [survey.id]),
    summariseHouseholdCodes(db, survey.id),
    listNeighbourhoods(db, community.code),
    listSurveyHistory(db, survey.id, Object.keys(SCHEDULE_ACTIONS)),
  ]);
  const now = nowIso();
  const status = surveyAvailability(survey, now);
  const byChannel = totals.get(survey.id) ?? {};
  return {
    community: { code: community.code, name: community.name, households: community.households },
    survey: {
      id: survey.id,
      title: survey.title,
      kind: survey.kind,
      status,
      version: survey.version,
      opensAt: survey.opensAt,
      closesAt: survey.closesAt,
      openLinkEnabled: survey.openLinkEnabled,
      stored: survey.status,
    },
    canManage: canManageSurveys(actor, community),
    url,
    qr: status === "draft" ? null : await qrSvg(url),
    byChannel,
    verified: verifiedOf(byChannel),
    neighbourhoods: neighbourhoods.map((n) => {
      const c = codes.find((x) => x.neighbourhoodId === n.id);
      return { ...n, issued: c?.issued ?? 0, used: c?.used ?? 0 };
    }),
    history: history.map((h) => ({
      id: h.id,
      label: SCHEDULE_ACTIONS[h.action] ?? h.action,
      who: h.actorName ?? "系统",
      at: h.createdAt,
      detail: h.after as { reason?: string; closesAt?: string; count?: number } | null,
    })),
    initialRequestId: crypto.randomUUID(),
    defaults: {
      opensAt: isoToShanghaiLocal(now),
      closesAt: isoToShanghaiLocal(new Date(Date.parse(now) + 21 * DAY_MS).toISOString()),
    },
  };
}

export async function loadPaperEntryPage(db: Kysely<Database>, actor: Actor, community: CommunityDetail, survey: Survey) {
  const availability = surveyAvailability(survey, nowIso());
  // Forms collected before the deadline may be keyed in until the survey is closed.
  const open = survey.status === "published" && availability !== "not_yet_open";
  return {
    community: { code: community.code, name: community.name },
    survey: { id: survey.id, title: survey.title, status: survey.status, availability, opensAt: survey.opensAt, closesAt: survey.closesAt },
    open,
    definition: open ? survey.definition : null,
    keyedIn: await countKeyedIn(db, survey.id),
    /** Shown in the sticky bar: this worker's own pace today. */
    enteredToday: await countEnteredBy(db, { surveyId: survey.id, enteredBy: actor.id, since: hangzhouDayStart(todayInHangzhou()) }),
  };
}

/** The resident's survey page; null when there is no survey with that token. */
export async function loadResidentSurveyPage(db: Kysely<Database>, token: string, mobile: boolean) {
  const survey = await findPublicSurvey(db, token);
  if (!survey) return null;
  const availability = surveyAvailability(survey, nowIso());
  const first = availability === "open" ? renderFirstPage(`${survey.id}@${survey.definitionVersion}`, survey.definition, mobile) : null;
  return {
    token: survey.publicToken,
    title: survey.title,
    communityName: survey.communityName,
    availability,
    opensAt: survey.opensAt,
    closesAt: survey.closesAt,
    codeRequired: !survey.openLinkEnabled,
    /** Codes were handed out: answering without one (open link) is asked about first. */
    hasCodes: survey.openLinkEnabled ? await hasHouseholdCodes(db, survey.id) : true,
    staticHtml: first?.html ?? "",
    questionIds: first?.questionIds ?? {},
    progress: first?.progress ?? "",
  };
}

/** The page after a resident's answers are in; null when there is no survey with that token. */
export async function loadSurveyDonePage(db: Kysely<Database>, token: string) {
  const survey = await findPublicSurvey(db, token);
  return survey && { title: survey.title, communityName: survey.communityName, kind: survey.kind };
}

/** The definition the resident's page loads once they start; null unless published. */
export async function loadPublishedDefinition(db: Kysely<Database>, token: string) {
  const survey = await findSurveyByToken(db, token);
  if (!survey || surveyAvailability(survey, nowIso()) === "draft") return null;
  return { definition: survey.definition, etag: `"${survey.id}-${survey.definitionVersion}"` };
}
