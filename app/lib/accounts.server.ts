// User administration: the use cases (docs/decisions/0010-use-case-shape.md). Who may manage
// which account is workflows/permissions.ts ("manage:staff", "manage:admins") at the place of
// the account's scope (workflows/accounts.ts). Passwords are hashed before the transaction
// opens: argon2 takes tens of milliseconds and must not hold SQLite's write lock.
import type { Kysely } from "kysely";
import { nowIso } from "../../db/clock";
import { writeAudit } from "../../db/repositories/audit";
import { findScope } from "../../db/repositories/scopes";
import { deleteThrottlesOfUsername } from "../../db/repositories/sign-ins";
import {
  type Account,
  type AccountChanges,
  countCityAdmins,
  deleteSessionOf,
  deleteSessionsOf,
  findAccount,
  findPasswordHash,
  insertAccounts,
  takenUsernames,
  updateAccount,
} from "../../db/repositories/users";
import { newId } from "../../db/ids";
import type { Database } from "../../db/schema";
import { accountAction, scopePlace, scopeShapeProblem } from "../../workflows/accounts";
import type { Role } from "../../workflows/glossary";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";
import { choosablePasswordProblem, hashPassword, newOneTimePassword, verifyPassword } from "./passwords.server";

export const STALE_ACCOUNT_MESSAGE = "该账号刚被其他人修改过，请刷新页面后重试。";

export interface NewAccountInput {
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string | null;
  phone: string | null;
}

/** 400 unless the scope fits the role and names a real place; 403 (audited) unless the actor may grant it. */
async function checkGrant(trx: Kysely<Database>, change: Change, role: Role, scopeCode: string | null, field = "scopeCode"): Promise<void> {
  const shape = scopeShapeProblem(role, scopeCode);
  if (shape) refuse(400, shape, { [field]: shape });
  authorize(change, accountAction(role), scopePlace(scopeCode));
  if (scopeCode && !(await findScope(trx, scopeCode))) refuse(400, "范围代码不存在", { [field]: `找不到代码为 ${scopeCode} 的区、街道或社区` });
}

/** The account, if the actor may manage it (404, then 403). */
async function managedAccount(trx: Kysely<Database>, change: Change, userId: string): Promise<Account> {
  const account = await findAccount(trx, userId);
  if (!account) refuse(404, "找不到该账号。");
  authorize(change, accountAction(account.role), scopePlace(account.scopeCode));
  return account;
}

/** The account as the form showed it (409 when it changed since), if the actor may manage it. */
async function managedAccountAt(trx: Kysely<Database>, change: Change, input: { userId: string; expectedVersion: number }): Promise<Account> {
  const account = await managedAccount(trx, change, input.userId);
  if (account.version !== input.expectedVersion) refuse(409, STALE_ACCOUNT_MESSAGE);
  return account;
}

/** Writes the changes at the version read (409 if another write came first) and their audit row. */
async function saveAccount(
  trx: Kysely<Database>,
  change: Change,
  account: Account,
  changes: AccountChanges,
  audit: { action: string; before?: unknown; after?: unknown },
): Promise<void> {
  if (!(await updateAccount(trx, account.id, account.version, changes, nowIso()))) refuse(409, STALE_ACCOUNT_MESSAGE);
  await writeAudit(trx, { actor: change.actor, action: audit.action, entityType: "user", entityId: account.id, before: audit.before, after: audit.after, ip: change.ip });
}

/** A change to the account's own fields, audited with each field's value before and after. */
function saveAccountFields(
  trx: Kysely<Database>,
  change: Change,
  account: Account,
  action: string,
  fields: Partial<Pick<Account, "displayName" | "phone" | "role" | "scopeCode">>,
): Promise<void> {
  const before = Object.fromEntries((Object.keys(fields) as (keyof typeof fields)[]).map((key) => [key, account[key]]));
  return saveAccount(trx, change, account, fields, { action, before, after: fields });
}

function notSelf(change: Change, account: Account, what: string): void {
  if (account.id === change.actor.id) refuse(400, `不能${what}自己的账号；请联系上级管理员。`);
}

function accountRecord(a: Pick<Account, "username" | "displayName" | "role" | "scopeCode" | "phone">) {
  return { username: a.username, displayName: a.displayName, role: a.role, scopeCode: a.scopeCode, phone: a.phone };
}

