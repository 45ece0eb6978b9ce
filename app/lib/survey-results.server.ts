// Results of one survey for the community, its street and above (the results page's view
// model). Figures come from the totals kept at submission time (survey_response_counts,
// survey_tallies, survey_text_answers): the page never scans raw answers. Only the raw-answer
// export (survey-exports.server.ts) reads survey_responses, for one survey.
import type { Kysely } from "kysely";
import { findCycle } from "../../db/repositories/cycles";
import type { CommunityDetail } from "../../db/repositories/places";
import { listNeighbourhoods, readResponseCounts, readTallies, readTextAnswers, type Survey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { DEFAULT_MIN_RESPONSE_RATE, restoreCycle } from "../../workflows/community-cycle";
import {
  DOMAIN_LABELS,
  DOMAINS,
  type Domain,
  isVerifiedChannel,
  SURVEY_CHANNEL_LABELS,
  SURVEY_CHANNELS,
  type SurveyChannel,
} from "../../workflows/glossary";
import { cachedAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import {
  demandFromTallies,
  type PrioritySegment,
  questionResults,
  type QuestionResult,
  type SegmentDemand,
  type TallyRow,
} from "../../workflows/surveys/tallies";

export const COMMENTS_PER_PAGE = 20;
/** survey_response_counts uses "" for answer sets that named no 小区. */
const NO_NEIGHBOURHOOD = "";

export interface ChannelCount {
  channel: SurveyChannel;
  label: string;
  count: number;
  /** False for the open link and code-less paper forms: 未核验, shown apart and outside the response rate. */
  verified: boolean;
}

export interface NeighbourhoodFigures {
  id: string;
  name: string;
  /** 0 for the row of answers without a known 小区. */
  households: number;
  verified: number;
  unverified: number;
  /** verified ÷ households; null without households. */
  rate: number | null;
}

export interface ResponseFigures {
  households: number;
  verified: number;
  unverified: number;
  rate: number;
  /** The round's minimum response rate (cycle context, 默认值 30 %). */
  target: number;
  byChannel: ChannelCount[];
  byNeighbourhood: NeighbourhoodFigures[];
}

export interface DomainDemandRow {
  domain: Domain;
  label: string;
  all: SegmentDemand;
  elderly: SegmentDemand;
  young_children: SegmentDemand;
}

export interface DemandSummary {
  respondents: number;
  segmentRespondents: Record<PrioritySegment, number>;
  /** Only the domains the survey asks about. */
  domains: DomainDemandRow[];
}

export interface CommentRow {
  question: string;
  questionTitle: string;
  text: string;
  createdAt: string;
}

export interface SurveyResults {
  figures: ResponseFigures;
  /** From 已核验 answers; the evaluation, demand index and 赛马 use these. */
  questions: QuestionResult[];
  demand: DemandSummary;
  /** The 未核验 answers' figures, shown beside the verified ones, never mixed in. */
  unverified: { demand: DemandSummary; answered: Record<string, number> };
  comments: { total: number; page: number; pageCount: number; rows: CommentRow[] };
  /** Question name → title, for the comments behind a keyword. */
  titles: Map<string, string>;
}

async function targetRate(db: Kysely<Database>, cycleId: string): Promise<number> {
  const cycle = await findCycle(db, cycleId);
  if (!cycle) return DEFAULT_MIN_RESPONSE_RATE;
  try {
    const rate = restoreCycle({ machineVersion: cycle.machineVersion, snapshot: cycle.snapshot }).context.minResponseRate;
    return typeof rate === "number" && rate > 0 && rate <= 1 ? rate : DEFAULT_MIN_RESPONSE_RATE;
  } catch {
    return DEFAULT_MIN_RESPONSE_RATE;
  }
}

export function isChannel(value: string): value is SurveyChannel {
  return (SURVEY_CHANNELS as readonly string[]).includes(value);
}

export async function responseFigures(db: Kysely<Database>, survey: Survey, community: Pick<CommunityDetail, "code" | "households">): Promise<ResponseFigures> {
  const [counts, neighbourhoods, target] = await Promise.all([
    readResponseCounts(db, survey.id),
    listNeighbourhoods(db, community.code),
    targetRate(db, survey.cycleId),
  ]);
  const byChannel = new Map<SurveyChannel, number>(SURVEY_CHANNELS.map((c) => [c, 0]));
  const rows = new Map<string, NeighbourhoodFigures>(
    neighbourhoods.map((n) => [n.id, { id: n.id, name: n.name, households: n.households, verified: 0, unverified: 0, rate: null }]),
  );
  const unknown: NeighbourhoodFigures = { id: NO_NEIGHBOURHOOD, name: "未填写或不在名单中的小区", households: 0, verified: 0, unverified: 0, rate: null };
  for (const c of counts) {
    const channel = isChannel(c.channel) ? c.channel : "online";
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + c.count);
    const row = rows.get(c.neighbourhoodId) ?? unknown;
    if (!isVerifiedChannel(channel)) row.unverified += c.count;
    else row.verified += c.count;
  }
  const byNeighbourhood = [...rows.values()];
  for (const row of byNeighbourhood) row.rate = row.households > 0 ? row.verified / row.households : null;
  if (unknown.verified + unknown.unverified > 0) byNeighbourhood.push(unknown);
  const verified = [...byChannel.entries()].filter(([c]) => isVerifiedChannel(c)).reduce((sum, [, n]) => sum + n, 0);
  const unverified = [...byChannel.entries()].filter(([c]) => !isVerifiedChannel(c)).reduce((sum, [, n]) => sum + n, 0);
  return {
    // The cycle's 参与率 uses the community's households (cycle-facts.server.ts); so does this page.
    households: community.households,
    verified,
    unverified,
    rate: community.households > 0 ? verified / community.households : 0,
    target,
    byChannel: SURVEY_CHANNELS.map((channel) => ({
      channel,
      label: SURVEY_CHANNEL_LABELS[channel],
      count: byChannel.get(channel) ?? 0,
      verified: isVerifiedChannel(channel),
    })),
    byNeighbourhood,
  };
}

export function summariseDemand(rows: readonly TallyRow[]): DemandSummary {
  const demand = demandFromTallies(rows);
  const domains = DOMAINS.filter((d) => demand.domains[d].demandIndex !== null || demand.domains[d].satisfaction !== null).map((domain) => ({
    domain,
    label: DOMAIN_LABELS[domain],
    all: { demandIndex: demand.domains[domain].demandIndex, satisfaction: demand.domains[domain].satisfaction, respondents: demand.domains[domain].respondents },
    elderly: demand.domains[domain].bySegment.elderly,
    young_children: demand.domains[domain].bySegment.young_children,
  }));
  return { respondents: demand.respondents, segmentRespondents: demand.segmentRespondents, domains };
}

export async function loadSurveyResults(
  db: Kysely<Database>,
  survey: Survey,
  community: Pick<CommunityDetail, "code" | "households">,
  commentsPage = 1,
): Promise<SurveyResults> {
  // Reading the questions builds a survey-core model (most of this page's time): the submission
  // path already keeps them per published version.
  const specs = cachedAnswerValidator(`${survey.id}@${survey.definitionVersion}`, () => survey.definition as SurveyJson).questions;
  const titles = new Map(specs.map((q) => [q.name, q.title]));
  const requested = Math.max(1, Math.floor(commentsPage) || 1);
  const pageOf = (page: number) => readTextAnswers(db, survey.id, { limit: COMMENTS_PER_PAGE, offset: (page - 1) * COMMENTS_PER_PAGE });
  const [figures, tallies, unverifiedTallies, first] = await Promise.all([
    responseFigures(db, survey, community),
    readTallies(db, survey.id),
    readTallies(db, survey.id, false),
    pageOf(requested),
  ]);
  const pageCount = Math.max(1, Math.ceil(first.total / COMMENTS_PER_PAGE));
  const page = Math.min(requested, pageCount);
  const comments = page === requested ? first : await pageOf(page);
  const total = comments.total;
  return {
    figures,
    questions: questionResults(specs, tallies),
    demand: summariseDemand(tallies),
    unverified: {
      demand: summariseDemand(unverifiedTallies),
      answered: Object.fromEntries(questionResults(specs, unverifiedTallies).map((q) => [q.name, q.answered])),
    },
    titles,
    comments: {
      total,
      page,
      pageCount,
      rows: comments.rows.map((c) => ({ ...c, questionTitle: titles.get(c.question) ?? c.question })),
    },
  };
}
