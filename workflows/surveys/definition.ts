// Client-safe side of survey definitions: the types the app passes around, the limits and the
// whitelist, and readQuestionSpecs, which turns a (validated) SurveyJS JSON into the flat
// question list the answer validator, the tallies and the results page work from.
// Validation and sanitising live in definition.server.ts (sanitize-html is server-only).
import "./properties";
import "survey-core/i18n/simplified-chinese";
import { Model, type ItemValue, type Question, type SurveyValidator } from "survey-core";
import type { Domain } from "../glossary";
import { isDomain, isMeasure, type Measure } from "./properties";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type SurveyJson = { [key: string]: JsonValue };

/** SurveyJS JSON that passed validateSurveyDefinition: normalised by survey-core and sanitised. */
export type SurveyDefinition = SurveyJson;

/**
 * Question types a survey may use. Each one has an exact server-side check and a tally.
 * Left out on purpose: matrix*, ranking, paneldynamic, multipletext (nested or ordered values
 * that would need their own checks and tallies), file/signaturepad/image* (uploads and URLs),
 * expression (computed in the browser, cannot be trusted), custom widgets.
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
  panel: "分组",
  html: "说明文字",
};

export const TEXT_INPUT_TYPES = ["text", "number", "tel", "email", "date"] as const;
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

export type AnswerKind = "single" | "multiple" | "rating" | "boolean" | "number" | "text" | "comment";
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

export type ValidatorSpec =
  | { type: "numeric"; min?: number; max?: number; message?: string }
  | { type: "text"; minLength?: number; maxLength?: number; allowDigits: boolean; message?: string }
  | { type: "answercount"; minCount?: number; maxCount?: number; message?: string }
  | { type: "expression"; expression: string; message?: string }
  | { type: "email"; message?: string };

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
  /** Options of single/multiple/rating/boolean questions, special items included. */
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
}

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

const KIND_BY_TYPE: Record<QuestionType, AnswerKind> = {
  text: "text",
  comment: "comment",
  radiogroup: "single",
  dropdown: "single",
  checkbox: "multiple",
  tagbox: "multiple",
  rating: "rating",
  boolean: "boolean",
};

function isQuestionType(type: unknown): type is QuestionType {
  return typeof type === "string" && (ALLOWED_QUESTION_TYPES as readonly string[]).includes(type);
}

function finiteNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function positive(value: unknown): number | undefined {
  const n = finiteNumber(value);
  return n !== undefined && n > 0 ? n : undefined;
}

function choiceValue(value: unknown): ChoiceValue {
  return typeof value === "number" || typeof value === "boolean" ? value : String(value);
}

function message(validator: SurveyValidator): string | undefined {
  return plainText(validator.text ?? "") || undefined;
}

function validatorSpec(validator: SurveyValidator): ValidatorSpec | null {
  const v = validator as unknown as Record<string, unknown>;
  switch (validator.getType()) {
    case "numericvalidator":
      return { type: "numeric", min: finiteNumber(v.minValue), max: finiteNumber(v.maxValue), message: message(validator) };
    case "textvalidator":
      return {
        type: "text",
        minLength: positive(v.minLength),
        maxLength: positive(v.maxLength),
        allowDigits: v.allowDigits !== false,
        message: message(validator),
      };
    case "answercountvalidator":
      return { type: "answercount", minCount: positive(v.minCount), maxCount: positive(v.maxCount), message: message(validator) };
    case "expressionvalidator":
      return typeof v.expression === "string" && v.expression
        ? { type: "expression", expression: v.expression, message: message(validator) }
        : null;
    case "emailvalidator":
      return { type: "email", message: message(validator) };
    default:
      return null;
  }
}

function specialChoices(q: Question, multiple: boolean): ChoiceSpec[] {
  const s = q as unknown as Record<string, unknown> & {
    otherItem: ItemValue;
    noneItem: ItemValue;
    refuseItem: ItemValue;
    dontKnowItem: ItemValue;
  };
  const out: ChoiceSpec[] = [];
  const add = (flag: string, item: ItemValue, text: unknown, special: SpecialChoice, exclusive: boolean) => {
    if (s[flag] === true) out.push({ value: choiceValue(item.value), label: plainText(String(text ?? "")), exclusive, special });
  };
  add("showNoneItem", s.noneItem, s.noneText, "none", multiple);
  add("showRefuseItem", s.refuseItem, s.refuseText, "refused", multiple);
  add("showDontKnowItem", s.dontKnowItem, s.dontKnowText, "dontknow", multiple);
  add("showOtherItem", s.otherItem, s.otherText, "other", false);
  return out;
}