export function newUserRow(input: NewAccountInput, passwordHash: string, at: string, mustChange: boolean) {
  return {
    id: newId(),
    username: input.username,
    display_name: input.displayName,
    password_hash: passwordHash,
    role: input.role,
    scope_code: input.scopeCode,
    phone: input.phone,
    active: 1 as const,
    must_change_password: mustChange ? (1 as const) : (0 as const),
    password_checked: 1 as const,
    created_at: at,
    updated_at: at,
  };
}

/** Stores a new account and its audit row (what it was created with); returns its id. */
async function insertAccount(
  trx: Kysely<Database>,
  change: Change,
  account: NewAccountInput,
  passwordHash: string,
  options: { mustChangePassword: boolean; action: string },
): Promise<string> {
  const row = newUserRow(account, passwordHash, nowIso(), options.mustChangePassword);
  await insertAccounts(trx, [row]);
  await writeAudit(trx, { actor: change.actor, action: options.action, entityType: "user", entityId: row.id, after: accountRecord(account), ip: change.ip });
  return row.id;
}

/** Creates an account with a one-time password, shown once and stored only as its hash. */
export async function createAccount(
  db: Kysely<Database>,
  change: Change,
  input: NewAccountInput,
): Promise<Outcome<{ userId: string; oneTimePassword: string }>> {
  const oneTimePassword = newOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  return runUseCase(db, change, async (trx) => {
    await checkGrant(trx, change, input.role, input.scopeCode);
    if ((await takenUsernames(trx, [input.username])).size) refuse(400, "用户名已被使用", { username: "该用户名已被使用，请换一个" });
    const userId = await insertAccount(trx, change, input, passwordHash, { mustChangePassword: true, action: "user.create" });
    return { userId, oneTimePassword };
  });
}

/** The first 市级管理员 of a new install (`cli setup --admin`): refused once one exists. */
export async function setUpFirstAdmin(
  db: Kysely<Database>,
  change: Change,
  input: { username: string; displayName: string; password: string | null },
): Promise<Outcome<{ userId: string; oneTimePassword: string | null }>> {
  const problem = input.password === null ? null : choosablePasswordProblem(input.password, input.username);
  if (problem) return { ok: false, status: 400, message: problem };
  const oneTimePassword = input.password === null ? newOneTimePassword() : null;
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  return runUseCase(db, change, async (trx) => {
    authorize(change, "manage:admins", {});
    if ((await countCityAdmins(trx)) > 0) refuse(409, "已有市级管理员账号：请用该账号登录后在“账号管理”中创建其他账号。");
    if ((await takenUsernames(trx, [input.username])).size) refuse(400, `用户名 ${input.username} 已被使用。`);
    const account = { username: input.username, displayName: input.displayName, role: "city_admin" as const, scopeCode: null, phone: null };
    const userId = await insertAccount(trx, change, account, passwordHash, { mustChangePassword: oneTimePassword !== null, action: "user.setup" });
    return { userId, oneTimePassword };
  });
}

export async function updateAccountDetails(
  db: Kysely<Database>,
  change: Change,
  input: { userId: string; expectedVersion: number; displayName: string; phone: string | null },
): Promise<Outcome> {
  return runUseCase(db, change, async (trx) => {
    const account = await managedAccountAt(trx, change, input);
    await saveAccountFields(trx, change, account, "user.update", { displayName: input.displayName, phone: input.phone });
    return {};
  });
}

/** New role and scope: the actor must be allowed both the account as it is and as it becomes. */
export async function changeAccountRole(
  db: Kysely<Database>,
  change: Change,
  input: { userId: string; expectedVersion: number; role: Role; scopeCode: string | null },
): Promise<Outcome> {
  return runUseCase(db, change, async (trx) => {
    const account = await managedAccountAt(trx, change, input);
    notSelf(change, account, "修改");
    await checkGrant(trx, change, input.role, input.scopeCode);
    // New rights take effect at the next sign-in.
    await deleteSessionsOf(trx, account.id);
    await saveAccountFields(trx, change, account, "user.role", { role: input.role, scopeCode: input.scopeCode });
    return {};
  });
}

