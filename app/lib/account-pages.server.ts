// Read models of the account pages: the list and one account for 区级/市级管理员, and a
// user's own account page. Scoped like everything else: a 区级管理员 sees the accounts of
// their district; another account is "not found".
import type { Kysely } from "kysely";
import { nowIso } from "../../db/clock";
import { listAuditOfAccount } from "../../db/repositories/account-audit";
import { listScopes } from "../../db/repositories/scopes";
import { countThrottledAddresses } from "../../db/repositories/sign-ins";
import { type Account, findAccount, listAccounts, listSessionsOf } from "../../db/repositories/users";
import type { Database } from "../../db/schema";
import { accountAction, type AccountStatus, grantableRoles, scopePlace } from "../../workflows/accounts";
import type { Role } from "../../workflows/glossary";
import { type Actor, can, isInScope } from "../../workflows/permissions";
import { notFound } from "./http.server";

export const ACCOUNTS_PAGE_SIZE = 50;

/** Accounts an admin may see: a district's code is the prefix of its streets' and communities'. */
function visiblePrefix(actor: Actor): string | undefined {
  return actor.role === "city_admin" ? undefined : (actor.scopeCode ?? "-");
}

function visible(actor: Actor, account: Account): boolean {
  return actor.role === "city_admin" || (account.scopeCode !== null && isInScope(actor, scopePlace(account.scopeCode)));
}

export interface AccountsQuery {
  text?: string;
  role?: Role;
  status?: AccountStatus;
  page: number;
}

export async function loadAccountsPage(db: Kysely<Database>, actor: Actor, query: AccountsQuery) {
  const [{ accounts, total }, scopes] = await Promise.all([
    listAccounts(
      db,
      {
        scopePrefix: visiblePrefix(actor),
        roles: query.role ? [query.role] : undefined,
        text: query.text,
        active: query.status ? query.status === "active" : undefined,
      },
      { offset: (query.page - 1) * ACCOUNTS_PAGE_SIZE, limit: ACCOUNTS_PAGE_SIZE },
    ),
    listScopes(db),
  ]);
  return {
    accounts: accounts.map((a) => ({
      ...a,
      scopeName: a.scopeCode ? (scopes.get(a.scopeCode)?.name ?? a.scopeCode) : "杭州市",
      manageable: can(actor, accountAction(a.role), scopePlace(a.scopeCode)),
    })),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / ACCOUNTS_PAGE_SIZE)),
    grantableRoles: grantableRoles(actor),
    scopeName: actor.scopeCode ? (scopes.get(actor.scopeCode)?.name ?? actor.scopeCode) : "全市",
    defaultScope: actor.role === "district_admin" ? (actor.scopeCode ?? "") : "",
  };
}

export async function loadAccountDetail(db: Kysely<Database>, actor: Actor, userId: string) {
  const account = await findAccount(db, userId);
  if (!account || !visible(actor, account)) throw notFound("找不到该账号。");
  const [scopes, trail, throttled] = await Promise.all([listScopes(db), listAuditOfAccount(db, account.id, 50), countThrottledAddresses(db, account.username, nowIso())]);
  return {
    account: { ...account, scopeName: account.scopeCode ? (scopes.get(account.scopeCode)?.name ?? account.scopeCode) : "杭州市" },
    manageable: can(actor, accountAction(account.role), scopePlace(account.scopeCode)) && account.id !== actor.id,
    isSelf: account.id === actor.id,
    grantableRoles: grantableRoles(actor),
    throttledAddresses: throttled,
    trail,
  };
}

/** A user's own page: last sign-in, sessions (this one marked), and the changes to the account. */
export async function loadOwnAccount(db: Kysely<Database>, user: Actor & { sessionId: string }) {
  const account = await findAccount(db, user.id);
  if (!account) throw notFound("找不到该账号。");
  const [sessions, trail, scopes] = await Promise.all([listSessionsOf(db, user.id, nowIso()), listAuditOfAccount(db, user.id, 30), listScopes(db)]);
  return {
    account: { ...account, scopeName: account.scopeCode ? (scopes.get(account.scopeCode)?.name ?? account.scopeCode) : "杭州市" },
    sessions: sessions.map((s) => ({ ...s, current: s.id === user.sessionId })),
    trail,
  };
}
