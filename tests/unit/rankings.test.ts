import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STAGES } from "../../workflows/glossary";
import {
  assignRanks,
  type CommunityRankingFacts,
  listRankingSettings,
  NO_DATA,
  RANKING_COMPONENTS,
  rankCommunities,
  rankingScore,
  withRankingSettings,
} from "../../workflows/rankings";

const QINGBO = "330102001"; // 清波街道
const HUBIN = "330102003"; // 湖滨街道
const SHANGCHENG = "330102";
const GONGSHU = "330105";

/** 清波门社区 well into its first round, with everything measured. */
const qingbomen: CommunityRankingFacts = {
  code: "330102001051",
  name: "清波门社区",
  streetCode: QINGBO,
  districtCode: SHANGCHENG,
  progress: { stage: "operation_feedback", roundsCompleted: 0 },
  items: { approved: 4, accepted: 3 },
  acceptance: { pass: 2, pass_with_remarks: 1, fail: 1 },
  satisfaction: { mean: 4.2, respondents: 60 },
  performance: 56.5,
  responseRate: 0.46,
};

function community(code: string, streetCode: string, districtCode: string, facts: Partial<CommunityRankingFacts> = {}): CommunityRankingFacts {
  return { code, streetCode, districtCode, ...facts };
}

describe("a community's 赛马 score", () => {
  it("weighs progress, completion, acceptance, satisfaction, performance and participation as the formula says", () => {
    const { score, components, missing, dataShare } = rankingScore(qingbomen);
    const byKey = Object.fromEntries(components.map((c) => [c.key, c]));
    expect(byKey.progress).toMatchObject({ score: 88.9, detail: "当前阶段：运营反馈（8/9）" });
    expect(byKey.completion).toMatchObject({ score: 75, detail: "已验收 3 / 已通过审核 4 项" });
    // (2 + 0.6 × 1) ÷ 4
    expect(byKey.acceptance).toMatchObject({ score: 65, detail: "通过 2、有条件通过 1、不通过 1" });
    expect(byKey.satisfaction.score).toBe(80);
    expect(byKey.performance.score).toBe(56.5);
    // 46 % against full marks at 50 %.
    expect(byKey.participation).toMatchObject({ score: 92, detail: "参与率 46%" });
    const expected = (15 * (800 / 9) + 25 * 75 + 15 * 65 + 20 * 80 + 15 * 56.5 + 10 * 92) / 100;
    expect(score).toBe(Math.round(expected * 10) / 10);
    expect(score).toBe(75.5);
    expect(missing).toEqual([]);
    expect(dataShare).toBe(1);
  });

  it("a community still surveying shows the rest as 暂无数据, scored on what it has — not punished with zeros", () => {
    const surveying = community("330102001052", QINGBO, SHANGCHENG, { progress: { stage: "surveying", roundsCompleted: 0 }, responseRate: 0.12 });
    const { score, components, missing, dataShare } = rankingScore(surveying);
    expect(missing).toEqual(["清单完成率", "验收结果", "居民满意度", "运营绩效"]);
    expect(components.filter((c) => c.status === NO_DATA).map((c) => c.effectiveWeight)).toEqual([0, 0, 0, 0]);
    expect(components.find((c) => c.key === "completion")?.detail).toBe("尚无通过审核的清单事项");
    expect(dataShare).toBe(0.25);
    // (15 × 100/9 + 10 × 24) ÷ 25
    expect(score).toBe(Math.round(((15 * 100) / 9 + 10 * 24) / 25 * 10) / 10);
    expect(components.find((c) => c.key === "progress")?.effectiveWeight).toBe(0.6);
  });

  it("a round already closed counts as full progress even while the next round is being prepared", () => {
    const again = rankingScore(community("330102001053", QINGBO, SHANGCHENG, { progress: { stage: "preparing", roundsCompleted: 1 } }));
    expect(again.components[0]).toMatchObject({ score: 100, detail: "已完成 1 轮闭环" });
    const fresh = rankingScore(community("330102001053", QINGBO, SHANGCHENG, { progress: { stage: "preparing", roundsCompleted: 0 } }));
    expect(fresh.components[0].score).toBe(0);
  });

  it("a satisfaction survey with too few respondents is 暂无数据, not a low score", () => {
    const few = rankingScore({ ...qingbomen, satisfaction: { mean: 1, respondents: 3 } });
    expect(few.components.find((c) => c.key === "satisfaction")).toMatchObject({ score: null, status: NO_DATA, detail: "评价仅 3 人，不足 10 人" });
    expect(few.missing).toEqual(["居民满意度"]);
  });

  it("a community with no data at all has no score and no rank", () => {
    const result = rankCommunities([qingbomen, community("330102001057", QINGBO, SHANGCHENG)]);
    const empty = result.communities.find((c) => c.code === "330102001057");
    expect(empty).toMatchObject({ score: null, rank: null, dataShare: 0, rankedOf: 1 });
    expect(result.communities.map((c) => c.code)).toEqual(["330102001051", "330102001057"]);
  });
});

