import { describe, expect, it } from "vitest";
import { type CommunityFacts, type EvaluationInput, evaluateCommunity, type FacilityFacts } from "../../workflows/evaluation";
import { diffGapItems, type GapItemBase, type GapItemSnapshot, reviewOutcome, undecidedForApproval } from "../../workflows/gap-list";
import { gapCommunityFacts, generateGapItems, generationOptions, priorityScore } from "../../workflows/gap-list-generation";
import { costBasisText, DEFAULT_GAP_LIST_SETTINGS, type GapListSettings, priorityFormula, withGapListSettings } from "../../workflows/gap-list-settings";
import { DOMAIN_LABELS, type Domain } from "../../workflows/glossary";
import { loadBuiltInProfile } from "../../workflows/policy/profile";
import { gapItemSnapshot } from "../support/gap-items";

const profile = loadBuiltInProfile();

function facility(domain: Domain, overrides: Partial<FacilityFacts> = {}): FacilityFacts {
  return { name: `${DOMAIN_LABELS[domain]}站`, domain, areaM2: 100, status: "operating", ...overrides };
}

/** 清波门-like: an existing pilot of 1,900 households, a third over 60. */
function community(overrides: Partial<CommunityFacts> = {}): CommunityFacts {
  return { code: "330102001051", name: "清波门社区", type: "existing", pilot: true, households: 1900, hasHub: false, share60Plus: 0.33, shareChildren: 0.1, ...overrides };
}

function generate(input: EvaluationInput, settings: GapListSettings = DEFAULT_GAP_LIST_SETTINGS): GapItemBase[] {
  const result = evaluateCommunity(input, profile);
  return generateGapItems(result, gapCommunityFacts(input, result), generationOptions(profile, settings));
}

const find = (items: GapItemBase[], domain: Domain, shared = false) =>
  items.find((i) => i.domain === domain && (i.approach === "shared_with_neighbour") === shared);

/** Enough floor area that the area norm passes, so only the missing functions matter. */
const roomy = (domains: Domain[], areaM2 = 400) => domains.map((d) => facility(d, { areaM2, functions: [] }));

describe("generating the list for an existing community", () => {
  it("proposes 补建/改建 for missing care functions and 转型 for 家政便民, each with the reasons and costs from the unit costs", () => {
    const items = generate({
      community: community(),
      facilities: roomy(["health", "sports_fitness", "culture_leisure", "children_play", "meal_assist"]),
    });
    const care = find(items, "eldercare_childcare")!;
    expect(care).toMatchObject({ function: "elderly_care", approach: "retrofit", targetAreaM2: 300, serviceLevel: "basic", pricing: "low_cost" });
    expect(care.estimatedCost).toBe(300 * 3500);
    expect(care.rationale.findings.map((f) => f.id)).toEqual(expect.arrayContaining(["FUNC_PILOT", "CIRCLE_15MIN:eldercare_childcare"]));
    const housekeeping = find(items, "housekeeping_convenience")!;
    expect(housekeeping).toMatchObject({ function: "housekeeping", approach: "conversion", serviceLevel: "non_basic", pricing: "paid", operatingModel: "private_run_public_aid" });
    expect(housekeeping.fundingSources).toContain("social_capital");
    expect(housekeeping.estimatedCost).toBe(50 * 2500);
    expect(items.every((i) => i.fourSync === null)).toBe(true);
  });

  it("suggests 划转 for an item large enough, and spreads the area shortfall so the list reaches the norm", () => {
    // 2,350 households need 1,410 m²; 7 × 100 m² leaves 710 m² short (the digest's worked example, smaller).
    const input: EvaluationInput = { community: community({ households: 2350 }), facilities: roomy(["eldercare_childcare", "meal_assist", "health", "sports_fitness", "culture_leisure", "children_play", "housekeeping_convenience"], 100) };
    const result = evaluateCommunity(input, profile);
    const shortfall = result.findings.find((f) => f.id === "AREA_EXISTING")!;
    expect(shortfall).toMatchObject({ status: "fail", gap: 710 });
    const items = generate(input);
    const own = items.filter((i) => i.approach !== "shared_with_neighbour");
    expect(own.reduce((sum, i) => sum + i.targetAreaM2, 0)).toBeGreaterThanOrEqual(710);
    expect(own.some((i) => i.approach === "transfer" && i.targetAreaM2 >= 500)).toBe(true);
    expect(own.every((i) => i.rationale.area?.gap === 710)).toBe(true);
  });

  it("uses vacated office space as the space source of the retrofits when the office share is too high", () => {
    const items = generate({
      community: community(),
      // 500 m² of office in 1,100 m²: 45 %, above the 30 % line.
      facilities: [...roomy(["health", "sports_fitness", "culture_leisure", "children_play", "housekeeping_convenience"], 100), facility("meal_assist", { areaM2: 600, officeAreaM2: 500 })],
    });
    const care = find(items, "eldercare_childcare")!;
    expect(care.approach).toBe("retrofit");
    expect(care.spaceSource).toMatch(/^腾退办公用房约 \d+ 平方米/);
    expect(care.rationale.findings.map((f) => f.id)).toContain("OFFICE_SHARE");
  });
});

