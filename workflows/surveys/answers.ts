// Server-side check of one answer set against the published survey. Compile once per survey
// version (compileAnswerValidator or cachedAnswerValidator) and call the result per request:
// no SurveyModel is built per answer, conditions are pre-parsed and deduplicated.
// Structured answers (a matrix's rows, a table's rows, a dynamic panel's panels, multipletext
// items) are groups of inner questions checked by the same engine (runGroup), in the scope
// survey-core gives their conditions ({row.x}, {panel.x}, {panelIndex}).
import { type AnswerRecord, type AnswerValue, Invalid, isEmpty, isPlainRecord, numberShape, type Shape, textShape, validatorError } from "./answer-shapes";
import { CHECKED_WHEN_EMPTY, compileStructure, FAILED, type Finish } from "./answer-structures";
import { analyseCondition, compileCondition, compileExpression, type CompiledCondition, type ConditionValues, valueAtPath } from "./conditions";
import {
  COMMENT_SUFFIX,
  readSurveyPlan,
  SURVEY_LIMITS,
  type ChoiceSpec,
  type ChoiceValue,
  type DerivedSpec,
  type QuestionSpec,
  type SurveyJson,
  type ValidatorSpec,
} from "./definition";
import type { SurveyPlan } from "./question-specs";

export type { AnswerRecord, AnswerValue } from "./answer-shapes";

/** Largest request body the HTTP layer should accept for one answer set. */
export const MAX_ANSWER_BYTES = 64 * 1024;
export const ANSWERS_TOO_LARGE_MESSAGE = "答卷内容过多，无法提交；请缩短文字后再试";

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

interface CompiledChoice {
  value: ChoiceValue;
  exclusive: boolean;
  /** Index into the condition table, -1 when always shown. */
  condition: number;
}

export interface CompiledQuestion {
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
  /** Structured answers: what depends on visibility inside the answer; cleans it. */
  finish: Finish | null;
}

/** Questions answered together in one object: the survey, a panel, a table row, a matrix's rows. */
export interface Group {
  questions: CompiledQuestion[];
  byKey: Map<string, { index: number; comment: boolean }>;
  /** Keys accepted and dropped: expression questions (computed here), `<table>-total`. */
  ignored: Set<string>;
  derived: { name: string; run: (values: ConditionValues) => unknown; store: boolean }[];
}

export interface RunEnv {
  options: ValidateOptions;
  errors: AnswerError[];
  /** Condition values from the group's own values: the survey's at the top, plus `panel`/`row` inside. */
  scope: ((own: Record<string, AnswerValue>) => ConditionValues) | null;
  /** Inside a structured answer: the survey question errors are reported under, and where in it. */
  report: string | null;
  prefix: string;
}

/** What structured answers need to compile and check their inner groups. */
export interface Compiler {
  conditions: CompiledCondition[];
  conditionIndex(expression: string): number;
  group(specs: readonly QuestionSpec[], derived?: readonly DerivedSpec[]): Group;
  run(group: Group, answers: Record<string, unknown>, env: RunEnv): AnswerRecord | null;
}

export function addError(errors: AnswerError[], question: string, message: string): void {
  if (errors.length < MAX_ERRORS) errors.push({ question, message });
}

function lookup(q: Pick<CompiledQuestion, "byValue" | "byText">, raw: unknown): CompiledChoice | undefined {
  if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return undefined;
  // SurveyJS compares loosely (2 and "2" are the same answer); we store the defined value.
  return q.byValue.get(raw) ?? q.byText.get(String(raw));
}

const CHOICE_KINDS = new Set(["single", "multiple", "rating", "boolean", "ranking"]);

function choiceListShape(q: Pick<CompiledQuestion, "byValue" | "byText">, spec: QuestionSpec, exclusiveRule: boolean): (raw: unknown) => Shape {
  const title = spec.title;
  const invalid = new Invalid(`“${title}”的选项无效`);
  const repeated = new Invalid(`“${title}”的选项重复`);
  const notAlone = new Invalid(`“${title}”：“以上都不是”一类的选项不能和其他选项同时选`);
  const most = spec.choices.length;
  return (raw) => {
    if (!Array.isArray(raw) || raw.length > most) return invalid;
    const out: ChoiceValue[] = [];
    let exclusive = false;
    for (const item of raw) {
      const c = lookup(q, item);
      if (!c) return invalid;
      if (out.includes(c.value)) return repeated;
      if (c.exclusive) exclusive = true;
      out.push(c.value);
    }
    if (exclusiveRule && exclusive && out.length > 1) return notAlone;
    return out;
  };
}

