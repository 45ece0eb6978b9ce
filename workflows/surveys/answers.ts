// Server-side check of one answer set against the published survey. Compile once per survey
// version (compileAnswerValidator or cachedAnswerValidator) and call the result per request:
// no SurveyModel is built per answer, conditions are pre-parsed and deduplicated.
import { analyseCondition, compileCondition, type CompiledCondition } from "./conditions";
import {
  COMMENT_SUFFIX,
  readQuestionSpecs,
  SURVEY_LIMITS,
  type ChoiceSpec,
  type ChoiceValue,
  type QuestionSpec,
  type SurveyJson,
  type ValidatorSpec,
} from "./definition";

/** Largest request body the HTTP layer should accept for one answer set. */
export const MAX_ANSWER_BYTES = 64 * 1024;
export const ANSWERS_TOO_LARGE_MESSAGE = "答卷内容过多，无法提交；请缩短文字后再试";

export type AnswerValue = ChoiceValue | ChoiceValue[];
/** Answers of visible questions only, values canonical (choice values as defined), texts trimmed. */
export type CleanAnswers = Readonly<Record<string, AnswerValue>>;
export interface AnswerError {
  /** Question name; "" for a problem with the whole payload. */
  question: string;
  message: string;
}
export type AnswerResult = { ok: true; data: CleanAnswers } | { ok: false; errors: AnswerError[] };

export interface ValidateOptions {
  /**
   * Paper forms are keyed in as the resident left them: a question left blank on paper stays
   * blank rather than being refused (everything else is still checked).
   */
  allowUnanswered?: boolean;
}

export interface AnswerValidator {
  (answers: unknown, options?: ValidateOptions): AnswerResult;
  readonly questions: readonly QuestionSpec[];
}

const MAX_ERRORS = 50;
const MAX_PASSES = 8;
const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const TEL = /^[0-9+\-() ]{3,30}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface CompiledChoice {
  value: ChoiceValue;
  exclusive: boolean;
  /** Index into the condition table, -1 when always shown. */
  condition: number;
}

/** A value that failed its shape check; the message is shown only if the question is visible. */
class Invalid {
  constructor(readonly message: string) {}
}
type Shape = AnswerValue | Invalid;

interface CompiledQuestion {
  spec: QuestionSpec;
  name: string;
  commentKey: string;
  visibility: number[];
  requiredIf: number;
  byValue: Map<ChoiceValue, CompiledChoice>;
  byText: Map<string, CompiledChoice>;
  hasChoiceConditions: boolean;
  otherValue: ChoiceValue | undefined;
  commentArea: boolean;
  /** Checked only once every question they refer to has an answer (no follow-on errors). */
  expressionValidators: { condition: number; message: string; needs: string[] }[];
  shape: (raw: unknown) => Shape;
}

function isEmpty(raw: unknown): boolean {
  return (
    raw === undefined ||
    raw === null ||
    (typeof raw === "string" && raw.trim() === "") ||
    (Array.isArray(raw) && raw.length === 0)
  );
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `应在 ${min} 到 ${max} 之间`;
  if (min !== undefined) return `不能小于 ${min}`;
  return `不能大于 ${max}`;
}

function numberShape(spec: QuestionSpec, title: string): (raw: unknown) => Shape {
  const { min, max, integer } = spec;
  const notNumber = new Invalid(`“${title}”应填写数字`);
  const notInteger = new Invalid(`“${title}”应填写整数`);
  const outOfRange = new Invalid(`“${title}”${range(min, max)}`);
  return (raw) => {
    const n = typeof raw === "number" ? raw : typeof raw === "string" && NUMERIC_TEXT.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(n)) return notNumber;
    if (integer && !Number.isInteger(n)) return notInteger;
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) return outOfRange;
    return n;
  };
}

function textShape(spec: QuestionSpec, title: string): (raw: unknown) => Shape {
  const limit = spec.maxLength;
  const format =
    spec.inputType === "email"
      ? { pattern: EMAIL, invalid: new Invalid(`“${title}”应填写有效的电子邮箱`) }
      : spec.inputType === "tel"
        ? { pattern: TEL, invalid: new Invalid(`“${title}”应填写有效的电话号码`) }
        : spec.inputType === "date"
          ? { pattern: ISO_DATE, invalid: new Invalid(`“${title}”应填写有效的日期`) }
          : null;
  const notText = new Invalid(`“${title}”应填写文字`);
  const tooLong = new Invalid(`“${title}”不能超过 ${limit} 个字`);
  return (raw) => {
    if (typeof raw !== "string") return notText;
    const text = raw.trim();
    if (text.length > limit) return tooLong;
    if (format && !format.pattern.test(text)) return format.invalid;
    if (format && spec.inputType === "date" && Number.isNaN(Date.parse(text))) return format.invalid;
    return text;
  };
}

