import { describe, expect, it } from "vitest";
import { setAccountActive } from "../../app/lib/accounts.server";
import { login } from "../../app/lib/sign-in.server";
import { sha256 } from "../../app/lib/session-cookie.server";
import { findAccount, findSessionUser } from "../../db/repositories/users";
import { DEMO_PASSWORD } from "../../db/seed";
import { CONSOLE_ACTOR } from "../../workflows/permissions";
import { databasePerTest } from "../support/database";

const t = databasePerTest();

const attempt = (username: string, password: string, ip: string) => login(t.db, { username, password, ip, https: false });

async function failedChecks(username: string): Promise<number> {
  const row = await t.db
    .selectFrom("login_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("username", "=", username)
    .where("succeeded", "=", 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("signing in", () => {
  it("gives a session to the right password and a plain refusal to a wrong one or an unknown name", async () => {
    const ok = await attempt("wang.laoshi", DEMO_PASSWORD, "10.0.0.1");
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.cookie).toMatch(/HttpOnly/i);
    expect(await attempt("wang.laoshi", "wrong", "10.0.0.1")).toEqual({ ok: false, status: 400, message: "用户名或密码不正确。" });
    expect(await attempt("nobody.here", "wrong", "10.0.0.1")).toEqual({ ok: false, status: 400, message: "用户名或密码不正确。" });
  });

  it("marks the cookie Secure behind HTTPS and remembers the last sign-in", async () => {
    const ok = await login(t.db, { username: "city.admin", password: DEMO_PASSWORD, ip: "10.0.0.4", https: true });
    expect(ok.ok && ok.cookie).toMatch(/Secure/);
    const account = ok.ok ? await findAccount(t.db, ok.user.id) : null;
    expect(account?.lastLoginAt).toBeTruthy();
  });

  it("checks at most 5 of 50 concurrent wrong passwords for one username from one address; the rest wait with 429", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt("chen.kezhang", `guess-${i}`, "10.0.0.2")));
    const checked = results.filter((r) => !r.ok && r.status === 400);
    const throttled = results.filter((r) => !r.ok && r.status === 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.length + throttled.length).toBe(50);
    expect(await failedChecks("chen.kezhang")).toBe(checked.length);
    for (const r of throttled) {
      expect(r).toMatchObject({ status: 429, message: expect.stringMatching(/登录尝试过于频繁，请 \d+ 秒后再试/) });
      if (!r.ok && r.status === 429) expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
  });

  it("cannot lock someone else out: the right password from another address still signs in", async () => {
    for (let i = 0; i < 6; i++) await attempt("chen.kezhang", `guess-${i}`, "203.0.113.7");
    expect(await attempt("chen.kezhang", DEMO_PASSWORD, "203.0.113.7")).toMatchObject({ ok: false, status: 429 });
    expect(await attempt("chen.kezhang", DEMO_PASSWORD, "10.20.30.40")).toMatchObject({ ok: true });
  });

  it("slows down an address that tries many usernames, not the usernames elsewhere", async () => {
    for (let i = 0; i < 50; i++) expect(await attempt(`probe.${i}`, "guess", "198.51.100.9")).toMatchObject({ status: 400 });
    expect(await attempt("probe.50", "guess", "198.51.100.9")).toMatchObject({ status: 429 });
    expect(await attempt("wang.laoshi", DEMO_PASSWORD, "10.0.0.8")).toMatchObject({ ok: true });
  });

  it("takes as long for an unknown username as for a wrong password (medians of 20 within ±30 %)", async () => {
    const time = async (username: string, ip: string) => {
      const started = performance.now();
      const result = await attempt(username, "not-the-password", ip);
      expect(result).toMatchObject({ status: 400 });
      return performance.now() - started;
    };
    await time("wang.laoshi", "10.1.0.1"); // warm up: the dummy hash is made on first use
    await time("no.such.user", "10.1.0.2");
    const wrong: number[] = [];
    const unknown: number[] = [];
    // Alternating order (ABBA) so that a machine growing busier or quieter weighs on both alike.
    for (let i = 0; i < 20; i++) {
      const measureWrong = () => time("wang.laoshi", `10.2.${i}.1`).then((ms) => wrong.push(ms));
      const measureUnknown = () => time(`no.such.user.${i}`, `10.3.${i}.1`).then((ms) => unknown.push(ms));
      if (i % 2 === 0) {
        await measureWrong();
        await measureUnknown();
      } else {
        await measureUnknown();
        await measureWrong();
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const ratio = median(unknown) / median(wrong);
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms, wrong ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.3);
  });

  it("refuses a disabled account, and a disabled account's open session ends at once", async () => {
    const ok = await attempt("wang.laoshi", DEMO_PASSWORD, "10.0.0.5");
    if (!ok.ok) throw new Error("sign-in failed");
    const token = decodeURIComponent(ok.cookie.split(";")[0].split("=")[1]);
    const sessionId = sha256(JSON.parse(Buffer.from(token, "base64").toString("utf8")) as string);
    expect(await findSessionUser(t.db, sessionId, new Date().toISOString())).not.toBeNull();
    const account = await findAccount(t.db, ok.user.id);
    const disabled = await setAccountActive(t.db, { actor: CONSOLE_ACTOR, ip: null }, { userId: ok.user.id, expectedVersion: account!.version, active: false });
    expect(disabled).toMatchObject({ ok: true, endedSessions: 1 });
    expect(await findSessionUser(t.db, sessionId, new Date().toISOString())).toBeNull();
    expect(await attempt("wang.laoshi", DEMO_PASSWORD, "10.0.0.5")).toMatchObject({ ok: false, status: 400 });
  });

  it("purges expired sessions and old sign-in attempts when someone signs in", async () => {
    const user = await t.db.selectFrom("users").select("id").where("username", "=", "city.admin").executeTakeFirstOrThrow();
    await t.db
      .insertInto("sessions")
      .values({ id: "stale", user_id: user.id, csrf_token: "x", created_at: "2020-01-01T00:00:00.000Z", expires_at: "2020-01-01T12:00:00.000Z", ip: null, user_agent: null })
      .execute();
    await t.db.insertInto("login_attempts").values({ username: "city.admin", ip: "10.0.0.1", succeeded: 0, attempted_at: "2020-01-01T00:00:00.000Z" }).execute();
    expect(await attempt("city.admin", DEMO_PASSWORD, "10.0.0.6")).toMatchObject({ ok: true });
    expect(await t.db.selectFrom("sessions").select("id").where("id", "=", "stale").executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom("login_attempts").select("id").where("attempted_at", "<", "2021-01-01").executeTakeFirst()).toBeUndefined();
  });
});
