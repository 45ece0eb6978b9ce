// One numbered question of a pasted questionnaire → one SurveyJS element, with what was
// guessed and what could not be understood (文本导入). Pure; see survey-text-import.ts.
import {
  blanksOf,
  boxedOptions,
  isScaleLine,
  letteredOptions,
  NOTE_LINE,
  numberedLine,
  otherOption,
  readTitle,
  scoreRange,
  splitItems,
  BLANK,
  type NumberStyle,
  type QuestionHint,
  type SourceLine,
  type TitleFacts,
} from "./survey-text-lines";

export type SurveyJSONValue = string | number | boolean | null | SurveyJSONValue[] | { [key: string]: SurveyJSONValue };
export type SurveyJSON = { [key: string]: SurveyJSONValue };

export interface QuestionBlock {
  line: SourceLine;
  number: number;
  style: NumberStyle;
  rest: string;
  body: SourceLine[];
}

export interface BuiltQuestion {
  element: SurveyJSON;
  guesses: string[];
  problems: string[];
}

interface Reading {
  facts: TitleFacts;
  options: string[];
  tableRows: SourceLine[];
  boxedRows: { label: string; columns: string[] }[];
  plain: SourceLine[];
  notes: string[];
}

const OPEN_QUESTION = /建议|意见|想法|看法|描述|原因|希望|要求|补充/;

export function choiceValue(index: number): string {
  return index < 26 ? String.fromCharCode(97 + index) : `o${index + 1}`;
}

const itemValues = (texts: string[]): SurveyJSON[] => texts.map((text, i) => ({ value: choiceValue(i), text }));

/** "您的性别（ ）A.男 B.女" → title and inline options. */
function inlineOptions(title: string): { title: string; options: string[] } | null {
  const boxed = boxedOptions(title);
  if (boxed && boxed.texts.length >= 2) return { title: boxed.before, options: boxed.texts };
  for (const m of title.matchAll(/(^|[\s）)？?：:。])A\s*[.、:：)）]/g)) {
    const at = (m.index ?? 0) + m[1].length;
    const found = letteredOptions(title.slice(at), 0);
    if (found && found.texts.length >= 2) return { title: title.slice(0, at).trim(), options: found.texts };
  }
  return null;
}

function read(block: QuestionBlock): Reading {
  const facts = readTitle(block.rest);
  const body = [...block.body];
  if (!facts.title && body.length) Object.assign(facts, { title: readTitle(body.shift()!.text).title });
  const reading: Reading = { facts, options: [], tableRows: [], boxedRows: [], plain: [], notes: [] };
  const inline = inlineOptions(facts.title);
  if (inline) {
    facts.title = inline.title;
    reading.options.push(...inline.options);
  }
  let nextLetter = reading.options.length;
  for (const line of body) {
    const text = line.text;
    if (NOTE_LINE.test(text) || /^[（(][^（()）]*[)）]$/.test(text)) {
      reading.notes.push(text);
      continue;
    }
    const lettered = letteredOptions(text, nextLetter);
    if (lettered) {
      reading.options.push(...lettered.texts);
      nextLetter = lettered.letters[lettered.letters.length - 1] + 1;
      continue;
    }
    const boxed = boxedOptions(text);
    if (boxed) {
      if (boxed.before) reading.boxedRows.push({ label: boxed.before, columns: boxed.texts });
      else reading.options.push(...boxed.texts);
      continue;
    }
    if (text.includes("\t")) {
      reading.tableRows.push(line);
      continue;
    }
    const sub = numberedLine(text);
    if (sub && sub.style !== block.style) {
      reading.options.push(sub.rest);
      continue;
    }
    reading.plain.push(line);
  }
  return reading;
}

interface Matrix {
  columns: string[];
  rows: string[];
  how: string;
}

function tableMatrix(rows: SourceLine[]): Matrix | null {
  if (rows.length < 2) return null;
  const cells = rows.map((r) => r.text.split("\t").map((c) => c.trim()));
  const header = cells[0];
  const width = Math.max(...cells.slice(1).map((c) => c.length));
  const columns = (header[0] === "" || header.length === width ? header.slice(1) : header).filter((c) => c !== "");
  const labels = cells.slice(1).map((c) => c[0]).filter((c) => c !== "");
  return columns.length >= 2 && labels.length ? { columns, rows: labels, how: "表格：第一行为列标题，其余每行为一个小题" } : null;
}

