// Comment keywords (issue 18, ADR 0011): kept totals per survey, the term → comment index,
// and the 市级管理员's changes to default lists (the lexicon's terms and stop words).

export interface SurveyCommentTermTable {
  survey_id: string;
  term: string;
  /** Comments of the survey holding the term. */
  comments: number;
}

export interface SurveyCommentTotalTable {
  survey_id: string;
  comments: number;
  /** The lexicon the totals were kept under (compileLexicon's fingerprint). */
  lexicon_fingerprint: string;
}

export interface CommentTermTable {
  survey_id: string;
  term: string;
  text_answer_id: string;
}

/** A 市级管理员's change to one item of a module's default list ([默认值] lists). */
export interface SettingListItemTable {
  module: string;
  list: string;
  item: string;
  action: "add" | "remove";
  /** The item's value when added (a term's domain); null for plain lists. */
  value: string | null;
  updated_by: string | null;
  updated_at: string;
}
