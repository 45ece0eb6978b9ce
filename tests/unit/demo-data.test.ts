import { describe, expect, it } from "vitest";
import { generateDemoData, SCENARIO_COMMUNITY } from "../../db/demo-data";
import { planScopeDivisions } from "../../db/reference";
import { DOMAINS, FUNCTION_CATALOGUE } from "../../workflows/glossary";

const rows = planScopeDivisions();

describe("reference divisions", () => {
  it("cover the ten districts of 市区 with 143 streets and 2,470 communities and villages", () => {
    expect(new Set(rows.map((r) => r.districtCode)).size).toBe(10);
    expect(new Set(rows.map((r) => r.streetCode)).size).toBe(143);
    expect(rows).toHaveLength(2470);
    expect(rows.find((r) => r.communityCode === SCENARIO_COMMUNITY)?.communityName).toBe("清波门社区");
  });
});

describe("demo data", () => {
  const demo = generateDemoData(rows);

  it("is the same on every run", () => {
    expect(generateDemoData(rows)).toEqual(demo);
  });

  it("splits every community's households exactly over its 小区", () => {
    for (const { community, neighbourhoods } of demo) {
      expect(neighbourhoods.reduce((sum, n) => sum + n.households, 0)).toBe(community.households);
      expect(neighbourhoods.every((n) => n.households > 0)).toBe(true);
    }
  });

  it("gives facilities only known domains and functions, with office area inside the building", () => {
    for (const { facilities } of demo) {
      for (const f of facilities) {
        expect(DOMAINS).toContain(f.domain);
        for (const fn of f.functions) expect(FUNCTION_CATALOGUE[fn].domain).toBe(f.domain);
        expect(f.officeAreaM2).toBeLessThanOrEqual(f.areaM2);
      }
    }
  });

  it("keeps 清波门社区 as SCENARIOS.md describes it", () => {
    const qingbomen = demo[rows.findIndex((r) => r.communityCode === SCENARIO_COMMUNITY)].community;
    expect(qingbomen).toMatchObject({ households: 1900, developmentType: "existing", isPilot: true });
    expect(qingbomen.share60Plus).toBeGreaterThan(0.3);
  });

  it("chooses a plausible number of pilots across all ten districts", () => {
    const pilots = demo.filter((d) => d.community.isPilot);
    expect(pilots.length).toBeGreaterThanOrEqual(80);
    expect(new Set(pilots.map((p) => p.community.code.slice(0, 6))).size).toBe(10);
  });
});

describe("ids", () => {
  it("sort in the order they were made, even within one millisecond", async () => {
    const { newId } = await import("../../db/ids");
    const ids = Array.from({ length: 5000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
