import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type CommunityFacts,
  domainPriority,
  type EvaluationInput,
  type EvaluationResult,
  evaluateBatch,
  evaluateCommunity,
  type FacilityFacts,
  type Finding,
  oneOldOneYoungDomains,
} from "../../workflows/evaluation";
import { DOMAIN_LABELS, DOMAINS, type Domain } from "../../workflows/glossary";
import {
  builtInProfiles,
  DEFAULT_PROFILE_ID,
  loadBuiltInProfile,
  type PolicyProfile,
  PolicyProfileSchema,
} from "../../workflows/policy/profile";

const profile = loadBuiltInProfile();

function community(overrides: Partial<CommunityFacts> = {}): CommunityFacts {
  return { code: "330102001051", name: "清波门社区", type: "existing", pilot: true, households: 2350, hasHub: false, ...overrides };
}

function facility(domain: Domain, overrides: Partial<FacilityFacts> = {}): FacilityFacts {
  return { name: `${DOMAIN_LABELS[domain]}站`, domain, areaM2: 100, status: "operating", ...overrides };
}

/** One operating facility per domain, `areaM2` each. */
function allSeven(areaM2 = 100): FacilityFacts[] {
  return DOMAINS.map((d) => facility(d, { areaM2 }));
}

type InputChanges = Omit<Partial<EvaluationInput>, "community"> & { community?: Partial<CommunityFacts> };

function evaluate(input: InputChanges, p: PolicyProfile = profile) {
  return evaluateCommunity({ facilities: [], ...input, community: community(input.community) }, p);
}

function finding(result: EvaluationResult, id: string): Finding {
  const found = result.findings.find((f) => f.id === id);
  if (!found) throw new Error(`no finding ${id} in ${result.findings.map((f) => f.id).join(", ")}`);
  return found;
}

/** A copy of the built-in profile with some settings changed, as the app would store it. */
function withProfile(change: (p: PolicyProfile) => void): PolicyProfile {
  const copy = structuredClone(profile) as PolicyProfile;
  change(copy);
  return PolicyProfileSchema.parse(copy);
}

const METRES_PER_DEGREE = 111_195.08;
const QINGBO = { lat: 30.245, lng: 120.165 };
/** A point `north` and `east` metres from 清波门. */
function near(north: number, east = 0) {
  return {
    lat: QINGBO.lat + north / METRES_PER_DEGREE,
    lng: QINGBO.lng + east / (METRES_PER_DEGREE * Math.cos((QINGBO.lat * Math.PI) / 180)),
  };
}

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

