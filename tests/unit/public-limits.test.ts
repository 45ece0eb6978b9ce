import { describe, expect, it } from "vitest";
import { clientAddress, trustProxyFromEnv } from "../../app/lib/client-address.server";
import { isIssuedDeviceId, issueDeviceId } from "../../app/lib/device-ids.server";
import { admitUnderLimits, PUBLIC_LIMIT_SETTINGS, publicLimitSettingsProblem, waitLabel } from "../../workflows/public-limits";
import { applySettingOverrides } from "../../workflows/setting-overrides";
import type { IncomingMessage } from "node:http";

const at = (iso: string) => new Date(iso);
const limit = { max: 3, windowMinutes: 30 };

describe("the public endpoint's limit decision", () => {
  it("admits up to the limit in one window, then says how long until the window ends", () => {
    let row = null as { count: number; windowStartedAt: string } | null;
    for (let i = 0; i < 3; i++) {
      const decision = admitUnderLimits([{ row, limit }], at(`2026-12-06T10:0${i}:00Z`));
      expect(decision.admitted).toBe(true);
      if (decision.admitted) row = decision.counters[0];
    }
    expect(row).toEqual({ count: 3, windowStartedAt: "2026-12-06T10:00:00.000Z" });
    expect(admitUnderLimits([{ row, limit }], at("2026-12-06T10:10:00Z"))).toEqual({ admitted: false, retryAfterSeconds: 20 * 60 });
    // The window over, a new one starts at 1.
    expect(admitUnderLimits([{ row, limit }], at("2026-12-06T10:30:00Z"))).toEqual({ admitted: true, counters: [{ count: 1, windowStartedAt: "2026-12-06T10:30:00.000Z" }] });
  });

  it("refuses when any one limit is full (a survey's failed codes, or the address's over all surveys), waiting for the later window", () => {
    const full = { count: 3, windowStartedAt: "2026-12-06T10:05:00.000Z" };
    const open = { count: 1, windowStartedAt: "2026-12-06T10:00:00.000Z" };
    expect(admitUnderLimits([{ row: open, limit }, { row: full, limit }], at("2026-12-06T10:20:00Z"))).toEqual({ admitted: false, retryAfterSeconds: 15 * 60 });
    expect(admitUnderLimits([{ row: open, limit }, { row: null, limit }], at("2026-12-06T10:20:00Z"))).toMatchObject({ admitted: true, counters: [{ count: 2 }, { count: 1 }] });
  });

  it("tells residents the wait in seconds or whole minutes", () => {
    expect(waitLabel(45)).toBe("45 秒");
    expect(waitLabel(61)).toBe("2 分钟");
  });

  it("has defaults that pass their own check, and refuses an overall code limit below the per-survey one", () => {
    expect(publicLimitSettingsProblem(PUBLIC_LIMIT_SETTINGS)).toBeNull();
    const lowered = applySettingOverrides("public-limits", PUBLIC_LIMIT_SETTINGS, { "public-limits.householdCodes.maxFailuresOverall": 5 }, publicLimitSettingsProblem);
    expect(lowered).toEqual({ ok: false, message: expect.stringContaining("合计上限不能小于") });
  });
});

describe("device ids", () => {
  const pepper = "p".repeat(40);
  it("are accepted only as the server signed them", () => {
    const id = issueDeviceId(pepper);
    expect(isIssuedDeviceId(id, pepper)).toBe(true);
    expect(isIssuedDeviceId(issueDeviceId("q".repeat(40)), pepper)).toBe(false);
    const flipped = id.slice(0, 30) + (id[30] === "A" ? "B" : "A") + id.slice(31);
    expect(isIssuedDeviceId(flipped, pepper)).toBe(false);
    // What phones made up before: 32 hex characters.
    expect(isIssuedDeviceId("0123456789abcdef0123456789abcdef", pepper)).toBe(false);
    expect(isIssuedDeviceId({ toString: () => id }, pepper)).toBe(false);
  });
});

describe("the client address", () => {
  const request = (socket: string, forwarded?: string) => ({ socket: { remoteAddress: socket }, headers: forwarded ? { "x-forwarded-for": forwarded } : {} }) as unknown as IncomingMessage;

  it("is the socket's unless a trusted proxy passed it on", () => {
    const byDefault = trustProxyFromEnv(undefined);
    expect(clientAddress(request("203.0.113.5", "10.0.0.1"), byDefault)).toBe("203.0.113.5");
    expect(clientAddress(request("::ffff:127.0.0.1", "198.51.100.7"), byDefault)).toBe("198.51.100.7");
  });

  it("behind nginx (TRUST_PROXY=1) is the address nginx appended, not one the client wrote itself", () => {
    const oneHop = trustProxyFromEnv("1");
    expect(clientAddress(request("127.0.0.1", "6.6.6.6, 198.51.100.7"), oneHop)).toBe("198.51.100.7");
    expect(clientAddress(request("127.0.0.1"), oneHop)).toBe("127.0.0.1");
  });
});
