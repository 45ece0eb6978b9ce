// Accounts, sessions and login attempts: what authentication reads and writes.
import type { Kysely } from "kysely";
import type { Role } from "../../workflows/glossary";
import type { Actor } from "../../workflows/permissions";
import type { Database } from "../schema";

export interface SessionUser extends Actor {
  username: string;
  displayName: string;
  csrfToken: string;
}

/** The active user behind an unexpired session, by the session id (the token's hash). */
export async function findSessionUser(db: Kysely<Database>, sessionId: string, now: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.username", "users.display_name", "users.role", "users.scope_code", "sessions.csrf_token"])
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", now)
    .where("users.active", "=", 1)
    .executeTakeFirst();
  return row
    ? { id: row.id, username: row.username, displayName: row.display_name, role: row.role, scopeCode: row.scope_code, csrfToken: row.csrf_token }
    : null;
}

/** The user as an actor (role and scope), for work done later on their behalf. */
export async function findActor(db: Kysely<Database>, userId: string): Promise<Actor | null> {
  const row = await db.selectFrom("users").select(["id", "role", "scope_code"]).where("id", "=", userId).executeTakeFirst();
  return row ? { id: row.id, role: row.role, scopeCode: row.scope_code } : null;
}

export async function findCredentials(
  db: Kysely<Database>,
  username: string,
): Promise<{ id: string; role: Role; scopeCode: string | null; passwordHash: string; active: boolean } | null> {
  const row = await db
    .selectFrom("users")
    .select(["id", "role", "scope_code", "password_hash", "active"])
    .where("username", "=", username)
    .executeTakeFirst();
  return row ? { id: row.id, role: row.role, scopeCode: row.scope_code, passwordHash: row.password_hash, active: row.active === 1 } : null;
}

/** Failed logins since `since`, for this username and for this address. */
export async function countLoginFailures(
  db: Kysely<Database>,
  input: { username: string; ip: string; since: string },
): Promise<{ byUsername: number; byIp: number }> {
  const row = await db
    .selectFrom("login_attempts")
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("username", "=", input.username).as("by_username"),
      eb.fn.countAll<number>().filterWhere("ip", "=", input.ip).as("by_ip"),
    ])
    .where("succeeded", "=", 0)
    .where("attempted_at", ">", input.since)
    .where((eb) => eb.or([eb("username", "=", input.username), eb("ip", "=", input.ip)]))
    .executeTakeFirstOrThrow();
  return { byUsername: Number(row.by_username), byIp: Number(row.by_ip) };
}

export async function insertLoginAttempt(
  db: Kysely<Database>,
  attempt: { username: string; ip: string; succeeded: boolean; attemptedAt: string },
): Promise<void> {
  await db
    .insertInto("login_attempts")
    .values({ username: attempt.username, ip: attempt.ip, succeeded: attempt.succeeded ? 1 : 0, attempted_at: attempt.attemptedAt })
    .execute();
}

export async function insertSession(
  db: Kysely<Database>,
  session: { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({ id: session.id, user_id: session.userId, csrf_token: session.csrfToken, created_at: session.createdAt, expires_at: session.expiresAt })
    .execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}