function lookup(q: Pick<CompiledQuestion, "byValue" | "byText">, raw: unknown): CompiledChoice | undefined {
  if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return undefined;
  // SurveyJS compares loosely (2 and "2" are the same answer); we store the defined value.
  return q.byValue.get(raw) ?? q.byText.get(String(raw));
}

function compileQuestion(spec: QuestionSpec, conditionIndex: (expression: string) => number): CompiledQuestion {
  const title = spec.title;
  const byValue = new Map<ChoiceValue, CompiledChoice>();
  const byText = new Map<string, CompiledChoice>();
  let hasChoiceConditions = false;
  let otherValue: ChoiceValue | undefined;
  spec.choices.forEach((c: ChoiceSpec) => {
    const compiled: CompiledChoice = { value: c.value, exclusive: c.exclusive, condition: c.visibleIf ? conditionIndex(c.visibleIf) : -1 };
    if (compiled.condition >= 0) hasChoiceConditions = true;
    if (c.special === "other") otherValue = c.value;
    byValue.set(c.value, compiled);
    if (!byText.has(String(c.value))) byText.set(String(c.value), compiled);
  });
  const choiceTable = { byValue, byText };
  const invalid = new Invalid(`“${title}”的选项无效`);
  const repeated = new Invalid(`“${title}”的选项重复`);
  const notAlone = new Invalid(`“${title}”：“以上都不是”一类的选项不能和其他选项同时选`);
  let shape: (raw: unknown) => Shape;
  switch (spec.kind) {
    case "single":
    case "rating":
    case "boolean":
      shape = (raw) => {
        const c = lookup(choiceTable, raw);
        return c ? c.value : invalid;
      };
      break;
    case "multiple": {
      const most = spec.choices.length;
      shape = (raw) => {
        if (!Array.isArray(raw) || raw.length > most) return invalid;
        const out: ChoiceValue[] = [];
        let exclusive = false;
        for (const item of raw) {
          const c = lookup(choiceTable, item);
          if (!c) return invalid;
          if (out.includes(c.value)) return repeated;
          if (c.exclusive) exclusive = true;
          out.push(c.value);
        }
        if (exclusive && out.length > 1) return notAlone;
        return out;
      };
      break;
    }
    case "number":
      shape = numberShape(spec, title);
      break;
    case "text":
    case "comment":
      shape = textShape(spec, title);
      break;
  }
  return {
    spec,
    name: spec.name,
    commentKey: spec.name + COMMENT_SUFFIX,
    visibility: spec.visibleIf.map(conditionIndex),
    requiredIf: spec.requiredIf ? conditionIndex(spec.requiredIf) : -1,
    byValue,
    byText,
    hasChoiceConditions,
    otherValue,
    commentArea: spec.hasComment && otherValue === undefined,
    expressionValidators: spec.validators
      .filter((v): v is Extract<ValidatorSpec, { type: "expression" }> => v.type === "expression")
      .map((v) => {
        const analysis = analyseCondition(v.expression);
        return {
          condition: conditionIndex(v.expression),
          message: v.message ?? `“${title}”的回答不符合要求`,
          needs: analysis.ok ? analysis.variables : [],
        };
      }),
    shape,
  };
}

function addError(errors: AnswerError[], question: string, message: string): void {
  if (errors.length < MAX_ERRORS) errors.push({ question, message });
}

/** Condition i for the current values, evaluated at most once per pass (state: 0 unknown, 1 true, 2 false). */
function holds(conditions: CompiledCondition[], state: Uint8Array, values: Record<string, AnswerValue>, i: number): boolean {
  let s = state[i];
  if (s === 0) {
    s = conditions[i](values) ? 1 : 2;
    state[i] = s;
  }
  return s === 1;
}

