// Results of one survey for the community, its street and above. Figures come from the totals
// kept at submission time (survey_response_counts, survey_tallies, survey_text_answers): the
// page never scans raw answers. Only the raw-answer export reads survey_responses, for one survey.
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findCycle } from "../../db/repositories/cycles";
import type { CommunityDetail } from "../../db/repositories/places";
import {
  readResponseCounts,
  readResponsesForExport,
  readTallies,
  readTextAnswers,
  type Survey,
} from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { DEFAULT_MIN_RESPONSE_RATE, restoreCycle } from "../../workflows/community-cycle";
import { DOMAIN_LABELS, DOMAINS, type Domain, SURVEY_CHANNEL_LABELS, SURVEY_CHANNELS, type SurveyChannel } from "../../workflows/glossary";
import { COMMENT_SUFFIX, readQuestionSpecs, type QuestionSpec, type SurveyJson } from "../surveys/definition";
import {
  demandFromTallies,
  type PrioritySegment,
  questionResults,
  type QuestionResult,
  type SegmentDemand,
  type TallyRow,
} from "../surveys/tallies";
import { formatDateTime } from "./format";
import type { Actor } from "../../workflows/permissions";

export const COMMENTS_PER_PAGE = 20;
/** survey_response_counts uses "" for answer sets that named no 小区. */
const NO_NEIGHBOURHOOD = "";

export interface ChannelCount {
  channel: SurveyChannel;
  label: string;
  count: number;
  /** False for the open link: unverified, shown apart and outside the response rate. */
  verified: boolean;
}

export interface NeighbourhoodFigures {
  id: string;
  name: string;
  /** 0 for the row of answers without a known 小区. */
  households: number;
  verified: number;
  openLink: number;
  /** verified ÷ households; null without households. */
  rate: number | null;
}

