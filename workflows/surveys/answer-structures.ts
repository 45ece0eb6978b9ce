// The inside of structured answers, checked once the survey's visibility has settled:
// a matrix's rows, a matrixdropdown's rows × columns, a matrixdynamic's rows, a multipletext's
// items, a paneldynamic's panels, a ranking's order. Each inner part is a group of questions run
// by the validator's own engine (answers.ts) with the scope survey-core gives its conditions.
import { type AnswerRecord, type AnswerValue, isEmpty, isPlainRecord } from "./answer-shapes";
import type { AnswerError, Compiler, Group, RunEnv, ValidateOptions } from "./answers";
import type { ConditionValues } from "./conditions";
import type { ChoiceValue, QuestionSpec } from "./definition";

export const FAILED = Symbol("failed");

export interface FinishEnv {
  /** Condition values of the group the question sits in. */
  values: ConditionValues;
  options: ValidateOptions;
  errors: AnswerError[];
  report: string;
  prefix: string;
}

/** Cleans a structured answer; FAILED once its problems are reported; undefined when nothing is left. */
export type Finish = (value: AnswerValue, env: FinishEnv) => AnswerValue | undefined | typeof FAILED;

/** Kinds checked even when unanswered: required rows, cells and items are asked for like survey-core does. */
export const CHECKED_WHEN_EMPTY: ReadonlySet<string> = new Set(["matrix", "matrixdropdown", "multipletext"]);

function report(env: FinishEnv, message: string): typeof FAILED {
  if (env.errors.length < 50) env.errors.push({ question: env.report, message: env.prefix + message });
  return FAILED;
}

function runEnv(env: FinishEnv, prefix: string, scope: RunEnv["scope"]): RunEnv {
  return { options: env.options, errors: env.errors, scope, report: env.report, prefix };
}

function uniqueProblem(spec: QuestionSpec, rows: readonly AnswerRecord[]): string | null {
  for (const column of spec.parts ?? []) {
    if (!column.unique) continue;
    const seen = new Set<string>();
    for (const row of rows) {
      const value = row[column.name];
      if (value === undefined) continue;
      const key = JSON.stringify(value);
      if (seen.has(key)) return `“${spec.title}”中“${column.title}”一列的答案不能重复`;
      seen.add(key);
    }
  }
  return null;
}

function rowSpec(spec: QuestionSpec, row: { value: string; label: string; visibleIf?: string }): QuestionSpec {
  const multiple = spec.multipleCells === true;
  return {
    name: row.value,
    type: multiple ? "checkbox" : "radiogroup",
    kind: multiple ? "multiple" : "single",
    title: row.label,
    section: spec.section,
    visibleIf: row.visibleIf ? [row.visibleIf] : [],
    hidden: false,
    required: spec.eachRowRequired === true,
    choices: spec.choices,
    hasComment: false,
    integer: false,
    maxLength: 0,
    validators: [],
  };
}

function matrix(spec: QuestionSpec, compiler: Compiler): Finish {
  const group = compiler.group((spec.rows ?? []).map((row) => rowSpec(spec, row)));
  return (value, env) => {
    const before = env.errors.length;
    const data = compiler.run(group, value as AnswerRecord, runEnv(env, `${env.prefix}“${spec.title}”：`, () => env.values));
    if (!data || env.errors.length > before) return FAILED;
    if (spec.eachRowUnique) {
      const answers = Object.values(data).filter((v) => !Array.isArray(v)).map(String);
      if (new Set(answers).size !== answers.length) return report(env, `“${spec.title}”每一行的答案不能相同`);
    }
    return isEmpty(data) ? undefined : data;
  };
}