function findMatrix(reading: Reading, hinted: boolean): Matrix | null {
  const table = tableMatrix(reading.tableRows);
  if (table) return table;
  if (reading.boxedRows.length >= 2) {
    return { columns: reading.boxedRows[0].columns, rows: reading.boxedRows.map((r) => r.label), how: "每行一个小题，选项为方框" };
  }
  const lines = reading.plain.map((l) => splitItems(l.text, true));
  const multi = lines.map((items) => items.length >= 2 && (hinted || isScaleLine(items)));
  const singles = (from: number, to: number) => lines.slice(from, to).every((items, i) => !multi[from + i] && items.length >= 1);
  if (lines.length >= 2 && multi[0] && singles(1, lines.length)) {
    return { columns: lines[0], rows: reading.plain.slice(1).map((l) => l.text), how: "列标题在前，其后每行一个小题" };
  }
  if (lines.length >= 2 && multi[lines.length - 1] && singles(0, lines.length - 1)) {
    return { columns: lines[lines.length - 1], rows: reading.plain.slice(0, -1).map((l) => l.text), how: "先列小题，最后一行为量表" };
  }
  if (reading.plain.length >= (hinted ? 1 : 2) && reading.options.length >= 2 && (hinted || isScaleLine(reading.options))) {
    return { columns: reading.options, rows: reading.plain.map((l) => l.text), how: "先列小题，量表用字母选项写出" };
  }
  const range = scoreRange(reading.facts.title);
  if (hinted && range && reading.plain.length >= 1) {
    const columns = Array.from({ length: range.max - range.min + 1 }, (_, i) => `${range.min + i}分`);
    return { columns, rows: reading.plain.map((l) => l.text), how: `按“${range.min}-${range.max}分”生成列` };
  }
  return null;
}

const POSITIVE = /^(非常|很|比较|较|十分)?(满意|同意|重要|愿意|需要|符合|了解|清楚|好)$/;
const NEGATIVE = /不|差|没有|从不|很少/;

/**
 * Scores for a matrix's columns when they are a scale: "1分 … 5分" as written, a word scale
 * ("很不满意 … 很满意") numbered from its negative end, so a higher score is always better.
 */
export function scaleScores(columns: readonly string[]): number[] | null {
  const points = columns.map((c) => /^(\d{1,2})\s*分?$/.exec(c.trim())?.[1]);
  if (points.every((p) => p !== undefined) && new Set(points).size === points.length) return points.map(Number);
  if (!isScaleLine([...columns])) return null;
  const descending = POSITIVE.test(columns[0].trim()) && NEGATIVE.test(columns[columns.length - 1]);
  return columns.map((_, i) => (descending ? columns.length - i : i + 1));
}

function optionsFrom(reading: Reading): { options: string[]; other: string | null; fromPlain: boolean } {
  let options = reading.options;
  let fromPlain = false;
  if (!options.length && reading.plain.length >= 2) {
    options = reading.plain.map((l) => l.text);
    fromPlain = true;
  } else if (!options.length && reading.plain.length === 1) {
    const items = splitItems(reading.plain[0].text, true);
    if (items.length >= 2) {
      options = items;
      fromPlain = true;
    }
  }
  let other: string | null = null;
  const kept = options.filter((text) => {
    const found = other === null ? otherOption(text) : null;
    if (found) other = found;
    return !found;
  });
  return { options: kept, other, fromPlain };
}

function choiceTitle(title: string): string {
  return title.replace(BLANK, "").replace(/\s{2,}/g, " ").trim();
}

