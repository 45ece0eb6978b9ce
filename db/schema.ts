// The Database interface: types only. Columns follow the portable conventions in
// docs/decisions/0002-portable-sql.md: app-generated text ids, ISO-8601 text
// timestamps, 0/1 integer booleans, JSON stored as text and parsed in repositories.
import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";
import type { CostBasis, GapItemStatus, GapListStatus, GapListVersionReason } from "../workflows/gap-list";
import type {
  AcceptanceResult,
  Approach,
  CommunityKind,
  DevelopmentType,
  Domain,
  DomainStatus,
  FacilityFunction,
  FacilityStatus,
  HubForm,
  Milestone,
  OperatingModel,
  PricingTier,
  ReviewDecision,
  Role,
  Segment,
  ServiceLevel,
  Stage,
  SurveyChannel,
  SurveyKind,
  SurveyStatus,
} from "../workflows/glossary";
import type { ProjectKind, ProjectStatus } from "../workflows/projects";
import type { TargetMeasure } from "../workflows/targets";

/** 0 or 1: SQLite and PostgreSQL both store it as an integer. */
export type Flag = 0 | 1;
/** JSON serialised as text; parse it in the repository that owns the table. */
export type JsonText = string;

export type BatchJobKind = "evaluate";
export type BatchScopeType = "city" | "district" | "street";
export type BatchJobStatus = "running" | "done" | "failed";

export interface DistrictTable {
  code: string; // NBS 6-digit
  name: string;
  in_plan_scope: Flag; // 市区 (二(一))
}

export interface StreetTable {
  code: string; // NBS 9-digit
  district_code: string;
  name: string;
}

export interface CommunityTable {
  code: string; // NBS 12-digit
  street_code: string;
  district_code: string;
  name: string;
  kind: CommunityKind;
  urban_rural_code: string | null;
  households: number;
  population: number;
  share_60_plus: number; // 0..1
  share_0_3: number;
  share_3_12: number;
  development_type: DevelopmentType;
  is_pilot: Flag;
  has_hub: Flag;
  lat: number;
  lng: number;
  /** 1 while the figures are generated demo data, 0 once imported from real data. */
  is_demo_data: Flag;
  updated_at: string;
}

export interface NeighbourhoodTable {
  id: string;
  community_code: string;
  name: string;
  households: number;
  lat: number;
  lng: number;
  is_demo_data: Flag;
}

export interface FacilityTable {
  id: string;
  community_code: string;
  name: string;
  domain: Domain;
  functions: JsonText; // FacilityFunction[]
  area_m2: number;
  office_area_m2: number;
  status: FacilityStatus;
  lat: number;
  lng: number;
  operator: string | null;
  operating_model: OperatingModel | null;
  pricing: PricingTier | null;
  service_level: ServiceLevel;
  hub_part: Flag;
  is_demo_data: Flag;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  /** community, street or district code by role; null for a 市级管理员. */
  scope_code: string | null;
  active: Flag;
  created_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked database does not leak live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptTable {
  id: ColumnType<number, never, never>;
  username: string;
  ip: string;
  succeeded: Flag;
  attempted_at: string;
}

export interface AuditLogTable {
  id: string;
  actor_user_id: string | null;
  actor_role: Role | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: JsonText | null;
  after_json: JsonText | null;
  ip: string | null;
  created_at: string;
}

export interface CycleTable {
  id: string;
  community_code: string;
  year: number;
  round: number;
  machine_version: number;
  /** JSON from getPersistedSnapshot(). */
  snapshot: JsonText;
  /** Denormalised from the snapshot for queries. */
  stage: Stage;
  /** Optimistic concurrency: every write is `WHERE version = ?` and bumps it. */
  version: number;
  stage_entered_at: string;
  is_demo_data: Flag;
  created_at: string;
  updated_at: string;
}

export interface CycleEventTable {
  id: string;
  cycle_id: string;
  event_type: string;
  actor_user_id: string | null;
  actor_role: Role | null;
  from_stage: Stage;
  to_stage: Stage;
  comment: string | null;
  payload: JsonText | null;
  created_at: string;
}

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
}

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
  /** Last community code processed: a restarted server resumes after it. */
  cursor: string | null;
  started_by: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** The 查漏补缺 list of a cycle (one per cycle). */
