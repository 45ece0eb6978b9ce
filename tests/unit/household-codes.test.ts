import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatHouseholdCode,
  generateHouseholdCodes,
  HOUSEHOLD_CODE_ALPHABET,
  isHouseholdCode,
  normaliseHouseholdCode,
} from "../../workflows/surveys/household-codes";
import { hashHouseholdCode, secureRandom } from "../../app/lib/survey-household-codes.server";
import { ensurePepperFile, MissingPepperError, pepperPath, readPepper } from "../../db/household-code-pepper";
import { seededRandom } from "../../workflows/surveys/sample-answers";

const SECRET = "test-secret-of-32-characters-abc";

describe("household codes for the printed slips", () => {
  it("prints 1,900 distinct codes for 清波门社区, grouped like K7QH-M2PX", () => {
    const codes = generateHouseholdCodes(1900, seededRandom(1));
    expect(codes).toHaveLength(1900);
    expect(new Set(codes).size).toBe(1900);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
  });

  it("never uses characters that are easy to misread: 0 O 1 I L U", () => {
    expect(HOUSEHOLD_CODE_ALPHABET).not.toMatch(/[0O1ILU]/);
    expect(generateHouseholdCodes(500, seededRandom(2)).join("")).not.toMatch(/[0O1ILU]/);
  });

  it("is repeatable with the same random source and differs with another", () => {
    expect(generateHouseholdCodes(20, seededRandom(3))).toEqual(generateHouseholdCodes(20, seededRandom(3)));
    expect(generateHouseholdCodes(20, seededRandom(3))).not.toEqual(generateHouseholdCodes(20, seededRandom(4)));
  });

  it("stays unique when the random source repeats itself, and says so when it only repeats", () => {
    const cycle = [0.1, 0.5, 0.9, 0.3, 0.7, 0.2, 0.6, 0.8, 0.4];
    let i = 0;
    const repetitive = () => cycle[i++ % cycle.length];
    const codes = generateHouseholdCodes(9, repetitive);
    expect(new Set(codes).size).toBe(9);
    expect(() => generateHouseholdCodes(2, () => 0.5)).toThrow(/repeating/);
  });

  it("refuses impossible requests and broken random sources", () => {
    expect(() => generateHouseholdCodes(-1, Math.random)).toThrow(RangeError);
    expect(() => generateHouseholdCodes(1.5, Math.random)).toThrow(RangeError);
    expect(() => generateHouseholdCodes(1, () => 1)).toThrow(/\[0, 1\)/);
    expect(generateHouseholdCodes(0, Math.random)).toEqual([]);
  });
});

describe("a code typed by a resident", () => {
  it("is understood in lower case, with spaces, dashes or a Chinese keyboard's full-width letters", () => {
    for (const typed of ["k7qh-m2px", " K7QH M2PX ", "K7QH—M2PX", "Ｋ７ＱＨ－Ｍ２ＰＸ", "k7qh_m2px", "K7QHM2PX"]) {
      expect(normaliseHouseholdCode(typed), typed).toBe("K7QHM2PX");
    }
  });

  it("maps a U, which is never printed, to the V it was read from", () => {
    expect(normaliseHouseholdCode("k7qu-m2px")).toBe("K7QVM2PX");
  });

  it("is recognised as a code only when it could have been printed", () => {
    expect(isHouseholdCode("k7qh-m2px")).toBe(true);
    expect(isHouseholdCode("K7QH-M2P")).toBe(false);
    expect(isHouseholdCode("K7QH-M2PXX")).toBe(false);
    expect(isHouseholdCode("K7QH-M2P0")).toBe(false);
    expect(isHouseholdCode("K7QH-M2PI")).toBe(false);
    expect(isHouseholdCode("清波门一号")).toBe(false);
  });

  it("round-trips: every printed code, however it is typed, normalises to the same compact code", () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, lower) => {
        const [printed] = generateHouseholdCodes(1, seededRandom(seed));
        const typed = lower ? printed.toLowerCase().replace("-", " ") : printed;
        expect(normaliseHouseholdCode(typed)).toBe(printed.replace("-", ""));
        expect(formatHouseholdCode(normaliseHouseholdCode(typed))).toBe(printed);
        expect(isHouseholdCode(typed)).toBe(true);
      }),
    );
  });
});

describe("storing codes", () => {
  it("stores an HMAC, the same for the printed and the typed form", () => {
    const hash = hashHouseholdCode("K7QH-M2PX", SECRET);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashHouseholdCode(" k7qh m2px", SECRET)).toBe(hash);
    expect(hash).not.toContain("K7QH");
  });

  it("gives a different hash for another code or another secret", () => {
    const hash = hashHouseholdCode("K7QH-M2PX", SECRET);
    expect(hashHouseholdCode("K7QH-M2PY", SECRET)).not.toBe(hash);
    expect(hashHouseholdCode("K7QH-M2PX", `${SECRET}-2026`)).not.toBe(hash);
  });

  it("mixes in a pepper kept outside the database: the salt in a dump is not enough to recompute a hash", () => {
    const pepperA = "a".repeat(43);
    const pepperB = "b".repeat(43);
    const hash = hashHouseholdCode("K7QH-M2PX", SECRET, pepperA);
    expect(hashHouseholdCode("K7QH-M2PX", SECRET, pepperB)).not.toBe(hash);
    expect(createHmac("sha256", SECRET).update("K7QHM2PX").digest("hex")).not.toBe(hash);
  });

  it("keeps the pepper in a file beside the database (or where HOUSEHOLD_CODE_PEPPER_FILE says); production never invents one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pepper-"));
    try {
      expect(pepperPath({ NODE_ENV: "test", DATABASE_URL: path.join(dir, "app.db") })).toBe(path.join(dir, "household-code-pepper"));
      const named = path.join(dir, "secrets", "pepper");
      const production = { NODE_ENV: "production" as const, HOUSEHOLD_CODE_PEPPER_FILE: named };
      expect(() => readPepper(production)).toThrow(MissingPepperError);
      expect(ensurePepperFile(named)).toBe(true);
      expect(ensurePepperFile(named)).toBe(false);
      expect(fs.statSync(named).mode & 0o077).toBe(0);
      expect(readPepper(production)).toHaveLength(43);
      const demo = { NODE_ENV: "test" as const, HOUSEHOLD_CODE_PEPPER_FILE: path.join(dir, "demo-pepper") };
      expect(readPepper(demo)).not.toBe(readPepper(production));
      expect(fs.existsSync(path.join(dir, "demo-pepper"))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a missing or short secret", () => {
    expect(() => hashHouseholdCode("K7QH-M2PX", "")).toThrow(/secret/);
    expect(() => hashHouseholdCode("K7QH-M2PX", "short")).toThrow(/secret/);
  });

  it("can draw codes from the operating system's secure random source", () => {
    for (let i = 0; i < 1000; i++) {
      const r = secureRandom();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    }
    expect(new Set(generateHouseholdCodes(100, secureRandom)).size).toBe(100);
  });
});
