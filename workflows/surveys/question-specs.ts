// readQuestionSpecs: a (validated) SurveyJS JSON → the flat list of answerable questions the
// answer validator, the tallies, the results page and the exports work from. Structured types
// (matrices, multipletext, paneldynamic) carry their inner questions as `parts`, read the same way.
import type { ItemValue, Model, Question, SurveyValidator } from "survey-core";
import {
  designModel,
  elementsOf,
  isPlainObject,
  localText,
  pagesOf,
  plainText,
  SURVEY_LIMITS,
  type AnswerKind,
  type ChoiceSpec,
  type ChoiceValue,
  type DerivedSpec,
  type QuestionSpec,
  type QuestionType,
  type RowSpec,
  type SpecialChoice,
  type SurveyJson,
  type TextInputType,
  type ValidatorSpec,
  ALLOWED_QUESTION_TYPES,
} from "./definition";
import { isDomain, isMeasure } from "./properties";

const KIND_BY_TYPE: Record<QuestionType, AnswerKind> = {
  text: "text",
  comment: "comment",
  radiogroup: "single",
  dropdown: "single",
  checkbox: "multiple",
  tagbox: "multiple",
  rating: "rating",
  boolean: "boolean",
  matrix: "matrix",
  matrixdropdown: "matrixdropdown",
  matrixdynamic: "matrixdynamic",
  multipletext: "multipletext",
  ranking: "ranking",
  paneldynamic: "paneldynamic",
  expression: "expression",
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
  // Warnings and notes do not stop a resident from going on.
  if (typeof v.notificationType === "string" && v.notificationType !== "error") return null;
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
    case "regexvalidator":
      return typeof v.regex === "string" && v.regex
        ? { type: "regex", pattern: v.regex, flags: v.caseInsensitive === true ? "i" : "", message: message(validator) }
        : null;
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

function itemChoices(items: readonly ItemValue[], multiple: boolean): ChoiceSpec[] {
  return items.map((item) => ({
    value: choiceValue(item.value),
    label: plainText(item.text ?? String(item.value)),
    visibleIf: item.visibleIf || undefined,
    exclusive: multiple && (item as unknown as { isExclusive?: boolean }).isExclusive === true,
  }));
}

function choicesOf(q: Question, kind: AnswerKind, fallback: readonly ItemValue[] | null): ChoiceSpec[] {
  const s = q as unknown as Record<string, unknown>;
  if (kind === "single" || kind === "multiple" || kind === "ranking") {
    const own = (s.choices as ItemValue[]) ?? [];
    const items = own.length === 0 && fallback ? fallback : own;
    return [...itemChoices(items, kind === "multiple"), ...(kind === "ranking" ? [] : specialChoices(q, kind === "multiple"))];
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
  if (kind === "matrix") return itemChoices((s.columns as ItemValue[]) ?? [], s.cellType === "checkbox");
  return [];
}

function textLimit(own: unknown, inherited: unknown, cap: number): number {
  const o = finiteNumber(own) ?? -1;
  if (o > 0) return Math.min(o, cap);
  const i = finiteNumber(inherited) ?? 0;
  return o === -1 && i > 0 ? Math.min(i, cap) : cap;
}

function objectsIn(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

function condition(json: Record<string, unknown>, key: string): string | undefined {
  const value = json[key];
  return typeof value === "string" && value.trim() ? value : undefined;
}

function rowsOf(q: Question): RowSpec[] {
  const rows = ((q as unknown as { rows?: ItemValue[] }).rows ?? []) as ItemValue[];
  return rows.map((row) => ({ value: String(row.value), label: plainText(row.text ?? String(row.value)), ...(row.visibleIf ? { visibleIf: row.visibleIf } : {}) }));
}

interface Where {
  section: string;
  conditions: string[];
  hidden: boolean;
}

class SpecReader {
  constructor(private readonly model: Model) {}

  /** One question from its survey-core object (normalised values) and its JSON (static flags). */
  spec(q: Question, json: Record<string, unknown>, type: QuestionType, where: Where, fallbackChoices: readonly ItemValue[] | null = null): QuestionSpec {
    const s = q as unknown as Record<string, unknown>;
    let kind = KIND_BY_TYPE[type];
    const inputType = type === "text" ? ((s.inputType as TextInputType) ?? "text") : undefined;
    if (inputType === "number" || inputType === "range") kind = "number";
    const step = finiteNumber(s.step);
    const domain = q.getPropertyValue("domain");
    const measure = q.getPropertyValue("measure");
    const maxLength =
      kind === "text"
        ? textLimit(s.maxLength, this.model.maxTextLength, SURVEY_LIMITS.maxTextLength)
        : kind === "comment"
          ? textLimit(s.maxLength, this.model.maxCommentLength, SURVEY_LIMITS.maxCommentLength)
          : 0;
    const own = condition(json, "visibleIf");
    const spec: QuestionSpec = {
      name: String(json.name ?? q.name),
      type,
      kind,
      title: plainText(q.title || String(json.name ?? q.name)),
      section: where.section,
      visibleIf: own ? [...where.conditions, own] : where.conditions,
      hidden: where.hidden || json.visible === false,
      required: json.isRequired === true,
      requiredIf: condition(json, "requiredIf"),
      choices: choicesOf(q, kind, fallbackChoices),
      hasComment: s.showCommentArea === true || s.showOtherItem === true,
      inputType,
      min: kind === "number" ? finiteNumber(s.min) : undefined,
      max: kind === "number" ? finiteNumber(s.max) : undefined,
      integer: kind === "number" && step !== undefined && Number.isInteger(step) && step >= 1,
      maxLength,
      minSelected: kind === "multiple" || kind === "ranking" ? positive(s.minSelectedChoices) : undefined,
      maxSelected: kind === "multiple" || kind === "ranking" ? positive(s.maxSelectedChoices) : undefined,
      validators: ((s.validators as SurveyValidator[]) ?? []).map(validatorSpec).filter((v): v is ValidatorSpec => v !== null),
      domain: isDomain(domain) ? domain : undefined,
      measure: isMeasure(measure) ? measure : undefined,
    };
    if (spec.requiredIf === undefined) delete spec.requiredIf;
    this.structure(spec, q, json);
    return spec;
  }

  private structure(spec: QuestionSpec, q: Question, json: Record<string, unknown>): void {
    const s = q as unknown as Record<string, unknown>;
    const inner: Where = { section: spec.section, conditions: [], hidden: false };
    switch (spec.kind) {
      case "matrix":
        spec.rows = rowsOf(q);
        spec.multipleCells = s.cellType === "checkbox";
        spec.eachRowRequired = s.eachRowRequired === true;
        spec.eachRowUnique = s.eachRowUnique === true;
        break;
      case "matrixdropdown":
      case "matrixdynamic": {
        if (spec.kind === "matrixdropdown") spec.rows = rowsOf(q);
        else Object.assign(spec, this.counts(s, "RowCount"));
        const columns = (s.columns as { name: string; cellType: string; templateQuestion: Question; isUnique?: boolean }[]) ?? [];
        const jsonColumns = objectsIn(json.columns);
        const matrixChoices = (s.choices as ItemValue[]) ?? [];
        spec.parts = columns.flatMap((column) => {
          const template = column.templateQuestion;
          const type = template.getType();
          if (!isQuestionType(type)) return [];
          const columnJson = jsonColumns.find((c) => c.name === column.name) ?? { name: column.name };
          const part = this.spec(template, { ...columnJson, name: column.name }, type, inner, matrixChoices);
          if (column.isUnique === true) part.unique = true;
          return [part];
        });
        break;
      }
      case "multipletext": {
        const items = (s.items as { name: string; editor: Question }[]) ?? [];
        const jsonItems = objectsIn(json.items);
        spec.parts = items.map((item) => {
          const itemJson = jsonItems.find((i) => i.name === item.name) ?? { name: item.name };
          const part = this.spec(item.editor, { ...itemJson, name: item.name }, "text", inner);
          part.title = plainText(localText(itemJson.title)) || item.name;
          part.validators = ((item as unknown as { validators?: SurveyValidator[] }).validators ?? [])
            .map(validatorSpec)
            .filter((v): v is ValidatorSpec => v !== null);
          return part;
        });
        break;
      }
      case "paneldynamic": {
        Object.assign(spec, this.counts(s, "PanelCount"));
        const template = s.template as { getQuestionByName(name: string): Question | null };
        const out: QuestionSpec[] = [];
        const elements = objectsIn(json.templateElements);
        for (const element of elements) this.visit(element, inner, out, (name) => template.getQuestionByName(name));
        spec.parts = out;
        break;
      }
      case "ranking":
        spec.selectToRank = s.selectToRankEnabled === true;
        break;
      case "expression":
        spec.expression = typeof s.expression === "string" ? s.expression : "";
        break;
      default:
        break;
    }
  }

  private counts(s: Record<string, unknown>, suffix: "RowCount" | "PanelCount"): Pick<QuestionSpec, "minCount" | "maxCount"> {
    const min = finiteNumber(s[`min${suffix}`]) ?? 0;
    const max = Math.min(finiteNumber(s[`max${suffix}`]) ?? SURVEY_LIMITS.maxDynamicCount, SURVEY_LIMITS.maxDynamicCount);
    return { minCount: min > 0 ? min : undefined, maxCount: max };
  }

  /** Questions of an element in document order (panels opened), pushed onto `out`. */
  visit(element: Record<string, unknown>, where: Where, out: QuestionSpec[], find: (name: string) => Question | null): void {
    const own = condition(element, "visibleIf");
    const here: Where = {
      section: where.section,
      conditions: own ? [...where.conditions, own] : where.conditions,
      hidden: where.hidden || element.visible === false,
    };
    if (element.type === "panel") {
      for (const child of elementsOf(element)) this.visit(child, here, out, find);
      return;
    }
    if (!isQuestionType(element.type) || typeof element.name !== "string") return;
    const q = find(element.name);
    if (!q) return;
    out.push(this.spec(q, element, element.type, where));
  }
}

/** Pages after a complete trigger's page (or skipped by a skip trigger) are not shown once it fires. */
function triggerConditions(definition: SurveyJson, pageOfQuestion: Map<string, number>, pageCount: number): string[][] {
  const extra: string[][] = Array.from({ length: pageCount }, () => []);
  const triggers = objectsIn(definition.triggers);
  for (const t of triggers) {
    const expression = typeof t.expression === "string" ? t.expression.trim() : "";
    if (!expression || (t.type !== "complete" && t.type !== "skip")) continue;
    const names = [...expression.matchAll(/\{\s*([^}.[\s]+)/g)].map((m) => m[1].toLowerCase());
    const from = Math.max(-1, ...names.map((n) => pageOfQuestion.get(n) ?? -1));
    const to = t.type === "complete" ? pageCount : (pageOfQuestion.get(String(t.gotoName ?? "").toLowerCase()) ?? -1);
    for (let p = from + 1; p < to; p++) extra[p].push(`!(${expression})`);
  }
  return extra;
}

export interface SurveyPlan {
  questions: QuestionSpec[];
  derived: DerivedSpec[];
}

/**
 * The answerable questions of a definition in document order, and the values computed from
 * them. Static flags (visible, isRequired, visibleIf) come from the JSON as written: a model
 * runs its conditions and overwrites them. Normalised values (choices, rate values, special
 * items, defaults) come from survey-core.
 */
export function readSurveyPlan(definition: SurveyJson): SurveyPlan {
  const model = designModel(definition);
  const locale = typeof definition.locale === "string" ? definition.locale : "zh-cn";
  model.locale = locale;
  const reader = new SpecReader(model);
  const pages = pagesOf(definition);
  const pageOfQuestion = new Map<string, number>();
  pages.forEach((page, i) => {
    const mark = (element: Record<string, unknown>) => {
      if (typeof element.name === "string") pageOfQuestion.set(element.name.toLowerCase(), i);
      for (const child of elementsOf(element)) mark(child);
    };
    for (const element of elementsOf(page)) mark(element);
  });
  const triggered = triggerConditions(definition, pageOfQuestion, pages.length);
  const questions: QuestionSpec[] = [];
  pages.forEach((page, i) => {
    const section = plainText(localText(page.title, locale)) || plainText(localText(page.name)) || `第 ${i + 1} 页`;
    const own = condition(page, "visibleIf");
    const conditions = [...(own ? [own] : []), ...triggered[i]];
    for (const element of elementsOf(page)) {
      reader.visit(element, { section, conditions, hidden: page.visible === false }, questions, (name) => model.getQuestionByName(name));
    }
  });
  model.dispose();
  const derived: DerivedSpec[] = [];
  for (const c of objectsIn(definition.calculatedValues)) {
    if (typeof c.name === "string" && typeof c.expression === "string" && c.expression.trim()) {
      derived.push({ name: c.name, expression: c.expression, store: c.includeIntoResult === true });
    }
  }
  for (const q of questions) if (q.kind === "expression" && q.expression) derived.push({ name: q.name, expression: q.expression, store: false });
  return { questions, derived };
}

export function readQuestionSpecs(definition: SurveyJson): QuestionSpec[] {
  return readSurveyPlan(definition).questions;
}
