import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { type EvaluationInput, evaluateBatch, type FacilityFacts } from "../../workflows/evaluation";
import { DOMAINS } from "../../workflows/glossary";
import { builtInProfiles, DEFAULT_PROFILE_ID, loadBuiltInProfile, PolicyProfileSchema } from "../../workflows/policy/profile";
import { allSeven, community, evaluate, facility, finding, near, profile, QINGBO, withProfile } from "../support/evaluation-facts";

describe("the policy profile hangzhou-2024-11", () => {
  const plan = fs.readFileSync("docs/policy/hangzhou-2024-11-implementation-plan.zh.txt", "utf8");

  it("holds every rule of the digest with its clause, and our two qualitative rules", () => {
    expect(profile.id).toBe(DEFAULT_PROFILE_ID);
    expect(Object.fromEntries(profile.rules.map((r) => [r.id, r.clause]))).toEqual({
      AREA_NEW: "三(一)",
      AREA_NEW_HUB: "三(一)",
      AREA_EXISTING: "三(一)",
      AREA_EXISTING_HUB: "三(一)",
      FUNC_PILOT: "三(三)2",
      FUNC_HUB: "三(三)2",
      CIRCLE_15MIN: "三(一)",
      OFFICE_SHARE: "三(三)1",
      DEMAND_PRIORITY: "三(三)1",
    });
  });

  it("quotes the plan word for word (…… joins two quoted passages)", () => {
    for (const rule of profile.rules) {
      for (const passage of rule.wording.split("……")) expect(plan, `${rule.id}: ${passage}`).toContain(passage);
    }
  });

  it("carries the plan's figures as parameters", () => {
    const byId = Object.fromEntries(profile.rules.map((r) => [r.id, r.parameters]));
    expect(byId.AREA_NEW).toEqual({ perHouseholds: 100, areaM2: 100 });
    expect(byId.AREA_EXISTING).toEqual({ perHouseholds: 100, areaM2: 60 });
    expect(byId.AREA_NEW_HUB).toEqual({ areaM2: 1000 });
    expect(byId.AREA_EXISTING_HUB).toEqual({ areaM2: 600 });
    expect(byId.FUNC_HUB).toMatchObject({ minFunctions: 3, minKeyFunctions: 2 });
  });

  it("marks every figure we chose as 默认值 (default: true), with the digest's values", () => {
    const circle = profile.rules.find((r) => r.kind === "service_circle");
    const office = profile.rules.find((r) => r.kind === "office_share");
    expect(circle?.kind === "service_circle" && circle.settings.walkingDistanceM).toMatchObject({ value: 1000, default: true });
    expect(office?.kind === "office_share" && office.settings.maxShare).toMatchObject({ value: 0.3, default: true });
    expect(profile.settings.nonPilotAreaNorms).toMatchObject({ value: true, default: true });
    for (const w of Object.values(profile.settings.scoreWeights)) expect(w.default).toBe(true);
    expect(profile.settings.oneOldOneYoung.weight.default).toBe(true);
    expect(profile.domainAssessment.scoreFormula.description).toMatch(/得分/);
  });

  it("is validated: a profile without the circle rule or with a repeated rule id is refused", () => {
    const noCircle = { ...profile, rules: profile.rules.filter((r) => r.kind !== "service_circle") };
    expect(PolicyProfileSchema.safeParse(noCircle).success).toBe(false);
    const twice = { ...profile, rules: [...profile.rules, profile.rules[0]] };
    expect(PolicyProfileSchema.safeParse(twice).success).toBe(false);
    expect(() => loadBuiltInProfile("hangzhou-1999-01")).toThrow(/unknown policy profile/);
    expect(builtInProfiles.map((p) => p.id)).toContain(DEFAULT_PROFILE_ID);
  });

  it("lets a new version change a setting without code, and every result records the version", () => {
    const stricter = withProfile((p) => {
      p.version = 2;
      const circle = p.rules.find((r) => r.kind === "service_circle");
      if (circle?.kind === "service_circle") circle.settings.walkingDistanceM.value = 800;
    });
    const input = { facilities: [facility("health", { distanceM: 900 })] };
    expect(finding(evaluate(input), "CIRCLE_15MIN:health").status).toBe("pass");
    const result = evaluate(input, stricter);
    expect(finding(result, "CIRCLE_15MIN:health").status).toBe("fail");
    expect(result).toMatchObject({ policy: "hangzhou-2024-11", policyVersion: 2 });
  });
});

