// The idle-space inventory (存量空间台账) and its photos.
import type { CoordinateSystem } from "../../workflows/coordinates";
import type { SpaceRoute, SpaceStatus } from "../../workflows/glossary";
import type { Flag } from "../schema";

export interface IdleSpaceTable {
  id: string;
  community_code: string;
  name: string;
  address: string;
  /** WGS-84, whatever system the position was given in. */
  lat: number;
  lng: number;
  /** The system the position was given in (kept so a record says what was declared). */
  source_system: CoordinateSystem;
  area_m2: number;
  owner: string | null;
  route: SpaceRoute;
  status: SpaceStatus;
  /** Rent or fit-out cost (元); null: area × the route's unit cost (默认值). */
  cost_yuan: number | null;
  notes: string | null;
  /** Optimistic concurrency: every edit is `WHERE version = ?`. */
  version: number;
  is_demo_data: Flag;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IdleSpacePhotoTable {
  id: string;
  space_id: string;
  original_name: string;
  stored_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_by: string | null;
  uploaded_at: string;
}
