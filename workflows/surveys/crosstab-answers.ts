// Which questions can be cross-tabulated (交叉分析, issue 18) and the contingency table of two
// of them over a survey's answer sets. Choice, rating and yes/no questions, each row of a
// matrix, and a count ("其中
// 80岁及以上的有几位？") as 有 / 没有 — how the plan's 一老一小 argument groups households; a multiple-choice
// answer counts once under each option chosen, so its table has no chi-square test (the test
// needs each household in one cell). Pure: the answer sets are passed in.
import { crossTabulate, type CrossTab } from "../crosstab";
import type { ChoiceValue, QuestionSpec } from "./definition";

const TABULATED_KINDS = new Set(["single", "multiple", "rating", "boolean"]);
const COUNT_GROUPS = [
  { value: "none", label: "没有（0）", exclusive: false },
  { value: "some", label: "有（1 及以上）", exclusive: false },
];

/** Separates a matrix's name from its row's value in a cross-tab question's name ("facility_satisfaction.canteen"). */
export const MATRIX_ROW_SEPARATOR = ".";

/** A question of the cross-tab: a matrix row reads its answer inside the matrix's answer object. */
export interface CrossTabQuestion extends QuestionSpec {
  matrixRow?: { matrix: string; row: string };
}

/**
 * Questions that can be a row or a column of a cross-tab; a count question becomes 有 / 没有, and
 * each row of a single-answer matrix is a question of its own titled "矩阵题 · 行".
 */
export function crossTabQuestions(specs: readonly QuestionSpec[]): CrossTabQuestion[] {
  return specs.flatMap((q): CrossTabQuestion[] => {
    if (q.hidden) return [];
    if (q.kind === "number") return [{ ...q, choices: COUNT_GROUPS }];
    if (q.kind === "matrix" && !q.multipleCells && q.choices.length >= 2) {
      return (q.rows ?? []).map((row) => ({
        ...q,
        name: `${q.name}${MATRIX_ROW_SEPARATOR}${row.value}`,
        title: `${q.title} · ${row.label}`,
        kind: "single",
        rows: undefined,
        matrixRow: { matrix: q.name, row: row.value },
      }));
    }
    return TABULATED_KINDS.has(q.kind) && q.choices.length >= 2 ? [q] : [];
  });
}

function answerOf(q: CrossTabQuestion, answers: Record<string, unknown>): unknown {
  if (!q.matrixRow) return answers[q.name];
  const matrix = answers[q.matrixRow.matrix];
  return matrix && typeof matrix === "object" && !Array.isArray(matrix) ? (matrix as Record<string, unknown>)[q.matrixRow.row] : undefined;
}

function choiceIndex(q: QuestionSpec): (value: unknown) => number[] {
  if (q.kind === "number") return (value) => (typeof value === "number" && Number.isFinite(value) ? [value > 0 ? 1 : 0] : []);
  const index = new Map<string, number>(q.choices.map((c, i) => [String(c.value), i]));
  return (value) => {
    const values: unknown[] = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    const found: number[] = [];
    for (const v of values) {
      const i = index.get(String(v as ChoiceValue));
      if (i !== undefined && !found.includes(i)) found.push(i);
    }
    return found;
  };
}

export interface AnswerCrossTab extends CrossTab {
  /** Answer sets that answered both questions. */
  answered: number;
  /** False when a multiple-choice question is involved: no chi-square test. */
  testable: boolean;
}

/** Counts of answer sets by the row question's option and the column question's option. */
export function crossTabOfAnswers(row: CrossTabQuestion, column: CrossTabQuestion, answerSets: Iterable<Record<string, unknown>>): AnswerCrossTab {
  const rowOf = choiceIndex(row);
  const columnOf = choiceIndex(column);
  const counts = row.choices.map(() => column.choices.map(() => 0));
  let answered = 0;
  for (const answers of answerSets) {
    const rs = rowOf(answerOf(row, answers));
    const cs = columnOf(answerOf(column, answers));
    if (rs.length === 0 || cs.length === 0) continue;
    answered++;
    for (const r of rs) for (const c of cs) counts[r][c]++;
  }
  const testable = row.kind !== "multiple" && column.kind !== "multiple";
  const table = crossTabulate({ rows: row.choices.map((c) => c.label), columns: column.choices.map((c) => c.label), counts });
  return { ...table, test: testable ? table.test : null, answered, testable };
}
