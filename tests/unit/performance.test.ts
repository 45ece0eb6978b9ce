import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  flaggedForNextRound,
  meanPerformanceScore,
  type MonthlyFigures,
  type PerformanceInput,
  PerformanceInputSchema,
  reviewPerformance,
  usageBenchmark,
} from "../../workflows/performance";
import { listPerformanceSettings, PERFORMANCE_SETTINGS, type PerformanceSettings, withPerformanceSettings } from "../../workflows/performance-settings";
import { DOMAINS, functionsOfDomain, SERVICE_LEVELS } from "../../workflows/glossary";

// 清波门社区: about 1,900 households, a third of residents over 60 (SCENARIOS 1 and 5).
const QINGBOMEN = { code: "330102001051", households: 1900, share60Plus: 0.33, shareChildren: 0.1 };
const SIX_MONTHS = ["2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06"];

function months(list: readonly string[], figures: Omit<MonthlyFigures, "month">): MonthlyFigures[] {
  return list.map((month) => ({ ...figures, month }));
}

/** 老年食堂: busy every day of the month. */
const canteen: PerformanceInput = {
  subject: {
    facilityId: "f-canteen",
    facilityName: "清波门老年食堂",
    domain: "meal_assist",
    function: "community_canteen",
    areaM2: 400,
    serviceLevel: "basic",
  },
  community: QINGBOMEN,
  months: months(SIX_MONTHS, { visits: 5200, peopleServed: 280, hoursOpen: 300, income: 60_000, subsidy: 15_000, operatingCost: 80_000 }),
  satisfaction: { mean: 4.6, respondents: 85 },
};

/** 儿童之家: open twice a week, a dozen children a month. */
const childrensHome: PerformanceInput = {
  subject: {
    facilityId: "f-kids",
    facilityName: "清波门儿童之家",
    domain: "children_play",
    function: "child_friendly_space",
    areaM2: 150,
    serviceLevel: "basic",
  },
  community: QINGBOMEN,
  months: months(SIX_MONTHS, { visits: 30, peopleServed: 12, hoursOpen: 24, income: 0, subsidy: 3000 }),
  satisfaction: { mean: 2.4, respondents: 31 },
};

/** Only usage counts: score = 100 × people served ÷ 1,200 for a 文化休闲 room in 10,000 households. */
function usageOnly(): PerformanceSettings {
  const result = withPerformanceSettings({ "performance.weights.satisfaction": 0, "performance.weights.cost": 0, "performance.weights.usage": 1 });
  if (!result.ok) throw new Error(result.message);
  return result.settings;
}
function activityRoom(peopleServed: number, serviceLevel: "basic" | "non_basic" = "basic"): PerformanceInput {
  return {
    subject: { facilityId: "f-room", facilityName: "多功能活动室", domain: "culture_leisure", areaM2: 100, serviceLevel },
    community: { households: 10_000 },
    months: months(SIX_MONTHS.slice(0, 3), { visits: peopleServed * 2, peopleServed, hoursOpen: 200, income: 0, subsidy: 0 }),
  };
}

