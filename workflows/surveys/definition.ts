// Client-safe side of survey definitions: the types the app passes around, the limits and the
// whitelist, and readQuestionSpecs, which turns a (validated) SurveyJS JSON into the flat
// question list the answer validator, the tallies and the results page work from.
// Validation and sanitising live in definition.server.ts (sanitize-html is server-only).
import "./properties";
import "survey-core/i18n/simplified-chinese";
import { Model } from "survey-core";
import type { Domain } from "../glossary";
import type { Measure } from "./properties";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type SurveyJson = { [key: string]: JsonValue };

/** SurveyJS JSON that passed validateSurveyDefinition: normalised by survey-core and sanitised. */
export type SurveyDefinition = SurveyJson;

/**
 * Question types a survey may use. Each one has an exact server-side check and a tally.
 * Left out on purpose: file/signaturepad/image* (uploads and URLs), custom widgets and types.
 * `expression` only displays a result: the server computes it again and never stores it.
 */
export const ALLOWED_QUESTION_TYPES = [
  "text",
  "comment",
  "radiogroup",
  "checkbox",
  "dropdown",
  "tagbox",
  "rating",
  "boolean",
  "matrix",
  "matrixdropdown",
  "matrixdynamic",
  "multipletext",
  "ranking",
  "paneldynamic",
  "expression",
] as const;
export type QuestionType = (typeof ALLOWED_QUESTION_TYPES)[number];

/** Layout and static content: no answer. */
export const ALLOWED_CONTENT_TYPES = ["panel", "html"] as const;
export type ContentType = (typeof ALLOWED_CONTENT_TYPES)[number];

export const ELEMENT_TYPE_LABELS: Record<QuestionType | ContentType, string> = {
  text: "填空",
  comment: "多行文字",
  radiogroup: "单选",
  checkbox: "多选",
  dropdown: "下拉单选",
  tagbox: "下拉多选",
  rating: "评分",
  boolean: "是/否",
  matrix: "矩阵单选（量表）",
  matrixdropdown: "矩阵表格",
  matrixdynamic: "可加行表格",
  multipletext: "多项填空",
  ranking: "排序",
  paneldynamic: "可重复分组",
  expression: "计算结果（只显示）",
  panel: "分组",
  html: "说明文字",
};

/** Cell types of a matrixdropdown / matrixdynamic column. */
export const CELL_TYPES = ["dropdown", "radiogroup", "checkbox", "tagbox", "text", "comment", "boolean", "rating", "expression"] as const;
export type CellType = (typeof CELL_TYPES)[number];

export const TEXT_INPUT_TYPES = ["text", "number", "tel", "email", "date", "time", "datetime-local", "month", "week", "url", "color", "range"] as const;
export type TextInputType = (typeof TEXT_INPUT_TYPES)[number];

export const SURVEY_LIMITS = {
  maxDefinitionBytes: 200 * 1024,
  maxQuestions: 300,
  maxElements: 400,
  maxChoices: 200,
  maxDepth: 24,
  /** Characters in a one-line text answer. */
  maxTextLength: 200,
  /** Characters in a comment answer or an "other"/comment area. */
  maxCommentLength: 2000,
  /** Rows of a matrixdynamic, panels of a paneldynamic. */
  maxDynamicCount: 50,
  /** Rows and columns of a matrix, items of a multipletext. */
  maxRows: 100,
  /** Characters of a regular expression in a regex validator. */
  maxRegexLength: 200,
  /** Raw characters accepted before parsing (indentation is not held against a file: the limit above is on compact JSON). */
  maxRawBytes: 2 * 1024 * 1024,
} as const;

/**
 * Stable, lower snake_case; "__" is reserved for derived tally keys (`meal_assist__demand`) and
 * "constructor" would shadow Object.prototype in answer objects.
 */
export const QUESTION_NAME_PATTERN = /^[a-z][a-z0-9_]{1,63}$/;
export function isStableQuestionName(name: unknown): boolean {
  return typeof name === "string" && QUESTION_NAME_PATTERN.test(name) && !name.includes("__") && name !== "constructor";
}

/** SurveyJS stores "other" text and comment areas under `<name>-Comment`. */
export const COMMENT_SUFFIX = "-Comment";

/** The template's 小区 dropdown: its choices are filled from the community's list at publish time. */
export const NEIGHBOURHOOD_QUESTION = "hh_neighbourhood";

export type AnswerKind =
  | "single"
  | "multiple"
  | "rating"
  | "boolean"
  | "number"
  | "text"
  | "comment"
  | "matrix"
  | "matrixdropdown"
  | "matrixdynamic"
  | "multipletext"
  | "ranking"
  | "paneldynamic"
  | "expression";
export type ChoiceValue = string | number | boolean;
export type SpecialChoice = "other" | "none" | "refused" | "dontknow";

export interface ChoiceSpec {
  value: ChoiceValue;
  label: string;
  visibleIf?: string;
  /** In a multiple choice: must be the only selection ("以上都不是"). */
  exclusive: boolean;
  special?: SpecialChoice;
}

/** A row of a matrix or matrixdropdown: its value is the key in the answer object. */
export interface RowSpec {
  value: string;
  label: string;
  visibleIf?: string;
}