describe("ranking within a street", () => {
  it("equal scores share a rank, the next rank is skipped, and ties are listed by code", () => {
    const twinA = { ...qingbomen, code: "330102001055", name: "清河坊社区" };
    const twinB = { ...qingbomen, code: "330102001052", name: "劳动路社区" };
    const better = { ...qingbomen, code: "330102001057", performance: 90 };
    const worse = { ...qingbomen, code: "330102001053", performance: 10 };
    const result = rankCommunities([twinA, worse, better, twinB]);
    expect(result.communities.map((c) => [c.code, c.rank])).toEqual([
      ["330102001057", 1],
      ["330102001052", 2],
      ["330102001055", 2],
      ["330102001053", 4],
    ]);
    expect(result.communities.every((c) => c.rankedOf === 4)).toBe(true);
  });

  it("ranks are per street: the best community of each street is first there", () => {
    const result = rankCommunities([
      qingbomen,
      { ...qingbomen, code: "330102001052", performance: 20 },
      { ...qingbomen, code: "330102003050", streetCode: HUBIN, performance: 10 },
    ]);
    expect(result.communities.map((c) => [c.code, c.rank])).toEqual([
      ["330102001051", 1],
      ["330102001052", 2],
      ["330102003050", 1],
    ]);
  });
});

describe("confidence: a rank built on one or two answers is not credible (issue 20, point 15)", () => {
  // 清波门 was put first at 0.2 % participation.
  const thin = { ...qingbomen, responseRate: 0.002, items: { approved: 4, accepted: 4 }, acceptance: { pass: 4, pass_with_remarks: 0, fail: 0 }, performance: 100 };
  const others = [
    { ...qingbomen, code: "330102001052", name: "劳动路社区" },
    { ...qingbomen, code: "330102001053", name: "清河坊社区", responseRate: 0.15, performance: 40 },
    { ...qingbomen, code: "330102001055", name: "柳翠井巷社区", responseRate: undefined, performance: 0 },
  ];

  it("below the minimum participation (默认值 10 %) a community keeps its score but gets no rank, and says why", () => {
    const result = rankCommunities([thin, ...others]);
    const qbm = result.communities.find((c) => c.code === thin.code)!;
    expect(qbm.score).toBeGreaterThan(result.communities.find((c) => c.code === "330102001052")!.score!);
    expect(qbm).toMatchObject({ rank: null, participation: 0.002, confidence: "unranked", confidenceNote: "参与率 0.2% 低于 10%，不排名次" });
    expect(result.communities.map((c) => [c.code, c.rank])).toEqual([
      ["330102001052", 1],
      ["330102001053", 2],
      ["330102001055", 3],
      ["330102001051", null],
    ]);
    expect(result.communities[0].rankedOf).toBe(3);
  });

  it("marks ranks resting on thin participation, no needs survey or little data as 低可信度, in words", () => {
    const byCode = Object.fromEntries(rankCommunities([thin, ...others]).communities.map((c) => [c.code, c]));
    expect(byCode["330102001052"]).toMatchObject({ participation: 0.46, confidence: "ok", confidenceNote: null });
    expect(byCode["330102001053"]).toMatchObject({ confidence: "low", confidenceNote: "低可信度：参与率 15% 低于 30%" });
    expect(byCode["330102001055"]).toMatchObject({ participation: null, confidence: "low", confidenceNote: "低可信度：尚无已结束的需求调查" });
    const sparse = rankCommunities([community("330102001057", QINGBO, SHANGCHENG, { progress: { stage: "planning", roundsCompleted: 0 }, responseRate: 0.5 })]);
    expect(sparse.communities[0]).toMatchObject({ rank: 1, confidence: "low", confidenceNote: "低可信度：有数据的权重仅 25%" });
  });

  it("the thresholds are 默认值 on the policy page", () => {
    expect(listRankingSettings().filter((s) => s.key.startsWith("rankings.confidence.")).map((s) => [s.key, s.value])).toEqual([
      ["rankings.confidence.minParticipation", 0.1],
      ["rankings.confidence.lowParticipation", 0.3],
      ["rankings.confidence.minDataShare", 0.5],
    ]);
    const lower = withRankingSettings({ "rankings.confidence.minParticipation": 0 });
    if (!lower.ok) throw new Error(lower.message);
    expect(rankCommunities([thin, ...others], lower.settings).communities[0]).toMatchObject({ code: thin.code, rank: 1, confidence: "low" });
  });
});