describe("scenario 5: six months after opening", () => {
  it("the busy, well-rated 老年食堂 is not flagged and keeps its full subsidy", () => {
    const result = reviewPerformance(canteen);
    expect(result.rated).toBe(true);
    expect(result.period).toEqual({ from: "2027-01", to: "2027-06", months: SIX_MONTHS });
    expect(result.components.usage.score).toBe(100);
    expect(result.components.satisfaction.score).toBe(90);
    expect(result.components.cost.score).toBe(100);
    expect(result.score).toBe(97);
    expect(result.adjust).toEqual({ flagged: false, reasons: [] });
    // 400 m² × 200 元/m²·年 at 100 %.
    expect(result.suggestedSubsidy).toMatchObject({ eligible: true, base: 80_000, factor: 1, amount: 80_000, band: "≥ 85 分" });
    expect(result.suggestedSubsidy.currentAnnual).toBe(180_000);
  });

  it("the 儿童之家 used twice a week and rated poorly is flagged for adjustment, with the reasons", () => {
    const result = reviewPerformance(childrensHome);
    expect(result.adjust.flagged).toBe(true);
    expect(result.adjust.reasons.map((r) => r.code)).toEqual(["low_usage", "poor_satisfaction", "low_score"]);
    const lowUsage = result.adjust.reasons[0];
    expect(lowUsage.months).toEqual(["2027-04", "2027-05", "2027-06"]);
    expect(lowUsage.message).toContain("连续 3 个月");
    expect(result.adjust.reasons[1].message).toBe("居民满意度偏低：2.4 分（31 人评价），低于 3 分");
    expect(result.score).toBeLessThan(60);
  });

  it("the 儿童之家's suggested subsidy follows its score: none, and 建议整改", () => {
    const { suggestedSubsidy, score } = reviewPerformance(childrensHome);
    expect(suggestedSubsidy).toMatchObject({ eligible: true, base: 18_000, factor: 0, amount: 0, band: "< 60 分" });
    expect(suggestedSubsidy.note).toBe(`综合得分 ${score} 分（< 60 分），建议整改；整改前不予补贴`);
  });

  it("the next round starts with the flagged 儿童之家 carried over, and only that", () => {
    const carried = flaggedForNextRound([reviewPerformance(canteen), reviewPerformance(childrensHome)]);
    expect(carried).toHaveLength(1);
    expect(carried[0]).toMatchObject({ kind: "flagged_function", domain: "children_play", title: "清波门儿童之家 · 儿童友好空间" });
    expect(carried[0].reason).toContain("服务需求少");
    expect(carried[0].reason).toContain("居民满意度偏低");
  });

  it("the community's operating performance for the ranking is the mean of its rated functions", () => {
    const results = [reviewPerformance(canteen), reviewPerformance(childrensHome), reviewPerformance({ ...canteen, months: canteen.months.slice(0, 2) })];
    const [a, b] = results.map((r) => r.score);
    expect(results[2].score).toBeNull();
    expect(meanPerformanceScore(results)).toBe(((a ?? 0) + (b ?? 0)) / 2);
    expect(meanPerformanceScore([results[2]])).toBeNull();
  });
});

describe("data quality", () => {
  it("with fewer than 3 months: 数据不足，暂不评定 — no score, no flag, no subsidy figure, however bad the month", () => {
    const result = reviewPerformance({ ...childrensHome, months: childrensHome.months.slice(4) });
    expect(result.rated).toBe(false);
    expect(result.dataQuality.notes[0]).toBe("数据不足，暂不评定（评定期内有 2 个月数据，至少需要 3 个月）");
    expect(result.score).toBeNull();
    expect(result.components.usage.score).toBeNull();
    expect(result.adjust).toEqual({ flagged: false, reasons: [] });
    expect(result.suggestedSubsidy).toMatchObject({ eligible: true, amount: null, note: "数据不足，暂不评定，暂不提出补贴建议" });
    // The figures are still shown.
    expect(result.figures.peopleServed).toBe(12);
  });

  it("no months at all: nothing is rated and the period is empty", () => {
    const result = reviewPerformance({ ...canteen, months: [] });
    expect(result).toMatchObject({ rated: false, score: null, period: null });
    expect(result.components.usage.note).toBe("暂无数据");
  });

  it("only the latest six months count, and the older ones are named", () => {
    const old = months(["2026-10", "2026-11", "2026-12"], { visits: 0, peopleServed: 0, hoursOpen: 0, income: 0, subsidy: 0 });
    const result = reviewPerformance({ ...canteen, months: [...old, ...canteen.months] });
    expect(result.period?.months).toEqual(SIX_MONTHS);
    expect(result.score).toBe(reviewPerformance(canteen).score);
    expect(result.dataQuality.notes).toContain("仅计最近 6 个月（2027-01 至 2027-06），更早的 3 个月数据未计入");
  });

  it("names missing months and implausible figures", () => {
    const figures = canteen.months.filter((m) => m.month !== "2027-03");
    figures[0] = { ...figures[0], peopleServed: 6000 };
    const result = reviewPerformance({ ...canteen, months: figures });
    expect(result.dataQuality.notes).toContain("缺少 2027-03 的数据");
    expect(result.dataQuality.notes).toContain("2027-01 服务人数（6000）多于服务人次（5200），请核对");
  });

  it("the input schema refuses repeated or malformed months; the engine refuses them too", () => {
    const repeated = { ...canteen, months: [...canteen.months, canteen.months[0]] };
    const parsed = PerformanceInputSchema.safeParse(repeated);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe("2027-01 重复填报");
    expect(PerformanceInputSchema.safeParse({ ...canteen, months: [{ ...canteen.months[0], month: "2027-13" }] }).success).toBe(false);
    expect(PerformanceInputSchema.safeParse(canteen).success).toBe(true);
    expect(() => reviewPerformance(repeated)).toThrow(RangeError);
  });
});

