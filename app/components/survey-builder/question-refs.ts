// Questions as the builder's side panels need them: what a display condition can test (matrix
// rows included), and the values each question's answers are counted under.
import { choiceRows } from "./choice-rows";
import { type BuilderDoc, isQuestionType, listQuestions, locate, type QuestionRef, walkNodes } from "./operations";

const CONDITION_TYPES = new Set(["text", "comment", "radiogroup", "checkbox", "dropdown", "tagbox", "rating", "boolean", "ranking"]);

/**
 * What a display condition can test: the simple questions, and each row of a matrix (its
 * answer is one of the matrix's columns), e.g. “满意度 · 老年食堂”.
 */
export function conditionSubjects(doc: BuilderDoc): QuestionRef[] {
  return listQuestions(doc).flatMap((q): QuestionRef[] => {
    if (CONDITION_TYPES.has(q.type)) return [q];
    if (q.type !== "matrix") return [];
    const node = locate(doc, q.key)?.node;
    if (!node || node.props.cellType === "checkbox") return [];
    const columns = choiceRows(node.props, "columns");
    return choiceRows(node.props, "rows").map((row) => ({
      ...q,
      name: `${q.name}.${row.value}`,
      title: `${q.title} · ${row.text || row.value}`,
      type: "radiogroup",
      choices: columns,
    }));
  });
}

/** The values a question's answers are counted under: its choices, and a matrix's rows and columns. */
export function itemValuesByQuestion(doc: BuilderDoc): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  walkNodes(doc, (node, _page, _depth, template) => {
    if (template || !isQuestionType(node.props.type) || typeof node.props.name !== "string") return;
    const values = (["choices", "rows", "columns"] as const).flatMap((key) => choiceRows(node.props, key).map((r) => String(r.value)));
    out.set(node.props.name, new Set(values));
  });
  return out;
}

