// How long the rest of a survey takes, for the resident's "预计还需约 N 分钟". Seconds per
// question are rough reading-and-tapping times on a phone, checked against the template's own
// promise ("大约10分钟" for a household answering most follow-ups): a tap answer ~10 s, a typed
// number ~12 s, a multiple choice ~15 s, a written comment ~45 s, a matrix ~8 s a row.
export interface QuestionToAnswer {
  type: string;
  /** Rows of a matrix or items of a multiple text, when the question has them. */
  rows?: number;
}

const SECONDS: Record<string, number> = {
  radiogroup: 10,
  boolean: 10,
  rating: 10,
  dropdown: 10,
  imagepicker: 10,
  text: 12,
  checkbox: 15,
  tagbox: 15,
  ranking: 20,
  comment: 45,
};
const SECONDS_PER_ROW: Record<string, number> = { matrix: 8, matrixdropdown: 15, matrixdynamic: 15, multipletext: 12 };
const NOTHING_TO_ANSWER = new Set(["html", "expression", "image", "panel"]);

function secondsFor(question: QuestionToAnswer): number {
  if (NOTHING_TO_ANSWER.has(question.type)) return 0;
  const perRow = SECONDS_PER_ROW[question.type];
  if (perRow !== undefined) return perRow * Math.max(1, question.rows ?? 1);
  return SECONDS[question.type] ?? 12;
}

/** Whole minutes, rounded up; 0 only when nothing is left to answer. */
export function minutesLeft(questions: readonly QuestionToAnswer[]): number {
  const seconds = questions.reduce((sum, q) => sum + secondsFor(q), 0);
  return Math.ceil(seconds / 60);
}