describe("the scores", () => {
  it("without a feedback survey, satisfaction is 暂无数据 and its weight is shared by the others", () => {
    const { satisfaction: _, ...noSurvey } = childrensHome;
    const result = reviewPerformance(noSurvey);
    expect(result.components.satisfaction).toMatchObject({ available: false, score: null, note: "暂无数据：尚无运营反馈调查结果" });
    const { usage, cost } = result.components;
    expect(result.score).toBe(Math.round((40 * (usage.score ?? 0) + 25 * (cost.score ?? 0)) / 65));
    expect(result.adjust.reasons.map((r) => r.code)).not.toContain("poor_satisfaction");
  });

  it("a survey with too few respondents is not counted, and says so", () => {
    const result = reviewPerformance({ ...childrensHome, satisfaction: { mean: 1, respondents: 4 } });
    expect(result.components.satisfaction.note).toBe("暂无数据：评价人数不足 10 人");
    expect(result.dataQuality.notes).toContain("满意度评价仅 4 人，少于 10 人，不计满意度");
    expect(result.adjust.reasons.map((r) => r.code)).not.toContain("poor_satisfaction");
  });

  it("a canteen in a community with many elderly residents must serve more people for full marks", () => {
    const older = usageBenchmark(canteen.subject, { share60Plus: 0.33 });
    const average = usageBenchmark(canteen.subject, { share60Plus: 0.2 });
    const unknown = usageBenchmark(canteen.subject, {});
    expect(older).toMatchObject({ base: 8, factor: 1.65, benchmark: 13.2, group: "elderly" });
    expect(average.benchmark).toBe(8);
    expect(unknown).toMatchObject({ factor: 1, benchmark: 8 });
    // The factor is bounded: a community of pensioners does not need 5× the users.
    expect(usageBenchmark(canteen.subject, { share60Plus: 1 }).factor).toBe(2);
    const lessElderly = reviewPerformance({ ...canteen, community: { ...QINGBOMEN, share60Plus: 0.2 }, months: months(SIX_MONTHS, { ...canteen.months[0], peopleServed: 200 }) });
    const moreElderly = reviewPerformance({ ...canteen, months: months(SIX_MONTHS, { ...canteen.months[0], peopleServed: 200 }) });
    expect(lessElderly.components.usage.score).toBe(100);
    expect(moreElderly.components.usage.score).toBeLessThan(100);
  });

  it("the cost counted is the larger of the subsidy and the operating loss, per person served", () => {
    const lossMaking = reviewPerformance({
      ...canteen,
      months: months(SIX_MONTHS, { visits: 5200, peopleServed: 100, hoursOpen: 300, income: 10_000, subsidy: 5_000, operatingCost: 40_000 }),
    });
    // max(5,000, 40,000 − 10,000) ÷ 100 = 300 元 per person, 2.5× the 120 元 benchmark → 25 points.
    expect(lossMaking.figures.netCostPerPerson).toBe(300);
    expect(lossMaking.components.cost.score).toBe(25);
    expect(lossMaking.figures.fundingBalance).toBe(0.375);
    const subsidyOnly = reviewPerformance({ ...canteen, months: months(SIX_MONTHS, { visits: 5200, peopleServed: 100, hoursOpen: 300, income: 10_000, subsidy: 5_000 }) });
    expect(subsidyOnly.figures.netCostPerPerson).toBe(50);
    expect(subsidyOnly.components.cost.score).toBe(100);
  });

  it("the formula is shown in Chinese with the weights in force", () => {
    expect(reviewPerformance(canteen).formula.description).toContain("使用率得分 × 40 + 居民满意度得分 × 35 + 成本效率得分 × 25");
    expect(reviewPerformance(canteen, usageOnly()).formula.description).toContain("使用率得分 × 1 + 居民满意度得分 × 0 + 成本效率得分 × 0");
  });
});

