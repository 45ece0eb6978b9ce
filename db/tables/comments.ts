// Comment keywords (issue 18, ADR 0011): kept totals per survey, the term → comment index,
// and the 市级管理员's edited lexicon.

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

export interface CommentLexiconTable {
  id: string;
  /** CommentLexicon as JSON text. */
  lexicon: string;
  fingerprint: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
}
