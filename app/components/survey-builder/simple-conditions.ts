// visibleIf conditions of the form `{question} operator value`, edited with pickers; anything
// more complex is shown read-only.
import type { ChoiceValue } from "../../../workflows/surveys/definition";

export const CONDITION_OPERATORS = ["=", "<>", ">", "<", "contains"] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
export const CONDITION_OPERATOR_LABELS: Record<ConditionOperator, string> = {
  "=": "=（等于）",
  "<>": "≠（不等于）",
  ">": ">（大于）",
  "<": "<（小于）",
  contains: "包含",
};

export interface SimpleCondition {
  question: string;
  operator: ConditionOperator;
  value: ChoiceValue;
}

function formatValue(value: ChoiceValue): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value.includes("'") ? `"${value.replace(/"/g, "")}"` : `'${value}'`;
}

/** The SurveyJS expression for a simple condition, e.g. `{hh_size} > 2`. */
export function buildCondition(condition: SimpleCondition): string {
  return `{${condition.question}} ${condition.operator} ${formatValue(condition.value)}`;
}

// A question, or a row of a matrix ({satisfaction.canteen}).
const SIMPLE_CONDITION = /^\s*\{([a-z][a-z0-9_]*(?:\.[^{}\s.]+)?)\}\s*(=|==|<>|!=|>|<|contains)\s*('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|true|false)\s*$/;

/** The simple form of an expression, or null when it is more complex (shown read-only). */
export function parseCondition(expression: string): SimpleCondition | null {
  const match = SIMPLE_CONDITION.exec(expression);
  if (!match) return null;
  const [, question, op, raw] = match;
  const operator: ConditionOperator = op === "==" ? "=" : op === "!=" ? "<>" : (op as ConditionOperator);
  const value: ChoiceValue =
    raw === "true" ? true : raw === "false" ? false : raw[0] === "'" || raw[0] === '"' ? raw.slice(1, -1) : Number(raw);
  return { question, operator, value };
}