describe("generating the list for a new community (四同步)", () => {
  it("proposes 新建（四同步） with an empty checklist for every function it must build", () => {
    const items = generate({ community: community({ type: "new", households: 3000, share60Plus: 0.1, shareChildren: 0.2 }), facilities: [] });
    expect(items.length).toBeGreaterThanOrEqual(7);
    for (const item of items) {
      expect(item.approach).toBe("new_build");
      expect(item.fourSync).toEqual({ planning: false, construction: false, acceptance: false, delivery: false });
      expect(item.estimatedCost).toBe(Math.round(item.targetAreaM2 * 8000));
    }
    // 3,000 households need 3,000 m² (三(一)): the items together reach it.
    expect(items.reduce((sum, i) => sum + i.targetAreaM2, 0)).toBeGreaterThanOrEqual(3000);
  });
});

describe("跨社区共享", () => {
  const neighboursPlayground = facility("children_play", { name: "劳动路社区儿童乐园", shared: true, sharedFrom: "劳动路社区", distanceM: 800, areaM2: 450 });

  it("shares a neighbour's playground within walking distance, and a pilot still gets a small 儿童之家 of its own", () => {
    const items = generate({
      community: community(),
      facilities: [...roomy(["eldercare_childcare", "meal_assist", "health", "sports_fitness", "culture_leisure", "housekeeping_convenience"]), neighboursPlayground],
    });
    const shared = find(items, "children_play", true)!;
    expect(shared).toMatchObject({ approach: "shared_with_neighbour", targetAreaM2: 0, estimatedCost: 50_000, operatingModel: "government_procurement" });
    expect(shared.rationale.neighbours).toEqual([{ name: "劳动路社区儿童乐园", from: "劳动路社区" }]);
    expect(shared.spaceSource).toContain("劳动路社区儿童乐园");
    const own = find(items, "children_play")!;
    expect(own).toMatchObject({ function: "child_friendly_space", approach: "retrofit", targetAreaM2: 80 });
    // The community's own item comes before the sharing arrangement of the same domain.
    expect(items.indexOf(own)).toBeLessThan(items.indexOf(shared));
  });

  it("a non-pilot fully served by the neighbour has no gap there: nothing on the list", () => {
    const items = generate({
      community: community({ pilot: false }),
      facilities: [...roomy(["eldercare_childcare", "meal_assist", "health", "sports_fitness", "culture_leisure", "housekeeping_convenience"]), neighboursPlayground],
    });
    expect(items.filter((i) => i.domain === "children_play")).toEqual([]);
  });

  it("a non-pilot partly served by the neighbour shares it and adds a point for the 小区 out of reach", () => {
    const items = generate({
      community: community({ pilot: false, lat: 30.25, lng: 120.16 }),
      neighbourhoods: [
        { name: "近邻小区", households: 1000, lat: 30.25, lng: 120.16 },
        { name: "北片小区", households: 900, lat: 30.27, lng: 120.16 },
      ],
      facilities: [
        ...roomy(["eldercare_childcare", "meal_assist", "health", "sports_fitness", "culture_leisure", "housekeeping_convenience"]),
        facility("children_play", { id: "n-1", name: "劳动路社区儿童乐园", shared: true, sharedFrom: "劳动路社区", lat: 30.2505, lng: 120.1605 }),
      ],
    });
    expect(items.filter((i) => i.domain === "children_play").map((i) => [i.approach, i.function])).toEqual([
      ["retrofit", "child_friendly_space"],
      ["shared_with_neighbour", "playground"],
    ]);
  });

  it("a neighbour too far away does not count: the domain is missing and gets an own item", () => {
    const items = generate({
      community: community({ pilot: false }),
      facilities: [...roomy(["eldercare_childcare", "meal_assist", "health", "sports_fitness", "culture_leisure", "housekeeping_convenience"]), { ...neighboursPlayground, distanceM: 2500 }],
    });
    expect(items.filter((i) => i.domain === "children_play").map((i) => [i.approach, i.function])).toEqual([["retrofit", "playground"]]);
  });
});

