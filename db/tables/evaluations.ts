// 评估: policy profiles and their [默认值] overrides, stored evaluations and batch jobs.
import type { Domain, DomainStatus } from "../../workflows/glossary";
import type { Flag, JsonText } from "../schema";

/** evaluate: a batch evaluation; comment_reanalysis: every comment again after a lexicon change (scope: city). */
export type BatchJobKind = "evaluate" | "comment_reanalysis";
export type BatchScopeType = "city" | "district" | "street";
export type BatchJobStatus = "running" | "done" | "failed";

export interface PolicyProfileTable {
  /** e.g. hangzhou-2024-11; a new plan is a new id, a changed setting or wording a new version. */
  id: string;
  version: number;
  /** The profile JSON, validated by PolicyProfileSchema. */
  data: JsonText;
  is_active: Flag;
  created_by: string | null;
  created_at: string;
}

/** A [默认值] setting changed by a 市级管理员; applies to every version of the profile. */
export interface PolicySettingTable {
  profile_id: string;
  /** Path of the setting, e.g. rules.CIRCLE_15MIN.walkingDistanceM or settings.nonPilotAreaNorms. */
  setting_key: string;
  /** JSON number or boolean. */
  value: JsonText;
  updated_by: string | null;
  updated_at: string;
}

export interface EvaluationTable {
  id: string;
  cycle_id: string;
  community_code: string;
  /** 1, 2, … within the cycle; rows are never updated except is_latest. */
  version: number;
  profile_id: string;
  profile_version: number;
  /** The [默认值] overrides applied, { key: value }. */
  settings: JsonText;
  /** EvaluationInput: the facts used, neighbours' facilities included as shared. */
  input: JsonText;
  /** EvaluationResult. */
  result: JsonText;
  score: number;
  binding_failures: number;
  /** 1 on the community's most recent evaluation (one per community). */
  is_latest: Flag;
  is_demo_data: Flag;
  created_by: string | null;
  created_at: string;
  /** Why 未核验 answers were counted in (issue 16); null: verified answers only. */
  unverified_reason: string | null;
}

export interface EvaluationDomainTable {
  evaluation_id: string;
  domain: Domain;
  status: DomainStatus;
  score: number;
  /** Households within the 15-minute circle of this domain, 0–1. */
  coverage_share: number | null;
}

export interface BatchJobTable {
  id: string;
  kind: BatchJobKind;
  scope_type: BatchScopeType;
  scope_code: string | null;
  status: BatchJobStatus;
  total: number;
  done: number;
  saved: number;
  skipped: number;
  /** Where a restarted server resumes: the last community code processed (evaluate), JSON of the survey in progress (comment_reanalysis). */
  cursor: string | null;
  started_by: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
