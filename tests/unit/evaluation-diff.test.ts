import { describe, expect, it } from "vitest";
import { diffEvaluations } from "../../app/lib/evaluation-diff";
import { evaluateCommunity, type EvaluationInput } from "../../workflows/evaluation";
import { loadBuiltInProfile } from "../../workflows/policy/profile";

const profile = loadBuiltInProfile();
const base: EvaluationInput = {
  community: { code: "330102001051", name: "清波门社区", type: "existing", pilot: true, households: 1900, hasHub: false },
  facilities: [
    { id: "f1", name: "清波门居家养老服务中心", domain: "eldercare_childcare", functions: ["elderly_care"], areaM2: 420, status: "operating" },
    { id: "f2", name: "清波门老年食堂", domain: "meal_assist", functions: ["community_canteen"], areaM2: 320, status: "operating" },
  ],
};

describe("what changed between two evaluations", () => {
  it("nothing, when the facts are the same", () => {
    const result = evaluateCommunity(base, profile);
    expect(diffEvaluations(result, result)).toMatchObject({ unchanged: true, domains: [], findings: [] });
  });

  it("a new playground: 儿童游憩 goes from 缺失 to 满足 or 不足, the area and the circle finding change", () => {
    const before = evaluateCommunity(base, profile);
    const after = evaluateCommunity(
      { ...base, facilities: [...base.facilities, { id: "f3", name: "儿童乐园", domain: "children_play", functions: ["playground"], areaM2: 300, status: "operating" }] },
      profile,
    );
    const diff = diffEvaluations(before, after);
    expect(diff.unchanged).toBe(false);
    const play = diff.domains.find((d) => d.domain === "children_play");
    expect(play).toMatchObject({ label: "儿童游憩", from: "缺失" });
    expect(play!.scoreTo).toBeGreaterThan(play!.scoreFrom);
    expect(diff.findings.find((f) => f.id === "CIRCLE_15MIN:children_play")).toMatchObject({ from: "fail", to: "pass", actualFrom: 0, actualTo: 1 });
    expect(diff.findings.find((f) => f.id === "AREA_EXISTING")).toMatchObject({ actualFrom: 740, actualTo: 1040 });
    expect(diff.scoreTo).toBeGreaterThan(diff.scoreFrom);
  });

  it("names a change of policy version", () => {
    const result = evaluateCommunity(base, profile);
    const diff = diffEvaluations(result, { ...result, policyVersion: 2 });
    expect(diff.policy).toEqual({ from: "hangzhou-2024-11 第 1 版", to: "hangzhou-2024-11 第 2 版" });
    expect(diff.unchanged).toBe(false);
  });
});