describe("priority", () => {
  const options = generationOptions(profile, DEFAULT_GAP_LIST_SETTINGS);

  it("puts the 一老一小 first, even when another domain's demand is higher", () => {
    const input: EvaluationInput = {
      community: community({ pilot: false }),
      facilities: roomy(["health", "sports_fitness", "culture_leisure"]),
      survey: {
        respondents: 600,
        domains: {
          housekeeping_convenience: { demandIndex: 0.9, satisfaction: 1.5 },
          meal_assist: { demandIndex: 0.1, satisfaction: 4 },
          eldercare_childcare: { demandIndex: 0.2, satisfaction: 4 },
          children_play: { demandIndex: 0.05, satisfaction: 4 },
        },
      },
    };
    const items = generate(input);
    const order = items.map((i) => i.domain);
    const firstOther = order.indexOf("housekeeping_convenience");
    for (const d of ["eldercare_childcare", "meal_assist", "children_play"] as const) expect(order.indexOf(d)).toBeLessThan(firstOther);
    for (let i = 1; i < items.length; i++) expect(items[i - 1].priority).toBeGreaterThanOrEqual(items[i].priority);
  });

  it("then orders by demand and the size of the gap, with the formula as data", () => {
    const result = evaluateCommunity(
      {
        community: community({ pilot: false, share60Plus: 0, shareChildren: 0 }),
        facilities: roomy(["eldercare_childcare", "meal_assist", "children_play", "culture_leisure"]),
        survey: { respondents: 500, domains: { health: { demandIndex: 0.8, satisfaction: 2 }, sports_fitness: { demandIndex: 0.2, satisfaction: 4 } } },
      },
      profile,
    );
    const health = priorityScore("health", result, options);
    const sports = priorityScore("sports_fitness", result, options);
    expect(health).toMatchObject({ oneOldOneYoung: 0, demand: 0.8, demandEstimated: false, gap: 1 });
    expect(health.score).toBe(60 * 0.8 + 40 * 1);
    expect(sports.score).toBeLessThan(health.score);
    const care = priorityScore("eldercare_childcare", result, options);
    expect(care.oneOldOneYoung).toBe(1);
    expect(care.score).toBeGreaterThanOrEqual(100);
    expect(priorityFormula().expression).toBe("优先级 = 100 × 一老一小 + 60 × 需求 + 40 × 缺口");
  });

  it("without a survey, demand is estimated from the age shares and marked as such", () => {
    const result = evaluateCommunity({ community: community({ share60Plus: 0.3 }), facilities: [] }, profile);
    expect(priorityScore("meal_assist", result, options)).toMatchObject({ demand: 0.3, demandEstimated: true });
    expect(priorityScore("health", result, options)).toMatchObject({ demand: 0, demandEstimated: true });
  });
});

describe("民生幸福共同体", () => {
  it("adds the key functions the 共同体 lacks, marked as hub candidates", () => {
    const items = generate({
      community: community({ hasHub: true, pilot: false }),
      facilities: [
        facility("culture_leisure", { areaM2: 700, functions: ["culture_home"], hubPart: true }),
        facility("eldercare_childcare", { areaM2: 300, functions: ["elderly_care"] }),
        ...roomy(["meal_assist", "health", "sports_fitness", "children_play", "housekeeping_convenience"]),
      ],
    });
    const hub = items.filter((i) => i.rationale.hubCandidate);
    expect(hub.length).toBeGreaterThanOrEqual(2);
    expect(hub.every((i) => i.rationale.findings.some((f) => f.id === "FUNC_HUB"))).toBe(true);
    expect(hub.map((i) => i.function)).toEqual(expect.arrayContaining(["elderly_care"]));
  });
});

