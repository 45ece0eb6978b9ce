// 文本导入: the plain text of a questionnaire copied from Word/WPS → a SurveyJS draft, a list
// (in Chinese, with line numbers) of everything that was guessed, and what could not be read.
// Pure and total: any input gives a result, never an exception (issue 17).
import { buildQuestion, type QuestionBlock, type SurveyJSON } from "./survey-text-questions";
import { CLOSING_LINE, isHeadingLine, numberedLine, readTitle, splitLines, type SourceLine } from "./survey-text-lines";

export type { SurveyJSON, SurveyJSONValue } from "./survey-text-questions";

export interface TextImportResult {
  definition: SurveyJSON;
  guesses: string[];
  problems: string[];
}

export const TEXT_IMPORT_LIMITS = { maxChars: 300_000, maxLines: 10_000 } as const;

interface Page {
  heading: SourceLine | null;
  notes: SourceLine[];
  blocks: QuestionBlock[];
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function chineseNumber(text: string): number {
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)/.exec(text);
  if (!m || !m[0]) return 0;
  if (!m[2]) return CHINESE_DIGITS[m[1]] ?? 0;
  return (m[1] ? CHINESE_DIGITS[m[1]] : 1) * 10 + (m[3] ? CHINESE_DIGITS[m[3]] : 0);
}

/** Questions numbered 一、二、 when the document has no 1. 2. at all. */
function chineseNumbered(text: string): { number: number; rest: string } | null {
  const m = /^([一二三四五六七八九十]{1,3})\s*[、.]\s*(.+)$/.exec(text);
  return m ? { number: chineseNumber(m[1]), rest: m[2] } : null;
}

