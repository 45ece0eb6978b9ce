// "May this user do X to this entity?" — the one permission source. Pure, so every
// state-changing use case (app/lib/*.server.ts), the cycle machine's guards
// (community-cycle.ts), route loaders and the UI's buttons ask the same question and
// give the same Chinese reason. See docs/decisions/0010-use-case-shape.md.
import type { Role } from "./glossary";

export interface Actor {
  id: string;
  role: Role;
  /** community, street or district code by role; null for the city. */
  scopeCode: string | null;
}

/** Who the command line acts as: a 市级管理员 that is no user account, audited as "console". */
export const CONSOLE_ACTOR: Actor = { id: "console", role: "city_admin", scopeCode: null };

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
  /** Marking a resident's comment to keep it on top of the keyword's list (issue 18). */
  "flag:comment": ["community_worker"],
  "advance:cycle": ["community_worker"],
  "edit:gaplist": ["community_worker"],
  "review:gaplist": ["street_reviewer"],
  /** Approving a community's lowered minimum participation below the policy's line (issue 20). */
  "review:override": ["street_reviewer"],
  "manage:project": ["community_worker"],
  "accept:project": ["street_reviewer"],
  "track:project": ["community_worker", "street_reviewer"],
  "record:operations": ["community_worker"],
  /** The idle-space inventory (存量空间台账): visible to the district and the city through view:place. */
  "manage:space": ["community_worker", "street_reviewer"],
  "run:evaluation": ["community_worker", "street_reviewer", "district_admin", "city_admin"],
  "view:dashboard": ["street_reviewer", "district_admin", "city_admin"],
  "import:data": ["district_admin", "city_admin"],
  "set:targets": ["city_admin"],
  "edit:policy": ["city_admin"],
  "view:accounts": ["district_admin", "city_admin"],
  /** Accounts of 街道审核员 and 社区工作者 (workflows/accounts.ts: accountAction). */
  "manage:staff": ["district_admin", "city_admin"],
  /** Accounts of 区级管理员 and 市级管理员. */
  "manage:admins": ["city_admin"],
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

/** What a refused user is told, per action. */
export const PERMISSION_REFUSALS: Record<Action, string> = {
  "view:place": "您没有权限查看该社区/街道/区的信息。",
  "edit:facility": "只有本社区的社区工作者可以维护设施台账。",
  "edit:community": "只有本社区的社区工作者或市级管理员可以修改社区信息。",
  "manage:survey": "只有本社区的社区工作者可以编辑、发布和录入问卷。",
  "view:survey_results": "您没有权限查看该问卷的结果。",
  "flag:comment": "只有本社区的社区工作者可以标记居民意见。",
  "advance:cycle": "只有本社区的社区工作者可以操作",
  "edit:gaplist": "只有本社区的社区工作者可以编辑和提交清单。",
  "review:gaplist": "只有本街道的街道审核员可以审核",
  "review:override": "只有本街道的街道审核员可以批准或不批准放宽最低参与率",
  "manage:project": "只有本社区的社区工作者可以编制和更新建设项目。",
  "accept:project": "只有本街道的街道审核员可以验收",
  "track:project": "只有本社区的社区工作者或本街道的街道审核员可以填写节点备注、撤销或恢复事项。",
  "record:operations": "只有本社区的社区工作者可以填报运营数据。",
  "manage:space": "只有本社区的社区工作者或本街道的街道审核员可以维护存量空间台账。",
  "run:evaluation": "您没有权限对该社区运行评估。",
  "view:dashboard": "您没有权限查看该看板。",
  "import:data": "只有区级或市级管理员可以导入数据。",
  "set:targets": "只有市级管理员可以设置年度目标。",
  "edit:policy": "只有市级管理员可以修改政策参数。",
  "view:accounts": "只有区级或市级管理员可以查看账号和审计日志。",
  "manage:staff": "只有市级管理员或本区的区级管理员可以管理街道审核员和社区工作者的账号（范围须在本区之内）。",
  "manage:admins": "只有市级管理员可以创建或管理区级、市级管理员账号。",
};

export type ImportKindName = "communities" | "facilities" | "neighbourhoods" | "spaces";

/**
 * Data imports: community figures are the admins'; a community worker may also import their
 * own facilities and 小区, and the inventory's keepers (worker, street) their idle spaces.
 */
export function importPermission(kind: ImportKindName, actor: Actor): Action {
  if (actor.role === "community_worker") {
    if (kind === "facilities") return "edit:facility";
    if (kind === "neighbourhoods") return "edit:community";
    if (kind === "spaces") return "manage:space";
  }
  if (actor.role === "street_reviewer" && kind === "spaces") return "manage:space";
  return "import:data";
}

export function can(actor: Actor | null, action: Action, place: Place): boolean {
  if (!actor) return false;
  const roles: readonly Role[] = ACTIONS[action];
  return roles.includes(actor.role) && isInScope(actor, place);
}

/** Null when `actor` may do `action` at `place`; otherwise the reason, in Chinese. */
export function permissionRefusal(actor: Actor | null, action: Action, place: Place): string | null {
  return can(actor, action, place) ? null : PERMISSION_REFUSALS[action];
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
