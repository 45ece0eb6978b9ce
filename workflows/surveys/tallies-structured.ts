// Tally rows and results of every answer kind, structured ones included: one key per row ×
// column of a matrix (`<question>.<row>`), per cell of a table (`<question>.<row>.<column>`),
// per column of a dynamic table or question of a dynamic panel (`<question>.<part>`), per item
// of a ranking with the position as its option. Question names hold no ".", so keys never clash.
// Used by tallies.ts (tallyDeltas, questionResults); the row shape is the same TallyRow.
import type { AnswerRecord, AnswerValue } from "./answer-shapes";
import type { ChoiceSpec, QuestionSpec, RowSpec } from "./definition";

export interface PartRow {
  question: string;
  option: string;
  count: number;
  sum: number;
}

function isRecord(value: AnswerValue | undefined): value is AnswerRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function records(value: AnswerValue): AnswerRecord[] {
  return Array.isArray(value) ? (value as unknown[]).filter((v): v is AnswerRecord => typeof v === "object" && v !== null && !Array.isArray(v)) : [];
}

export function partKey(...parts: string[]): string {
  return parts.join(".");
}

/** The rows one answer adds under `key`, for any kind (the caller sets the segment). */
export function valueRows(key: string, spec: QuestionSpec, value: AnswerValue, push: (row: PartRow) => void): void {
  switch (spec.kind) {
    case "single":
    case "rating":
    case "boolean":
      push({ question: key, option: String(value), count: 1, sum: typeof value === "number" ? value : 0 });
      return;
    case "multiple":
      push({ question: key, option: "", count: 1, sum: 0 });
      if (Array.isArray(value)) for (const v of value) push({ question: key, option: String(v), count: 1, sum: 0 });
      return;
    case "number":
      push({ question: key, option: "", count: 1, sum: typeof value === "number" ? value : 0 });
      return;
    case "text":
    case "comment":
      push({ question: key, option: "", count: 1, sum: 0 });
      return;
    case "expression":
      return;
    case "ranking": {
      push({ question: key, option: "", count: 1, sum: 0 });
      if (Array.isArray(value)) value.forEach((item, i) => push({ question: partKey(key, String(item)), option: String(i + 1), count: 1, sum: i + 1 }));
      return;
    }
    case "matrix":
      push({ question: key, option: "", count: 1, sum: 0 });
      if (!isRecord(value)) return;
      for (const [row, answer] of Object.entries(value)) valueRows(partKey(key, row), rowSpec(spec, { value: row, label: row }), answer, push);
      return;
    case "matrixdropdown":
    case "multipletext":
      push({ question: key, option: "", count: 1, sum: 0 });
      if (!isRecord(value)) return;
      if (spec.kind === "multipletext") cells(key, spec.parts ?? [], value, push);
      else for (const [row, cellValues] of Object.entries(value)) if (isRecord(cellValues)) cells(partKey(key, row), spec.parts ?? [], cellValues, push);
      return;
    case "matrixdynamic":
    case "paneldynamic": {
      const list = records(value);
      push({ question: key, option: "", count: 1, sum: list.length });
      for (const item of list) cells(key, spec.parts ?? [], item, push);
      return;
    }
  }
}

function cells(key: string, parts: readonly QuestionSpec[], values: AnswerRecord, push: (row: PartRow) => void): void {
  for (const part of parts) {
    const v = values[part.name];
    if (v !== undefined) valueRows(partKey(key, part.name), part, v, push);
  }
}

/** A matrix row as a question of its own: one answer (or several) among the matrix's columns. */
export function rowSpec(matrix: QuestionSpec, row: RowSpec): QuestionSpec {
  const multiple = matrix.multipleCells === true;
  return {
    ...matrix,
    name: row.value,
    type: multiple ? "checkbox" : "radiogroup",
    kind: multiple ? "multiple" : "single",
    title: row.label,
    visibleIf: [],
    rows: undefined,
    parts: undefined,
  };
}

/** A ranking item as a question whose options are the positions (1 = ranked first). */
function rankSpec(ranking: QuestionSpec, item: ChoiceSpec): QuestionSpec {
  const positions = ranking.choices.map((_, i) => ({ value: i + 1, label: `第 ${i + 1} 位`, exclusive: false }));
  return { ...ranking, name: String(item.value), type: "rating", kind: "rating", title: item.label, choices: positions };
}

/**
 * The parts a structured question's results are made of, each as a (spec, key) pair to compute
 * like any question: a matrix's rows, a ranking's items, a table's columns (each split by row in
 * a matrixdropdown), a multipletext's items, a dynamic panel's questions.
 */
export interface ResultPart {
  key: string;
  spec: QuestionSpec;
  /** matrixdropdown: the column's results split by row. */
  byRow?: ResultPart[];
}

export function resultParts(key: string, q: QuestionSpec): ResultPart[] {
  switch (q.kind) {
    case "matrix":
      return (q.rows ?? []).map((row) => ({ key: partKey(key, row.value), spec: rowSpec(q, row) }));
    case "ranking":
      return q.choices.map((item) => ({ key: partKey(key, String(item.value)), spec: rankSpec(q, item) }));
    case "matrixdropdown":
      return (q.parts ?? []).map((column) => ({
        key: partKey(key, column.name),
        spec: column,
        byRow: (q.rows ?? []).map((row) => ({ key: partKey(key, row.value, column.name), spec: { ...column, title: row.label } })),
      }));
    case "matrixdynamic":
    case "multipletext":
    case "paneldynamic":
      return (q.parts ?? []).filter((p) => p.kind !== "expression").map((part) => ({ key: partKey(key, part.name), spec: part }));
    default:
      return [];
  }
}
