import crypto from "node:crypto";
import { verify } from "@node-rs/argon2";
import { createCookie, redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import { now, nowIso } from "../../db/clock";
import { writeAudit } from "../../db/repositories/audit";
import {
  countLoginFailures,
  deleteSession,
  findCredentials,
  findSessionUser,
  insertLoginAttempt,
  insertSession,
  type SessionUser,
} from "../../db/repositories/users";
import type { Database } from "../../db/schema";
import { ROLES, type Role } from "../../workflows/glossary";
import { db } from "./db.server";
import { forbidden } from "./http.server";
import { can, type Action, type Place } from "../../workflows/permissions";

const SESSION_HOURS = 12;
const RATE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_USERNAME = 5;
const MAX_FAILURES_PER_IP = 30;

export type SignedInUser = SessionUser;

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
  const user = await findSessionUser(db, sha256(token), nowIso());
  return user && (ROLES as readonly string[]).includes(user.role) ? user : null;
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
  const at = now();
  const since = new Date(at.getTime() - RATE_WINDOW_MINUTES * 60_000).toISOString();
  const failures = await countLoginFailures(database, { username: input.username, ip: input.ip, since });
  if (failures.byUsername >= MAX_FAILURES_PER_USERNAME || failures.byIp >= MAX_FAILURES_PER_IP) {
    return {
      ok: false,
      status: 429,
      message: `登录失败次数过多，请 ${RATE_WINDOW_MINUTES} 分钟后再试。`,
    };
  }

  const user = await findCredentials(database, input.username);
  const valid = user !== null && user.active && (await verify(user.passwordHash, input.password));

  const attemptedAt = at.toISOString();
  if (!valid || !user) {
    await insertLoginAttempt(database, { username: input.username, ip: input.ip, succeeded: false, attemptedAt });
    return { ok: false, status: 400, message: "用户名或密码不正确。" };
  }

  const token = crypto.randomBytes(32).toString("base64url");
  await database.transaction().execute(async (trx) => {
    await insertLoginAttempt(trx, { username: input.username, ip: input.ip, succeeded: true, attemptedAt });
    await insertSession(trx, {
      id: sha256(token),
      userId: user.id,
      csrfToken: crypto.randomBytes(24).toString("base64url"),
      createdAt: attemptedAt,
      expiresAt: new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    });
    await writeAudit(trx, {
      actor: { id: user.id, role: user.role },
      action: "login",
      entityType: "user",
      entityId: user.id,
      ip: input.ip,
    });
  });
  const cookie = await sessionCookie.serialize(token, { secure: input.https });
  return { ok: true, cookie, user: { id: user.id, role: user.role, scopeCode: user.scopeCode } };
}

export async function logout(request: Request, user: SignedInUser, ip: string): Promise<string> {
  const token = await readSessionToken(request);
  if (token) {
    await db.transaction().execute(async (trx) => {
      await deleteSession(trx, sha256(token));
      await writeAudit(trx, { actor: user, action: "logout", entityType: "user", entityId: user.id, ip });
    });
  }
  return sessionCookie.serialize("", { maxAge: 0, secure: isHttps(request) });
}

export { isHttps };
