// visibleIf / requiredIf / expression validators, compiled once per published survey.
// survey-core parses the expression and its operands evaluate it with SurveyJS's own operator
// semantics (loose equality, anyof, contains, empty …), so the server agrees with the browser.
// We only replace the per-call value lookup: ConditionRunner.runValues builds a getter context
// and parses the variable path on every call (≈0.9 µs); feeding the operands a flat lookup
// costs a fraction of that, which keeps one answer-set check in the tens of microseconds.
import { ConditionsParser, Helpers, type Operand, type ProcessValue } from "survey-core";

export type ConditionValues = Readonly<Record<string, unknown>>;
export type CompiledCondition = (values: ConditionValues) => boolean;

/** Functions that only compute from their arguments (no survey, no network, no async). */
export const SAFE_CONDITION_FUNCTIONS: readonly string[] = [
  "iif",
  "sum",
  "min",
  "max",
  "count",
  "avg",
  "round",
  "trunc",
  "getDate",
  "age",
  "dateDiff",
  "dateAdd",
  "diffDays",
  "currentDate",
  "today",
  "getYear",
  "currentYear",
  "year",
  "month",
  "day",
  "weekday",
  "substring",
  "sumInArray",
  "minInArray",
  "maxInArray",
  "countInArray",
  "avgInArray",
];

export type ConditionAnalysis =
  | { ok: true; variables: string[]; functions: string[] }
  | { ok: false };

function parse(expression: string): Operand | null {
  try {
    return new ConditionsParser().parseExpression(expression) ?? null;
  } catch {
    return null;
  }
}

export function analyseCondition(expression: string): ConditionAnalysis {
  const operand = parse(expression);
  if (!operand) return { ok: false };
  const variables: string[] = [];
  operand.setVariables(variables);
  const list: Operand[] = [];
  operand.addOperandsToList(list);
  const functions = list
    .filter((op) => op.getType() === "function")
    .map((op) => (op as unknown as { functionName: string }).functionName);
  return { ok: true, variables: [...new Set(variables)], functions: [...new Set(functions)] };
}

interface ValueInfo {
  name: string;
  value?: unknown;
  hasValue?: boolean;
}

const NOT_FOUND = Symbol("not found");

/** A key of an answer object as survey-core reads it: case-insensitively, `length` of lists and texts. */
function keyOf(value: unknown, name: string): unknown {
  if (value === null || value === undefined || !name) return NOT_FOUND;
  if (name === "length" && (Array.isArray(value) || typeof value === "string")) return value.length;
  if (typeof value !== "object") return NOT_FOUND;
  const lower = name.toLowerCase();
  for (const key in value) {
    if (key.toLowerCase() === lower) {
      const found = (value as Record<string, unknown>)[key];
      return found === undefined ? NOT_FOUND : found;
    }
  }
  return NOT_FOUND;
}

interface PathItem {
  name: string;
  index?: number;
}

function pathItem(part: string): PathItem {
  const open = part.lastIndexOf("[");
  if (part.endsWith("]") && open > -1) {
    const index = Helpers.getNumber(part.slice(open + 1, -1));
    if (!Number.isNaN(index)) return { name: part.slice(0, open), index };
  }
  return { name: part };
}

/**
 * `{matrix.row}`, `{panel[0].age}`, `{list.length}`: the walk survey-core's VariableGetterContext
 * does (the longest dotted key first, an index after a segment, negative indexes from the end).
 */
export function valueAtPath(values: ConditionValues, name: string): { found: boolean; value: unknown } {
  const path = name.split(".").map(pathItem);
  let current: unknown = values;
  let at = 0;
  while (at < path.length) {
    let end = at;
    while (end < path.length - 1 && path[end].index === undefined) end++;
    let found: unknown = NOT_FOUND;
    let stop = end;
    for (; stop >= at; stop--) {
      found = keyOf(current, path.slice(at, stop + 1).map((p) => p.name).join("."));
      if (found !== NOT_FOUND) break;
    }
    if (found === NOT_FOUND) break;
    current = found;
    const index = path[stop].index;
    at = stop + 1;
    if (index !== undefined) {
      if (!Array.isArray(current)) {
        found = NOT_FOUND;
        break;
      }
      const i = index < 0 ? current.length + index : index;
      if (i < 0 || i >= current.length) {
        found = NOT_FOUND;
        break;
      }
      current = current[i];
    }
    if (at >= path.length) return { found: true, value: current };
  }
  return name.endsWith(".length") ? { found: true, value: 0 } : { found: false, value: undefined };
}