function containerShape(spec: QuestionSpec): (raw: unknown) => Shape {
  const title = spec.title;
  const malformed = new Invalid(`“${title}”的回答格式不正确`);
  if (spec.kind === "matrixdynamic" || spec.kind === "paneldynamic") {
    const most = spec.maxCount ?? SURVEY_LIMITS.maxDynamicCount;
    const tooMany = new Invalid(`“${title}”最多 ${most} ${spec.kind === "matrixdynamic" ? "行" : "项"}`);
    return (raw) => {
      if (!Array.isArray(raw) || !raw.every((item) => item === null || isPlainRecord(item))) return malformed;
      if (raw.length > most) return tooMany;
      return raw as AnswerRecord[];
    };
  }
  return (raw) => (isPlainRecord(raw) ? (raw as AnswerRecord) : malformed);
}

function compileQuestion(spec: QuestionSpec, compiler: Compiler): CompiledQuestion {
  const title = spec.title;
  const byValue = new Map<ChoiceValue, CompiledChoice>();
  const byText = new Map<string, CompiledChoice>();
  let hasChoiceConditions = false;
  let otherValue: ChoiceValue | undefined;
  const choiceKind = CHOICE_KINDS.has(spec.kind);
  if (choiceKind) {
    spec.choices.forEach((c: ChoiceSpec) => {
      const compiled: CompiledChoice = { value: c.value, exclusive: c.exclusive, condition: c.visibleIf ? compiler.conditionIndex(c.visibleIf) : -1 };
      if (compiled.condition >= 0) hasChoiceConditions = true;
      if (c.special === "other") otherValue = c.value;
      byValue.set(c.value, compiled);
      if (!byText.has(String(c.value))) byText.set(String(c.value), compiled);
    });
  }
  const choiceTable = { byValue, byText };
  const invalid = new Invalid(`“${title}”的选项无效`);
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
    case "multiple":
    case "ranking":
      shape = choiceListShape(choiceTable, spec, spec.kind === "multiple");
      break;
    case "number":
      shape = numberShape(spec, title);
      break;
    case "text":
    case "comment":
      shape = textShape(spec, title);
      break;
    default:
      shape = containerShape(spec);
  }
  return {
    spec,
    name: spec.name,
    commentKey: spec.name + COMMENT_SUFFIX,
    visibility: spec.visibleIf.map(compiler.conditionIndex),
    requiredIf: spec.requiredIf ? compiler.conditionIndex(spec.requiredIf) : -1,
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
          condition: compiler.conditionIndex(v.expression),
          message: v.message ?? `“${title}”的回答不符合要求`,
          needs: analysis.ok ? analysis.variables : [],
        };
      }),
    shape,
    finish: compileStructure(spec, compiler),
  };
}

/** Condition i for the current values, evaluated at most once per pass (state: 0 unknown, 1 true, 2 false). */
function holds(conditions: CompiledCondition[], state: Uint8Array, values: ConditionValues, i: number): boolean {
  let s = state[i];
  if (s === 0) {
    s = conditions[i](values) ? 1 : 2;
    state[i] = s;
  }
  return s === 1;
}

function answered(values: ConditionValues, name: string): boolean {
  if (Object.prototype.hasOwnProperty.call(values, name)) return values[name] !== undefined;
  return valueAtPath(values, name).found;
}

