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

/**
 * Compiles a condition; throws on a syntax error (validate definitions with analyseCondition
 * first). Evaluation is synchronous and not re-entrant, which is all the validator needs.
 */
export function compileCondition(expression: string): CompiledCondition {
  const operand = parse(expression);
  if (!operand) throw new Error(`invalid condition: ${expression}`);
  const pv = processValue as unknown as ProcessValue;
  return (values) => {
    processValue.values = values;
    try {
      return operand.evaluate(pv) == true;
    } finally {
      processValue.values = {};
    }
  };
}