describe("settings", () => {
  it("unit costs are defaults until overridden; an override is marked and used", () => {
    expect(DEFAULT_GAP_LIST_SETTINGS.unitCostPerM2.new_build).toMatchObject({ value: 8000, default: true });
    const { settings, applied, ignored } = withGapListSettings({ "gapList.unitCostPerM2.retrofit": 4200, "gapList.unknown": 1, "gapList.functionNormGap": 3 });
    expect(applied).toEqual({ "gapList.unitCostPerM2.retrofit": 4200 });
    expect(ignored).toEqual(["gapList.functionNormGap", "gapList.unknown"]);
    expect(settings.unitCostPerM2.retrofit.value).toBe(4200);
    expect(settings.functionNormGap.value).toBe(0.5);
    expect(costBasisText("retrofit", 300, settings)).toBe("300 m² × 4200 元/m²（已调整）");
    expect(costBasisText("conversion", 300, settings)).toBe("300 m² × 2500 元/m²（默认值）");
    const items = generate({ community: community({ pilot: false }), facilities: roomy(["meal_assist", "health", "sports_fitness", "culture_leisure", "children_play", "housekeeping_convenience"]) }, settings);
    expect(find(items, "eldercare_childcare")!.estimatedCost).toBe(300 * 4200);
  });
});

function snapshot(id: string, position: number, overrides: Partial<GapItemSnapshot> = {}): GapItemSnapshot {
  return gapItemSnapshot({ id, position, ...overrides });
}

describe("what changed between two versions", () => {
  it("lists changed fields with the previous decision, added and removed items, and reordering", () => {
    const before = [
      snapshot("a", 1, { decision: "return", decisionComment: "请补充消防条件和运营主体" }),
      snapshot("b", 2, { domain: "children_play", function: "playground", decision: "approve" }),
      snapshot("c", 3, { domain: "health", function: "health_station", decision: "approve" }),
    ];
    const after = [
      snapshot("b", 1, { domain: "children_play", function: "playground", decision: "approve" }),
      snapshot("a", 2, { notes: "消防通道已确认，运营主体为清波街道居家养老服务中心", candidateSite: "清波街 12 号腾退用房" }),
      snapshot("c", 0, { domain: "health", function: "health_station", status: "removed" }),
      snapshot("d", 3, { domain: "housekeeping_convenience", function: "housekeeping", approach: "conversion" }),
    ];
    const diff = diffGapItems(before, after);
    expect(diff.changes.map((c) => [c.itemId, c.kind])).toEqual([
      ["a", "changed"],
      ["c", "removed"],
      ["d", "added"],
    ]);
    const a = diff.changes[0];
    expect(a.fields.map((f) => f.label)).toEqual(["候选选址", "备注"]);
    expect(a.fields[1]).toMatchObject({ before: "（空）", after: "消防通道已确认，运营主体为清波街道居家养老服务中心" });
    expect(a.previousDecision).toEqual({ decision: "return", label: "退回修改", comment: "请补充消防条件和运营主体" });
    expect(diff.unchanged).toBe(1);
    expect(diff.reordered).toBe(true);
  });

  it("the review finishes only when every item has a decision; a return sends the list back", () => {
    const items = [snapshot("a", 1, { decision: "approve" }), snapshot("b", 2, { decision: "reject" }), snapshot("c", 3, { status: "removed" })];
    expect(reviewOutcome(items)).toMatchObject({ total: 2, approved: 1, rejected: 1, undecided: 0, outcome: "approve" });
    expect(reviewOutcome([...items, snapshot("d", 4)]).outcome).toBeNull();
    expect(reviewOutcome([...items, snapshot("d", 4, { decision: "return" })]).outcome).toBe("return");
    // A return is not a final decision for the cycle's APPROVE guard.
    expect(undecidedForApproval([...items, snapshot("d", 4, { decision: "return" }), snapshot("e", 5)])).toBe(2);
  });
});