/** Plain validators (numeric, text, answercount, email) on an answered, well-shaped value. */
function validatorError(spec: QuestionSpec, value: AnswerValue): string | null {
  for (const v of spec.validators) {
    switch (v.type) {
      case "numeric": {
        const n = typeof value === "number" ? value : typeof value === "string" && NUMERIC_TEXT.test(value) ? Number(value) : NaN;
        if (!Number.isFinite(n)) return v.message ?? `“${spec.title}”应填写数字`;
        if ((v.min !== undefined && n < v.min) || (v.max !== undefined && n > v.max)) {
          return v.message ?? `“${spec.title}”${range(v.min, v.max)}`;
        }
        break;
      }
      case "text": {
        if (typeof value !== "string") break;
        if (v.minLength !== undefined && value.length < v.minLength) return v.message ?? `“${spec.title}”至少 ${v.minLength} 个字`;
        if (v.maxLength !== undefined && value.length > v.maxLength) return v.message ?? `“${spec.title}”不能超过 ${v.maxLength} 个字`;
        if (!v.allowDigits && /\d/.test(value)) return v.message ?? `“${spec.title}”不能包含数字`;
        break;
      }
      case "answercount": {
        if (!Array.isArray(value)) break;
        if (v.minCount !== undefined && value.length < v.minCount) return v.message ?? `“${spec.title}”至少选 ${v.minCount} 项`;
        if (v.maxCount !== undefined && value.length > v.maxCount) return v.message ?? `“${spec.title}”最多选 ${v.maxCount} 项`;
        break;
      }
      case "email":
        if (typeof value === "string" && !EMAIL.test(value)) return v.message ?? `“${spec.title}”应填写有效的电子邮箱`;
        break;
      case "expression":
        break;
    }
  }
  return null;
}

