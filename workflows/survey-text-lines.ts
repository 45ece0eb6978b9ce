// Line-level reading of a questionnaire copied from Word/WPS (文本导入): what a line is
// (section heading, numbered question, lettered or boxed options, table row) and what a
// question title says about itself (type hints, blanks, units, score ranges). Pure.

export interface SourceLine {
  /** 1-based line number in the text the worker pasted or uploaded. */
  no: number;
  text: string;
}

/** Full-width letters and digits become ASCII; full-width spaces separate like two spaces. */
export function normaliseLine(raw: string): string {
  return raw
    .replace(/\u200B|\u200C|\u200D|\uFEFF/g, "")
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\uFF0E/g, ".")
    .replace(/\uFF3F/g, "_")
    .replace(/\uFF3B/g, "[")
    .replace(/\uFF3D/g, "]")
    .replace(/\uFF0A/g, "*")
    .replace(/\uFF5E/g, "~")
    .replace(/\uFF0D/g, "-")
    .replace(/[\u3000]/g, "  ")
    .replace(/\u00A0/g, " ")
    .replace(/^ +| +$/g, "");
}

export function splitLines(text: string): SourceLine[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((raw, i) => ({ no: i + 1, text: normaliseLine(raw) }))
    .filter((line) => line.text.trim() !== "");
}

export type NumberStyle = "dot" | "dun" | "paren" | "half" | "q" | "ti";

export interface NumberedLine {
  number: number;
  style: NumberStyle;
  rest: string;
}

const NUMBERED: [NumberStyle, RegExp][] = [
  ["paren", /^[（(]\s*(\d{1,3})\s*[)）]\s*(.*)$/],
  ["dot", /^(\d{1,3})\s*\.(?!\d)\s*(.*)$/],
  ["dun", /^(\d{1,3})\s*、\s*(.*)$/],
  ["half", /^(\d{1,3})\s*[)）]\s*(.*)$/],
  ["q", /^[Qq](\d{1,3})\s*[.:：、]?\s*(.*)$/],
  ["ti", /^第\s*(\d{1,3})\s*题\s*[.:：、]?\s*(.*)$/],
];

export function numberedLine(text: string): NumberedLine | null {
  for (const [style, pattern] of NUMBERED) {
    const m = pattern.exec(text);
    if (m) {
      // 问卷星 exports repeat the number: "2. 1、您的性别" or "1. Q1:您的性别".
      const rest = m[2].replace(/^(?:[Qq]?\d{1,3}\s*[.、:：](?!\d)|[（(]\d{1,3}[)）])\s*/, "");
      return { number: Number(m[1]), style, rest };
    }
  }
  return null;
}

const CHINESE_NUMERAL = "[一二三四五六七八九十]{1,3}";
const HEADING_PATTERNS = [
  new RegExp(`^${CHINESE_NUMERAL}\\s*[、.]\\s*\\S`),
  new RegExp(`^第\\s*(?:${CHINESE_NUMERAL}|\\d{1,2})\\s*(?:部分|章|节|单元|篇)`),
  new RegExp(`^[（(]${CHINESE_NUMERAL}[)）]\\s*\\S`),
];

export function isHeadingLine(text: string): boolean {
  return HEADING_PATTERNS.some((p) => p.test(text));
}

export type QuestionHint =
  | "radiogroup"
  | "checkbox"
  | "text"
  | "comment"
  | "rating"
  | "matrix"
  | "ranking"
  | "dropdown";

const BRACKET_HINT = /\*?\s*[[【]\s*([^\]】]{1,8}?)\s*[\]】]\s*\*?/g;
const HINT_WORDS: [RegExp, QuestionHint][] = [
  [/^矩阵(单选|量表|评分|多选)?题?$/, "matrix"],
  [/^(单选|判断)题?$/, "radiogroup"],
  [/^多选题?$/, "checkbox"],
  [/^(多行填空|简答|问答)题?$/, "comment"],
  [/^填空题?$/, "text"],
  [/^(评分|打分|量表|NPS量表)题?$/, "rating"],
  [/^排序题?$/, "ranking"],
  [/^下拉(框|题|选择)?$/, "dropdown"],
];

export interface TitleFacts {
  title: string;
  hint: QuestionHint | null;
  hintText: string | null;
  required: boolean;
  multipleGuess: string | null;
  maxSelected: number | null;
}

/** Strips bracket hints and required markers from a question line and reads what they say. */
export function readTitle(raw: string): TitleFacts {
  let hint: QuestionHint | null = null;
  let hintText: string | null = null;
  let required = false;
  let title = raw.replace(BRACKET_HINT, (whole, word: string) => {
    const known = HINT_WORDS.find(([p]) => p.test(word.trim()));
    if (!known) return whole;
    hint ??= known[1];
    hintText ??= whole.replace(/\*/g, "").trim();
    if (whole.includes("*")) required = true;
    return "";
  });
  if (/[（(]\s*(必填|必答|必选)\s*[)）]/.test(title)) {
    required = true;
    title = title.replace(/[（(]\s*(必填|必答|必选)\s*[)）]/g, "");
  }
  if (/\*\s*$/.test(title) || /^\s*\*/.test(title)) {
    required = true;
    title = title.replace(/^\s*\*+|\*+\s*$/g, "");
  }
  const multiple = /[（(]\s*((?:可|限|最多)?多选[^)）]{0,12}|限选\s*\d+\s*项|最多选?\s*\d+\s*项)\s*[)）]|可多选/.exec(title);
  const max = /(?:限选|最多选?|不超过)\s*(\d+)\s*项/.exec(title);
  return {
    title: title.replace(/\s{2,}/g, " ").trim(),
    hint,
    hintText,
    required,
    multipleGuess: multiple ? multiple[0] : null,
    maxSelected: max ? Number(max[1]) : null,
  };
}