describe("area of the community's comprehensive service facilities (三(一))", () => {
  it("finds an existing pilot of 2,350 households with 1,300 m² 110 m² short (the digest's worked example)", () => {
    const result = evaluate({ facilities: [facility("meal_assist", { areaM2: 320 }), facility("health", { areaM2: 980 })] });
    expect(finding(result, "AREA_EXISTING")).toMatchObject({
      rule: "AREA_EXISTING",
      clause: "三(一)",
      status: "fail",
      required: 1410,
      actual: 1300,
      gap: 110,
      unit: "m2",
      binding: true,
    });
    expect(finding(result, "AREA_EXISTING").message).toMatch(/缺 110 平方米/);
  });

  it("passes an existing pilot with exactly the required 1,410 m²", () => {
    const result = evaluate({ facilities: [facility("health", { areaM2: 1410 })] });
    expect(finding(result, "AREA_EXISTING")).toMatchObject({ status: "pass", gap: 0 });
  });

  it("asks a new pilot of 3,000 households for 3,000 m² and leaves the existing norms not applicable", () => {
    const result = evaluate({ community: { type: "new", households: 3000 }, facilities: [facility("health", { areaM2: 2600 })] });
    expect(finding(result, "AREA_NEW")).toMatchObject({ status: "fail", required: 3000, actual: 2600, gap: 400 });
    expect(finding(result, "AREA_EXISTING")).toMatchObject({ status: "not_applicable", required: null, actual: null, gap: null });
    expect(finding(result, "AREA_EXISTING").message).toMatch(/新建社区/);
  });

  it("rounds to 0.1 m² without easing the norm: 2,351 households need 1,410.6 m², and 1,410.55 m² is not enough", () => {
    const short = evaluate({ community: { households: 2351 }, facilities: [facility("health", { areaM2: 1410.55 })] });
    expect(finding(short, "AREA_EXISTING")).toMatchObject({ status: "fail", required: 1410.6, actual: 1410.5, gap: 0.1 });
    const enough = evaluate({ community: { households: 2351 }, facilities: [facility("health", { areaM2: 1000.3 }), facility("culture_leisure", { areaM2: 410.3 })] });
    expect(finding(enough, "AREA_EXISTING")).toMatchObject({ status: "pass", actual: 1410.6, gap: 0 });
  });

  it("measures the 共同体 by the facilities marked as part of it", () => {
    const facilities = [
      facility("eldercare_childcare", { areaM2: 400, hubPart: true, functions: ["elderly_care"] }),
      facility("meal_assist", { areaM2: 150, hubPart: true, functions: ["community_canteen"] }),
      facility("health", { areaM2: 900 }),
    ];
    const result = evaluate({ community: { hasHub: true }, facilities });
    expect(finding(result, "AREA_EXISTING_HUB")).toMatchObject({ status: "fail", required: 600, actual: 550, gap: 50 });
    expect(finding(result, "AREA_EXISTING_HUB").evidence.facilities).toEqual(["养老托育站", "社区助餐站"]);
    expect(finding(result, "AREA_NEW_HUB").status).toBe("not_applicable");
  });

  it("asks a new pilot's 共同体 for 1,000 m²", () => {
    const result = evaluate({
      community: { type: "new", hasHub: true },
      facilities: [facility("eldercare_childcare", { areaM2: 1000, hubPart: true })],
    });
    expect(finding(result, "AREA_NEW_HUB")).toMatchObject({ status: "pass", required: 1000, actual: 1000, gap: 0 });
  });

  it("leaves the 共同体 norms not applicable to a community without one", () => {
    const result = evaluate({ facilities: allSeven() });
    expect(finding(result, "AREA_EXISTING_HUB")).toMatchObject({ status: "not_applicable", gap: null });
    expect(finding(result, "AREA_EXISTING_HUB").message).toMatch(/尚无民生幸福共同体/);
  });

  it("measures a non-pilot against the pilot norms for reference only (参照试点标准, not binding)", () => {
    const result = evaluate({ community: { pilot: false }, facilities: [facility("health", { areaM2: 1300 })] });
    expect(finding(result, "AREA_EXISTING")).toMatchObject({ status: "fail", gap: 110, binding: false });
    expect(finding(result, "AREA_EXISTING").message).toMatch(/参照试点标准/);
    expect(result.summary.findings.bindingFailures).toBe(
      result.findings.filter((f) => f.status === "fail" && f.binding).length,
    );
  });

  it("leaves non-pilots out altogether when the reference setting is switched off", () => {
    const off = withProfile((p) => {
      p.settings.nonPilotAreaNorms.value = false;
    });
    const result = evaluate({ community: { pilot: false }, facilities: [facility("health", { areaM2: 1300 })] }, off);
    expect(finding(result, "AREA_EXISTING")).toMatchObject({ status: "not_applicable" });
    expect(finding(result, "AREA_EXISTING").message).toMatch(/不是试点社区/);
  });

  it("reports planned and closed facilities but does not count them", () => {
    const result = evaluate({
      facilities: [
        facility("health", { areaM2: 1300 }),
        facility("meal_assist", { name: "规划中的老年食堂", areaM2: 200, status: "planned" }),
        facility("culture_leisure", { name: "已关闭的图书室", areaM2: 90, status: "closed" }),
      ],
    });
    const area = finding(result, "AREA_EXISTING");
    expect(area).toMatchObject({ status: "fail", actual: 1300 });
    expect(area.evidence.notCounted).toEqual(["规划中的老年食堂", "已关闭的图书室"]);
    expect(area.message).toMatch(/规划中 1 处（200 平方米）、已关闭 1 处（90 平方米）未计入/);
    expect(result.summary.facilities).toEqual({ operating: 1, planned: 1, closed: 1, shared: 0 });
    expect(result.domains.meal_assist.status).toBe("缺失");
    expect(finding(result, "CIRCLE_15MIN:culture_leisure").status).toBe("fail");
  });

  it("counts a neighbour's shared facility for the 15-minute circle but not for the community's own area", () => {
    const playground = facility("children_play", { name: "邻社区儿童乐园", areaM2: 500, shared: true, distanceM: 800 });
    const result = evaluate({ facilities: [facility("health", { areaM2: 1300 }), playground] });
    expect(finding(result, "AREA_EXISTING")).toMatchObject({ actual: 1300, gap: 110 });
    expect(finding(result, "AREA_EXISTING").evidence.facilities).not.toContain("邻社区儿童乐园");
    expect(finding(result, "CIRCLE_15MIN:children_play")).toMatchObject({ status: "pass", actual: 1 });
    expect(finding(result, "CIRCLE_15MIN:children_play").evidence.facilities).toEqual(["邻社区儿童乐园"]);
    expect(result.domains.children_play).toMatchObject({ ownFacilities: 0, sharedFacilities: 1, coverageShare: 1 });
  });
});