const looksLikeQuestion = (text: string) => /[？?]|_{2,}|[[【]/.test(text);
const optionLike = (text: string) => text.length <= 30 && !looksLikeQuestion(text);

function group(lines: SourceLine[]): { preamble: SourceLine[]; pages: Page[] } {
  const numbered = lines.map((l) => numberedLine(l.text));
  const dominant = numbered.find((n) => n !== null)?.style ?? null;
  const preamble: SourceLine[] = [];
  const pages: Page[] = [];
  let current: QuestionBlock | null = null;
  const page = (): Page => {
    if (!pages.length) pages.push({ heading: null, notes: [], blocks: [] });
    return pages[pages.length - 1];
  };
  lines.forEach((line, i) => {
    const asNumber = numbered[i];
    const asChinese = asNumber === null && isHeadingLine(line.text) ? chineseNumbered(line.text) : null;
    const chineseQuestion = asChinese !== null && (dominant === null || looksLikeQuestion(line.text));
    if (asNumber === null && isHeadingLine(line.text) && !chineseQuestion) {
      pages.push({ heading: line, notes: [], blocks: [] });
      current = null;
    } else if (asNumber && (asNumber.style === dominant || !current || !optionLike(asNumber.rest))) {
      current = { line, number: asNumber.number, style: asNumber.style, rest: asNumber.rest, body: [] };
      page().blocks.push(current);
    } else if (chineseQuestion && asChinese) {
      current = { line, number: asChinese.number, style: "dun", rest: asChinese.rest, body: [] };
      page().blocks.push(current);
    } else if (current) {
      current.body.push(line);
    } else if (pages.length) {
      page().notes.push(line);
    } else {
      preamble.push(line);
    }
  });
  return { preamble, pages };
}

function cutClosing(pages: Page[]): SourceLine[] {
  const last = pages[pages.length - 1]?.blocks.at(-1);
  if (!last) return [];
  const at = last.body.findIndex((l) => CLOSING_LINE.test(l.text));
  return at < 0 ? [] : last.body.splice(at);
}

function names(pages: Page[]): { names: string[][]; guess: string | null } {
  const all = pages.flatMap((p) => p.blocks.map((b) => b.number));
  if (new Set(all).size === all.length) return { names: pages.map((p) => p.blocks.map((b) => `q${b.number}`)), guess: null };
  const pageAware = pages.map((p, pi) => p.blocks.map((b) => `q${pi + 1}_${b.number}`));
  if (new Set(pageAware.flat()).size === all.length) {
    return { names: pageAware, guess: "题号在各部分重新编号，题目名称按“部分_题号”生成（如 q2_1）" };
  }
  let n = 0;
  return { names: pages.map((p) => p.blocks.map(() => `q${++n}`)), guess: "题号有重复，题目名称按出现顺序重新编号（q1、q2…）" };
}

function preambleFacts(preamble: SourceLine[], guesses: string[]): SurveyJSON {
  const out: SurveyJSON = {};
  if (!preamble.length) {
    guesses.push("没有找到问卷标题，请在设计器中补充");
    return out;
  }
  const [first, ...rest] = preamble;
  const isTitle = first.text.length <= 60 && !/[:：]$/.test(first.text) && !/^(尊敬的|亲爱的|您好|你好)/.test(first.text);
  const intro = isTitle ? rest : preamble;
  if (isTitle) {
    out.title = first.text;
    guesses.push(`第 ${first.no} 行：作为问卷标题`);
  } else {
    guesses.push("没有找到问卷标题，请在设计器中补充");
  }
  if (intro.length) {
    out.description = intro.map((l) => l.text).join("\n");
    const [from, to] = [intro[0].no, intro[intro.length - 1].no];
    guesses.push(`第 ${from === to ? from : `${from}–${to}`} 行：作为问卷说明（开头语）`);
  }
  return out;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const EMPTY = (problems: string[]): TextImportResult => ({ definition: { pages: [] }, guesses: [], problems });

function parse(input: unknown): TextImportResult {
  if (typeof input !== "string") return EMPTY(["没有收到问卷文本"]);
  if (input.length > TEXT_IMPORT_LIMITS.maxChars) return EMPTY([`文本过长（${input.length} 字，上限 ${TEXT_IMPORT_LIMITS.maxChars} 字），请分成几份问卷导入`]);
  const lines = splitLines(input);
  if (!lines.length) return EMPTY(["文本是空的：请粘贴问卷内容，或上传 .txt / .docx 文件"]);
  if (lines.length > TEXT_IMPORT_LIMITS.maxLines) return EMPTY([`文本行数过多（${lines.length} 行，上限 ${TEXT_IMPORT_LIMITS.maxLines} 行），请分成几份问卷导入`]);

  const { preamble, pages } = group(lines);
  const closing = cutClosing(pages);
  const guesses: string[] = [];
  const problems: string[] = [];
  const definition: SurveyJSON = preambleFacts(preamble, guesses);
  const questionCount = pages.reduce((n, p) => n + p.blocks.length, 0);
  if (!questionCount) {
    return { definition: { ...definition, pages: [] }, guesses, problems: ["没有识别出任何题目：请确认每道题以“1.”“1、”“（1）”等题号开头"] };
  }
  const named = names(pages);
  if (named.guess) guesses.push(named.guess);

  const jsonPages: SurveyJSON[] = [];
  pages.forEach((page, pi) => {
    if (page.heading) guesses.push(`第 ${page.heading.no} 行：“${page.heading.text}”作为一页的标题`);
    if (!page.blocks.length) {
      if (page.heading) guesses.push(`第 ${page.heading.no} 行：这一部分下面没有题目，已略去`);
      return;
    }
    const elements = page.blocks.map((block, bi) => {
      const built = buildQuestion(block, named.names[pi][bi]);
      guesses.push(...built.guesses);
      problems.push(...built.problems);
      return built.element;
    });
    const jsonPage: SurveyJSON = { name: `page${jsonPages.length + 1}` };
    if (page.heading) jsonPage.title = readTitle(page.heading.text).title.replace(/[:：]$/, "");
    if (page.notes.length) jsonPage.description = page.notes.map((l) => l.text).join("\n");
    jsonPage.elements = elements;
    jsonPages.push(jsonPage);
  });
  definition.pages = jsonPages;
  if (closing.length) {
    definition.completedHtml = escapeHtml(closing.map((l) => l.text).join("\n"));
    guesses.push(`第 ${closing[0].no} 行：作为提交后显示的结束语`);
  }
  return { definition, guesses, problems };
}

export function importSurveyText(input: unknown): TextImportResult {
  try {
    return parse(input);
  } catch {
    return EMPTY(["无法识别这段文本：请检查内容，或分段粘贴后重试"]);
  }
}
