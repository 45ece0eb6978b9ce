// The raw-answer export of one survey (CSV, XLSX): one row per answer set with answer labels,
// never household codes. Every download is kept in the audit log: answers are personal data.
import { loadExcelJS } from "./lazy-modules.server";
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findCommunity } from "../../db/repositories/places";
import { listNeighbourhoods, readResponsesForExport, type Survey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { SURVEY_CHANNEL_LABELS } from "../../workflows/glossary";
import { COMMENT_SUFFIX, readQuestionSpecs, type QuestionSpec, type SurveyJson } from "../../workflows/surveys/definition";
import { rowSpec } from "../../workflows/surveys/tallies-structured";
import { formatDateTime } from "./format";
import { isChannel } from "./survey-results.server";
import { surveyToChange } from "./surveys.server";
import { authorize, type Change, type Outcome, runUseCase } from "./use-case.server";

export type Cell = string | number | null;
export interface ExportTable {
  header: string[];
  rows: Cell[][];
}

interface ExportColumn {
  header: string;
  value: (answers: Record<string, unknown>) => Cell;
}

type Answers = Record<string, unknown>;
/** The object holding a question's answer: the answer set, a matrix row, a table row, a panel. */
type Holder = (answers: Answers) => Answers | undefined;

function label(q: QuestionSpec, value: unknown): string {
  const choice = q.choices.find((c) => c.value === value || String(c.value) === String(value));
  return choice ? choice.label : String(value);
}

function asObject(value: unknown): Answers | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Answers) : undefined;
}

function valueCell(q: QuestionSpec, v: unknown): Cell {
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
}

/**
 * The columns of one question: one for a simple answer (and its "other" text), one per row of a
 * matrix, per row × column of a table, per item, per ranked item (its position), and per row or
 * panel a household added × its questions. Headers read “题目：行：列”.
 */
function columnsOf(q: QuestionSpec, header: string, holder: Holder, responses: readonly Answers[]): ExportColumn[] {
  const inner = (key: string): Holder => (a) => asObject(holder(a)?.[key]);
  switch (q.kind) {
    case "expression":
      return [];
    case "matrix":
      return (q.rows ?? []).map((row) => ({ header: `${header}：${row.label}`, value: (a) => valueCell(rowSpec(q, row), inner(q.name)(a)?.[row.value]) }));
    case "matrixdropdown":
      return (q.rows ?? []).flatMap((row) =>
        (q.parts ?? []).flatMap((part) => columnsOf(part, `${header}：${row.label}：${part.title}`, (a) => asObject(inner(q.name)(a)?.[row.value]), responses)),
      );
    case "multipletext":
      return (q.parts ?? []).flatMap((part) => columnsOf(part, `${header}：${part.title}`, inner(q.name), responses));
    case "matrixdynamic":
    case "paneldynamic": {
      const list = (a: Answers) => {
        const v = holder(a)?.[q.name];
        return Array.isArray(v) ? v : [];
      };
      const most = Math.max(1, ...responses.map((a) => list(a).length));
      const unit = q.kind === "matrixdynamic" ? "行" : "项";
      return Array.from({ length: most }, (_, i) => i).flatMap((i) =>
        (q.parts ?? []).flatMap((part) => columnsOf(part, `${header}（第 ${i + 1} ${unit}）：${part.title}`, (a) => asObject(list(a)[i]), responses)),
      );
    }
    case "ranking":
      return q.choices.map((c) => ({
        header: `${header}：${c.label}（排第几）`,
        value: (a) => {
          const order = holder(a)?.[q.name];
          const at = Array.isArray(order) ? order.findIndex((v) => String(v) === String(c.value)) : -1;
          return at < 0 ? null : at + 1;
        },
      }));
    default: {
      const columns: ExportColumn[] = [{ header, value: (a) => valueCell(q, holder(a)?.[q.name]) }];
      if (q.hasComment) {
        columns.push({
          header: `${header}（其他/补充说明）`,
          value: (a) => {
            const v = holder(a)?.[q.name + COMMENT_SUFFIX];
            return typeof v === "string" ? v : null;
          },
        });
      }
      return columns;
    }
  }
}

function questionColumns(specs: readonly QuestionSpec[], responses: readonly Answers[]): ExportColumn[] {
  const used = new Map<string, number>();
  const unique = (header: string) => {
    const n = (used.get(header) ?? 0) + 1;
    used.set(header, n);
    return n === 1 ? header : `${header}（${n}）`;
  };
  return specs.flatMap((q) => columnsOf(q, q.title || q.name, (a) => a, responses)).map((c) => ({ ...c, header: unique(c.header) }));
}

/**
 * One row per answer set: channel, 小区, time, then one column per question with answer
 * labels. Household codes (and their ids), devices and receipts are never part of it.
 */
export async function exportTable(db: Kysely<Database>, survey: Survey): Promise<ExportTable> {
  const specs = readQuestionSpecs(survey.definition as SurveyJson);
  const [responses, neighbourhoods] = await Promise.all([
    readResponsesForExport(db, survey.id),
    listNeighbourhoods(db, survey.communityCode),
  ]);
  const names = new Map(neighbourhoods.map((n) => [n.id, n.name]));
  const columns = questionColumns(specs, responses.map((r) => r.answers));
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
  const workbook = new (await loadExcelJS()).Workbook();
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

/** The raw-answer file of a survey for someone who may see its results; the download is audited. */
export async function exportAnswers(
  db: Kysely<Database>,
  change: Change,
  input: { surveyId: string; format: "csv" | "xlsx" },
): Promise<Outcome<ExportedFile>> {
  const { format } = input;
  const exported = await runUseCase(db, change, async (trx) => {
    const { survey, place } = await surveyToChange(trx, input.surveyId);
    authorize(change, "view:survey_results", place);
    const [table, community] = await Promise.all([exportTable(trx, survey), findCommunity(trx, survey.communityCode)]);
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.export_answers",
      entityType: "survey",
      entityId: survey.id,
      after: { format, rows: table.rows.length },
      ip: change.ip,
    });
    return { table, fileName: exportFileName({ name: community?.name ?? "" }, survey, format) };
  });
  if (!exported.ok) return exported;
  // The file is built after the transaction: on SQLite a transaction holds the one connection.
  const body: Uint8Array<ArrayBuffer> = format === "csv" ? new TextEncoder().encode(toCsv(exported.table)) : new Uint8Array(await toXlsx(exported.table));
  return { ok: true, body, fileName: exported.fileName, contentType: CONTENT_TYPES[format] };
}
