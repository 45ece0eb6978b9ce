// Rules for accounts: which permission a role's account needs, what scope each role has,
// and what makes a password acceptable. Pure: the common-password list is passed in.
import { ROLE_LABELS, ROLES, type Role } from "./glossary";
import type { Action, Actor, Place } from "./permissions";

/** What the NBS code of each role's scope looks like; a 市级管理员 has none. */
export const SCOPE_KINDS = {
  community_worker: { digits: 12, label: "社区/村" },
  street_reviewer: { digits: 9, label: "街道/乡镇" },
  district_admin: { digits: 6, label: "区" },
  city_admin: { digits: 0, label: "全市" },
} as const satisfies Record<Role, { digits: number; label: string }>;

/** An account is 启用 or 已停用 (disabled accounts keep their history and cannot sign in). */
export const ACCOUNT_STATUSES = ["active", "disabled"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = { active: "启用", disabled: "已停用" };

/** The permission needed to create or change an account of this role. */
export function accountAction(role: Role): Action {
  return role === "community_worker" || role === "street_reviewer" ? "manage:staff" : "manage:admins";
}

/** Roles an actor may grant (the form offers only these; the use case checks again). */
export function grantableRoles(actor: Actor): Role[] {
  if (actor.role === "city_admin") return [...ROLES];
  if (actor.role === "district_admin") return ["street_reviewer", "community_worker"];
  return [];
}

/** A role from a spreadsheet cell: its Chinese name or its code. */
export function roleFromText(text: string): Role | null {
  const t = text.trim();
  return ROLES.find((r) => r === t.toLowerCase() || ROLE_LABELS[r] === t) ?? null;
}

/** Null when `scopeCode` has the shape `role` needs; otherwise why not. */
export function scopeShapeProblem(role: Role, scopeCode: string | null): string | null {
  const kind = SCOPE_KINDS[role];
  if (kind.digits === 0) return scopeCode ? "市级管理员的范围为全市，范围代码请留空" : null;
  if (!scopeCode) return `${ROLE_LABELS[role]}须填写${kind.label}的 ${kind.digits} 位代码`;
  if (!new RegExp(`^\\d{${kind.digits}}$`).test(scopeCode)) return `${ROLE_LABELS[role]}的范围须为${kind.label}的 ${kind.digits} 位代码`;
  return null;
}

/** The place an account's scope covers, for `authorize` (NBS codes nest: 区 6 › 街道 9 › 社区 12 digits). */
export function scopePlace(scopeCode: string | null): Place {
  if (!scopeCode) return {};
  if (scopeCode.length === 6) return { districtCode: scopeCode };
  if (scopeCode.length === 9) return { districtCode: scopeCode.slice(0, 6), streetCode: scopeCode };
  return { districtCode: scopeCode.slice(0, 6), streetCode: scopeCode.slice(0, 9), communityCode: scopeCode };
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const USERNAME_RULE = "用户名为 3–32 位小写字母、数字或 . _ -，以字母或数字开头";
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** Null when the password may be used; otherwise why not, in Chinese. */
export function passwordProblem(password: string, username: string, isCommon: (password: string) => boolean): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`;
  if (password.length > MAX_PASSWORD_LENGTH) return `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`;
  const lower = password.toLowerCase();
  if (lower.includes(username.toLowerCase()) && username.length >= 3) return "密码不能包含用户名";
  if (new Set(lower).size < 4) return "密码过于简单：请使用更多不同的字符";
  if (isCommon(lower)) return "这个密码太常见（在常用密码清单中），请换一个";
  return null;
}

/** An account event as the audit pages show it (db/repositories/account-audit.ts reads them). */
export interface AccountAuditEntry {
  id: string;
  createdAt: string;
  action: string;
  actorUsername: string | null;
  actorName: string | null;
  actorRole: Role | null;
  targetUsername: string | null;
  targetName: string | null;
  /** The target account's scope code, or the place code of a refused attempt. */
  scopeCode: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}
