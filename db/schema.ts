// The Database interface: types only. Columns follow the portable conventions in
// docs/decisions/0002-portable-sql.md: app-generated text ids, ISO-8601 text
// timestamps, 0/1 integer booleans, JSON stored as text and parsed in repositories.
// Places, accounts, the audit log and cycles are here; each later stage's tables are in
// db/tables/ and re-exported, so everything imports its row types from this module.
import type { ColumnType, Insertable, Selectable } from "kysely";
import type {
  CommunityKind,
  DevelopmentType,
  Domain,
  FacilityStatus,
  OperatingModel,
  PricingTier,
  Role,
  ServiceLevel,
  Stage,
} from "../workflows/glossary";
import type { CommentTermTable, SettingListItemTable, SurveyCommentTermTable, SurveyCommentTotalTable } from "./tables/comments";
import type { BatchJobTable, EvaluationDomainTable, EvaluationTable, PolicyProfileTable, PolicySettingTable } from "./tables/evaluations";
import type { GapItemDropTable, GapItemTable, GapListTable, GapListVersionTable } from "./tables/gap-lists";
import type { IdleSpacePhotoTable, IdleSpaceTable } from "./tables/idle-spaces";
import type {
  CityTargetTable,
  FacilityOperationTable,
  ProjectAcceptanceTable,
  ProjectAttachmentTable,
  ProjectItemTable,
  ProjectMilestoneTable,
  ProjectTable,
} from "./tables/projects";
import type {
  HouseholdCodeTable,
  SurveyResponseCountTable,
  SurveyResponseTable,
  SurveyTable,
  SurveyTallyTable,
  SurveyTextAnswerTable,
} from "./tables/surveys";

export type * from "./tables/comments";
export type * from "./tables/evaluations";
export type * from "./tables/gap-lists";
export type * from "./tables/idle-spaces";
export type * from "./tables/projects";
export type * from "./tables/surveys";

/** 0 or 1: SQLite and PostgreSQL both store it as an integer. */
export type Flag = 0 | 1;
/** JSON serialised as text; parse it in the repository that owns the table. */
export type JsonText = string;

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
  phone: string | null;
  /** 1 after a reset or import: the one-time password must be replaced at the next sign-in. */
  must_change_password: ColumnType<Flag, Flag | undefined, Flag>;
  /** 1 once the password was generated or passed the password rules (which refuse the demo password). */
  password_checked: ColumnType<Flag, Flag | undefined, Flag>;
  last_login_at: string | null;
  updated_at: string | null;
  /** Optimistic concurrency for the account forms. */
  version: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked database does not leak live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** Sign-in throttling: one row per (username, address) and one per address. */
/** A fixed-window counter of the public survey endpoint (workflows/public-limits.ts). */
export interface PublicLimitCounterTable {
  key: string;
  count: number;
  window_started_at: string;
}

export interface LoginThrottleTable {
  key: string;
  /** Set on (username, address) rows, so an unlock can clear them. */
  username: string | null;
  failures: number;
  next_allowed_at: string;
  updated_at: string;
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
  login_throttles: LoginThrottleTable;
  public_limit_counters: PublicLimitCounterTable;
  audit_log: AuditLogTable;
  cycles: CycleTable;
  cycle_events: CycleEventTable;
  surveys: SurveyTable;
  household_codes: HouseholdCodeTable;
  survey_responses: SurveyResponseTable;
  survey_tallies: SurveyTallyTable;
  survey_response_counts: SurveyResponseCountTable;
  survey_text_answers: SurveyTextAnswerTable;
  survey_comment_terms: SurveyCommentTermTable;
  survey_comment_totals: SurveyCommentTotalTable;
  comment_terms: CommentTermTable;
  setting_list_items: SettingListItemTable;
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
  idle_spaces: IdleSpaceTable;
  idle_space_photos: IdleSpacePhotoTable;
}

export type District = Selectable<DistrictTable>;
export type Street = Selectable<StreetTable>;
export type Community = Selectable<CommunityTable>;
export type Neighbourhood = Selectable<NeighbourhoodTable>;
export type NewNeighbourhood = Insertable<NeighbourhoodTable>;
export type FacilityRow = Selectable<FacilityTable>;
export type NewFacilityRow = Insertable<FacilityTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type CycleRow = Selectable<CycleTable>;
export type SurveyRow = Selectable<SurveyTable>;
export type EvaluationRow = Selectable<EvaluationTable>;
export type BatchJobRow = Selectable<BatchJobTable>;
export type GapListRow = Selectable<GapListTable>;
export type GapItemRow = Selectable<GapItemTable>;
export type NewGapItemRow = Insertable<GapItemTable>;
export type ProjectRow = Selectable<ProjectTable>;
export type ProjectMilestoneRow = Selectable<ProjectMilestoneTable>;
export type ProjectAttachmentRow = Selectable<ProjectAttachmentTable>;
