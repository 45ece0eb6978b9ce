// The cross-tab page (交叉分析, issue 18): two questions of one survey against each other, with
// row percentages and the chi-square test; the XLSX of the same table (audited, like the
// raw-answer export). Answers through the open link (未核验) are left out unless asked for.
import { loadExcelJS } from "./lazy-modules.server";
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { readAnswerSetsForCrossTab } from "../../db/repositories/crosstab";
import type { Survey } from "../../db/repositories/surveys";
import type { Database } from "../../db/schema";
import { cachedAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { crossTabOfAnswers, crossTabQuestions, type AnswerCrossTab, type CrossTabQuestion } from "../../workflows/surveys/crosstab-answers";
import { surveyToChange } from "./surveys.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

export interface CrossTabChoice {
  row: string | null;
  column: string | null;
  includeOpenLink: boolean;
}

export interface CrossTabPage {
  questions: { name: string; title: string; multiple: boolean }[];
  chosen: CrossTabChoice;
  result: null | { rowTitle: string; columnTitle: string; table: AnswerCrossTab; truncated: boolean };
}

/** Several domains ask "有多急？": the section tells them apart (a matrix row's title already reads "矩阵题 · 行"). */
function titleOf(q: CrossTabQuestion): string {
  return q.section && !q.matrixRow ? `${q.section} · ${q.title}` : q.title;
}

function pick(specs: readonly CrossTabQuestion[], name: string | null): CrossTabQuestion | null {
  return name ? (specs.find((q) => q.name === name) ?? null) : null;
}

async function tabulate(db: Kysely<Database>, survey: Survey, chosen: CrossTabChoice) {
  // The per-version cache the submission path keeps: building the survey-core model is most of the page's time.
  const specs = crossTabQuestions(cachedAnswerValidator(`${survey.id}@${survey.definitionVersion}`, () => survey.definition as SurveyJson).questions);
  const row = pick(specs, chosen.row);
  const column = pick(specs, chosen.column);
  if (!row || !column || row.name === column.name) return { specs, result: null };
  const { answerSets, truncated } = await readAnswerSetsForCrossTab(db, survey.id, { verifiedOnly: !chosen.includeOpenLink });
  return { specs, result: { rowTitle: titleOf(row), columnTitle: titleOf(column), table: crossTabOfAnswers(row, column, answerSets), truncated } };
}

export async function loadCrossTabPage(db: Kysely<Database>, survey: Survey, chosen: CrossTabChoice): Promise<CrossTabPage> {
  const { specs, result } = await tabulate(db, survey, chosen);
  return { questions: specs.map((q) => ({ name: q.name, title: titleOf(q), multiple: q.kind === "multiple" })), chosen, result };
}

function percent(value: number): number {
  return Math.round(value * 10) / 10;
}

/** One sheet: counts with totals, then row percentages, then the test. */
export async function crossTabXlsx(surveyTitle: string, result: NonNullable<CrossTabPage["result"]>, includeOpenLink: boolean): Promise<Buffer> {
  const { table } = result;
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = "社区嵌入式服务设施 体检与需求调查";
  const sheet = workbook.addWorksheet("交叉分析");
  sheet.addRow([`${surveyTitle} · 交叉分析`]).font = { bold: true };
  sheet.addRow([`行：${result.rowTitle}`]);
  sheet.addRow([`列：${result.columnTitle}`]);
  sheet.addRow([includeOpenLink ? "含未核验答卷（公开链接、无户码纸质问卷）" : "仅已核验答卷"]);
  sheet.addRow([]);
  sheet.addRow(["户数", ...table.columns, "合计"]).font = { bold: true };
  table.rows.forEach((label, i) => sheet.addRow([label, ...table.counts[i], table.rowTotals[i]]));
  sheet.addRow(["合计", ...table.columnTotals, table.total]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow(["行百分比（%）", ...table.columns]).font = { bold: true };
  table.rows.forEach((label, i) => sheet.addRow([label, ...table.rowPercents[i].map(percent)]));
  sheet.addRow([]);
  if (table.test) {
    sheet.addRow(["卡方值 χ²", table.test.statistic]);
    sheet.addRow(["自由度", table.test.degreesOfFreedom]);
    sheet.addRow(["p 值", table.test.pValue]);
    if (table.test.warning) sheet.addRow([`注意：${table.test.lowExpectedCells} 个单元格的期望频数小于 5，卡方检验结果仅供参考。`]);
  } else {
    sheet.addRow([table.testable ? "有答案的行或列不足两个，无法做卡方检验。" : "含多选题：一户可计入多个单元格，不做卡方检验。"]);
  }
  sheet.getColumn(1).width = 28;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface CrossTabFile {
  body: Uint8Array<ArrayBuffer>;
  fileName: string;
}

/** The cross-tab as XLSX for someone who may see the survey's results; the download is audited. */
export async function exportCrossTab(db: Kysely<Database>, change: Change, input: { surveyId: string } & CrossTabChoice): Promise<Outcome<CrossTabFile>> {
  const built = await runUseCase(db, change, async (trx) => {
    const { survey, place } = await surveyToChange(trx, input.surveyId);
    authorize(change, "view:survey_results", place);
    const { result } = await tabulate(trx, survey, input);
    if (!result) refuse(400, "请选择两个不同的题目（单选、多选、评分、是否题或矩阵题的一行）。");
    await writeAudit(trx, {
      actor: change.actor,
      action: "survey.export_crosstab",
      entityType: "survey",
      entityId: survey.id,
      after: { row: input.row, column: input.column, includeOpenLink: input.includeOpenLink, answered: result.table.answered },
      ip: change.ip,
    });
    return { result, title: survey.title };
  });
  if (!built.ok) return built;
  // Built after the transaction: on SQLite a transaction holds the one connection.
  const body = new Uint8Array(await crossTabXlsx(built.title, built.result, input.includeOpenLink));
  return { ok: true, body, fileName: `${built.title}-交叉分析.xlsx` };
}
