import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  apportionByLargestRemainder,
  type DistrictTargetFacts,
  type MeasureProgress,
  PLAN_TARGETS,
  planTarget,
  TARGET_SETTINGS,
  type TargetProgressResult,
  targetProgress,
} from "../../workflows/targets";

const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(3, "0")}`);

/** 上城区: three streets, 湖滨 still without a hub; 12 communities, two not yet covered. */
const shangcheng: DistrictTargetFacts = {
  code: "330102",
  name: "上城区",
  inPlanScope: true,
  pilots: 9,
  pilotsCompleted: 4,
  hubsBuilt: 6,
  streets: [
    { code: "330102001", hasHub: true },
    { code: "330102003", hasHub: false },
    { code: "330102004", hasHub: true },
  ],
  communities: codes("330102001", 12).map((code, i) => ({ code, covered: i < 10 })),
};
/** 拱墅区: every street has a hub. */
const gongshu: DistrictTargetFacts = {
  code: "330105",
  name: "拱墅区",
  inPlanScope: true,
  pilots: 8,
  pilotsCompleted: 8,
  hubsBuilt: 8,
  streets: codes("330105", 3).map((code) => ({ code, hasHub: true })),
  communities: codes("330105001", 8).map((code) => ({ code, covered: true })),
};
/** 桐庐县: outside 市区, so only the 2027 citywide community target applies. */
const tonglu: DistrictTargetFacts = {
  code: "330122",
  name: "桐庐县",
  inPlanScope: false,
  pilots: 0,
  hubsBuilt: 1,
  streets: [
    { code: "330122001", hasHub: true },
    { code: "330122002", hasHub: false },
  ],
  communities: codes("330122001", 5).map((code, i) => ({ code, covered: i < 2 })),
};
const districts = [tonglu, shangcheng, gongshu];

function measure(list: readonly MeasureProgress[], key: MeasureProgress["measure"]): MeasureProgress {
  const found = list.find((m) => m.measure === key);
  if (!found) throw new Error(`no ${key} in ${list.map((m) => m.measure).join(", ")}`);
  return found;
}
function district(result: TargetProgressResult, code: string) {
  const found = result.districts.find((d) => d.code === code);
  if (!found) throw new Error(`no district ${code}`);
  return found;
}

describe("the plan's targets (二(二))", () => {
  it("2025: 80 pilots, 80 hubs, every street of 市区 covered; 2027: every community citywide covered", () => {
    expect(planTarget(2025)).toMatchObject({ pilots: 80, pilotMeasure: "selected", hubsBuilt: 80, streetsCovered: "all", communitiesCovered: null, clause: "二(二)" });
    expect(planTarget(2025).scope.streetsCovered).toBe("plan_scope");
    expect(planTarget(2027)).toMatchObject({ pilots: 80, pilotMeasure: "completed", communitiesCovered: "all" });
    expect(planTarget(2027).scope.communitiesCovered).toBe("citywide");
    expect(planTarget(2027).assumptions).toContain("方案未给出 2027 年共同体数量，沿用 2025 年的 80 个作为下限");
    expect(PLAN_TARGETS.map((t) => t.year)).toEqual([2025, 2027]);
    expect(() => planTarget(2030)).toThrow(RangeError);
  });

  it("the per-district split is marked as our default", () => {
    expect(TARGET_SETTINGS.apportionment).toMatchObject({ value: "communities", default: true });
  });
});

describe("scenario 4: 上城区's administrator checks the 2025 targets before a monthly meeting", () => {
  const result = targetProgress(planTarget(2025), { asOf: "2025-06-30", districts });

  it("city-wide: pilots and hubs of 市区 against 80, still 进行中 in June 2025", () => {
    expect(measure(result.city, "pilots")).toMatchObject({ value: 17, target: 80, share: 0.213, status: "进行中", targetBasis: "plan", defaultTarget: false });
    // 桐庐县's hub is outside 市区 and does not count toward 2025.
    expect(measure(result.city, "hubsBuilt")).toMatchObject({ value: 14, target: 80, status: "进行中" });
    expect(result.city.map((m) => m.measure)).toEqual(["pilots", "hubsBuilt", "streetsCovered"]);
  });

  it("lists the streets of 市区 still without a hub", () => {
    expect(measure(result.city, "streetsCovered")).toMatchObject({ value: 5, target: 6, share: 0.833, missing: ["330102003"] });
    expect(measure(district(result, "330102").measures, "streetsCovered")).toMatchObject({ value: 2, target: 3, missing: ["330102003"], status: "进行中" });
    expect(measure(district(result, "330105").measures, "streetsCovered")).toMatchObject({ value: 3, target: 3, missing: [], status: "达标" });
  });

  it("each district gets a share of the city's 80 by its share of communities (12 : 8 → 48 : 32), shown as 默认值", () => {
    const pilots = measure(district(result, "330102").measures, "pilots");
    expect(pilots).toMatchObject({ value: 9, target: 48, targetBasis: "apportioned", defaultTarget: true, status: "进行中" });
    expect(measure(district(result, "330105").measures, "hubsBuilt")).toMatchObject({ value: 8, target: 32 });
    expect(result.apportionment.rows.filter((r) => r.measure === "pilots")).toEqual([
      { district: "330102", measure: "pilots", communities: 12, share: 0.6, target: 48, basis: "apportioned" },
      { district: "330105", measure: "pilots", communities: 8, share: 0.4, target: 32, basis: "apportioned" },
    ]);
    expect(result.apportionment.default).toBe(true);
    expect(result.apportionment.description).toContain("最大余数法");
  });

  it("a district outside 市区 has no 2025 measures", () => {
    expect(district(result, "330122")).toMatchObject({ inPlanScope: false, measures: [] });
  });

  it("after the deadline, what is short becomes 未达标; what was met stays 达标", () => {
    const late = targetProgress(planTarget(2025), { asOf: "2026-01-15", districts });
    expect(measure(late.city, "pilots").status).toBe("未达标");
    expect(measure(late.city, "streetsCovered").status).toBe("未达标");
    expect(measure(district(late, "330105").measures, "streetsCovered").status).toBe("达标");
    const onTheDay = targetProgress(planTarget(2025), { asOf: "2025-12-31", districts });
    expect(measure(onTheDay.city, "pilots").status).toBe("进行中");
  });

  it("targets the city has assigned replace the split for that district; the rest share what is left", () => {
    const assigned = targetProgress(planTarget(2025), { asOf: "2025-06-30", districts }, { assigned: { "330102": { pilots: 20 } } });
    expect(measure(district(assigned, "330102").measures, "pilots")).toMatchObject({ target: 20, targetBasis: "assigned", defaultTarget: false });
    expect(measure(district(assigned, "330105").measures, "pilots")).toMatchObject({ target: 60, targetBasis: "apportioned" });
    // Hubs were not assigned: still split 48 : 32.
    expect(measure(district(assigned, "330102").measures, "hubsBuilt").target).toBe(48);
  });
});

describe("2027: every 村(社区) citywide covered", () => {
  it("counts communities in every district, 市区 or not, and lists those not covered", () => {
    const result = targetProgress(planTarget(2027), { asOf: "2027-03-31", districts });
    expect(measure(result.city, "communitiesCovered")).toMatchObject({ value: 20, target: 25, status: "进行中", scope: "citywide" });
    expect(measure(result.city, "communitiesCovered").missing).toEqual(["330102001011", "330102001012", "330122001003", "330122001004", "330122001005"]);
    expect(district(result, "330122").measures.map((m) => m.measure)).toEqual(["communitiesCovered"]);
    expect(measure(district(result, "330122").measures, "communitiesCovered")).toMatchObject({ value: 2, target: 5 });
  });

  it("pilots are counted when built; a district that has not reported is 暂无数据, not zero", () => {
    const result = targetProgress(planTarget(2027), { asOf: "2027-03-31", districts });
    expect(measure(result.city, "pilots")).toMatchObject({ label: "试点社区（建成）", value: 12, target: 80 });
    const { pilotsCompleted: _, ...silent } = shangcheng;
    const partial = targetProgress(planTarget(2027), { asOf: "2027-03-31", districts: [silent, gongshu] });
    expect(measure(partial.city, "pilots")).toMatchObject({ value: null, share: null, status: "暂无数据", note: "暂无数据：上城区未报送" });
    expect(measure(district(partial, "330102").measures, "pilots")).toMatchObject({ value: null, status: "暂无数据" });
    expect(measure(district(partial, "330105").measures, "pilots")).toMatchObject({ value: 8, status: "进行中" });
  });
});

describe("input checks", () => {
  it("refuses a date that is not YYYY-MM-DD and a district given twice", () => {
    expect(() => targetProgress(planTarget(2025), { asOf: "2025/06/30", districts })).toThrow(RangeError);
    expect(() => targetProgress(planTarget(2025), { asOf: "2025-06-30", districts: [gongshu, gongshu] })).toThrow(RangeError);
  });
});

describe("the apportionment", () => {
  it("hands leftover units to the largest remainders, equal remainders to the earlier code", () => {
    const three = apportionByLargestRemainder(80, [
      { code: "330106", weight: 1 },
      { code: "330102", weight: 1 },
      { code: "330105", weight: 1 },
    ]);
    expect(Object.fromEntries(three)).toEqual({ "330102": 27, "330105": 27, "330106": 26 });
    expect(Object.fromEntries(apportionByLargestRemainder(10, [{ code: "a", weight: 0 }]))).toEqual({ a: 0 });
  });

  it("always adds up to the total and gives each district its quota rounded down or up", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 14 }), (total, weights) => {
        const parts = weights.map((weight, i) => ({ code: `d${String(i).padStart(2, "0")}`, weight }));
        const split = apportionByLargestRemainder(total, parts);
        const sumWeights = weights.reduce((a, b) => a + b, 0);
        const sum = [...split.values()].reduce((a, b) => a + b, 0);
        expect(sum).toBe(sumWeights > 0 ? total : 0);
        for (const p of parts) {
          const quota = sumWeights > 0 ? (total * p.weight) / sumWeights : 0;
          const got = split.get(p.code) ?? -1;
          expect(got).toBeGreaterThanOrEqual(Math.floor(quota));
          expect(got).toBeLessThanOrEqual(Math.ceil(quota));
        }
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Properties

const districtArb = (code: string): fc.Arbitrary<DistrictTargetFacts> =>
  fc.record({
    code: fc.constant(code),
    name: fc.constant(`区${code}`),
    inPlanScope: fc.boolean(),
    pilots: fc.nat(30),
    pilotsCompleted: fc.option(fc.nat(30), { nil: undefined }),
    hubsBuilt: fc.nat(30),
    streets: fc.array(fc.boolean(), { maxLength: 6 }).map((flags) => flags.map((hasHub, i) => ({ code: `${code}${String(i).padStart(3, "0")}`, hasHub }))),
    communities: fc.array(fc.boolean(), { maxLength: 12 }).map((flags) => flags.map((covered, i) => ({ code: `${code}000${String(i).padStart(3, "0")}`, covered }))),
  }, { requiredKeys: ["code", "name", "inPlanScope", "pilots", "hubsBuilt", "streets", "communities"] });
const factsArb = fc
  .uniqueArray(fc.integer({ min: 330100, max: 330199 }), { minLength: 1, maxLength: 8 })
  .chain((ids) => fc.tuple(...ids.map((id) => districtArb(String(id)))));
const dateArb = fc.constantFrom("2024-12-01", "2025-12-31", "2026-01-01", "2027-12-31", "2028-01-01");

describe("target properties", () => {
  it("coverage: value + missing = target, the city's missing list is every district's, and the split adds up to the plan's figure", () => {
    fc.assert(
      fc.property(factsArb, fc.constantFrom(...PLAN_TARGETS), dateArb, (ds, targets, asOf) => {
        const result = targetProgress(targets, { asOf, districts: ds });
        for (const m of [...result.city, ...result.districts.flatMap((d) => d.measures)]) {
          if (m.missing) expect((m.value ?? 0) + m.missing.length).toBe(m.target);
          if (m.value !== null && m.value >= m.target) expect(m.status).toBe("达标");
          if (m.value !== null && m.value < m.target) expect(m.status).toBe(asOf > targets.deadline ? "未达标" : "进行中");
        }
        const cityMissing = measure(result.city, "streetsCovered").missing ?? [];
        const districtMissing = result.districts.flatMap((d) => d.measures.filter((m) => m.measure === "streetsCovered").flatMap((m) => m.missing ?? []));
        expect([...districtMissing].sort()).toEqual(cityMissing);
        for (const key of ["pilots", "hubsBuilt"] as const) {
          const rows = result.apportionment.rows.filter((r) => r.measure === key);
          const communities = rows.reduce((sum, r) => sum + r.communities, 0);
          expect(rows.reduce((sum, r) => sum + r.target, 0)).toBe(communities > 0 ? targets[key] : 0);
        }
      }),
    );
  });

  it("more coverage never makes a status worse", () => {
    const order = { 暂无数据: 0, 未达标: 1, 进行中: 2, 达标: 3 } as const;
    fc.assert(
      fc.property(factsArb, dateArb, (ds, asOf) => {
        const before = targetProgress(planTarget(2027), { asOf, districts: ds });
        const covered = ds.map((d) => ({ ...d, streets: d.streets.map((s) => ({ ...s, hasHub: true })), communities: d.communities.map((c) => ({ ...c, covered: true })) }));
        const after = targetProgress(planTarget(2027), { asOf, districts: covered });
        for (const key of ["streetsCovered", "communitiesCovered"] as const) {
          expect(measure(after.city, key).status).toBe("达标");
          expect(order[measure(after.city, key).status]).toBeGreaterThanOrEqual(order[measure(before.city, key).status]);
        }
      }),
    );
  });
});