describe("service functions (三(三)2)", () => {
  it("passes a pilot with all seven domains", () => {
    expect(finding(evaluate({ facilities: allSeven() }), "FUNC_PILOT")).toMatchObject({ status: "pass", required: 7, actual: 7, gap: 0 });
  });

  it("finds a pilot without 家政便民 one domain short and names it", () => {
    const facilities = allSeven().filter((f) => f.domain !== "housekeeping_convenience");
    const f = finding(evaluate({ facilities }), "FUNC_PILOT");
    expect(f).toMatchObject({ status: "fail", actual: 6, gap: 1 });
    expect(f.message).toMatch(/缺少：家政便民/);
  });

  it("does not count a neighbour's facility as the pilot's own function", () => {
    const facilities = [...allSeven().filter((f) => f.domain !== "children_play"), facility("children_play", { shared: true, distanceM: 300 })];
    const result = evaluate({ facilities });
    expect(finding(result, "FUNC_PILOT")).toMatchObject({ status: "fail", actual: 6 });
    expect(finding(result, "FUNC_PILOT").message).toMatch(/邻近社区设施可共享/);
  });

  it("leaves FUNC_PILOT not applicable to a non-pilot", () => {
    expect(finding(evaluate({ community: { pilot: false } }), "FUNC_PILOT").status).toBe("not_applicable");
  });

  it("passes a 共同体 with 养老服务, 社区助餐 and a general 健康服务 function", () => {
    const result = evaluate({
      community: { hasHub: true },
      facilities: [
        facility("eldercare_childcare", { hubPart: true, functions: ["elderly_care"] }),
        facility("meal_assist", { hubPart: true, functions: ["community_canteen"] }),
        facility("health", { hubPart: true }),
      ],
    });
    expect(finding(result, "FUNC_HUB")).toMatchObject({ status: "pass", required: 3, actual: 3, gap: 0 });
    expect(finding(result, "FUNC_HUB").message).toMatch(/健康服务（一般功能）/);
  });

  it("fails a 共同体 with four functions but only one key function, and flags the 一老一小 domains", () => {
    const result = evaluate({
      community: { hasHub: true },
      facilities: [
        ...allSeven(),
        facility("eldercare_childcare", { name: "日间照料中心", hubPart: true, functions: ["elderly_care"] }),
        facility("health", { name: "卫生服务站", hubPart: true, functions: ["health_station", "rehabilitation"] }),
        facility("culture_leisure", { name: "图书室", hubPart: true, functions: ["reading_room"] }),
      ],
    });
    const hub = finding(result, "FUNC_HUB");
    expect(hub).toMatchObject({ status: "fail", actual: 4, gap: 1 });
    expect(hub.message).toMatch(/至少 1 项为重点功能/);
    // The missing key functions (社区助餐, 婴幼儿托育, 儿童托管) sit in these two 一老一小 domains.
    expect(result.domains.meal_assist).toMatchObject({ status: "不足", coverageShare: 1 });
    expect(result.domains.meal_assist.findings).toContain("FUNC_HUB");
    expect(result.domains.eldercare_childcare.status).toBe("不足");
    expect(result.domains.health.status).toBe("满足");
  });

  it("counts only operating facilities inside the 共同体", () => {
    const result = evaluate({
      community: { hasHub: true },
      facilities: [
        facility("eldercare_childcare", { hubPart: true, functions: ["elderly_care", "infant_care"] }),
        facility("meal_assist", { functions: ["community_canteen"] }),
        facility("health", { hubPart: true, status: "planned", functions: ["health_station"] }),
      ],
    });
    expect(finding(result, "FUNC_HUB")).toMatchObject({ status: "fail", actual: 2, gap: 1 });
  });

  it("leaves FUNC_HUB not applicable without a 共同体", () => {
    expect(finding(evaluate({ facilities: allSeven() }), "FUNC_HUB")).toMatchObject({ status: "not_applicable", binding: true });
  });
});

