import crypto from "node:crypto";
import { verify } from "@node-rs/argon2";
import { createCookie, redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import { nowIso } from "../../db/clock";
import { writeAudit } from "../../db/repositories/audit";
import type { Database } from "../../db/schema";
import { ROLES, type Role } from "../../workflows/glossary";
import { db } from "./db.server";
import { forbidden } from "./http.server";
import { can, type Action, type Actor, type Place } from "../../workflows/permissions";

const SESSION_HOURS = 12;
const RATE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_USERNAME = 5;
const MAX_FAILURES_PER_IP = 30;

export interface SignedInUser extends Actor {
  username: string;
  displayName: string;
  csrfToken: string;
}

const sessionCookie = createCookie("sid", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: SESSION_HOURS * 3600,
});

function sha256(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function getUser(request: Request): Promise<SignedInUser | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "users.id",
      "users.username",
      "users.display_name",
      "users.role",
      "users.scope_code",
      "sessions.csrf_token",
    ])
    .where("sessions.id", "=", sha256(token))
    .where("sessions.expires_at", ">", nowIso())
    .where("users.active", "=", 1)
    .executeTakeFirst();
  if (!row || !(ROLES as readonly string[]).includes(row.role)) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    scopeCode: row.scope_code,
    csrfToken: row.csrf_token,
  };
}

export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return user;
}

export interface GuardOptions {
  /** The submitted form of a state-changing request: its CSRF token is checked. */
  form?: FormData;
  clientIp?: string;
}

/**
 * Throws a 403 unless the signed-in user may do `action` at `place`. A refused attempt
 * to change something is kept in the audit log; refused reads are not.
 */
export async function requirePermission(
  request: Request,
  action: Action,
  place: Place,
  options: GuardOptions = {},
): Promise<SignedInUser> {
  const user = options.form ? await requireActionUser(request, options.form) : await requireUser(request);
  if (can(user, action, place)) return user;
  if (request.method !== "GET" && request.method !== "HEAD") {
    await writeAudit(db, {
      actor: { id: user.id, role: user.role },
      action: `denied:${action}`,
      entityType: "place",
      entityId: place.communityCode ?? place.streetCode ?? place.districtCode ?? "city",
      ip: options.clientIp ?? null,
    });
  }
  throw forbidden();
}

/**
 * For every state-changing request: the user, with the form's CSRF token checked
 * against the session's. Read the form once and pass it in.
 */
export async function requireActionUser(request: Request, form: FormData): Promise<SignedInUser> {
  const user = await requireUser(request);
  const sent = form.get("_csrf") ?? request.headers.get("X-CSRF-Token");
  if (typeof sent !== "string" || !safeEqual(sent, user.csrfToken)) {
    throw forbidden("页面已过期或请求来源不明，请刷新页面后重试。");
  }
  return user;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export type LoginResult =
  | { ok: true; cookie: string; user: { id: string; role: Role; scopeCode: string | null } }
  | { ok: false; status: 400 | 429; message: string };

export async function login(
  database: Kysely<Database>,
  input: { username: string; password: string; ip: string; https: boolean },
): Promise<LoginResult> {
  const since = new Date(Date.now() - RATE_WINDOW_MINUTES * 60_000).toISOString();
  const failures = await database
    .selectFrom("login_attempts")
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("username", "=", input.username).as("by_username"),
      eb.fn.countAll<number>().filterWhere("ip", "=", input.ip).as("by_ip"),
    ])
    .where("succeeded", "=", 0)
    .where("attempted_at", ">", since)
    .where((eb) => eb.or([eb("username", "=", input.username), eb("ip", "=", input.ip)]))
    .executeTakeFirstOrThrow();
  if (
    Number(failures.by_username) >= MAX_FAILURES_PER_USERNAME ||
    Number(failures.by_ip) >= MAX_FAILURES_PER_IP
  ) {
    return {
      ok: false,
      status: 429,
      message: `登录失败次数过多，请 ${RATE_WINDOW_MINUTES} 分钟后再试。`,
    };
  }

  const user = await database
    .selectFrom("users")
    .select(["id", "role", "scope_code", "password_hash", "active"])
    .where("username", "=", input.username)
    .executeTakeFirst();
  const valid = user !== undefined && user.active === 1 && (await verify(user.password_hash, input.password));

  const attemptedAt = nowIso();
  if (!valid || !user) {
    await database
      .insertInto("login_attempts")
      .values({ username: input.username, ip: input.ip, succeeded: 0, attempted_at: attemptedAt })
      .execute();
    return { ok: false, status: 400, message: "用户名或密码不正确。" };
  }

  const token = crypto.randomBytes(32).toString("base64url");
  await database.transaction().execute(async (trx) => {
    await trx
      .insertInto("login_attempts")
      .values({ username: input.username, ip: input.ip, succeeded: 1, attempted_at: attemptedAt })
      .execute();
    await trx
      .insertInto("sessions")
      .values({
        id: sha256(token),
        user_id: user.id,
        csrf_token: crypto.randomBytes(24).toString("base64url"),
        created_at: attemptedAt,
        expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString(),
      })
      .execute();
    await writeAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: "login",
      entityType: "user",
      entityId: user.id,
      ip: input.ip,
    });
  });
  const cookie = await sessionCookie.serialize(token, { secure: input.https });
  return { ok: true, cookie, user: { id: user.id, role: user.role, scopeCode: user.scope_code } };
}

export async function logout(request: Request, user: SignedInUser, ip: string): Promise<string> {
  const token = await readSessionToken(request);
  if (token) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom("sessions").where("id", "=", sha256(token)).execute();
      await writeAudit(trx, { actor: user, action: "logout", entityType: "user", entityId: user.id, ip });
    });
  }
  return sessionCookie.serialize("", { maxAge: 0, secure: isHttps(request) });
}

export { isHttps };
