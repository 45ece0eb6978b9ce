// Who is signed in, for every request: the session behind the cookie (a disabled account's
// sessions stop working at once: findSessionUser reads `active` every time), the CSRF token
// of state-changing requests, and a forced password change. Signing in: sign-in.server.ts.
import { redirect } from "@remix-run/node";
import { nowIso } from "../../db/clock";
import { writeAudit } from "../../db/repositories/audit";
import { deleteSession, findSessionUser, type SessionUser } from "../../db/repositories/users";
import { ROLES } from "../../workflows/glossary";
import { can, type Action, isInScope, PERMISSION_REFUSALS, type Place, scopeFilter } from "../../workflows/permissions";
import { db } from "./db.server";
import { forbidden, notFound } from "./http.server";
import { clearedSessionCookie, isHttps, readSessionToken, safeEqual, sha256 } from "./session-cookie.server";

export type SignedInUser = SessionUser;

/** Where a user whose password must be replaced is sent, whatever they asked for. */
export const PASSWORD_PAGE = "/account/password";

export async function getUser(request: Request): Promise<SignedInUser | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const user = await findSessionUser(db, sha256(token), nowIso());
  return user && (ROLES as readonly string[]).includes(user.role) ? user : null;
}

export interface UserOptions {
  /** The password page itself (and sign-out) stay open while a new password is due. */
  passwordChangeDue?: "allow";
}

export async function requireUser(request: Request, options: UserOptions = {}): Promise<SignedInUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  if (user.mustChangePassword && options.passwordChangeDue !== "allow") throw redirect(PASSWORD_PAGE);
  return user;
}

export interface GuardOptions {
  /** The submitted form of a state-changing request: its CSRF token is checked. */
  form?: FormData;
  clientIp?: string;
}

/**
 * The signed-in user, if they may do `action` at `place`. A place outside their scope answers
 * 404, as if it did not exist, so a page does not tell who may see which places; a page of
 * their own place that their role may not use answers 403. A refused attempt to change
 * something is kept in the audit log; refused reads are not.
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
  throw isPlaceOutOfScope(user, place) ? notFound() : forbidden();
}

/** A named place (not the city as a whole) that lies outside the user's scope. */
function isPlaceOutOfScope(user: SignedInUser, place: Place): boolean {
  const named = place.communityCode ?? place.streetCode ?? place.districtCode;
  return named !== undefined && !isInScope(user, place);
}

/** The account pages of 区级 and 市级管理员: their own scope is where they are checked. */
export async function requireAccountAdmin(request: Request, options: GuardOptions = {}): Promise<SignedInUser> {
  const user = options.form ? await requireActionUser(request, options.form) : await requireUser(request);
  if (can(user, "view:accounts", scopeFilter(user))) return user;
  throw forbidden(PERMISSION_REFUSALS["view:accounts"]);
}

/**
 * For every state-changing request: the user, with the form's CSRF token checked
 * against the session's. Read the form once and pass it in.
 */
export async function requireActionUser(request: Request, form: FormData, options: UserOptions = {}): Promise<SignedInUser> {
  const user = await requireUser(request, options);
  const sent = form.get("_csrf") ?? request.headers.get("X-CSRF-Token");
  if (typeof sent !== "string" || !safeEqual(sent, user.csrfToken)) {
    throw forbidden("页面已过期或请求来源不明，请刷新页面后重试。");
  }
  return user;
}

export async function logout(request: Request, user: SignedInUser, ip: string): Promise<string> {
  const token = await readSessionToken(request);
  if (token) {
    await db.transaction().execute(async (trx) => {
      await deleteSession(trx, sha256(token));
      await writeAudit(trx, { actor: user, action: "logout", entityType: "user", entityId: user.id, ip });
    });
  }
  return clearedSessionCookie(isHttps(request));
}

export { isHttps };