describe("domain status and score", () => {
  it("says 缺失 when nothing of the domain is reachable, 满足 when own and covered, 不足 when only part is covered", () => {
    const result = evaluate({
      facilities: [facility("health"), facility("sports_fitness", { distanceM: 1500 })],
    });
    expect(result.domains.housekeeping_convenience).toMatchObject({ status: "缺失", score: 0, coverageShare: 0 });
    expect(result.domains.health).toMatchObject({ status: "满足", score: 100, coverageShare: 1, ownFacilities: 1 });
    // Its own gym is too far to walk to: present, but not reachable.
    expect(result.domains.sports_fitness).toMatchObject({ status: "不足", coverageShare: 0, ownFacilities: 1 });
    expect(result.domains.sports_fitness.score).toBe(29); // 100 × 20 / 70
  });

  it("scores a domain covered only by a neighbour lower than one the community has itself", () => {
    const result = evaluate({
      community: { pilot: false },
      facilities: [facility("health"), facility("children_play", { shared: true, distanceM: 400 })],
    });
    expect(result.domains.children_play).toMatchObject({ status: "满足", score: 71 }); // 100 × 50 / 70
    expect(result.domains.health.score).toBe(100);
  });

  it("takes the survey into the score: urgent and poorly rated loses most of the demand weight", () => {
    const result = evaluate({ facilities: allSeven(), survey: { respondents: 500, domains: { meal_assist: { demandIndex: 0.4, satisfaction: 2 } } } });
    // served = 1 − 1 × (1 − 0.25) = 0.25 → 100 × (50 + 20 + 30 × 0.25) / 100
    expect(result.domains.meal_assist.score).toBe(78);
  });

  it("summarises the statuses and scores", () => {
    const result = evaluate({ facilities: [facility("health")] });
    expect(result.summary.domains).toEqual({ 满足: 1, 不足: 0, 缺失: 6 });
    expect(result.summary.score).toBe(14);
  });
});

describe("the result", () => {
  const result = evaluate({ community: { hasHub: true }, facilities: allSeven(), survey: { respondents: 10, domains: { health: { demandIndex: 0.1 } } } });

  it("has a finding for every rule, with unique ids, one per domain for the circle and demand", () => {
    expect(new Set(result.findings.map((f) => f.rule))).toEqual(new Set(profile.rules.map((r) => r.id)));
    expect(new Set(result.findings.map((f) => f.id)).size).toBe(result.findings.length);
    expect(result.findings.filter((f) => f.rule === "CIRCLE_15MIN").map((f) => f.domain)).toEqual([...DOMAINS]);
    expect(result.findings.filter((f) => f.rule === "DEMAND_PRIORITY").map((f) => f.domain)).toEqual([...DOMAINS]);
  });

  it("names the policy and the community, and survives a JSON round trip unchanged", () => {
    expect(result).toMatchObject({ policy: "hangzhou-2024-11", policyVersion: 1, community: "330102001051", communityName: "清波门社区" });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(Object.keys(result.domains)).toEqual([...DOMAINS]);
  });

  it("refers from each domain to findings that exist", () => {
    const ids = new Set(result.findings.map((f) => f.id));
    for (const d of DOMAINS) for (const ref of result.domains[d].findings) expect(ids).toContain(ref);
  });
});

describe("a batch: a street, a district or the city", () => {
  const neighbour = (code: string, name: string, at: { lat: number; lng: number }, facilities: FacilityFacts[]): EvaluationInput => ({
    community: community({ code, name, pilot: false, households: 1000, ...at }),
    facilities,
  });

  it("finds a neighbouring community's playground within walking distance as 跨社区共享", () => {
    const inputs = [
      neighbour("330102001051", "清波门社区", QINGBO, [facility("health", { areaM2: 300, ...near(100) })]),
      neighbour("330102001052", "劳动路社区", near(1500), [
        facility("children_play", { id: "f-play", name: "劳动路儿童乐园", ...near(800) }),
        facility("sports_fitness", { id: "f-gym", name: "百姓健身房", ...near(2200) }),
      ]),
    ];
    const [qingbomen, laodonglu] = evaluateBatch(inputs, profile);
    expect(qingbomen.community).toBe("330102001051");
    expect(finding(qingbomen, "CIRCLE_15MIN:children_play")).toMatchObject({ status: "pass", evidence: { facilities: ["f-play"] } });
    expect(finding(qingbomen, "CIRCLE_15MIN:children_play").message).toMatch(/劳动路儿童乐园（劳动路社区）/);
    expect(finding(qingbomen, "CIRCLE_15MIN:sports_fitness").status).toBe("fail");
    expect(finding(qingbomen, "AREA_EXISTING").actual).toBe(300);
    expect(qingbomen.summary.facilities.shared).toBe(1);
    // And the other way round: 清波门's health station is 1,400 m from 劳动路's centroid, too far.
    expect(finding(laodonglu, "CIRCLE_15MIN:health").status).toBe("fail");
    expect(laodonglu.domains.children_play.ownFacilities).toBe(1);
  });

  it("uses facilities of communities outside the batch through the neighbour pool", () => {
    const [result] = evaluateBatch([neighbour("330102001051", "清波门社区", QINGBO, [])], profile, {
      neighbourPool: [
        { ...facility("meal_assist", { name: "邻街道老年食堂" }), ...near(500), communityCode: "330102002001", communityName: "邻街道社区" },
        { ...facility("health", { status: "closed" }), ...near(100), communityCode: "330102002001" },
      ],
    });
    expect(result.domains.meal_assist).toMatchObject({ status: "满足", sharedFacilities: 1 });
    expect(result.domains.health.status).toBe("缺失");
  });

  it("can leave neighbour search off, evaluating each community on its own", () => {
    const inputs = [
      neighbour("330102001051", "清波门社区", QINGBO, []),
      neighbour("330102001052", "劳动路社区", near(300), [facility("health", near(300))]),
    ];
    const [alone] = evaluateBatch(inputs, profile, { neighbourSearch: false });
    expect(alone.domains.health.status).toBe("缺失");
    expect(evaluateBatch(inputs, profile)[0].domains.health.status).toBe("满足");
  });
});