describe("the 15-minute public service circle", () => {
  it("covers every household when a facility is 1,000 m away and none when it is 1,001 m away", () => {
    const result = evaluate({
      facilities: [facility("health", { distanceM: 1000 }), facility("sports_fitness", { distanceM: 1001 })],
    });
    expect(finding(result, "CIRCLE_15MIN:health")).toMatchObject({ status: "pass", required: 1, actual: 1, gap: 0, unit: "share" });
    expect(finding(result, "CIRCLE_15MIN:sports_fitness")).toMatchObject({ status: "fail", actual: 0, gap: 1 });
    expect(result.domains.sports_fitness.status).toBe("不足");
  });

  it("puts the community's own facilities without a location inside the circle", () => {
    expect(finding(evaluate({ facilities: [facility("health")] }), "CIRCLE_15MIN:health").status).toBe("pass");
  });

  it("does not place a neighbour's facility that has no location", () => {
    const result = evaluate({ facilities: [facility("health", { shared: true })] });
    expect(finding(result, "CIRCLE_15MIN:health").status).toBe("fail");
    expect(result.domains.health.status).toBe("缺失");
  });

  it("weights coverage by the households of each 小区 (1,500 covered of 2,000 is 75 %)", () => {
    const result = evaluate({
      community: { ...QINGBO, households: 2000 },
      neighbourhoods: [
        { name: "清波小区", households: 1500, ...near(0) },
        { name: "柳浪小区", households: 500, ...near(1800) },
      ],
      facilities: [facility("meal_assist", { name: "老年食堂", ...near(-600) })],
    });
    const circle = finding(result, "CIRCLE_15MIN:meal_assist");
    expect(circle).toMatchObject({ status: "fail", actual: 0.75, gap: 0.25 });
    expect(circle.message).toMatch(/覆盖 75% 的小区住户/);
    expect(result.domains.meal_assist).toMatchObject({ status: "不足", coverageShare: 0.75 });
    expect(result.summary.coverageBasis).toBe("neighbourhoods");
  });

  it("measures from the community centroid when no 小区 are given", () => {
    const result = evaluate({
      community: QINGBO,
      facilities: [facility("health", near(950)), facility("culture_leisure", near(0, 1050))],
    });
    expect(finding(result, "CIRCLE_15MIN:health").status).toBe("pass");
    expect(finding(result, "CIRCLE_15MIN:culture_leisure").status).toBe("fail");
    expect(result.summary.coverageBasis).toBe("community");
  });
});

describe("office space (办公空间最小化, 三(三)1)", () => {
  it("flags an office share of 35 % as above the 30 % default, 5 points over", () => {
    const result = evaluate({
      facilities: [facility("health", { areaM2: 600, officeAreaM2: 300 }), facility("culture_leisure", { areaM2: 400, officeAreaM2: 50 })],
    });
    expect(finding(result, "OFFICE_SHARE")).toMatchObject({ status: "fail", required: 0.3, actual: 0.35, gap: 0.05, binding: false });
    expect(finding(result, "OFFICE_SHARE").evidence.facilities).toEqual(["健康服务站", "文化休闲站"]);
    expect(result.summary.officeShare).toBe(0.35);
  });

  it("accepts exactly 30 % and ignores neighbours' offices", () => {
    const result = evaluate({
      facilities: [facility("health", { areaM2: 1000, officeAreaM2: 300 }), facility("meal_assist", { shared: true, distanceM: 10, areaM2: 100, officeAreaM2: 100 })],
    });
    expect(finding(result, "OFFICE_SHARE")).toMatchObject({ status: "pass", actual: 0.3, gap: 0 });
  });

  it("is not applicable without any operating floor area", () => {
    expect(finding(evaluate({}), "OFFICE_SHARE").status).toBe("not_applicable");
  });
});