function choicesOf(q: Question, kind: AnswerKind): ChoiceSpec[] {
  const s = q as unknown as Record<string, unknown>;
  if (kind === "single" || kind === "multiple") {
    const items = (s.choices as ItemValue[]) ?? [];
    const regular = items.map((item) => ({
      value: choiceValue(item.value),
      label: plainText(item.text ?? String(item.value)),
      visibleIf: item.visibleIf || undefined,
      exclusive: kind === "multiple" && (item as unknown as { isExclusive?: boolean }).isExclusive === true,
    }));
    return [...regular, ...specialChoices(q, kind === "multiple")];
  }
  if (kind === "rating") {
    const items = (s.visibleRateValues as ItemValue[]) ?? [];
    return items.map((item) => ({ value: choiceValue(item.value), label: plainText(item.text ?? String(item.value)), exclusive: false }));
  }
  if (kind === "boolean") {
    const b = q as unknown as { getValueTrue(): unknown; getValueFalse(): unknown; labelTrue: string; labelFalse: string };
    return [
      { value: choiceValue(b.getValueTrue()), label: plainText(b.labelTrue || "是"), exclusive: false },
      { value: choiceValue(b.getValueFalse()), label: plainText(b.labelFalse || "否"), exclusive: false },
    ];
  }
  return [];
}

function textLimit(own: unknown, inherited: unknown, cap: number): number {
  const o = finiteNumber(own) ?? -1;
  if (o > 0) return Math.min(o, cap);
  const i = finiteNumber(inherited) ?? 0;
  return o === -1 && i > 0 ? Math.min(i, cap) : cap;
}

/**
 * The answerable questions of a definition in document order. Static flags (visible, isRequired,
 * visibleIf) come from the JSON as written: a model runs its conditions and overwrites them.
 * Normalised values (choices, rate values, special items, defaults) come from survey-core.
 */
export function readQuestionSpecs(definition: SurveyJson): QuestionSpec[] {
  const model = designModel(definition);
  const locale = typeof definition.locale === "string" ? definition.locale : "zh-cn";
  model.locale = locale;
  const specs: QuestionSpec[] = [];

  const visit = (element: Record<string, unknown>, section: string, conditions: string[], hidden: boolean) => {
    const own = typeof element.visibleIf === "string" && element.visibleIf.trim() ? [element.visibleIf] : [];
    const here = [...conditions, ...own];
    const isHidden = hidden || element.visible === false;
    if (element.type === "panel") {
      for (const child of elementsOf(element)) visit(child, section, here, isHidden);
      return;
    }
    if (!isQuestionType(element.type) || typeof element.name !== "string") return;
    const q = model.getQuestionByName(element.name);
    if (!q) return;
    const s = q as unknown as Record<string, unknown>;
    const type = element.type;
    let kind = KIND_BY_TYPE[type];
    const inputType = type === "text" ? ((s.inputType as TextInputType) ?? "text") : undefined;
    if (inputType === "number") kind = "number";
    const step = finiteNumber(s.step);
    const domain = q.getPropertyValue("domain");
    const measure = q.getPropertyValue("measure");
    const maxLength =
      kind === "text"
        ? textLimit(s.maxLength, model.maxTextLength, SURVEY_LIMITS.maxTextLength)
        : kind === "comment"
          ? textLimit(s.maxLength, model.maxCommentLength, SURVEY_LIMITS.maxCommentLength)
          : 0;
    specs.push({
      name: element.name,
      type,
      kind,
      title: plainText(q.title || element.name),
      section,
      visibleIf: here,
      hidden: isHidden,
      required: element.isRequired === true,
      requiredIf: typeof element.requiredIf === "string" && element.requiredIf.trim() ? element.requiredIf : undefined,
      choices: choicesOf(q, kind),
      hasComment: s.showCommentArea === true || s.showOtherItem === true,
      inputType,
      min: kind === "number" ? finiteNumber(s.min) : undefined,
      max: kind === "number" ? finiteNumber(s.max) : undefined,
      integer: kind === "number" && step !== undefined && Number.isInteger(step) && step >= 1,
      maxLength,
      minSelected: kind === "multiple" ? positive(s.minSelectedChoices) : undefined,
      maxSelected: kind === "multiple" ? positive(s.maxSelectedChoices) : undefined,
      validators: ((s.validators as SurveyValidator[]) ?? []).map(validatorSpec).filter((v): v is ValidatorSpec => v !== null),
      domain: isDomain(domain) ? domain : undefined,
      measure: isMeasure(measure) ? measure : undefined,
    });
  };

  pagesOf(definition).forEach((page, i) => {
    const section = plainText(localText(page.title, locale)) || plainText(localText(page.name)) || `第 ${i + 1} 页`;
    const conditions = typeof page.visibleIf === "string" && page.visibleIf.trim() ? [page.visibleIf] : [];
    for (const element of elementsOf(page)) visit(element, section, conditions, page.visible === false);
  });
  model.dispose();
  return specs;
}

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