export function buildQuestion(block: QuestionBlock, name: string): BuiltQuestion {
  const reading = read(block);
  const { facts } = reading;
  const at = `第 ${block.line.no} 行`;
  const guesses: string[] = [];
  const problems: string[] = [];
  const base: SurveyJSON = { name, title: facts.title };
  if (facts.required) base.isRequired = true;
  const notes = [...reading.notes];
  const finish = (element: SurveyJSON): BuiltQuestion => {
    if (notes.length) element.description = notes.join("\n");
    if (!facts.title) problems.push(`${at}：这道题没有题目文字`);
    return { element: { type: element.type, ...base, ...element, name, title: element.title ?? facts.title }, guesses, problems };
  };
  const hinted: QuestionHint | null = facts.hint;

  const matrix = hinted === "matrix" || hinted === null || hinted === "rating" ? findMatrix(reading, hinted === "matrix") : null;
  if (matrix) {
    if (hinted !== "matrix") guesses.push(`${at}：识别为矩阵题（${matrix.how}；${matrix.rows.length} 行 × ${matrix.columns.length} 列）`);
    const scores = scaleScores(matrix.columns);
    if (scores) guesses.push(`${at}：列按量表记分（${matrix.columns.map((c, i) => `${c}=${scores[i]}`).join("，")}），结果页可算平均分`);
    return finish({
      type: "matrix",
      title: choiceTitle(facts.title),
      columns: scores ? matrix.columns.map((text, i) => ({ value: scores[i], text })) : itemValues(matrix.columns),
      rows: matrix.rows.map((text, i) => ({ value: `r${i + 1}`, text })),
    });
  }
  if (hinted === "matrix") problems.push(`${at}：标为${facts.hintText}，但没有找到“列标题 + 每行一个小题”的写法，已按单选题处理`);
  const hint = hinted === "matrix" ? "radiogroup" : hinted;

  const { options, other, fromPlain } = optionsFrom(reading);
  if (!fromPlain) notes.push(...reading.plain.map((l) => l.text));
  const range = scoreRange(facts.title);

  if (hint === "rating" || (hint === null && range && !options.length && !other)) {
    const numeric = options.map((o) => /^(\d{1,2})\s*分?$/.exec(o)?.[1]).filter((n): n is string => n !== undefined);
    const fromOptions = numeric.length === options.length && numeric.length >= 2 ? { min: Number(numeric[0]), max: Number(numeric[numeric.length - 1]) } : null;
    const scale = range ?? fromOptions;
    if (hint === null) guesses.push(`${at}：题目写有“${range!.min}-${range!.max}分”，按评分题处理`);
    if (!scale && options.length >= 2) return finish({ type: "rating", rateValues: itemValues(options) });
    if (!scale) guesses.push(`${at}：评分题没有写分值范围，按 1-5 分处理`);
    return finish({ type: "rating", rateMin: scale?.min ?? 1, rateMax: scale?.max ?? 5 });
  }

  if (hint === "text" || hint === "comment" || (hint === null && !options.length && !other)) {
    if (options.length) problems.push(`${at}：标为${facts.hintText}，但下面有选项，选项未导入`);
    return finish(openQuestion(facts, hint, at, guesses));
  }

  const type = hint ?? (facts.multipleGuess || facts.maxSelected ? "checkbox" : /排序|排列顺序|按.{0,8}顺序/.test(facts.title) ? "ranking" : "radiogroup");
  if (hint === null && type === "checkbox") guesses.push(`${at}：题目写有“${facts.multipleGuess ?? "最多选"}”，按多选题处理`);
  if (hint === null && type === "ranking") guesses.push(`${at}：题目要求排序，按排序题处理`);
  if (hint === null && type === "radiogroup") guesses.push(`${at}：未注明题型，按单选题处理`);
  if (fromPlain) guesses.push(`${at}：选项没有字母编号，按每行（或空格分隔）一个选项读取`);
  if (!options.length) problems.push(`${at}：${facts.hintText ? `标为${facts.hintText}，但` : ""}没有找到选项，请补充`);
  const element: SurveyJSON = { type, title: choiceTitle(facts.title), choices: itemValues(options) };
  if (other) {
    element.showOtherItem = true;
    element.otherText = other;
    guesses.push(`${at}：“${other}”作为“其他”选项，附填写框`);
  }
  if (type === "checkbox" && facts.maxSelected) element.maxSelectedChoices = facts.maxSelected;
  return finish(element);
}

function openQuestion(facts: TitleFacts, hint: QuestionHint | null, at: string, guesses: string[]): SurveyJSON {
  const blanks = blanksOf(facts.title);
  const title = facts.title.replace(BLANK, "____");
  if (hint === "comment" || (hint === null && !blanks.length && OPEN_QUESTION.test(facts.title))) {
    if (hint === null) guesses.push(`${at}：没有选项，按多行填空（意见建议）处理`);
    return { type: "comment", title };
  }
  if (blanks.length >= 2) {
    guesses.push(`${at}：有 ${blanks.length} 处空白，按多项填空处理`);
    return {
      type: "multipletext",
      title,
      items: blanks.map((b, i) => {
        const item: SurveyJSON = { name: `t${i + 1}`, title: `${b.before.replace(/^[，,；;、。\s]+/, "") || `第 ${i + 1} 空`}${b.unit ? `（${b.unit}）` : ""}` };
        if (b.unit) item.inputType = "number";
        return item;
      }),
    };
  }
  const unit = blanks[0]?.unit ?? null;
  if (hint === null) guesses.push(`${at}：${blanks.length ? "有填空横线或空括号" : "没有选项"}，按填空题处理${unit ? `（空白后有单位“${unit}”，只能填数字）` : ""}`);
  else if (unit) guesses.push(`${at}：空白后有单位“${unit}”，只能填数字`);
  const element: SurveyJSON = { type: "text", title };
  if (unit) element.inputType = "number";
  return element;
}