export const BLANK = /_{2,}|[（(]\s*[)）]/g;

export function blankCount(text: string): number {
  return (text.match(BLANK) ?? []).length;
}

const UNIT = /^\s*(平方米|公里|千米|分钟|小时|平米|位|人|岁|元|次|个|天|米|年|月|周|户|间|辆|台|块|斤|层|趟)/;

/** The unit written right after a blank ("____位", "（  ）岁"), if any. */
export function unitAfter(text: string, blankEnd: number): string | null {
  const m = UNIT.exec(text.slice(blankEnd));
  return m ? m[1] : null;
}

export interface Blank {
  before: string;
  unit: string | null;
}

/** The text segments in front of each blank, with the unit written after it. */
export function blanksOf(text: string): Blank[] {
  const blanks: Blank[] = [];
  let last = 0;
  for (const m of text.matchAll(BLANK)) {
    const end = (m.index ?? 0) + m[0].length;
    const unit = unitAfter(text, end);
    blanks.push({ before: text.slice(last, m.index).trim(), unit });
    last = end + (unit ? text.slice(end).indexOf(unit) + unit.length : 0);
  }
  return blanks;
}

/** "1-5分", "1~5分", "0到10分" → { min, max }. */
export function scoreRange(text: string): { min: number; max: number } | null {
  const m = /(\d{1,2})\s*(?:-|~|～|—|–|至|到)\s*(\d{1,2})\s*分/.exec(text);
  if (!m) return null;
  const min = Number(m[1]);
  const max = Number(m[2]);
  return max > min && max - min <= 10 ? { min, max } : null;
}

const LETTER_LABEL = /(^|\s)([A-Za-z])\s*[.、:：)）]\s*/g;
const LETTER_SPACE = /(^|\s)([A-Z])\s+(?=\S)/g;

/**
 * Options written with letters, several on one line or one per line: "A.男 B.女", "A、男",
 * "A 男". Letters must run in order from `first` so that "I like it" is not an option.
 */
export function letteredOptions(text: string, first: number): { letters: number[]; texts: string[] } | null {
  for (const pattern of [LETTER_LABEL, LETTER_SPACE]) {
    const marks = [...text.matchAll(pattern)].map((m) => ({
      letter: m[2].toUpperCase().charCodeAt(0) - 65,
      at: (m.index ?? 0) + m[1].length,
      end: (m.index ?? 0) + m[0].length,
    }));
    const run: typeof marks = [];
    for (const mark of marks) {
      const expected = run.length ? run[run.length - 1].letter + 1 : first;
      if (mark.letter === expected) run.push(mark);
    }
    if (!run.length || run[0].at !== 0) continue;
    const texts = run.map((mark, i) => text.slice(mark.end, i + 1 < run.length ? run[i + 1].at : undefined).trim());
    if (texts.every((t) => t !== "")) return { letters: run.map((m) => m.letter), texts };
  }
  return null;
}

const BOX = /[□☐○◯〇◇▢❏❍]/;

/** "□男 □女" or "性别：□男 □女" → text before the first box and one option per box. */
export function boxedOptions(text: string): { before: string; texts: string[] } | null {
  const parts = text.split(BOX);
  if (parts.length < 2) return null;
  const texts = parts
    .slice(1)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return texts.length ? { before: parts[0].trim(), texts } : null;
}

export const SCALE_WORD = /满意|同意|重要|愿意|需要|符合|了解|清楚|经常|偶尔|从不|很少|总是|一般|较好|较差|很好|很差|非常|有时/;

/**
 * Items written on one line: split on tabs or wide gaps; single spaces only when asked and
 * every piece is short (a scale such as "非常满意 满意 一般 不满意").
 */
export function splitItems(text: string, allowSingleSpaces: boolean): string[] {
  const wide = text.split(/\t|\s{2,}/).map((s) => s.trim()).filter((s) => s !== "");
  if (wide.length > 1 || !allowSingleSpaces) return wide;
  const narrow = text.split(/\s+/).filter((s) => s !== "");
  return narrow.length > 1 && narrow.every((s) => s.length <= 6) ? narrow : wide;
}

export function isScaleLine(items: string[]): boolean {
  return items.length >= 2 && items.every((s) => s.length <= 10) && items.filter((s) => SCALE_WORD.test(s)).length * 2 >= items.length;
}

const OTHER = /^(其他|其它)/;
const OTHER_SPECIFY = /请注明|请说明|请填写|请写明|_{2,}|[（(]\s*[)）]|[:：]\s*$/;

/** "其他（请注明）____" → "其他（请注明）"; plain "其他" stays an ordinary option. */
export function otherOption(text: string): string | null {
  if (!OTHER.test(text) || !OTHER_SPECIFY.test(text)) return null;
  const cleaned = text.replace(BLANK, "").replace(/[:：\s]+$/, "").trim();
  return cleaned || "其他";
}

export const NOTE_LINE = /^(注|说明|提示|备注|填写说明)\s*[:：]/;
export const CLOSING_LINE = /问卷(到此|至此)?(结束|完毕)|感谢您|谢谢您|再次感谢|谢谢合作|谢谢参与|谢谢配合/;