describe("adjustment needs low usage for N consecutive months", () => {
  const low = { visits: 20, peopleServed: 10, hoursOpen: 24, income: 0, subsidy: 0 };
  const busy = { ...low, visits: 400, peopleServed: 200 };

  it("a good month in between breaks the run", () => {
    const figures = [...months(["2027-01", "2027-02", "2027-03", "2027-04"], low), ...months(["2027-05"], busy), ...months(["2027-06"], low)];
    const result = reviewPerformance({ ...childrensHome, months: figures, satisfaction: { mean: 4.5, respondents: 40 } });
    expect(result.adjust.reasons.map((r) => r.code)).not.toContain("low_usage");
  });

  it("a missing month breaks the run: low usage cannot be shown for it", () => {
    const figures = months(["2027-01", "2027-02", "2027-03", "2027-04", "2027-06"], low);
    const result = reviewPerformance({ ...childrensHome, months: figures, satisfaction: { mean: 4.5, respondents: 40 } });
    expect(result.adjust.reasons.map((r) => r.code)).not.toContain("low_usage");
    expect(result.dataQuality.notes).toContain("缺少 2027-05 的数据");
  });

  it("the number of months is a setting: with 2, two low months at the end are enough", () => {
    const figures = [...months(["2027-01", "2027-02", "2027-03", "2027-04"], busy), ...months(["2027-05", "2027-06"], low)];
    const input = { ...childrensHome, months: figures, satisfaction: { mean: 4.5, respondents: 40 } };
    expect(reviewPerformance(input).adjust.reasons.map((r) => r.code)).not.toContain("low_usage");
    const two = withPerformanceSettings({ "performance.adjust.consecutiveMonths": 2 });
    if (!two.ok) throw new Error(two.message);
    expect(reviewPerformance(input, two.settings).adjust.reasons[0]).toMatchObject({ code: "low_usage", months: ["2027-05", "2027-06"] });
  });
});

describe("the suggested subsidy is tied to the score (三(四)2)", () => {
  it.each([
    [1020, 85, 1, "≥ 85 分"],
    [1008, 84, 0.8, "70–85 分"],
    [840, 70, 0.8, "70–85 分"],
    [828, 69, 0.6, "60–70 分"],
    [720, 60, 0.6, "60–70 分"],
    [708, 59, 0, "< 60 分"],
  ])("%i people a month → %i points → %f of the base (%s)", (people, score, factor, band) => {
    const result = reviewPerformance(activityRoom(people), usageOnly());
    expect(result.score).toBe(score);
    // 100 m² × 80 元/m²·年 = 8,000 元.
    expect(result.suggestedSubsidy).toMatchObject({ base: 8000, factor, band, amount: 8000 * factor });
  });

  it("a 非基本公共服务 gets no suggested subsidy, but is still scored and can be flagged", () => {
    const result = reviewPerformance(activityRoom(100, "non_basic"), usageOnly());
    expect(result.score).toBe(8);
    expect(result.adjust.flagged).toBe(true);
    expect(result.suggestedSubsidy).toMatchObject({ eligible: false, amount: null, base: null });
    expect(result.suggestedSubsidy.note).toContain("非基本公共服务");
  });

  it("the base is capped per facility", () => {
    const big = reviewPerformance({ ...canteen, subject: { ...canteen.subject, areaM2: 5000 } });
    expect(big.suggestedSubsidy.base).toBe(300_000);
  });
});

