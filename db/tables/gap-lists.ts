// 查漏补缺 lists, their items and versions.
import type { Approach, Domain, FacilityFunction, GapListStatus, HubForm, OperatingModel, PricingTier, ReviewDecision, ServiceLevel } from "../../workflows/glossary";
import type { Flag, JsonText } from "../schema";
import type { CostBasis, GapItemStatus, GapListVersionReason } from "../../workflows/gap-list";

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
  /** Optional name typed by the worker (2026-12-05-03). */
  name: string | null;
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

/** An approved item explicitly dropped from this round, with the reason (carried to the next round). */
export interface GapItemDropTable {
  gap_item_id: string;
  cycle_id: string;
  reason: string;
  dropped_by: string | null;
  dropped_at: string;
}