export function compileAnswerValidator(source: SurveyJson | readonly QuestionSpec[]): AnswerValidator {
  const specs: readonly QuestionSpec[] = Array.isArray(source) ? source : readQuestionSpecs(source as SurveyJson);
  const conditions: CompiledCondition[] = [];
  const conditionIds = new Map<string, number>();
  const conditionIndex = (expression: string) => {
    let id = conditionIds.get(expression);
    if (id === undefined) {
      id = conditions.length;
      conditions.push(compileCondition(expression));
      conditionIds.set(expression, id);
    }
    return id;
  };
  const questions = specs.map((spec) => compileQuestion(spec, conditionIndex));
  const byKey = new Map<string, { index: number; comment: boolean }>();
  questions.forEach((q, index) => {
    byKey.set(q.name, { index, comment: false });
    if (q.spec.hasComment) byKey.set(q.commentKey, { index, comment: true });
  });
  const count = questions.length;
  const commentLimit = SURVEY_LIMITS.maxCommentLength;

  const validate = (answers: unknown, options: ValidateOptions = {}): AnswerResult => {
    if (!isPlainRecord(answers)) return { ok: false, errors: [{ question: "", message: "答卷格式不正确" }] };
    const errors: AnswerError[] = [];
    const keys = Object.keys(answers);
    if (keys.length > byKey.size + MAX_ERRORS) return { ok: false, errors: [{ question: "", message: "答卷包含过多未知内容" }] };

    // Plain objects stay fast; question names cannot shadow Object.prototype (see isStableQuestionName).
    const values: Record<string, AnswerValue> = {};
    const comments: Record<string, string> = {};
    const shapeErrors: (string | undefined)[] = new Array(count);
    for (const key of keys) {
      const entry = byKey.get(key);
      if (!entry) {
        addError(errors, key.slice(0, 64), `问卷中没有这个问题：“${key.slice(0, 64)}”`);
        continue;
      }
      const raw = answers[key];
      if (isEmpty(raw)) continue;
      const q = questions[entry.index];
      if (entry.comment) {
        if (typeof raw !== "string") shapeErrors[entry.index] ??= `“${q.spec.title}”的补充说明应为文字`;
        else if (raw.trim().length > commentLimit) shapeErrors[entry.index] ??= `“${q.spec.title}”的补充说明不能超过 ${commentLimit} 个字`;
        else comments[q.name] = raw.trim();
        continue;
      }
      const result = q.shape(raw);
      if (result instanceof Invalid) shapeErrors[entry.index] = result.message;
      else values[q.name] = result;
    }
    if (errors.length) return { ok: false, errors };

    // Visibility to a fixed point: dropping a hidden answer can hide further questions.
    const state = new Uint8Array(conditions.length);
    const visible = new Uint8Array(count);
    let settled = false;
    for (let pass = 0; pass < MAX_PASSES && !settled; pass++) {
      if (pass > 0) state.fill(0);
      let drops: number[] | null = null;
      let trims: [string, AnswerValue | undefined][] | null = null;
      for (let i = 0; i < count; i++) {
        const q = questions[i];
        let shown = !q.spec.hidden;
        for (let k = 0; shown && k < q.visibility.length; k++) shown = holds(conditions, state, values, q.visibility[k]);
        visible[i] = shown ? 1 : 0;
        const value = values[q.name];
        if (value === undefined) continue;
        if (!shown) (drops ??= []).push(i);
        else if (q.hasChoiceConditions) {
          if (Array.isArray(value)) {
            const kept = value.filter((v) => {
              const c = q.byValue.get(v)!;
              return c.condition < 0 || holds(conditions, state, values, c.condition);
            });
            if (kept.length !== value.length) (trims ??= []).push([q.name, kept.length ? kept : undefined]);
          } else {
            const c = q.byValue.get(value)!;
            if (c.condition >= 0 && !holds(conditions, state, values, c.condition)) (trims ??= []).push([q.name, undefined]);
          }
        }
      }
      if (!drops && !trims) {
        settled = true;
        break;
      }
      for (const i of drops ?? []) delete values[questions[i].name];
      for (const [name, value] of trims ?? []) {
        if (value === undefined) delete values[name];
        else values[name] = value;
      }
    }
    if (!settled) state.fill(0);
    const data: Record<string, AnswerValue> = {};
    for (let i = 0; i < count; i++) {
      if (!visible[i]) continue;
      const q = questions[i];
      const spec = q.spec;
      const shapeError = shapeErrors[i];
      if (shapeError) {
        addError(errors, q.name, shapeError);
        continue;
      }
      const value = values[q.name];
      const comment = comments[q.name];
      if (value === undefined) {
        if (!options.allowUnanswered && (spec.required || (q.requiredIf >= 0 && holds(conditions, state, values, q.requiredIf)))) {
          addError(errors, q.name, `请回答：${spec.title}`);
        } else if (q.commentArea && comment !== undefined) {
          data[q.commentKey] = comment;
        }
        continue;
      }
      if (Array.isArray(value)) {
        if (spec.minSelected !== undefined && value.length < spec.minSelected) {
          addError(errors, q.name, `“${spec.title}”至少选 ${spec.minSelected} 项`);
          continue;
        }
        if (spec.maxSelected !== undefined && value.length > spec.maxSelected) {
          addError(errors, q.name, `“${spec.title}”最多选 ${spec.maxSelected} 项`);
          continue;
        }
      }
      const invalid = spec.validators.length ? validatorError(spec, value) : null;
      if (invalid) {
        addError(errors, q.name, invalid);
        continue;
      }
      let failed: string | null = null;
      for (const v of q.expressionValidators) {
        if (v.needs.every((name) => values[name] !== undefined) && !holds(conditions, state, values, v.condition)) {
          failed = v.message;
          break;
        }
      }
      if (failed) {
        addError(errors, q.name, failed);
        continue;
      }
      data[q.name] = value;
      if (q.otherValue !== undefined) {
        const otherChosen = Array.isArray(value) ? value.includes(q.otherValue) : value === q.otherValue;
        if (otherChosen && comment === undefined) addError(errors, q.name, `请填写“${spec.title}”中“其他”的内容`);
        else if (otherChosen) data[q.commentKey] = comment;
      } else if (q.commentArea && comment !== undefined) {
        data[q.commentKey] = comment;
      }
    }
    return errors.length ? { ok: false, errors } : { ok: true, data };
  };
  return Object.assign(validate, { questions: specs });
}

const CACHE_SIZE = 64;
const cache = new Map<string, AnswerValidator>();

/**
 * The validator of a published survey version, compiled on first use. Published versions never
 * change, so key by survey id and version (e.g. `${surveyId}@${version}`).
 */
export function cachedAnswerValidator(key: string, load: () => SurveyJson): AnswerValidator {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const validator = compileAnswerValidator(load());
  cache.set(key, validator);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return validator;
}