/** Disabling ends the account's sessions at once (and getUser reads `active` on every request). */
export async function setAccountActive(
  db: Kysely<Database>,
  change: Change,
  input: { userId: string; expectedVersion: number; active: boolean },
): Promise<Outcome<{ endedSessions: number }>> {
  return runUseCase(db, change, async (trx) => {
    const account = await managedAccountAt(trx, change, input);
    notSelf(change, account, input.active ? "启用" : "停用");
    if (account.active === input.active) refuse(409, input.active ? "该账号已是启用状态。" : "该账号已停用。");
    const endedSessions = input.active ? 0 : await deleteSessionsOf(trx, account.id);
    await saveAccount(trx, change, account, { active: input.active }, {
      action: input.active ? "user.enable" : "user.disable",
      before: { active: account.active },
      after: { active: input.active, endedSessions },
    });
    return { endedSessions };
  });
}

/** A new one-time password (shown once); the old one and every session stop working. */
export async function resetAccountPassword(
  db: Kysely<Database>,
  change: Change,
  input: { userId: string; expectedVersion: number },
): Promise<Outcome<{ oneTimePassword: string; username: string }>> {
  const oneTimePassword = newOneTimePassword();
  const hash = await hashPassword(oneTimePassword);
  return runUseCase(db, change, async (trx) => {
    const account = await managedAccountAt(trx, change, input);
    notSelf(change, account, "重置");
    await deleteSessionsOf(trx, account.id);
    await deleteThrottlesOfUsername(trx, account.username);
    await saveAccount(trx, change, account, { password: { hash, mustChange: true } }, { action: "user.reset_password", after: { mustChangePassword: true } });
    return { oneTimePassword, username: account.username };
  });
}

/** Forgets the account's failed sign-ins from every address. */
export async function unlockAccount(db: Kysely<Database>, change: Change, input: { userId: string }): Promise<Outcome<{ cleared: number }>> {
  return runUseCase(db, change, async (trx) => {
    const account = await managedAccount(trx, change, input.userId);
    const cleared = await deleteThrottlesOfUsername(trx, account.username);
    await writeAudit(trx, { actor: change.actor, action: "user.unlock", entityType: "user", entityId: account.id, after: { cleared }, ip: change.ip });
    return { cleared };
  });
}

/** A user's own new password: the current one is required; other sessions end. */
export async function changeOwnPassword(
  db: Kysely<Database>,
  change: Change,
  input: { username: string; currentPassword: string; newPassword: string; keepSessionId: string },
): Promise<Outcome> {
  const current = await findPasswordHash(db, change.actor.id);
  if (!current || !(await verifyPassword(current, input.currentPassword))) {
    return { ok: false, status: 400, message: "当前密码不正确。", errors: { currentPassword: "当前密码不正确" } };
  }
  const problem = choosablePasswordProblem(input.newPassword, input.username) ?? (input.newPassword === input.currentPassword ? "新密码不能与当前密码相同" : null);
  if (problem) return { ok: false, status: 400, message: problem, errors: { newPassword: problem } };
  const hash = await hashPassword(input.newPassword);
  return runUseCase(db, change, async (trx) => {
    const account = await findAccount(trx, change.actor.id);
    if (!account || !account.active) refuse(404, "找不到该账号。");
    const ended = await deleteSessionsOf(trx, account.id, input.keepSessionId);
    await saveAccount(trx, change, account, { password: { hash, mustChange: false } }, { action: "user.password_change", after: { endedSessions: ended } });
    return {};
  });
}

/** Ends one of the user's own sessions, or all of them ("sign out everywhere"). */
export async function revokeOwnSessions(
  db: Kysely<Database>,
  change: Change,
  input: { sessionId: string } | { all: true },
): Promise<Outcome<{ ended: number }>> {
  return runUseCase(db, change, async (trx) => {
    const ended = "all" in input ? await deleteSessionsOf(trx, change.actor.id) : Number(await deleteSessionOf(trx, change.actor.id, input.sessionId));
    if (!("all" in input) && ended === 0) refuse(404, "该登录设备已退出。");
    await writeAudit(trx, {
      actor: change.actor,
      action: "all" in input ? "user.sign_out_everywhere" : "user.session_revoke",
      entityType: "user",
      entityId: change.actor.id,
      after: { ended },
      ip: change.ip,
    });
    return { ended };
  });
}