export interface ResponseFigures {
  households: number;
  verified: number;
  openLink: number;
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
  questions: QuestionResult[];
  demand: DemandSummary;
  comments: { total: number; page: number; pageCount: number; rows: CommentRow[] };
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

function isChannel(value: string): value is SurveyChannel {
  return (SURVEY_CHANNELS as readonly string[]).includes(value);
}

export async function responseFigures(db: Kysely<Database>, survey: Survey, community: Pick<CommunityDetail, "code" | "households">): Promise<ResponseFigures> {
  const [counts, neighbourhoods, target] = await Promise.all([
    readResponseCounts(db, survey.id),
    db.selectFrom("neighbourhoods").select(["id", "name", "households"]).where("community_code", "=", community.code).orderBy("name").execute(),
    targetRate(db, survey.cycleId),
  ]);
  const byChannel = new Map<SurveyChannel, number>(SURVEY_CHANNELS.map((c) => [c, 0]));
  const rows = new Map<string, NeighbourhoodFigures>(
    neighbourhoods.map((n) => [n.id, { id: n.id, name: n.name, households: n.households, verified: 0, openLink: 0, rate: null }]),
  );
  const unknown: NeighbourhoodFigures = { id: NO_NEIGHBOURHOOD, name: "未填写或不在名单中的小区", households: 0, verified: 0, openLink: 0, rate: null };
  for (const c of counts) {
    const channel = isChannel(c.channel) ? c.channel : "online";
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + c.count);
    const row = rows.get(c.neighbourhoodId) ?? unknown;
    if (channel === "open_link") row.openLink += c.count;
    else row.verified += c.count;
  }
  const byNeighbourhood = [...rows.values()];
  for (const row of byNeighbourhood) row.rate = row.households > 0 ? row.verified / row.households : null;
  if (unknown.verified + unknown.openLink > 0) byNeighbourhood.push(unknown);
  const openLink = byChannel.get("open_link") ?? 0;
  const verified = [...byChannel.entries()].filter(([c]) => c !== "open_link").reduce((sum, [, n]) => sum + n, 0);
  return {
    // The cycle's 参与率 uses the community's households (cycle-facts.server.ts); so does this page.
    households: community.households,
    verified,
    openLink,
    rate: community.households > 0 ? verified / community.households : 0,
    target,
    byChannel: SURVEY_CHANNELS.map((channel) => ({
      channel,
      label: SURVEY_CHANNEL_LABELS[channel],
      count: byChannel.get(channel) ?? 0,
      verified: channel !== "open_link",
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
  const specs = readQuestionSpecs(survey.definition as SurveyJson);
  const titles = new Map(specs.map((q) => [q.name, q.title]));
  const requested = Math.max(1, Math.floor(commentsPage) || 1);
  const pageOf = (page: number) => readTextAnswers(db, survey.id, { limit: COMMENTS_PER_PAGE, offset: (page - 1) * COMMENTS_PER_PAGE });
  const [figures, tallies, first] = await Promise.all([responseFigures(db, survey, community), readTallies(db, survey.id), pageOf(requested)]);
  const pageCount = Math.max(1, Math.ceil(first.total / COMMENTS_PER_PAGE));
  const page = Math.min(requested, pageCount);
  const comments = page === requested ? first : await pageOf(page);
  const total = comments.total;
  return {
    figures,
    questions: questionResults(specs, tallies),
    demand: summariseDemand(tallies),
    comments: {
      total,
      page,
      pageCount,
      rows: comments.rows.map((c) => ({ ...c, questionTitle: titles.get(c.question) ?? c.question })),
    },
  };
}

// ── Raw-answer export ──────────────────────────────────────────────────────

export type Cell = string | number | null;
export interface ExportTable {
  header: string[];
  rows: Cell[][];
}

interface ExportColumn {
  header: string;
  value: (answers: Record<string, unknown>) => Cell;
}

function label(q: QuestionSpec, value: unknown): string {
  const choice = q.choices.find((c) => c.value === value || String(c.value) === String(value));
  return choice ? choice.label : String(value);
}

function questionColumns(specs: readonly QuestionSpec[]): ExportColumn[] {
  const used = new Map<string, number>();
  const unique = (header: string) => {
    const n = (used.get(header) ?? 0) + 1;
    used.set(header, n);
    return n === 1 ? header : `${header}（${n}）`;
  };
  const columns: ExportColumn[] = [];
  for (const q of specs) {
    columns.push({
      header: unique(q.title || q.name),
      value: (answers) => {
        const v = answers[q.name];
        if (v === undefined || v === null) return null;
        switch (q.kind) {
          case "multiple":
            return Array.isArray(v) ? v.map((item) => label(q, item)).join("、") : label(q, v);
          case "single":
          case "boolean":
            return label(q, v);
          case "rating":
          case "number":
            return typeof v === "number" ? v : String(v);
          default:
            return String(v);
        }
      },
    });
    if (q.hasComment) {
      columns.push({
        header: unique(`${q.title || q.name}（其他/补充说明）`),
        value: (answers) => {
          const v = answers[q.name + COMMENT_SUFFIX];
          return typeof v === "string" ? v : null;
        },
      });
    }
  }
  return columns;
}

/**
 * One row per answer set: channel, 小区, time, then one column per question with answer
 * labels. Household codes (and their ids), devices and receipts are never part of it.
 */
export async function exportTable(db: Kysely<Database>, survey: Survey): Promise<ExportTable> {
  const specs = readQuestionSpecs(survey.definition as SurveyJson);
  const [responses, neighbourhoods] = await Promise.all([
    readResponsesForExport(db, survey.id),
    db.selectFrom("neighbourhoods").select(["id", "name"]).where("community_code", "=", survey.communityCode).execute(),
  ]);
  const names = new Map(neighbourhoods.map((n) => [n.id, n.name]));
  const columns = questionColumns(specs);
  return {
    header: ["序号", "录入方式", "小区", "提交时间", ...columns.map((c) => c.header)],
    rows: responses.map((r, i) => [
      i + 1,
      isChannel(r.channel) ? SURVEY_CHANNEL_LABELS[r.channel] : r.channel,
      r.neighbourhoodId ? (names.get(r.neighbourhoodId) ?? "") : "",
      formatDateTime(r.createdAt),
      ...columns.map((c) => c.value(r.answers)),
    ]),
  };
}

/** Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
function csvCell(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a byte-order mark, so Excel opens the Chinese correctly. */
export function toCsv(table: ExportTable): string {
  const lines = [table.header, ...table.rows].map((row) => row.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function toXlsx(table: ExportTable, sheetName = "答卷"): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "社区嵌入式服务设施 体检与需求调查";
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(table.header);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 6 : Math.min(40, Math.max(10, (table.header[i]?.length ?? 8) * 1.6));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function exportFileName(community: { name: string }, survey: { title: string }, extension: "csv" | "xlsx"): string {
  return `${community.name}-${survey.title}-答卷.${extension}`;
}

export interface ExportedFile {
  body: Uint8Array<ArrayBuffer>;
  fileName: string;
  contentType: string;
}

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/** The raw-answer file; every download is kept in the audit log (answers are personal data). */
export async function exportAnswers(
  db: Kysely<Database>,
  change: { actor: Actor; ip: string | null },
  survey: Survey,
  community: { name: string },
  format: "csv" | "xlsx",
): Promise<ExportedFile> {
  const table = await exportTable(db, survey);
  const body: Uint8Array<ArrayBuffer> = format === "csv" ? new TextEncoder().encode(toCsv(table)) : new Uint8Array(await toXlsx(table));
  await writeAudit(db, {
    actor: change.actor,
    action: "survey.export_answers",
    entityType: "survey",
    entityId: survey.id,
    after: { format, rows: table.rows.length },
    ip: change.ip,
  });
  return { body, fileName: exportFileName(community, survey, format), contentType: CONTENT_TYPES[format] };
}
