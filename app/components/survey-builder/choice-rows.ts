// The choices of a single- or multiple-choice question as editable rows (the choices editor).
import { isPlainObject, type JsonValue, localText } from "../../../workflows/surveys/definition";
import type { JsonObject } from "./operations";

export interface ChoiceRow {
  value: string | number;
  text: string;
  /** Other item properties (visibleIf, isExclusive), kept as they were. */
  extra: JsonObject;
}

/** The items of `key`: a question's choices, a matrix's rows or columns. */
export function choiceRows(props: JsonObject, key: "choices" | "rows" | "columns" = "choices"): ChoiceRow[] {
  const list = Array.isArray(props[key]) ? props[key] : [];
  return list.flatMap((item): ChoiceRow[] => {
    if (typeof item === "string" || typeof item === "number") return [{ value: item, text: "", extra: {} }];
    if (!isPlainObject(item)) return [];
    const { value, text, ...extra } = item as JsonObject;
    if (typeof value !== "string" && typeof value !== "number") return [];
    return [{ value, text: localText(text), extra }];
  });
}

export function choicesJson(rows: readonly ChoiceRow[]): JsonValue[] {
  return rows.map((r) => ({ value: r.value, ...(r.text ? { text: r.text } : {}), ...r.extra }));
}

/** A new row: the next number when every value is a number, else option_<n> (row_<n> for a matrix row). */
export function addChoiceRow(rows: readonly ChoiceRow[], noun = "选项"): ChoiceRow[] {
  const numeric = rows.length > 0 && rows.every((r) => typeof r.value === "number");
  if (numeric) {
    const next = Math.max(...rows.map((r) => r.value as number)) + 1;
    return [...rows, { value: next, text: `${noun}${rows.length + 1}`, extra: {} }];
  }
  const prefix = noun === "行" ? "row" : "option";
  const taken = new Set(rows.map((r) => String(r.value)));
  let n = rows.length + 1;
  while (taken.has(`${prefix}_${n}`)) n++;
  return [...rows, { value: `${prefix}_${n}`, text: `${noun}${rows.length + 1}`, extra: {} }];
}

export function removeChoiceRow(rows: readonly ChoiceRow[], index: number): ChoiceRow[] {
  return rows.filter((_, i) => i !== index);
}

export function moveChoiceRow(rows: readonly ChoiceRow[], index: number, delta: -1 | 1): ChoiceRow[] {
  const target = index + delta;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return rows.slice();
  const copy = rows.slice();
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}

export function updateChoiceRow(rows: readonly ChoiceRow[], index: number, patch: Partial<Pick<ChoiceRow, "value" | "text">>): ChoiceRow[] {
  return rows.map((r, i) => (i === index ? { ...r, ...patch } : r));
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/** A typed value keeps the kind of the value it replaces (numbers stay numbers: need scales). */
export function parseChoiceValue(input: string, previous: string | number): string | number {
  const trimmed = input.trim();
  return typeof previous === "number" && NUMBER_TEXT.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Problems with the rows as a whole (shown next to the editor; the server checks again). */
export function choiceProblems(rows: readonly ChoiceRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const key = String(r.value);
    if (key.trim() === "") problems.push(`第 ${i + 1} 个选项的值不能为空`);
    else if (/[<>]/.test(key)) problems.push(`第 ${i + 1} 个选项的值不能含尖括号`);
    else if (seen.has(key)) problems.push(`选项值“${key}”重复`);
    seen.add(key);
  });
  return problems;
}