describe("streets within a district, districts within the city", () => {
  // 清波街道: one big community scoring high, two small ones scoring low.
  const qingbo = [
    { ...qingbomen, performance: 100, satisfaction: { mean: 5, respondents: 500 } },
    community("330102001052", QINGBO, SHANGCHENG, { progress: { stage: "surveying", roundsCompleted: 0 }, responseRate: 0.1 }),
    community("330102001053", QINGBO, SHANGCHENG, { progress: { stage: "surveying", roundsCompleted: 0 }, responseRate: 0.1 }),
  ];
  const hubin = [community("330102003050", HUBIN, SHANGCHENG, { ...qingbomen, code: "330102003050", streetCode: HUBIN })];
  const gongshu = [community("330105001001", "330105001", GONGSHU, { ...qingbomen, code: "330105001001", streetCode: "330105001", districtCode: GONGSHU, performance: 30 })];

  it("a street's score is the plain mean of its communities' scores, each community counting once", () => {
    const result = rankCommunities([...qingbo, ...hubin, ...gongshu]);
    const scores = result.communities.filter((c) => c.streetCode === QINGBO).map((c) => c.score ?? 0);
    const street = result.streets.find((s) => s.code === QINGBO);
    expect(street?.score).toBe(Math.round((scores.reduce((a, b) => a + b, 0) / 3) * 10) / 10);
    expect(street).toMatchObject({ districtCode: SHANGCHENG, members: 3, scoredMembers: 3 });
    // Components are averaged over the communities that have them.
    expect(street?.components.performance).toBe(100);
    expect(street?.components.participation).toBe(Math.round(((92 + 20 + 20) / 3) * 10) / 10);
  });

  it("streets are ranked within their district, and districts within the city", () => {
    const result = rankCommunities([...qingbo, ...hubin, ...gongshu]);
    expect(result.streets.map((s) => [s.code, s.rank, s.rankedOf])).toEqual([
      [HUBIN, 1, 2],
      [QINGBO, 2, 2],
      ["330105001", 1, 1],
    ]);
    const shangcheng = result.districts.find((d) => d.code === SHANGCHENG);
    const streetScores = result.streets.filter((s) => s.districtCode === SHANGCHENG).map((s) => s.score ?? 0);
    expect(shangcheng?.score).toBe(Math.round(((streetScores[0] + streetScores[1]) / 2) * 10) / 10);
    // 上城区 is pulled down by 清波街道's two communities that are still surveying.
    expect(result.districts.map((d) => [d.code, d.rank, d.scoredMembers])).toEqual([
      [GONGSHU, 1, 1],
      [SHANGCHENG, 2, 2],
    ]);
  });

  it("the formula is shown in Chinese, with the weights and how streets are aggregated", () => {
    const { formula, clause } = rankCommunities([qingbomen]);
    expect(clause).toBe("四(三)");
    expect(formula.description).toContain("闭环进度 × 15 + 清单完成率 × 25 + 验收结果 × 15 + 居民满意度 × 20 + 运营绩效 × 15 + 需求调查参与率 × 10");
    expect(formula.description).toContain("暂无数据");
    expect(formula.description).toContain("街道得分 = 所辖有得分社区的简单平均");
  });

  it("refuses a community given twice, or a street placed in two districts", () => {
    expect(() => rankCommunities([qingbomen, qingbomen])).toThrow(RangeError);
    expect(() => rankCommunities([qingbomen, { ...qingbomen, code: "330102001052", districtCode: GONGSHU }])).toThrow(/more than one district/);
  });
});