const SIMPLE_NAME = /^[a-z0-9_]+$/;

/** A variable's value: answer keys are lower snake_case, so a plain lower-case name is one own-property read. */
function lookup(values: ConditionValues, name: string): { found: boolean; value: unknown } {
  if (Object.prototype.hasOwnProperty.call(values, name)) return { found: true, value: values[name] };
  if (SIMPLE_NAME.test(name)) return { found: false, value: undefined };
  return valueAtPath(values, name);
}

/** The part of ProcessValue the operands use; `values` is swapped in for each evaluation. */
class FlatProcessValue {
  values: ConditionValues = {};
  properties = {};
  asyncValues = {};
  context = null;
  getValueInfo(info: ValueInfo): void {
    const { found, value } = lookup(this.values, info.name);
    info.value = value;
    info.hasValue = found;
  }
}

const processValue = new FlatProcessValue();

const MISSING = Symbol("missing");
const UNKEYABLE = Symbol("unkeyable");
type MemoKey = string | number | boolean | null | undefined | typeof MISSING;

/** A variable's value as a memo key: the value itself when it is a primitive. */
function memoKey(values: ConditionValues, name: string): MemoKey | typeof UNKEYABLE {
  const { found, value } = lookup(values, name);
  if (!found) return MISSING;
  // Answers come from JSON: anything but an array or object is a primitive.
  return typeof value === "object" && value !== null ? UNKEYABLE : (value as MemoKey);
}

/** Distinct inputs remembered per condition; enough for choice and small-number answers. */
const MEMO_LIMIT = 256;

/**
 * The value of an expression (an `expression` question, a calculated value) for the given
 * answers; throws on a syntax error. Functions must be from SAFE_CONDITION_FUNCTIONS.
 */
export function compileExpression(expression: string): (values: ConditionValues) => unknown {
  const operand = parse(expression);
  if (!operand) throw new Error(`invalid condition: ${expression}`);
  const pv = processValue as unknown as ProcessValue;
  return (values) => {
    processValue.values = values;
    try {
      return operand.evaluate(pv);
    } finally {
      processValue.values = {};
    }
  };
}

/**
 * Compiles a condition; throws on a syntax error (validate definitions with analyseCondition
 * first). Evaluation is synchronous and not re-entrant, which is all the validator needs.
 * A condition without function calls depends only on its variables' values, so its result is
 * remembered per combination of primitive values (one Map level per variable): answers repeat
 * the same few choices, and a lookup costs a fraction of walking survey-core's operand tree.
 */
export function compileCondition(expression: string): CompiledCondition {
  const run = compileExpression(expression);
  const evaluate = (values: ConditionValues): boolean => run(values) == true;
  const analysis = analyseCondition(expression);
  if (!analysis.ok || analysis.functions.length > 0 || analysis.variables.length === 0) return evaluate;
  const names = analysis.variables;
  const last = names.length - 1;
  const memo = new Map<MemoKey, unknown>();
  let remembered = 0;
  return (values) => {
    let level = memo;
    for (let i = 0; i < last; i++) {
      const key = memoKey(values, names[i]);
      if (key === UNKEYABLE) return evaluate(values);
      let next = level.get(key) as Map<MemoKey, unknown> | undefined;
      if (!next) {
        if (remembered >= MEMO_LIMIT) return evaluate(values);
        level.set(key, (next = new Map()));
      }
      level = next;
    }
    const key = memoKey(values, names[last]);
    if (key === UNKEYABLE) return evaluate(values);
    const known = level.get(key) as boolean | undefined;
    if (known !== undefined) return known;
    const result = evaluate(values);
    if (remembered < MEMO_LIMIT) {
      level.set(key, result);
      remembered++;
    }
    return result;
  };
}