function grid(spec: QuestionSpec, compiler: Compiler): Finish {
  const cells = compiler.group(spec.parts ?? []);
  const rows = (spec.rows ?? []).map((row, i) => ({ ...row, index: i, condition: row.visibleIf ? compiler.conditionIndex(row.visibleIf) : -1 }));
  const known = new Set(rows.map((r) => r.value));
  return (value, env) => {
    const record = value as AnswerRecord;
    for (const key of Object.keys(record)) if (!known.has(key)) return report(env, `“${spec.title}”没有“${key.slice(0, 64)}”这一行`);
    const before = env.errors.length;
    const out: AnswerRecord = {};
    for (const row of rows) {
      if (row.condition >= 0 && !compiler.conditions[row.condition](env.values)) continue;
      const raw = record[row.value];
      if (raw !== undefined && raw !== null && !isPlainRecord(raw)) return report(env, `“${spec.title}”的回答格式不正确`);
      const data = compiler.run(
        cells,
        (raw ?? {}) as AnswerRecord,
        runEnv(env, `${env.prefix}“${spec.title}”第 ${row.index + 1} 行（${row.label}）：`, (own) => ({ ...env.values, row: own, rowName: row.value })),
      );
      if (data && !isEmpty(data)) out[row.value] = data;
    }
    if (env.errors.length > before) return FAILED;
    const problem = uniqueProblem(spec, Object.values(out) as AnswerRecord[]);
    if (problem) return report(env, problem);
    return isEmpty(out) ? undefined : out;
  };
}

/** matrixdynamic rows or paneldynamic panels: each one checked as a group of its own. */
function repeated(spec: QuestionSpec, compiler: Compiler, unit: "行" | "项", scopeName: "row" | "panel"): Finish {
  const group: Group = compiler.group(spec.parts ?? []);
  return (value, env) => {
    const list = value as (AnswerRecord | null)[];
    const before = env.errors.length;
    const out: AnswerRecord[] = [];
    list.forEach((raw, i) => {
      const data = compiler.run(
        group,
        raw ?? {},
        runEnv(env, `${env.prefix}“${spec.title}”第 ${i + 1} ${unit}：`, (own) =>
          scopeName === "row" ? { ...env.values, row: own, rowIndex: i + 1 } : { ...env.values, panel: own, panelIndex: i },
        ),
      );
      if (data && !isEmpty(data)) out.push(data);
    });
    if (env.errors.length > before) return FAILED;
    const problem = scopeName === "row" ? uniqueProblem(spec, out) : null;
    if (problem) return report(env, problem);
    return out.length ? out : undefined;
  };
}

function items(spec: QuestionSpec, compiler: Compiler): Finish {
  const group = compiler.group(spec.parts ?? []);
  return (value, env) => {
    const before = env.errors.length;
    const data = compiler.run(group, value as AnswerRecord, runEnv(env, `${env.prefix}“${spec.title}”：`, () => env.values));
    if (!data || env.errors.length > before) return FAILED;
    return isEmpty(data) ? undefined : data;
  };
}

/** survey-core keeps a ranking complete: items shown after ranking are appended in their order. */
function ranking(spec: QuestionSpec, compiler: Compiler): Finish | null {
  if (spec.selectToRank) return null;
  const choices = spec.choices.map((c) => ({ value: c.value, condition: c.visibleIf ? compiler.conditionIndex(c.visibleIf) : -1 }));
  return (value, env) => {
    const order = [...(value as ChoiceValue[])];
    for (const c of choices) {
      if (!order.includes(c.value) && (c.condition < 0 || compiler.conditions[c.condition](env.values))) order.push(c.value);
    }
    return order.length ? order : undefined;
  };
}

export function compileStructure(spec: QuestionSpec, compiler: Compiler): Finish | null {
  switch (spec.kind) {
    case "matrix":
      return matrix(spec, compiler);
    case "matrixdropdown":
      return grid(spec, compiler);
    case "matrixdynamic":
      return repeated(spec, compiler, "行", "row");
    case "paneldynamic":
      return repeated(spec, compiler, "项", "panel");
    case "multipletext":
      return items(spec, compiler);
    case "ranking":
      return ranking(spec, compiler);
    default:
      return null;
  }
}
