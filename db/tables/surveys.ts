// The needs and feedback surveys: definitions, household codes, responses and the running totals
// the results page and the evaluation read (never the raw answers).
import type { Flag, JsonText } from "../schema";
import type { Segment, SurveyChannel, SurveyKind, SurveyStatus } from "../../workflows/glossary";

export interface SurveyTable {
  id: string;
  cycle_id: string;
  community_code: string;
  kind: SurveyKind;
  title: string;
  /** SurveyJS JSON, sanitised; frozen while published (edits bump definition_version in draft). */
  definition: JsonText;
  definition_version: number;
  status: SurveyStatus;
  /** The unguessable part of the resident link /s/<token>. */
  public_token: string;
  open_link_enabled: Flag;
  /** HMAC key for this survey's household codes. */
  code_salt: string;
  opens_at: string | null;
  closes_at: string | null;
  published_at: string | null;
  closed_at: string | null;
  version: number;
  is_demo_data: Flag;
  created_at: string;
  updated_at: string;
}

export interface HouseholdCodeTable {
  id: string;
  survey_id: string;
  neighbourhood_id: string | null;
  /** HMAC-SHA256 of the normalised code; the code itself is never stored. */
  code_hash: string;
  batch: number;
  used_at: string | null;
  created_at: string;
}

export interface SurveyResponseTable {
  id: string;
  survey_id: string;
  community_code: string;
  neighbourhood_id: string | null;
  channel: SurveyChannel;
  household_code_id: string | null;
  idempotency_key: string;
  device_id: string | null;
  receipt: string;
  answers: JsonText;
  has_elderly: Flag;
  has_young_children: Flag;
  entered_by: string | null;
  is_demo_data: Flag;
  created_at: string;
}

export interface SurveyTallyTable {
  survey_id: string;
  question: string;
  option: string;
  segment: Segment;
  /** 1: answers with a household code; 0: open link and code-less paper forms (未核验). */
  verified: Flag;
  count: number;
  sum: number;
}

export interface SurveyResponseCountTable {
  survey_id: string;
  /** "" when the response named no 小区. */
  neighbourhood_id: string;
  channel: SurveyChannel;
  count: number;
}

export interface SurveyTextAnswerTable {
  id: string;
  survey_id: string;
  response_id: string;
  question: string;
  text: string;
  created_at: string;
  /** Set when a worker flags the comment (issue 18): flagged comments are listed first. */
  flagged_at: string | null;
  flagged_by: string | null;
}