describe("the [默认值] settings", () => {
  it("are listed with keys and labels, all marked as our defaults", () => {
    const list = listPerformanceSettings();
    expect(list.find((s) => s.key === "performance.weights.usage")).toMatchObject({ value: 40, default: true, label: "绩效权重：使用率" });
    expect(list.find((s) => s.key === "performance.subsidy.bands.full.minScore")).toMatchObject({ value: 85, default: true });
    expect(list.find((s) => s.key === "performance.usage.benchmarkByFunction.infant_care")).toMatchObject({ value: 1, unit: "人/百户·月" });
    expect(list.every((s) => s.default)).toBe(true);
  });

  it("an override changes the copy only; unknown keys are reported, other modules' keys left alone", () => {
    const result = withPerformanceSettings({ "performance.weights.usage": 50, "performance.nope": 1, "rankings.weights.progress": 3 });
    if (!result.ok) throw new Error(result.message);
    expect(result.applied).toEqual({ "performance.weights.usage": 50 });
    expect(result.ignored).toEqual(["performance.nope"]);
    expect(result.settings.weights.usage.value).toBe(50);
    expect(PERFORMANCE_SETTINGS.weights.usage.value).toBe(40);
  });

  it("overrides the engine cannot use are refused in Chinese", () => {
    expect(withPerformanceSettings({ "performance.subsidy.bands.reduced.minScore": 90 })).toEqual({ ok: false, message: "补贴分数线须从高到低排列且不超过 100 分" });
    expect(withPerformanceSettings({ "performance.subsidy.bands.minimal.factor": 0.9 })).toEqual({ ok: false, message: "得分越低的档次补贴系数不能越高" });
    expect(withPerformanceSettings({ "performance.weights.usage": 0, "performance.weights.cost": 0 })).toMatchObject({ ok: false });
    expect(withPerformanceSettings({ "performance.adjust.consecutiveMonths": 7 })).toMatchObject({ ok: false });
    expect(withPerformanceSettings({ "performance.weights.usage": -5 })).toMatchObject({ ok: true, ignored: ["performance.weights.usage"] });
  });
});

// ---------------------------------------------------------------------------------------
// Properties

const monthList = fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { maxLength: 10 }).map((idx) =>
  idx.map((i) => `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`),
);
const figuresArb = fc.record({
  visits: fc.integer({ min: 0, max: 5000 }),
  peopleServed: fc.integer({ min: 0, max: 800 }),
  hoursOpen: fc.integer({ min: 0, max: 400 }),
  income: fc.integer({ min: 0, max: 100_000 }),
  subsidy: fc.integer({ min: 0, max: 50_000 }),
  operatingCost: fc.option(fc.integer({ min: 0, max: 150_000 }), { nil: undefined }),
});
const inputArb: fc.Arbitrary<PerformanceInput> = fc
  .record({
    domain: fc.constantFrom(...DOMAINS),
    pick: fc.nat(),
    withFunction: fc.boolean(),
    areaM2: fc.integer({ min: 0, max: 3000 }),
    serviceLevel: fc.constantFrom(...SERVICE_LEVELS),
    households: fc.integer({ min: 1, max: 8000 }),
    share60Plus: fc.option(fc.double({ min: 0, max: 0.6, noNaN: true }), { nil: undefined }),
    shareChildren: fc.option(fc.double({ min: 0, max: 0.3, noNaN: true }), { nil: undefined }),
    monthNames: monthList,
    figures: fc.array(figuresArb, { minLength: 10, maxLength: 10 }),
    satisfaction: fc.option(fc.record({ mean: fc.double({ min: 1, max: 5, noNaN: true }), respondents: fc.integer({ min: 0, max: 200 }) }), { nil: undefined }),
  })
  .map(({ domain, pick, withFunction, areaM2, serviceLevel, households, share60Plus, shareChildren, monthNames, figures, satisfaction }) => {
    const fns = functionsOfDomain(domain);
    return {
      subject: {
        facilityId: "f",
        facilityName: "设施",
        domain,
        ...(withFunction ? { function: fns[pick % fns.length] } : {}),
        areaM2,
        serviceLevel,
      },
      community: {
        households,
        ...(share60Plus === undefined ? {} : { share60Plus }),
        ...(shareChildren === undefined ? {} : { shareChildren }),
      },
      months: monthNames.map((month, i) => {
        const { operatingCost, ...rest } = figures[i];
        return { month, ...rest, ...(operatingCost === undefined ? {} : { operatingCost }) };
      }),
      ...(satisfaction ? { satisfaction } : {}),
    };
  });

