// The builder's two imports, checked before anything is saved: a SurveyJS JSON file (the
// tolerant import check), and a questionnaire as people have it — text pasted from Word/WPS,
// or a .txt/.docx file (文本导入) — turned into a draft and checked the same way. Nothing here
// changes the database: the draft goes back to the editor and is saved by saveSurveyDefinition.
import { importSurveyText } from "../../workflows/survey-text-import";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { type IssueGroupView, validateSurveyDefinition } from "../../workflows/surveys/definition.server";
import { IMPORT_LIMITS } from "../validation/survey";
import { docxToText } from "./docx-text.server";

export interface ImportReport {
  /** What was fixed, dropped or renamed, grouped. */
  warnings: IssueGroupView[];
  /** Old name → new name. */
  renamed: Record<string, string>;
  /** Text import: what was guessed from the document (with line numbers). */
  guesses: string[];
  /** Text import: lines that could not be read as part of a question. */
  unread: string[];
}

export type ImportOutcome =
  | { ok: true; definition: SurveyJson; questionCount: number; report: ImportReport }
  | { ok: false; reason: string; problems: IssueGroupView[]; report: ImportReport };

const EMPTY_REPORT: ImportReport = { warnings: [], renamed: {}, guesses: [], unread: [] };

function refused(reason: string, problems: IssueGroupView[] = [], report: ImportReport = EMPTY_REPORT): ImportOutcome {
  return { ok: false, reason, problems, report };
}

/** A SurveyJS JSON file's text through the builder's import check. */
export function checkSurveyJson(text: string): ImportOutcome {
  const checked = validateSurveyDefinition(text);
  const report: ImportReport = { ...EMPTY_REPORT, warnings: checked.warningGroups, renamed: checked.renamed };
  if (!checked.ok) return refused("问卷未导入，请修改后重试：", checked.errorGroups, report);
  return { ok: true, definition: checked.definition, questionCount: checked.questions.length, report };
}

/** Word and WPS save plain text as UTF-8 or, on Chinese Windows, as GB18030 (GBK). */
export function decodeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}

/** A pasted or uploaded questionnaire → a checked draft and the list of what was guessed. */
export async function importQuestionnaire(source: { text: string } | { file: File }): Promise<ImportOutcome> {
  let text: string;
  if ("file" in source) {
    const { file } = source;
    if (file.size > IMPORT_LIMITS.documentFileBytes) return refused(`文件不能超过 ${IMPORT_LIMITS.documentFileBytes / 1024 / 1024} MB。`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.docx$/i.test(file.name)) {
      const read = await docxToText(Buffer.from(bytes));
      if (!read.ok) return refused(read.reason);
      text = read.text;
    } else if (/\.doc$/i.test(file.name)) {
      return refused("这是旧版 Word（.doc）文件：请在 Word/WPS 中“另存为” .docx 或纯文本后再导入。");
    } else {
      const decoded = decodeText(bytes);
      if (decoded === null) return refused("文件不是文本：请上传 .txt 或 .docx 文件，或直接粘贴问卷文字。");
      text = decoded;
    }
  } else {
    text = source.text;
  }
  const imported = importSurveyText(text);
  const pages = imported.definition.pages;
  const base: ImportReport = { ...EMPTY_REPORT, guesses: imported.guesses, unread: imported.problems };
  if (!Array.isArray(pages) || pages.length === 0) return refused(imported.problems[0] ?? "没有识别出任何题目。", [], base);
  const checked = checkSurveyJson(JSON.stringify(imported.definition));
  const report: ImportReport = { ...checked.report, guesses: imported.guesses, unread: imported.problems };
  return checked.ok ? { ...checked, report } : { ...checked, report };
}
