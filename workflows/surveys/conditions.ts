// visibleIf / requiredIf / expression validators, compiled once per published survey.
// survey-core parses the expression and its operands evaluate it with SurveyJS's own operator
// semantics (loose equality, anyof, contains, empty …), so the server agrees with the browser.
// We only replace the per-call value lookup: ConditionRunner.runValues builds a getter context
// and parses the variable path on every call (≈0.9 µs); feeding the operands a flat lookup
// costs a fraction of that, which keeps one answer-set check in the tens of microseconds.
import { ConditionsParser, type Operand, type ProcessValue } from "survey-core";

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

/** The part of ProcessValue the operands use; `values` is swapped in for each evaluation. */
class FlatProcessValue {
  values: ConditionValues = {};
  properties = {};
  asyncValues = {};
  context = null;
  getValueInfo(info: ValueInfo): void {
    const has = Object.prototype.hasOwnProperty.call(this.values, info.name);
    info.value = has ? this.values[info.name] : undefined;
    info.hasValue = has;
  }
}

const processValue = new FlatProcessValue();

const MISSING = Symbol("missing");
const UNKEYABLE = Symbol("unkeyable");
type MemoKey = string | number | boolean | null | undefined | typeof MISSING;

/** A variable's value as a memo key: the value itself when it is a primitive. */
function memoKey(values: ConditionValues, name: string): MemoKey | typeof UNKEYABLE {
  if (!Object.prototype.hasOwnProperty.call(values, name)) return MISSING;
  const value = values[name];
  // Answers come from JSON: anything but an array or object is a primitive.
  return typeof value === "object" && value !== null ? UNKEYABLE : (value as MemoKey);
}

/** Distinct inputs remembered per condition; enough for choice and small-number answers. */
const MEMO_LIMIT = 256;

/**
 * Compiles a condition; throws on a syntax error (validate definitions with analyseCondition
 * first). Evaluation is synchronous and not re-entrant, which is all the validator needs.
 * A condition without function calls depends only on its variables' values, so its result is
 * remembered per combination of primitive values (one Map level per variable): answers repeat
 * the same few choices, and a lookup costs a fraction of walking survey-core's operand tree.
 */
export function compileCondition(expression: string): CompiledCondition {
  const operand = parse(expression);
  if (!operand) throw new Error(`invalid condition: ${expression}`);
  const pv = processValue as unknown as ProcessValue;
  const evaluate = (values: ConditionValues): boolean => {
    processValue.values = values;
    try {
      return operand.evaluate(pv) == true;
    } finally {
      processValue.values = {};
    }
  };
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