export interface GapListTable {
  id: string;
  cycle_id: string;
  community_code: string;
  status: GapListStatus;
  /** Optimistic concurrency: every change is `WHERE version = ?` and bumps it; each version is snapshotted. */
  version: number;
  /** The evaluation the list was generated from (the latest of the cycle at the time). */
  evaluation_id: string;
  profile_id: string;
  profile_version: number;
  /** The gap-list [默认值] overrides applied, { key: value }. */
  settings: JsonText;
  /** How many times the list was submitted to the street. */
  submissions: number;
  /** The street's comments when it last returned the list. */
  return_comment: string | null;
  no_gap_reason: string | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  approved_at: string | null;
  is_demo_data: Flag;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface GapItemTable {
  id: string;
  list_id: string;
  position: number;
  domain: Domain;
  function: FacilityFunction;
  approach: Approach;
  target_area_m2: number;
  service_level: ServiceLevel;
  pricing: PricingTier;
  operating_model: OperatingModel;
  /** 元. */
  estimated_cost: number;
  cost_basis: CostBasis;
  funding_sources: JsonText; // FundingSource[]
  priority: number;
  rationale: JsonText; // GapRationale
  candidate_site: string | null;
  space_source: string | null;
  notes: string | null;
  hub_form: HubForm | null;
  four_sync: JsonText | null; // FourSync, for new_build
  status: GapItemStatus;
  decision: ReviewDecision | null;
  decision_comment: string | null;
  decided_by: string | null;
  decided_at: string | null;
  is_demo_data: Flag;
  created_at: string;
  updated_at: string;
}

/** Every version of a list: all its items as they were, and why the version was made. */
export interface GapListVersionTable {
  id: string;
  list_id: string;
  version: number;
  reason: GapListVersionReason;
  note: string | null;
  snapshot: JsonText; // GapListSnapshot
  created_by: string | null;
  created_at: string;
}

/** A construction project made from approved 查漏补缺 items (one item, or several as a 共同体). */
export interface ProjectTable {
  id: string;
  cycle_id: string;
  community_code: string;
  name: string;
  kind: ProjectKind;
  hub_form: HubForm | null;
  site: string | null;
  space_source: string | null;
  approach: Approach;
  planned_area_m2: number;
  functions: JsonText; // ProjectFunction[]
  /** 元. */
  budget_total: number;
  funding: JsonText; // { FundingSource: 元 }
  operator: string | null;
  operating_model: OperatingModel | null;
  pricing: PricingTier | null;
  service_level: ServiceLevel;
  four_sync: JsonText | null; // FourSync, for 新建（四同步）
  status: ProjectStatus;
  acceptance_result: AcceptanceResult | null;
  acceptance_remarks: string | null;
  acceptance_checks: JsonText | null; // AcceptanceCheck[]
  accepted_area_m2: number | null;
  accepted_by: string | null;
  accepted_at: string | null;
  /** Facilities added to the inventory when the project passed 验收. */
  facility_ids: JsonText; // string[]
  version: number;
  is_demo_data: Flag;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProjectItemTable {
  /** Unique: an approved item is built by one project at most. */
  gap_item_id: string;
  project_id: string;
}

export interface ProjectMilestoneTable {
  project_id: string;
  milestone: Milestone;
  planned_date: string | null; // YYYY-MM-DD
  actual_date: string | null; // YYYY-MM-DD
  progress_pct: number;
  /** 元 spent up to this milestone's report. */
  spent: number;
  note: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface ProjectAttachmentTable {
  id: string;
  project_id: string;
  milestone: Milestone | null;
  original_name: string;
  /** Random file name under UPLOAD_DIR; never derived from what the user sent. */
  stored_name: string;
  /** From the file's bytes, not the browser's claim. */
  content_type: string;
  size_bytes: number;
  uploaded_by: string | null;
  created_at: string;
}

export interface ProjectAcceptanceTable {
  id: string;
  project_id: string;
  result: AcceptanceResult;
  remarks: string | null;
  checks: JsonText; // AcceptanceCheck[]
  actual_area_m2: number;
  decided_by: string | null;
  decided_at: string;
  is_demo_data: Flag;
}

/** An approved item explicitly dropped from this round, with the reason (carried to the next round). */
export interface GapItemDropTable {
  gap_item_id: string;
  cycle_id: string;
  reason: string;
  dropped_by: string | null;
  dropped_at: string;
}

/** Monthly operating figures of a facility (运营数据), one row per facility and month. */
export interface FacilityOperationTable {
  facility_id: string;
  month: string; // YYYY-MM
  visits: number;
  people_served: number;
  hours_open: number;
  income: number;
  subsidy: number;
  operating_cost: number | null;
  version: number;
  is_demo_data: Flag;
  entered_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CityTargetTable {
  year: number;
  measure: TargetMeasure;
  /** "" for the city total, else the district the figure is assigned to. */
  district_code: string;
  value: number;
  updated_by: string | null;
  updated_at: string;
}

export interface Database {
  city_targets: CityTargetTable;
  districts: DistrictTable;
  streets: StreetTable;
  communities: CommunityTable;
  neighbourhoods: NeighbourhoodTable;
  facilities: FacilityTable;
  users: UserTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  cycles: CycleTable;
  cycle_events: CycleEventTable;
  surveys: SurveyTable;
  household_codes: HouseholdCodeTable;
  survey_responses: SurveyResponseTable;
  survey_tallies: SurveyTallyTable;
  survey_response_counts: SurveyResponseCountTable;
  survey_text_answers: SurveyTextAnswerTable;
  policy_profiles: PolicyProfileTable;
  policy_settings: PolicySettingTable;
  evaluations: EvaluationTable;
  evaluation_domains: EvaluationDomainTable;
  batch_jobs: BatchJobTable;
  gap_lists: GapListTable;
  gap_items: GapItemTable;
  gap_list_versions: GapListVersionTable;
  projects: ProjectTable;
  project_items: ProjectItemTable;
  project_milestones: ProjectMilestoneTable;
  project_attachments: ProjectAttachmentTable;
  project_acceptances: ProjectAcceptanceTable;
  gap_item_drops: GapItemDropTable;
  facility_operations: FacilityOperationTable;
}

export type District = Selectable<DistrictTable>;
export type Street = Selectable<StreetTable>;
export type Community = Selectable<CommunityTable>;
export type NewCommunity = Insertable<CommunityTable>;
export type CommunityUpdate = Updateable<CommunityTable>;
export type Neighbourhood = Selectable<NeighbourhoodTable>;
export type NewNeighbourhood = Insertable<NeighbourhoodTable>;
export type FacilityRow = Selectable<FacilityTable>;
export type NewFacilityRow = Insertable<FacilityTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
export type CycleRow = Selectable<CycleTable>;
export type NewCycleRow = Insertable<CycleTable>;
export type CycleEventRow = Selectable<CycleEventTable>;
export type SurveyRow = Selectable<SurveyTable>;
export type SurveyResponseRow = Selectable<SurveyResponseTable>;
export type PolicyProfileRow = Selectable<PolicyProfileTable>;
export type EvaluationRow = Selectable<EvaluationTable>;
export type NewEvaluationRow = Insertable<EvaluationTable>;
export type BatchJobRow = Selectable<BatchJobTable>;
export type GapListRow = Selectable<GapListTable>;
export type GapItemRow = Selectable<GapItemTable>;
export type NewGapItemRow = Insertable<GapItemTable>;
export type ProjectRow = Selectable<ProjectTable>;
export type NewProjectRow = Insertable<ProjectTable>;
export type ProjectMilestoneRow = Selectable<ProjectMilestoneTable>;
export type ProjectAttachmentRow = Selectable<ProjectAttachmentTable>;
export type FacilityOperationRow = Selectable<FacilityOperationTable>;
