// The plan's norms one by one: area (三(一)), functions (三(三)2), the 15-minute circle, office
// space and residents' demand with 一老一小 (三(三)1).
import { describe, expect, it } from "vitest";
import { domainPriority, type EvaluationInput, oneOldOneYoungDomains } from "../../workflows/evaluation";
import { allSeven, evaluate, facility, finding, near, profile, QINGBO, withProfile } from "../support/evaluation-facts";

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