describe("residents' demand and 一老一小 (三(三)1)", () => {
  const survey = (domains: NonNullable<EvaluationInput["survey"]>["domains"], respondents = 812) => ({ respondents, domains });

  it("is not applicable before a survey has run, or when nobody answered", () => {
    expect(finding(evaluate({ facilities: allSeven() }), "DEMAND_PRIORITY:meal_assist").status).toBe("not_applicable");
    const empty = evaluate({ facilities: allSeven(), survey: survey({ meal_assist: { demandIndex: 0.9, satisfaction: 1 } }, 0) });
    expect(finding(empty, "DEMAND_PRIORITY:meal_assist").status).toBe("not_applicable");
  });

  it("marks high demand with low satisfaction as urgent and the domain 不足, even when fully covered", () => {
    const result = evaluate({
      facilities: allSeven(),
      survey: survey({ meal_assist: { demandIndex: 0.42, satisfaction: 2.6, questions: ["q7_meal_need", "q8_meal_satisfaction"] } }),
    });
    const demand = finding(result, "DEMAND_PRIORITY:meal_assist");
    expect(demand).toMatchObject({ status: "fail", required: 3, actual: 2.6, gap: 0.4, unit: "score", domain: "meal_assist" });
    expect(demand.evidence.questions).toEqual(["q7_meal_need", "q8_meal_satisfaction"]);
    expect(demand.message).toMatch(/急需紧缺/);
    expect(result.domains.meal_assist).toMatchObject({ status: "不足", demandIndex: 0.42, satisfaction: 2.6 });
    expect(result.domains.meal_assist.findings).toContain("DEMAND_PRIORITY:meal_assist");
  });

  it("lets satisfied residents or low demand pass", () => {
    const result = evaluate({
      facilities: allSeven(),
      survey: survey({ meal_assist: { demandIndex: 0.42, satisfaction: 3.1 }, health: { demandIndex: 0.2, satisfaction: 1.5 } }),
    });
    expect(finding(result, "DEMAND_PRIORITY:meal_assist").status).toBe("pass");
    expect(finding(result, "DEMAND_PRIORITY:health")).toMatchObject({ status: "pass", required: null, gap: 0 });
    expect(finding(result, "DEMAND_PRIORITY:sports_fitness").status).toBe("not_applicable");
  });

  it("weights 一老一小 demand: 0.3 with 40 % over 60 counts as high for 社区助餐 but not for 健康服务", () => {
    const result = evaluate({
      community: { share60Plus: 0.4 },
      facilities: allSeven(),
      survey: survey({ meal_assist: { demandIndex: 0.3, satisfaction: 2 }, health: { demandIndex: 0.3, satisfaction: 2 } }),
    });
    expect(finding(result, "DEMAND_PRIORITY:meal_assist").status).toBe("fail");
    expect(finding(result, "DEMAND_PRIORITY:meal_assist").message).toMatch(/一老一小加权后 0.42/);
    expect(finding(result, "DEMAND_PRIORITY:health").status).toBe("pass");
    expect(result.domains.meal_assist.priority).toBe(1.4);
    expect(result.domains.health.priority).toBe(1);
  });

  it("exposes the 一老一小 weighting for the gap list", () => {
    expect(oneOldOneYoungDomains(profile)).toEqual(["eldercare_childcare", "meal_assist", "children_play"]);
    const qingbomen = { share60Plus: 1 / 3, shareChildren: 0.1 };
    expect(domainPriority("meal_assist", qingbomen, profile)).toBe(1.333);
    expect(domainPriority("children_play", qingbomen, profile)).toBe(1.1);
    expect(domainPriority("eldercare_childcare", qingbomen, profile)).toBe(1.433);
    expect(domainPriority("health", qingbomen, profile)).toBe(1);
    expect(domainPriority("meal_assist", {}, profile)).toBe(1);
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
