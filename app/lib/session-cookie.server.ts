// The session cookie: a random token, stored only as its sha256 (sessions.id), so a leaked
// database does not leak live sessions.
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";

export const SESSION_HOURS = 12;

const sessionCookie = createCookie("sid", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: SESSION_HOURS * 3600,
});

export function sha256(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function sessionCookieFor(token: string, secure: boolean): Promise<string> {
  return sessionCookie.serialize(token, { secure });
}

export function clearedSessionCookie(secure: boolean): Promise<string> {
  return sessionCookie.serialize("", { maxAge: 0, secure });
}

export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}
