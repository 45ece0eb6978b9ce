// "May this user do X to this entity?" — one pure decision, used by every loader and
// action (through requirePermission in auth.server.ts) and by the UI to hide buttons.
import type { Role } from "../../workflows/glossary";

export interface Actor {
  id: string;
  role: Role;
  /** community, street or district code by role; null for the city. */
  scopeCode: string | null;
}

/** Where an entity sits in 市 › 区 › 街道 › 社区. Omit the levels below the entity. */
export interface Place {
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
}

export const ACTIONS = {
  "view:place": ["community_worker", "street_reviewer", "district_admin", "city_admin"],
  "edit:facility": ["community_worker"],
  "edit:community": ["community_worker", "city_admin"],
  "manage:survey": ["community_worker"],
  "view:survey_results": ["community_worker", "street_reviewer", "district_admin", "city_admin"],
  "advance:cycle": ["community_worker"],
  "edit:gaplist": ["community_worker"],
  "review:gaplist": ["street_reviewer"],
  "manage:project": ["community_worker"],
  "accept:project": ["street_reviewer"],
  "run:evaluation": ["community_worker", "street_reviewer", "district_admin", "city_admin"],
  "view:dashboard": ["street_reviewer", "district_admin", "city_admin"],
  "import:data": ["district_admin", "city_admin"],
  "set:targets": ["city_admin"],
  "edit:policy": ["city_admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof ACTIONS;

export function isInScope(actor: Actor, place: Place): boolean {
  switch (actor.role) {
    case "city_admin":
      return true;
    case "district_admin":
      return place.districtCode !== undefined && place.districtCode === actor.scopeCode;
    case "street_reviewer":
      return place.streetCode !== undefined && place.streetCode === actor.scopeCode;
    case "community_worker":
      return place.communityCode !== undefined && place.communityCode === actor.scopeCode;
  }
}

export function can(actor: Actor | null, action: Action, place: Place): boolean {
  if (!actor) return false;
  const roles: readonly Role[] = ACTIONS[action];
  return roles.includes(actor.role) && isInScope(actor, place);
}

/**
 * The place a user is responsible for, as a Place, so list queries can filter by it.
 * A community worker's street and district are not known from the code alone.
 */
export function scopeFilter(actor: Actor): Place {
  switch (actor.role) {
    case "city_admin":
      return {};
    case "district_admin":
      return { districtCode: actor.scopeCode ?? "" };
    case "street_reviewer":
      return { streetCode: actor.scopeCode ?? "" };
    case "community_worker":
      return { communityCode: actor.scopeCode ?? "" };
  }
}
