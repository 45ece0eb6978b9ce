// 建设项目, 运营反馈 and the city's targets.
import type { AcceptanceResult, Approach, HubForm, Milestone, OperatingModel, PricingTier, ProjectKind, ProjectStatus, ServiceLevel } from "../../workflows/glossary";
import type { Flag, JsonText } from "../schema";
import type { TargetMeasure } from "../../workflows/targets";

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