describe("performance properties", () => {
  it("scores are whole numbers in 0–100, rated exactly when enough recent months exist, and only rated functions are flagged", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = reviewPerformance(input);
        expect(result.rated).toBe((result.period?.months.length ?? 0) >= 3);
        if (result.score !== null) {
          expect(Number.isInteger(result.score)).toBe(true);
          expect(result.score).toBeGreaterThanOrEqual(0);
          expect(result.score).toBeLessThanOrEqual(100);
        } else {
          expect(result.adjust.flagged).toBe(false);
          expect(result.suggestedSubsidy.amount).toBeNull();
        }
        if (input.subject.serviceLevel === "non_basic") expect(result.suggestedSubsidy).toMatchObject({ eligible: false, amount: null });
        expect(result.adjust.flagged).toBe(result.adjust.reasons.length > 0);
      }),
    );
  });

  it("the order the months arrive in does not matter", () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, seed) => {
        const shuffled = [...input.months].sort((a, b) => ((a.month.charCodeAt(6) * 31 + seed) % 7) - ((b.month.charCodeAt(6) * 31 + seed) % 7));
        expect(reviewPerformance({ ...input, months: shuffled })).toEqual(reviewPerformance(input));
      }),
    );
  });

  it("serving more people never lowers the score or the suggested subsidy", () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 300 }), (input, extra) => {
        const more = { ...input, months: input.months.map((m) => ({ ...m, peopleServed: m.peopleServed + extra, visits: m.visits + extra })) };
        const before = reviewPerformance(input);
        const after = reviewPerformance(more);
        if (before.score === null) return;
        expect(after.score ?? -1).toBeGreaterThanOrEqual(before.score);
        expect(after.suggestedSubsidy.amount ?? 0).toBeGreaterThanOrEqual(before.suggestedSubsidy.amount ?? 0);
      }),
    );
  });

  it("better satisfaction never lowers the score or the subsidy", () => {
    fc.assert(
      fc.property(inputArb, fc.double({ min: 1, max: 5, noNaN: true }), fc.double({ min: 1, max: 5, noNaN: true }), (input, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const worse = reviewPerformance({ ...input, satisfaction: { mean: lo, respondents: 50 } });
        const better = reviewPerformance({ ...input, satisfaction: { mean: hi, respondents: 50 } });
        expect(better.score ?? 0).toBeGreaterThanOrEqual(worse.score ?? 0);
        expect(better.suggestedSubsidy.amount ?? 0).toBeGreaterThanOrEqual(worse.suggestedSubsidy.amount ?? 0);
      }),
    );
  });
});

describe("what the app feeds the review after 验收 (closing-the-loop issue)", () => {
  // A facility added by 验收 has one function; the first survey answers are few.
  const newChildrensHome: PerformanceInput = {
    ...childrensHome,
    subject: { ...childrensHome.subject, facilityName: "清波门儿童之家", areaM2: 80 },
    months: months(["2026-08", "2026-09", "2026-10"], { visits: 30, peopleServed: 12, hoursOpen: 24, income: 0, subsidy: 3000 }),
    satisfaction: { mean: 2, respondents: 1 },
  };

  it("three quiet months after opening are enough to rate and flag it, though one answer is not enough for satisfaction", () => {
    const result = reviewPerformance(newChildrensHome);
    expect(result.rated).toBe(true);
    expect(result.components.satisfaction).toMatchObject({ available: false, score: null, note: "暂无数据：评价人数不足 10 人" });
    expect(result.adjust.reasons.map((r) => r.code)).toEqual(["low_usage", "low_score"]);
    expect(result.suggestedSubsidy).toMatchObject({ eligible: true, base: 80 * 120, factor: 0 });
    const [carried] = flaggedForNextRound([result]);
    expect(carried).toMatchObject({ kind: "flagged_function", domain: "children_play", title: "清波门儿童之家 · 儿童友好空间" });
  });

  it("an older facility with several functions is reviewed at its domain, with the domain's benchmark", () => {
    const { function: _, ...subject } = canteen.subject;
    const result = reviewPerformance({ ...canteen, subject });
    expect(result.function).toBeUndefined();
    expect(result.label).toBe("社区助餐");
    // 社区助餐 without a function still serves mainly the elderly: same adjusted benchmark.
    expect(result.components.usage.benchmark).toBe(usageBenchmark(canteen.subject, QINGBOMEN).benchmark);
  });
});
