// Signing in: throttled atomically per (username, address) and per address
// (workflows/login-throttle.ts), the same work for an unknown username as for a wrong
// password, a CSRF token on the sign-in form, and housekeeping of old sessions and attempts.
import { createCookie } from "@remix-run/node";
import type { Kysely } from "kysely";
import { now } from "../../db/clock";
import { writeAudit } from "../../db/repositories/audit";
import {
  deleteThrottle,
  insertLoginAttempt,
  lockAddress,
  purgeSignIns,
  readThrottles,
  saveThrottle,
} from "../../db/repositories/sign-ins";
import { findCredentials, insertSession, purgeExpiredSessions, recordSignIn } from "../../db/repositories/users";
import type { Database } from "../../db/schema";
import type { Role } from "../../workflows/glossary";
import { admitAttempt, afterSuccess } from "../../workflows/login-throttle";
import { dummyPasswordHash, verifyPassword } from "./passwords.server";
import { randomToken, safeEqual, SESSION_HOURS, sessionCookieFor, sha256 } from "./session-cookie.server";

const KEEP_ATTEMPTS_DAYS = 90;

// Made as the module loads, so not even the first unknown username pays for making it.
void dummyPasswordHash();

export type LoginResult =
  | { ok: true; cookie: string; user: { id: string; role: Role; scopeCode: string | null }; mustChangePassword: boolean }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

export const WRONG_CREDENTIALS = "用户名或密码不正确。";

const pairKey = (username: string, ip: string) => `user:${ip}:${username}`;
const addressKey = (ip: string) => `address:${ip}`;

/** Reserves the right to check one attempt, or says how long to wait; one at a time per address. */
async function admit(db: Kysely<Database>, username: string, ip: string, at: Date) {
  return db.transaction().execute(async (trx) => {
    await lockAddress(trx, ip);
    const rows = await readThrottles(trx, [pairKey(username, ip), addressKey(ip)]);
    const decision = admitAttempt({ pair: rows.get(pairKey(username, ip)) ?? null, address: rows.get(addressKey(ip)) ?? null }, at);
    if (decision.admitted) {
      await saveThrottle(trx, pairKey(username, ip), username, decision.pair);
      await saveThrottle(trx, addressKey(ip), null, decision.address);
    }
    return decision;
  });
}

export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; ip: string; https: boolean; userAgent?: string | null },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const at = now();
  const admission = await admit(db, username, input.ip, at);
  if (!admission.admitted) {
    const wait = admission.retryAfterSeconds;
    return {
      ok: false,
      status: 429,
      retryAfterSeconds: wait,
      message: `登录尝试过于频繁，请 ${wait >= 60 ? `${Math.ceil(wait / 60)} 分钟` : `${wait} 秒`}后再试。如忘记密码，请联系管理员重置。`,
    };
  }

  // Unknown and disabled accounts are verified too (against a hash nothing matches), so the
  // answer takes as long as for a wrong password and tells an outsider nothing.
  const user = await findCredentials(db, username);
  const matches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const attemptedAt = at.toISOString();
  if (!user || !user.active || !matches) {
    await insertLoginAttempt(db, { username, ip: input.ip, succeeded: false, attemptedAt });
    return { ok: false, status: 400, message: WRONG_CREDENTIALS };
  }

  const token = randomToken();
  await db.transaction().execute(async (trx) => {
    await lockAddress(trx, input.ip);
    await deleteThrottle(trx, pairKey(username, input.ip));
    const address = (await readThrottles(trx, [addressKey(input.ip)])).get(addressKey(input.ip));
    if (address) await saveThrottle(trx, addressKey(input.ip), null, afterSuccess(address, at));
    await insertLoginAttempt(trx, { username, ip: input.ip, succeeded: true, attemptedAt });
    await insertSession(trx, {
      id: sha256(token),
      userId: user.id,
      csrfToken: randomToken(24),
      createdAt: attemptedAt,
      expiresAt: new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString(),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 200) ?? null,
    });
    await recordSignIn(trx, user.id, attemptedAt);
    await writeAudit(trx, { actor: { id: user.id, role: user.role }, action: "login", entityType: "user", entityId: user.id, ip: input.ip });
    await purgeExpiredSessions(trx, attemptedAt);
    await purgeSignIns(trx, {
      attemptsBefore: new Date(at.getTime() - KEEP_ATTEMPTS_DAYS * 86_400_000).toISOString(),
      throttlesBefore: new Date(at.getTime() - 86_400_000).toISOString(),
    });
  });
  return {
    ok: true,
    cookie: await sessionCookieFor(token, input.https),
    user: { id: user.id, role: user.role, scopeCode: user.scopeCode },
    mustChangePassword: user.mustChangePassword,
  };
}

// The sign-in form's CSRF token: there is no session yet, so a double-submit cookie. A page
// on another site can neither read it nor send it (SameSite=Lax, httpOnly).
const signInCookie = createCookie("signin_csrf", { httpOnly: true, sameSite: "lax", path: "/" });

/** The token for the form, and the Set-Cookie header when the browser has none yet. */
export async function signInToken(request: Request, secure: boolean): Promise<{ token: string; setCookie: string | null }> {
  const existing: unknown = await signInCookie.parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing, setCookie: null };
  const token = randomToken();
  return { token, setCookie: await signInCookie.serialize(token, { secure }) };
}

/**
 * Null when the sign-in form came from our own page; otherwise why not (a 403). A cross-site
 * or opaque (`Origin: null`) origin is refused before the token is even read.
 */
export async function signInRequestProblem(request: Request, form: FormData): Promise<string | null> {
  const origin = request.headers.get("Origin");
  if (origin !== null && origin !== new URL(request.url).origin && !sameHost(origin, request)) return "请求来源不被允许，请在本系统的登录页面登录。";
  const cookie: unknown = await signInCookie.parse(request.headers.get("Cookie"));
  const sent = form.get("_csrf");
  if (typeof cookie !== "string" || typeof sent !== "string" || !safeEqual(cookie, sent)) return "登录页面已过期，请刷新页面后重新登录。";
  return null;
}

function sameHost(origin: string, request: Request): boolean {
  try {
    return new URL(origin).host === (request.headers.get("Host") ?? new URL(request.url).host);
  } catch {
    return false;
  }
}