function storable(value: unknown): value is ChoiceValue {
  return typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

/**
 * Checks one group's answers: shapes, visibility to a fixed point (dropping a hidden answer can
 * hide further questions), required answers, validators, inner groups. Returns the clean
 * answers, or null when a key is unknown (reported).
 */
function runGroup(g: Group, conditions: CompiledCondition[], answers: Record<string, unknown>, env: RunEnv): AnswerRecord | null {
  const { errors, options, report, prefix } = env;
  const count = g.questions.length;
  // Plain objects stay fast; question names cannot shadow Object.prototype (see isStableQuestionName).
  const values: Record<string, AnswerValue> = {};
  const comments: Record<string, string> = {};
  const shapeErrors: (string | undefined)[] = new Array(count);
  let unknown = false;
  for (const key of Object.keys(answers)) {
    const entry = g.byKey.get(key);
    if (!entry) {
      if (g.ignored.has(key)) continue;
      const shown = key.slice(0, 64);
      addError(errors, report ?? shown, report ? `${prefix}没有“${shown}”这一项` : `问卷中没有这个问题：“${shown}”`);
      unknown = true;
      continue;
    }
    const raw = answers[key];
    if (isEmpty(raw)) continue;
    const q = g.questions[entry.index];
    if (entry.comment) {
      if (typeof raw !== "string") shapeErrors[entry.index] ??= `“${q.spec.title}”的补充说明应为文字`;
      else if (raw.trim().length > SURVEY_LIMITS.maxCommentLength) {
        shapeErrors[entry.index] ??= `“${q.spec.title}”的补充说明不能超过 ${SURVEY_LIMITS.maxCommentLength} 个字`;
      } else comments[q.name] = raw.trim();
      continue;
    }
    const result = q.shape(raw);
    if (result instanceof Invalid) shapeErrors[entry.index] = result.message;
    else values[q.name] = result;
  }
  if (unknown) return null;
  const scoped: ConditionValues = env.scope ? env.scope(values) : values;

  const state = new Uint8Array(conditions.length);
  const visible = new Uint8Array(count);
  let settled = false;
  for (let pass = 0; pass < MAX_PASSES && !settled; pass++) {
    if (pass > 0) state.fill(0);
    for (const d of g.derived) {
      const result = d.run(scoped);
      if (result === undefined || result === null) delete values[d.name];
      else values[d.name] = result as AnswerValue;
    }
    let drops: number[] | null = null;
    let trims: [string, AnswerValue | undefined][] | null = null;
    for (let i = 0; i < count; i++) {
      const q = g.questions[i];
      let shown = !q.spec.hidden;
      for (let k = 0; shown && k < q.visibility.length; k++) shown = holds(conditions, state, scoped, q.visibility[k]);
      visible[i] = shown ? 1 : 0;
      const value = values[q.name];
      if (value === undefined) continue;
      if (!shown) (drops ??= []).push(i);
      else if (q.hasChoiceConditions) {
        if (Array.isArray(value)) {
          const kept = (value as ChoiceValue[]).filter((v) => {
            const c = q.byValue.get(v)!;
            return c.condition < 0 || holds(conditions, state, scoped, c.condition);
          });
          // A ranking with only hidden items left is still a ranking: survey-core re-orders the shown ones.
          if (kept.length !== value.length) (trims ??= []).push([q.name, kept.length || q.spec.kind === "ranking" ? kept : undefined]);
        } else {
          const c = q.byValue.get(value as ChoiceValue)!;
          if (c.condition >= 0 && !holds(conditions, state, scoped, c.condition)) (trims ??= []).push([q.name, undefined]);
        }
      }
    }
    if (!drops && !trims) {
      settled = true;
      break;
    }
    for (const i of drops ?? []) delete values[g.questions[i].name];
    for (const [name, value] of trims ?? []) {
      if (value === undefined) delete values[name];
      else values[name] = value;
    }
  }
  if (!settled) state.fill(0);
  const data: AnswerRecord = {};
  for (let i = 0; i < count; i++) {
    if (!visible[i]) continue;
    const q = g.questions[i];
    const spec = q.spec;
    const reported = report ?? q.name;
    const shapeError = shapeErrors[i];
    if (shapeError) {
      addError(errors, reported, prefix + shapeError);
      continue;
    }
    let value: AnswerValue | undefined = values[q.name];
    if (q.finish && (value !== undefined || CHECKED_WHEN_EMPTY.has(spec.kind))) {
      const finished = q.finish(value ?? {}, { values: scoped, options, errors, report: reported, prefix });
      if (finished === FAILED) continue;
      value = finished;
    }
    const comment = comments[q.name];
    if (value === undefined) {
      if (!options.allowUnanswered && (spec.required || (q.requiredIf >= 0 && holds(conditions, state, scoped, q.requiredIf)))) {
        addError(errors, reported, `${prefix}请回答：${spec.title}`);
      } else if (q.commentArea && comment !== undefined) {
        data[q.commentKey] = comment;
      }
      continue;
    }
    if (Array.isArray(value) && (spec.kind === "multiple" || spec.kind === "ranking")) {
      if (spec.minSelected !== undefined && value.length < spec.minSelected) {
        addError(errors, reported, `${prefix}“${spec.title}”至少选 ${spec.minSelected} 项`);
        continue;
      }
      if (spec.maxSelected !== undefined && value.length > spec.maxSelected) {
        addError(errors, reported, `${prefix}“${spec.title}”最多选 ${spec.maxSelected} 项`);
        continue;
      }
    }
    const invalid = spec.validators.length ? validatorError(spec, value) : null;
    if (invalid) {
      addError(errors, reported, prefix + invalid);
      continue;
    }
    let failed: string | null = null;
    for (const v of q.expressionValidators) {
      if (v.needs.every((name) => answered(scoped, name)) && !holds(conditions, state, scoped, v.condition)) {
        failed = v.message;
        break;
      }
    }
    if (failed) {
      addError(errors, reported, prefix + failed);
      continue;
    }
    data[q.name] = value;
    if (q.otherValue !== undefined) {
      const otherChosen = Array.isArray(value) ? (value as ChoiceValue[]).includes(q.otherValue) : value === q.otherValue;
      if (otherChosen && comment === undefined) addError(errors, reported, `${prefix}请填写“${spec.title}”中“其他”的内容`);
      else if (otherChosen) data[q.commentKey] = comment;
    } else if (q.commentArea && comment !== undefined) {
      data[q.commentKey] = comment;
    }
  }
  for (const d of g.derived) {
    const value = values[d.name];
    if (d.store && storable(value)) data[d.name] = value;
  }
  return data;
}

function createCompiler(): Compiler {
  const conditions: CompiledCondition[] = [];
  const conditionIds = new Map<string, number>();
  const compiler: Compiler = {
    conditions,
    conditionIndex: (expression) => {
      let id = conditionIds.get(expression);
      if (id === undefined) {
        id = conditions.length;
        conditions.push(compileCondition(expression));
        conditionIds.set(expression, id);
      }
      return id;
    },
    group: (specs, derived = []) => {
      const questions: CompiledQuestion[] = [];
      const ignored = new Set<string>();
      const runs: Group["derived"] = derived.map((d) => ({ name: d.name, run: compileExpression(d.expression), store: d.store }));
      for (const spec of specs) {
        if (spec.kind === "expression") {
          ignored.add(spec.name);
          if (spec.expression && !derived.some((d) => d.name === spec.name)) runs.push({ name: spec.name, run: compileExpression(spec.expression), store: false });
          continue;
        }
        questions.push(compileQuestion(spec, compiler));
        if (spec.kind === "matrixdropdown" || spec.kind === "matrixdynamic") ignored.add(`${spec.name}-total`);
      }
      for (const d of derived) ignored.add(d.name);
      const byKey = new Map<string, { index: number; comment: boolean }>();
      questions.forEach((q, index) => {
        byKey.set(q.name, { index, comment: false });
        if (q.spec.hasComment) byKey.set(q.commentKey, { index, comment: true });
      });
      return { questions, byKey, ignored, derived: runs };
    },
    run: (group, answers, env) => runGroup(group, conditions, answers, env),
  };
  return compiler;
}

function isPlan(source: unknown): source is SurveyPlan {
  return isPlainRecord(source) && Array.isArray(source.questions) && Array.isArray(source.derived);
}

export function compileAnswerValidator(source: SurveyJson | SurveyPlan | readonly QuestionSpec[]): AnswerValidator {
  const plan: SurveyPlan = Array.isArray(source)
    ? { questions: [...(source as readonly QuestionSpec[])], derived: [] }
    : isPlan(source)
      ? source
      : readSurveyPlan(source as SurveyJson);
  const specs = plan.questions;
  const compiler = createCompiler();
  const root = compiler.group(specs, plan.derived);
  const known = root.byKey.size + root.ignored.size;

  const validate = (answers: unknown, options: ValidateOptions = {}): AnswerResult => {
    if (!isPlainRecord(answers)) return { ok: false, errors: [{ question: "", message: "答卷格式不正确" }] };
    if (Object.keys(answers).length > known + MAX_ERRORS) return { ok: false, errors: [{ question: "", message: "答卷包含过多未知内容" }] };
    const errors: AnswerError[] = [];
    const data = runGroup(root, compiler.conditions, answers, { options, errors, scope: null, report: null, prefix: "" });
    return errors.length || !data ? { ok: false, errors } : { ok: true, data };
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
