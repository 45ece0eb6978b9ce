// Accounts and sessions: what authentication and user administration read and write.
// Sign-in attempts and throttling rows are in ./sign-ins.ts.
import type { Kysely } from "kysely";
import type { Role } from "../../workflows/glossary";
import type { Actor } from "../../workflows/permissions";
import type { Database, NewUser, User } from "../schema";
import { camelCased } from "../rows";
import { likeSafe } from "./account-audit";
import { insertInChunks } from "./chunks";

export interface SessionUser extends Actor {
  username: string;
  displayName: string;
  csrfToken: string;
  /** The session's id (the token's hash): lets the account page mark "this device". */
  sessionId: string;
  mustChangePassword: boolean;
}

/** The active user behind an unexpired session, by the session id (the token's hash). */
export async function findSessionUser(db: Kysely<Database>, sessionId: string, now: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.username", "users.display_name", "users.role", "users.scope_code", "users.must_change_password", "sessions.csrf_token"])
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", now)
    .where("users.active", "=", 1)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        scopeCode: row.scope_code,
        csrfToken: row.csrf_token,
        sessionId,
        mustChangePassword: row.must_change_password === 1,
      }
    : null;
}

/** The user as an actor (role and scope), for work done later on their behalf. */
export async function findActor(db: Kysely<Database>, userId: string): Promise<Actor | null> {
  const row = await db.selectFrom("users").select(["id", "role", "scope_code"]).where("id", "=", userId).executeTakeFirst();
  return row ? { id: row.id, role: row.role, scopeCode: row.scope_code } : null;
}

export interface Credentials {
  id: string;
  role: Role;
  scopeCode: string | null;
  passwordHash: string;
  active: boolean;
  mustChangePassword: boolean;
}

const CREDENTIAL_COLUMNS = ["id", "role", "scope_code", "password_hash", "active", "must_change_password"] as const;

export async function findCredentials(db: Kysely<Database>, username: string): Promise<Credentials | null> {
  const row = await db.selectFrom("users").select(CREDENTIAL_COLUMNS).where("username", "=", username).executeTakeFirst();
  return row ? { ...camelCased(row, CREDENTIAL_COLUMNS), active: row.active === 1, mustChangePassword: row.must_change_password === 1 } : null;
}

export async function findPasswordHash(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  return row?.password_hash ?? null;
}

// ——— sessions ———

export async function insertSession(
  db: Kysely<Database>,
  session: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Ends one of a user's sessions; false when it is not theirs or already gone. */
export async function deleteSessionOf(db: Kysely<Database>, userId: string, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom("sessions").where("id", "=", sessionId).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of a user (all of them, or all but `keep`); the number ended. */
export async function deleteSessionsOf(db: Kysely<Database>, userId: string, keep?: string): Promise<number> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keep) query = query.where("id", "!=", keep);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface SessionRow {
  id: string;
  createdAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export async function listSessionsOf(db: Kysely<Database>, userId: string, now: string): Promise<SessionRow[]> {
  const rows = await db
    .selectFrom("sessions")
    .select(["id", "created_at", "expires_at", "ip", "user_agent"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, expiresAt: r.expires_at, ip: r.ip, userAgent: r.user_agent }));
}

export async function purgeExpiredSessions(db: Kysely<Database>, now: string): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
}

// ——— accounts ———

export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string | null;
  phone: string | null;
  active: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

const ACCOUNT_COLUMNS = [
  "id",
  "username",
  "display_name",
  "role",
  "scope_code",
  "phone",
  "active",
  "must_change_password",
  "last_login_at",
  "created_at",
  "version",
] as const;

function toAccount(row: Pick<User, (typeof ACCOUNT_COLUMNS)[number]>): Account {
  return { ...camelCased(row, ACCOUNT_COLUMNS), active: row.active === 1, mustChangePassword: row.must_change_password === 1 };
}

export async function findAccount(db: Kysely<Database>, id: string): Promise<Account | null> {
  const row = await db.selectFrom("users").select(ACCOUNT_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export interface AccountFilter {
  /** Accounts whose scope code starts with this (a district's or street's code); omit for all. */
  scopePrefix?: string;
  roles?: readonly Role[];
  /** Part of the username or name. */
  text?: string;
  active?: boolean;
}

export async function listAccounts(
  db: Kysely<Database>,
  filter: AccountFilter,
  page: { offset: number; limit: number },
): Promise<{ accounts: Account[]; total: number }> {
  let query = db.selectFrom("users");
  if (filter.scopePrefix) query = query.where("scope_code", "like", `${filter.scopePrefix}%`);
  if (filter.roles) query = query.where("role", "in", filter.roles.length ? [...filter.roles] : ["none" as Role]);
  if (filter.active !== undefined) query = query.where("active", "=", filter.active ? 1 : 0);
  if (filter.text) {
    const like = `%${likeSafe(filter.text)}%`;
    query = query.where((eb) => eb.or([eb("username", "like", eb.val(like)), eb("display_name", "like", eb.val(like))]));
  }
  const [rows, count] = await Promise.all([
    query.select(ACCOUNT_COLUMNS).orderBy("scope_code").orderBy("username").offset(page.offset).limit(page.limit).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { accounts: rows.map(toAccount), total: Number(count.n) };
}

/** Which of these usernames already have an account. */
export async function takenUsernames(db: Kysely<Database>, usernames: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < usernames.length; i += 500) {
    const rows = await db.selectFrom("users").select("username").where("username", "in", usernames.slice(i, i + 500)).execute();
    for (const r of rows) taken.add(r.username);
  }
  return taken;
}

export async function insertAccounts(db: Kysely<Database>, users: NewUser[]): Promise<void> {
  await insertInChunks(db, "users", users);
}

export async function countCityAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).where("role", "=", "city_admin").executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AccountChanges {
  displayName?: string;
  phone?: string | null;
  role?: Role;
  scopeCode?: string | null;
  active?: boolean;
  password?: { hash: string; mustChange: boolean };
}

/** Writes the changes when the account is still at `expectedVersion`; false when it moved on (409). */
export async function updateAccount(
  db: Kysely<Database>,
  id: string,
  expectedVersion: number,
  changes: AccountChanges,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.scopeCode !== undefined ? { scope_code: changes.scopeCode } : {}),
      ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
      ...(changes.password
        ? { password_hash: changes.password.hash, must_change_password: changes.password.mustChange ? 1 : 0, password_checked: 1 as const }
        : {}),
      updated_at: at,
      version: expectedVersion + 1,
    })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordSignIn(db: Kysely<Database>, userId: string, at: string): Promise<void> {
  await db.updateTable("users").set({ last_login_at: at }).where("id", "=", userId).execute();
}

/** Accounts whose password never went through the password rules (seeded, or from before them). */
export async function listUncheckedPasswordHashes(db: Kysely<Database>): Promise<{ username: string; passwordHash: string }[]> {
  const rows = await db.selectFrom("users").select(["username", "password_hash"]).where("password_checked", "=", 0).execute();
  return rows.map((r) => ({ username: r.username, passwordHash: r.password_hash }));
}