export type ValidatorSpec =
  | { type: "numeric"; min?: number; max?: number; message?: string }
  | { type: "text"; minLength?: number; maxLength?: number; allowDigits: boolean; message?: string }
  | { type: "answercount"; minCount?: number; maxCount?: number; message?: string }
  | { type: "expression"; expression: string; message?: string }
  | { type: "email"; message?: string }
  | { type: "regex"; pattern: string; flags: string; message?: string };

export interface QuestionSpec {
  name: string;
  type: QuestionType;
  kind: AnswerKind;
  /** Plain text (tags stripped), for messages and the results page. */
  title: string;
  /** Plain-text title of the page it sits on. */
  section: string;
  /** Conditions of the page, panels and question; all must hold for it to be shown. */
  visibleIf: string[];
  /** `visible: false` on the question or a container: never shown, answers dropped. */
  hidden: boolean;
  required: boolean;
  requiredIf?: string;
  /** Options of single/multiple/rating/boolean/ranking questions (special items included); a matrix's columns. */
  choices: ChoiceSpec[];
  /** Whether `<name>-Comment` may carry text: an "other" item or a comment area. */
  hasComment: boolean;
  inputType?: TextInputType;
  min?: number;
  max?: number;
  integer: boolean;
  /** Effective character limit for text and comment answers (0 for other kinds). */
  maxLength: number;
  minSelected?: number;
  maxSelected?: number;
  validators: ValidatorSpec[];
  domain?: Domain;
  measure?: Measure;
  /** matrix and matrixdropdown: the rows, each a key of the answer object. */
  rows?: RowSpec[];
  /**
   * The questions inside the answer: a matrixdropdown's or matrixdynamic's columns (one answer
   * per row), a multipletext's items, a paneldynamic's template (one answer per panel).
   */
  parts?: QuestionSpec[];
  /** matrix: checkbox cells (a list per row). */
  multipleCells?: boolean;
  /** matrix: every shown row needs an answer / no two rows may have the same answer. */
  eachRowRequired?: boolean;
  eachRowUnique?: boolean;
  /** matrixdynamic rows / paneldynamic panels. */
  minCount?: number;
  maxCount?: number;
  /** ranking: only the items the resident picks are ranked. */
  selectToRank?: boolean;
  /** expression: the formula whose result is shown (computed again by the server, never stored). */
  expression?: string;
  /** A matrix column whose answers must differ from row to row. */
  unique?: boolean;
}

/** Calculated values and `expression` questions: computed from the answers, usable in conditions. */
export interface DerivedSpec {
  name: string;
  expression: string;
  /** A calculated value with includeIntoResult: kept with the answers (the server's own result). */
  store: boolean;
}

/** Kinds whose answer is an object or list of further answers. */
export const STRUCTURED_KINDS: ReadonlySet<AnswerKind> = new Set(["matrix", "matrixdropdown", "matrixdynamic", "multipletext", "paneldynamic"]);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Sanitised HTML → text for places that render plain text (messages, charts). */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>|<\/li>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === "#") {
        const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : "";
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A localisable JSON value (string or `{ default, "zh-cn", … }`) in one locale. */
export function localText(value: unknown, locale = "zh-cn"): string {
  if (typeof value === "string") return value;
  if (isPlainObject(value)) {
    for (const key of [locale, "default", "zh-cn"]) if (typeof value[key] === "string") return value[key] as string;
    const first = Object.values(value).find((v) => typeof v === "string");
    return typeof first === "string" ? first : "";
  }
  return "";
}

/** The elements of each page, whether the JSON uses `pages` or a single root `elements`. */
export function pagesOf(json: Record<string, unknown>): Record<string, unknown>[] {
  if (Array.isArray(json.pages)) return json.pages.filter(isPlainObject);
  const elements = json.elements ?? json.questions;
  return Array.isArray(elements) ? [{ name: "page1", elements }] : [];
}

export function elementsOf(container: Record<string, unknown>): Record<string, unknown>[] {
  const elements = container.elements ?? container.questions;
  return Array.isArray(elements) ? elements.filter(isPlainObject) : [];
}

/**
 * A model that does not run conditions: a running model hides questions whose visibleIf is
 * false for empty data and would then serialise them as `visible: false`.
 */
export function designModel(json: SurveyJson): Model {
  const model = new Model();
  model.setDesignMode(true);
  model.fromJSON(json);
  return model;
}

export { readQuestionSpecs, readSurveyPlan, type SurveyPlan } from "./question-specs";

export interface ChoiceInput {
  value: string | number;
  text: string;
}

/**
 * A copy of the definition with a question's choices replaced, e.g. the 小区 of the community
 * in `hh_neighbourhood` at publish time. Validate the result again before storing it.
 */
export function setQuestionChoices(definition: SurveyJson, name: string, choices: readonly ChoiceInput[]): SurveyJson {
  const copy = structuredClone(definition);
  let found = false;
  const visit = (element: Record<string, unknown>) => {
    if (element.name === name && element.type !== "panel") {
      element.choices = choices.map((c) => ({ value: c.value, text: c.text }));
      found = true;
    }
    for (const child of elementsOf(element)) visit(child);
  };
  for (const page of pagesOf(copy)) visit(page);
  if (!found) throw new Error(`question ${name} not found in the survey definition`);
  return copy;
}