describe("the [默认值] settings", () => {
  it("are listed and can be overridden; the formula follows", () => {
    expect(listRankingSettings().find((s) => s.key === "rankings.weights.completion")).toMatchObject({ value: 25, default: true });
    const result = withRankingSettings({ "rankings.weights.performance": 40 });
    if (!result.ok) throw new Error(result.message);
    expect(result.applied).toEqual({ "rankings.weights.performance": 40 });
    expect(rankCommunities([qingbomen], result.settings).formula.description).toContain("运营绩效 × 40");
    // More weight on a component below the average lowers the score.
    expect(rankingScore(qingbomen, result.settings).score).toBeLessThan(rankingScore(qingbomen).score ?? 0);
  });

  it("refuses settings it cannot use, in Chinese", () => {
    const zeros = Object.fromEntries(RANKING_COMPONENTS.map((k) => [`rankings.weights.${k}`, 0]));
    expect(withRankingSettings(zeros)).toEqual({ ok: false, message: "赛马权重之和须大于 0" });
    expect(withRankingSettings({ "rankings.participation.fullMarksRate": 0 })).toEqual({ ok: false, message: "参与率满分线须大于 0 且不超过 100%" });
  });
});

// ---------------------------------------------------------------------------------------
// Properties

const streets = [
  { street: QINGBO, district: SHANGCHENG },
  { street: HUBIN, district: SHANGCHENG },
  { street: "330105001", district: GONGSHU },
];
const factsArb = (code: string) =>
  fc
    .record(
      {
        place: fc.constantFrom(...streets),
        progress: fc.record({ stage: fc.constantFrom(...STAGES), roundsCompleted: fc.integer({ min: 0, max: 2 }) }),
        items: fc.integer({ min: 0, max: 10 }).chain((approved) => fc.record({ approved: fc.constant(approved), accepted: fc.integer({ min: 0, max: approved }) })),
        acceptance: fc.record({ pass: fc.nat(5), pass_with_remarks: fc.nat(5), fail: fc.nat(5) }),
        satisfaction: fc.record({ mean: fc.double({ min: 1, max: 5, noNaN: true }), respondents: fc.nat(100) }),
        performance: fc.integer({ min: 0, max: 100 }),
        responseRate: fc.double({ min: 0, max: 1, noNaN: true }),
      },
      { requiredKeys: ["place"] },
    )
    .map(({ place, ...rest }): CommunityRankingFacts => ({ code, streetCode: place.street, districtCode: place.district, ...rest }));
const communitiesArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 12 })
  .chain((ids) => fc.tuple(...ids.map((id) => factsArb(`c${String(id).padStart(3, "0")}`))));

describe("ranking properties", () => {
  it("scores are in 0–100 and a rank is 1 + the number of strictly better communities in the street", () => {
    fc.assert(
      fc.property(communitiesArb, (communities) => {
        const result = rankCommunities(communities);
        for (const c of result.communities) {
          if (c.score === null || c.confidence === "unranked") {
            expect(c.rank).toBeNull();
            continue;
          }
          expect(c.score).toBeGreaterThanOrEqual(0);
          expect(c.score).toBeLessThanOrEqual(100);
          const better = result.communities.filter((o) => o.streetCode === c.streetCode && o.rank !== null && o.score !== null && o.score > (c.score ?? 0));
          expect(c.rank).toBe(better.length + 1);
        }
      }),
    );
  });

  it("the order the communities arrive in does not change the result", () => {
    fc.assert(
      fc.property(communitiesArb, (communities) => {
        expect(rankCommunities([...communities].reverse())).toEqual(rankCommunities(communities));
      }),
    );
  });

  it("missing data neither punishes nor rewards: adding a component that scores exactly the current score leaves it unchanged", () => {
    fc.assert(
      fc.property(factsArb("c001"), (facts) => {
        const { performance: _, ...without } = facts;
        const before = rankingScore(without);
        if (before.score === null) return;
        const after = rankingScore({ ...without, performance: before.score });
        expect(after.score).toBeCloseTo(before.score, 1);
      }),
    );
  });

  it("assignRanks: equal scores share a rank and the listing is by score, then code", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { maxLength: 10 }), fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), { minLength: 10, maxLength: 10 }), (codes, scores) => {
        const ranked = assignRanks(codes.map((code, i) => ({ code, score: scores[i] })));
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1], ranked[i]];
          if (a.score === b.score) {
            expect(a.rank).toBe(b.rank);
            expect(a.code < b.code).toBe(true);
          } else if (b.score !== null) {
            expect(a.score ?? -1).toBeGreaterThan(b.score);
            expect(b.rank).toBe(i + 1);
          }
        }
      }),
    );
  });
});
