import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/lib/redirects";
import { accountAction, grantableRoles, passwordProblem, roleFromText, scopePlace, scopeShapeProblem } from "../../workflows/accounts";
import { admitAttempt, afterSuccess, delaySeconds, type ThrottleRow } from "../../workflows/login-throttle";
import { type Actor, can } from "../../workflows/permissions";

const districtAdmin: Actor = { id: "d", role: "district_admin", scopeCode: "330102" };
const cityAdmin: Actor = { id: "c", role: "city_admin", scopeCode: null };
const notCommon = () => false;

describe("who may manage which account", () => {
  it("a 区级管理员 manages the street reviewers and community workers of their district only", () => {
    expect(can(districtAdmin, accountAction("community_worker"), scopePlace("330102001051"))).toBe(true);
    expect(can(districtAdmin, accountAction("street_reviewer"), scopePlace("330102001"))).toBe(true);
    expect(can(districtAdmin, accountAction("community_worker"), scopePlace("330105001001"))).toBe(false);
    expect(can(districtAdmin, accountAction("district_admin"), scopePlace("330102"))).toBe(false);
    expect(can(districtAdmin, accountAction("city_admin"), scopePlace(null))).toBe(false);
    expect(grantableRoles(districtAdmin)).toEqual(["street_reviewer", "community_worker"]);
  });

  it("the 市级管理员 manages everyone", () => {
    expect(can(cityAdmin, accountAction("city_admin"), scopePlace(null))).toBe(true);
    expect(can(cityAdmin, accountAction("district_admin"), scopePlace("330105"))).toBe(true);
    expect(grantableRoles(cityAdmin)).toHaveLength(4);
  });

  it("reads a role from its Chinese name or its code, and checks the scope's shape per role", () => {
    expect(roleFromText(" 社区工作者 ")).toBe("community_worker");
    expect(roleFromText("STREET_REVIEWER")).toBe("street_reviewer");
    expect(roleFromText("管理员")).toBeNull();
    expect(scopeShapeProblem("community_worker", "330102001051")).toBeNull();
    expect(scopeShapeProblem("community_worker", "330102001")).toMatch(/12 位/);
    expect(scopeShapeProblem("city_admin", "330102")).toMatch(/留空/);
    expect(scopeShapeProblem("district_admin", null)).toMatch(/6 位/);
  });
});

describe("password rules", () => {
  it("want at least 10 characters, not the username, not a common password", () => {
    expect(passwordProblem("short-1", "wang.wei", notCommon)).toMatch(/至少需要 10 个字符/);
    expect(passwordProblem("wang.wei-2026!", "wang.wei", notCommon)).toMatch(/用户名/);
    expect(passwordProblem("aaaaaaaaaaaa", "wang.wei", notCommon)).toMatch(/过于简单/);
    expect(passwordProblem("1qaz2wsx3edc", "wang.wei", (p) => p === "1qaz2wsx3edc")).toMatch(/太常见/);
    expect(passwordProblem("Qingbo-Gate-7531", "wang.wei", notCommon)).toBeNull();
  });
});

describe("sign-in throttling", () => {
  const t0 = new Date("2026-12-05T08:00:00Z");
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  function attempt(rows: { pair: ThrottleRow | null; address: ThrottleRow | null }, when: Date) {
    const decision = admitAttempt(rows, when);
    return { decision, rows: decision.admitted ? { pair: decision.pair, address: decision.address } : rows };
  }

  it("lets five attempts through at once, then makes the next wait 1 s, 2 s, 4 s …", () => {
    let rows: { pair: ThrottleRow | null; address: ThrottleRow | null } = { pair: null, address: null };
    for (let i = 0; i < 5; i++) {
      const next = attempt(rows, t0);
      expect(next.decision.admitted).toBe(true);
      rows = next.rows;
    }
    expect(admitAttempt(rows, t0)).toEqual({ admitted: false, retryAfterSeconds: 1 });
    rows = attempt(rows, at(1)).rows;
    expect(admitAttempt(rows, at(2))).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(admitAttempt(rows, at(3)).admitted).toBe(true);
    expect([1, 2, 3, 11, 30].map(delaySeconds)).toEqual([1, 2, 4, 600, 600]);
  });

  it("forgets an address that stayed quiet for an hour, and a success gives back the address's attempt", () => {
    const busy: ThrottleRow = { failures: 60, nextAllowedAt: at(600).toISOString(), updatedAt: t0.toISOString() };
    expect(admitAttempt({ pair: null, address: busy }, at(60)).admitted).toBe(false);
    expect(admitAttempt({ pair: null, address: busy }, at(3601)).admitted).toBe(true);
    expect(afterSuccess({ ...busy, failures: 3 }, t0).failures).toBe(2);
  });
});

describe("where a user goes after signing in", () => {
  it("only to a path on this site; anything else falls back to the home page", () => {
    const home = "/communities/330102001051";
    expect(safeRedirect("/communities/330102001051/surveys?tab=1#x", home)).toBe("/communities/330102001051/surveys?tab=1#x");
    for (const hostile of ["/\\evil.example", "//evil.example", "https://evil.example/", "/\t/evil.example", "/login", "javascript:alert(1)", "", undefined, "/a\nb"]) {
      expect(safeRedirect(hostile, home), JSON.stringify(hostile)).toBe(home);
    }
    // An encoded newline is only a path on this site.
    expect(safeRedirect("/%0a", home)).toBe("/%0a");
  });
});
