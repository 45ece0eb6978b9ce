// Drafting the 查漏补缺 list from a stored evaluation (三(二)2): one item per missing or
// insufficient function, with its priority, suggested approach, cost from the unit costs and
// the evidence; and the same rules for an item the worker adds or edits. Pure.
// See docs/decisions/0008-gap-lists.md.
import { type EvaluationInput, type EvaluationResult, type Finding, oneOldOneYoungDomains } from "./evaluation";
import {
  EMPTY_FOUR_SYNC,
  functionShortLabel,
  type GapItemBase,
  type GapItemFormValues,
  type GapRationale,
  type PriorityBreakdown,
  type RationaleFinding,
} from "./gap-list";
import { estimateCost, type GapListSettings } from "./gap-list-settings";
import {
  type Approach,
  DOMAIN_LABELS,
  DOMAINS,
  type DevelopmentType,
  type Domain,
  FUNCTION_CATALOGUE,
  type FacilityFunction,
  type FundingSource,
  type OperatingModel,
  type PricingTier,
  type ServiceLevel,
} from "./glossary";
import { type PolicyProfile, singleRule } from "./policy/profile";

/** What the list needs to know about the community, beyond the evaluation's result. */
export interface GapCommunityFacts {
  type: DevelopmentType;
  pilot: boolean;
  hasHub: boolean;
  households: number;
  /** Catalogue functions of the community's own operating facilities. */
  ownFunctions: FacilityFunction[];
  /** Catalogue functions of its 民生幸福共同体's operating facilities. */
  hubFunctions: FacilityFunction[];
  /** Neighbouring communities' operating facilities within walking distance (跨社区共享). */
  neighbours: { ref: string; name: string; from: string | null; domain: Domain }[];
}

/** The community facts from the evaluation's own input (the neighbours the engine found are in it). */
export function gapCommunityFacts(input: EvaluationInput, result: EvaluationResult): GapCommunityFacts {
  const inCircle = new Set<string>();
  for (const f of result.findings) if (f.rule === "CIRCLE_15MIN") for (const ref of f.evidence.facilities ?? []) inCircle.add(ref);
  const operatingOwn = input.facilities.filter((f) => !f.shared && f.status === "operating");
  const functionsOf = (list: typeof operatingOwn) => [...new Set(list.flatMap((f) => [...(f.functions ?? [])]))];
  return {
    type: input.community.type,
    pilot: input.community.pilot,
    hasHub: input.community.hasHub,
    households: input.community.households,
    ownFunctions: functionsOf(operatingOwn),
    hubFunctions: functionsOf(operatingOwn.filter((f) => f.hubPart)),
    neighbours: input.facilities
      .filter((f) => f.shared && f.status === "operating" && inCircle.has(f.id ?? f.name))
      .map((f) => ({ ref: f.id ?? f.name, name: f.name, from: f.sharedFrom ?? null, domain: f.domain })),
  };
}

export interface GenerationOptions {
  settings: GapListSettings;
  /** The profile's 一老一小 domains. */
  oneOldOneYoungDomains: readonly Domain[];
  /** The profile's FUNC_HUB key functions and how many of them a 共同体 needs. */
  hubKeyFunctions: readonly FacilityFunction[];
  minKeyHubFunctions: number;
}

/** The options for a policy profile (the one the evaluation ran with) and the list settings. */
export function generationOptions(profile: PolicyProfile, settings: GapListSettings): GenerationOptions {
  const hub = singleRule(profile, "hub_functions");
  return {
    settings,
    oneOldOneYoungDomains: oneOldOneYoungDomains(profile),
    hubKeyFunctions: hub.parameters.keyFunctions,
    minKeyHubFunctions: hub.parameters.minKeyFunctions,
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

const findingById = (result: EvaluationResult, id: string) => result.findings.find((f) => f.id === id);
const failed = (f: Finding | undefined): f is Finding => f !== undefined && f.status === "fail";

function toRationaleFinding(f: Finding): RationaleFinding {
  return { id: f.id, clause: f.clause, title: f.title, status: f.status, binding: f.binding, message: f.message };
}

/** The evaluation's demand figures for a domain, as the rationale shows them. */
function demandOf(domain: Domain, result: EvaluationResult, priority: PriorityBreakdown): GapRationale["demand"] {
  const d = result.domains[domain];
  return { demandIndex: d.demandIndex ?? null, satisfaction: d.satisfaction ?? null, weight: d.priority, weighted: priority.demand, estimated: priority.demandEstimated };
}

/** The priority of an item of `domain`, from the evaluation alone: the same for generated and added items. */
export function priorityScore(domain: Domain, result: EvaluationResult, options: GenerationOptions): PriorityBreakdown {
  const d = result.domains[domain];
  const w = options.settings.priorityWeights;
  const oneOldOneYoung: 0 | 1 = options.oneOldOneYoungDomains.includes(domain) ? 1 : 0;
  const demandEstimated = d.demandIndex === undefined;
  // Without a survey, the share of the domain's age groups stands in for demand (priority = 1 + share).
  const demand = round3(Math.min(1, demandEstimated ? Math.max(0, d.priority - 1) : (d.demandIndex ?? 0) * d.priority));

  const terms = [d.status === "缺失" ? 1 : 0, 1 - d.coverageShare];
  const pilot = findingById(result, "FUNC_PILOT");
  const hub = findingById(result, "FUNC_HUB");
  const namedByNorm =
    (failed(pilot) && pilot.binding && d.ownFacilities === 0) || (failed(hub) && hub.binding && d.findings.includes("FUNC_HUB"));
  if (namedByNorm) terms.push(options.settings.functionNormGap.value);
  const urgent = findingById(result, `DEMAND_PRIORITY:${domain}`);
  if (failed(urgent) && urgent.required && urgent.gap !== null) terms.push(urgent.gap / urgent.required);
  const gap = round3(Math.min(1, Math.max(0, ...terms)));

  const score = round1(w.oneOldOneYoung.value * oneOldOneYoung + w.demand.value * demand + w.gap.value * gap);
  return { oneOldOneYoung, demand, demandEstimated, gap, score };
}

/** Order of a list: priority score, then 一老一小, then the domains' order, own facilities before sharing. */
export function compareByPriority(
  a: { priority: number; domain: Domain; approach: Approach; oneOldOneYoung: 0 | 1 },
  b: { priority: number; domain: Domain; approach: Approach; oneOldOneYoung: 0 | 1 },
): number {
  return (
    b.priority - a.priority ||
    b.oneOldOneYoung - a.oneOldOneYoung ||
    DOMAINS.indexOf(a.domain) - DOMAINS.indexOf(b.domain) ||
    Number(a.approach === "shared_with_neighbour") - Number(b.approach === "shared_with_neighbour")
  );
}

/** Functions to propose for a domain, most needed first [默认值]. */
const PREFERRED: Record<Domain, FacilityFunction[]> = {
  eldercare_childcare: ["elderly_care", "infant_care", "child_after_school", "residential_elderly_care"],
  meal_assist: ["community_canteen", "meal_point"],
  housekeeping_convenience: ["housekeeping", "repair", "parcel_grocery"],
  health: ["health_station", "rehabilitation", "medical_elderly_care"],
  sports_fitness: ["public_gym", "fitness_ground"],
  culture_leisure: ["culture_home", "activity_room", "reading_room"],
  children_play: ["playground", "child_friendly_space"],
};
/** A small own point: a pilot's own function beside a shared one, or a point for uncovered households. */
const SMALL: Record<Domain, FacilityFunction> = {
  eldercare_childcare: "elderly_care",
  meal_assist: "meal_point",
  housekeeping_convenience: "housekeeping",
  health: "health_station",
  sports_fitness: "public_gym",
  culture_leisure: "reading_room",
  children_play: "child_friendly_space",
};
/** What a neighbour's facility of the domain is assumed to offer (neighbours' functions are not recorded). */
const SHARED: Record<Domain, FacilityFunction> = {
  eldercare_childcare: "elderly_care",
  meal_assist: "community_canteen",
  housekeeping_convenience: "housekeeping",
  health: "health_station",
  sports_fitness: "fitness_ground",
  culture_leisure: "culture_home",
  children_play: "playground",
};
/** Existing communities: vacated space near residents for basic care; idle shops for the rest. */
const RETROFIT_DOMAINS: readonly Domain[] = ["eldercare_childcare", "meal_assist", "health", "children_play"];

export function serviceLevelOf(fn: FacilityFunction): ServiceLevel {
  return FUNCTION_CATALOGUE[fn].domain === "housekeeping_convenience" || fn === "residential_elderly_care" ? "non_basic" : "basic";
}

export function pricingOf(fn: FacilityFunction): PricingTier {
  if (serviceLevelOf(fn) === "non_basic") return "paid";
  const domain = FUNCTION_CATALOGUE[fn].domain;
  return domain === "eldercare_childcare" || domain === "meal_assist" ? "low_cost" : "free";
}

export function operatingModelOf(fn: FacilityFunction, approach: Approach): OperatingModel {
  const domain = FUNCTION_CATALOGUE[fn].domain;
  if (approach === "shared_with_neighbour") return "government_procurement";
  if (domain === "health") return "entrusted_operation";
  if (approach === "conversion") return "private_run_public_aid";
  if (domain === "culture_leisure" || domain === "children_play") return "venture_philanthropy";
  return "public_built_private_run";
}

export function fundingOf(approach: Approach, serviceLevel: ServiceLevel): FundingSource[] {
  const base: Record<Approach, FundingSource[]> = {
    new_build: ["central_budget", "special_bonds", "district_budget"],
    retrofit: ["city_budget", "district_budget"],
    conversion: ["district_budget", "social_capital"],
    transfer: ["district_budget"],
    shared_with_neighbour: ["district_budget"],
  };
  const sources = [...base[approach]];
  if (serviceLevel === "non_basic" && !sources.includes("social_capital")) sources.push("social_capital");
  return sources;
}

export function defaultSpaceSource(approach: Approach): string {
  switch (approach) {
    case "new_build":
      return "住宅项目配套用房（四同步）";
    case "retrofit":
      return "腾退空间（待社区核实）";
    case "conversion":
      return "周边闲置社会资源，如闲置商铺、厂房（待核实）";
    case "transfer":
      return "国有闲置房产（按程序划转，待核实）";
    case "shared_with_neighbour":
      return "邻近社区现有设施";
  }
}

interface Working {
  domain: Domain;
  function: FacilityFunction;
  shared: boolean;
  targetAreaM2: number;
  reasons: string[];
  findings: Finding[];
  hubCandidate: boolean;
  neighbours: { name: string; from: string | null }[];
  area: GapRationale["area"];
  spaceSource: string | null;
}

/**
 * Drafts one item per missing or insufficient function, ordered by priority. The worker
 * edits from here; nothing is final until the street has decided every item.
 */
export function generateGapItems(result: EvaluationResult, community: GapCommunityFacts, options: GenerationOptions): GapItemBase[] {
  const { settings } = options;
  const areaOf = (fn: FacilityFunction) => settings.functionAreaM2[fn].value;
  const items: Working[] = [];
  const add = (w: Omit<Working, "targetAreaM2" | "area" | "spaceSource" | "neighbours" | "hubCandidate"> & Partial<Working>) => {
    const item: Working = {
      targetAreaM2: w.shared ? 0 : areaOf(w.function),
      area: null,
      spaceSource: null,
      neighbours: [],
      hubCandidate: false,
      ...w,
    };
    items.push(item);
    return item;
  };
  const own = new Set(community.ownFunctions);
  const pilotFinding = findingById(result, "FUNC_PILOT");
  const hubFinding = findingById(result, "FUNC_HUB");
  const notOwned = (d: Domain) => PREFERRED[d].find((f) => !own.has(f));

  for (const domain of DOMAINS) {
    const d = result.domains[domain];
    const label = DOMAIN_LABELS[domain];
    const circle = findingById(result, `CIRCLE_15MIN:${domain}`);
    const urgent = findingById(result, `DEMAND_PRIORITY:${domain}`);
    const missing = d.status === "缺失";
    const coverageShort = failed(circle);
    const demandUrgent = failed(urgent);
    const pilotMissingOwn = failed(pilotFinding) && d.ownFacilities === 0;
    if (!(missing || coverageShort || demandUrgent || pilotMissingOwn)) continue;
    const domainFindings = [circle, urgent].filter(failed);
    if (pilotMissingOwn && pilotFinding) domainFindings.unshift(pilotFinding);

    const neighbours = community.neighbours.filter((n) => n.domain === domain);
    if (d.ownFacilities === 0 && neighbours.length > 0) {
      const named = neighbours.slice(0, 3).map((n) => (n.from && !n.name.startsWith(n.from) ? `${n.name}（${n.from}）` : n.name));
      const more = neighbours.length > 3 ? ` 等 ${neighbours.length} 处` : "";
      add({
        domain,
        function: SHARED[domain],
        shared: true,
        reasons: [`步行距离内有邻近社区运营中的${label}设施：${named.join("、")}${more}，可跨社区共享`],
        findings: circle ? [circle] : [],
        neighbours: neighbours.map((n) => ({ name: n.name, from: n.from })),
        spaceSource: `邻近社区设施：${named.join("、")}${more}`,
      });
      if (pilotMissingOwn || coverageShort || demandUrgent) {
        const why = pilotMissingOwn ? "试点社区须有本社区自有的该类功能" : coverageShort ? "仍有住户不在步行范围内" : "需求急需紧缺";
        add({ domain, function: SMALL[domain], shared: false, reasons: [`${why}：另设小型${functionShortLabel(SMALL[domain])}`], findings: domainFindings });
      }
      continue;
    }
    if (missing) {
      const fn = notOwned(domain) ?? PREFERRED[domain][0];
      add({ domain, function: fn, shared: false, reasons: [`本社区及步行距离内均无运营中的${label}设施`], findings: domainFindings });
    } else if (coverageShort) {
      add({ domain, function: SMALL[domain], shared: false, reasons: [`${label}设施未覆盖全部住户，增设服务点`], findings: domainFindings });
    } else if (demandUrgent) {
      const fn = notOwned(domain) ?? PREFERRED[domain][0];
      add({ domain, function: fn, shared: false, reasons: [`${label}需求急需紧缺、满意度低，补充或扩容`], findings: domainFindings });
    } else {
      const fn = notOwned(domain) ?? PREFERRED[domain][0];
      add({ domain, function: fn, shared: false, reasons: [`试点社区须具备${label}功能`], findings: domainFindings });
    }
  }

  // 民生幸福共同体: the key functions it lacks, the most urgent domain first.
  if (community.hasHub && failed(hubFinding) && hubFinding.gap) {
    const hubFns = new Set(community.hubFunctions);
    const keys = options.hubKeyFunctions;
    let keyNeeded = Math.max(0, options.minKeyHubFunctions - keys.filter((k) => hubFns.has(k)).length);
    let needed = hubFinding.gap;
    const byUrgency = keys
      .filter((k) => !hubFns.has(k))
      .sort(
        (a, b) =>
          priorityScore(FUNCTION_CATALOGUE[b].domain, result, options).score - priorityScore(FUNCTION_CATALOGUE[a].domain, result, options).score ||
          keys.indexOf(a) - keys.indexOf(b),
      );
    const markHub = (item: Working) => {
      item.hubCandidate = true;
      if (!item.findings.includes(hubFinding)) item.findings.push(hubFinding);
      item.reasons.push("纳入民生幸福共同体，补齐共同体服务功能");
    };
    for (const fn of byUrgency) {
      if (keyNeeded <= 0) break;
      const existing = items.find((i) => !i.shared && i.function === fn);
      if (existing) markHub(existing);
      else
        add({
          domain: FUNCTION_CATALOGUE[fn].domain,
          function: fn,
          shared: false,
          reasons: [`民生幸福共同体缺少重点功能${functionShortLabel(fn)}`],
          findings: [hubFinding],
          hubCandidate: true,
        });
      keyNeeded--;
      needed--;
    }
    // Further functions: items already on the list join the 共同体 before new ones are added.
    for (const item of items) {
      if (needed <= 0) break;
      if (item.shared || item.hubCandidate || hubFns.has(item.function)) continue;
      markHub(item);
      needed--;
    }
    for (const fn of byUrgency) {
      if (needed <= 0) break;
      if (items.some((i) => i.function === fn && i.hubCandidate)) continue;
      add({ domain: FUNCTION_CATALOGUE[fn].domain, function: fn, shared: false, reasons: ["补齐民生幸福共同体服务功能"], findings: [hubFinding], hubCandidate: true });
      needed--;
    }
  }

  const byScore = (domain: Domain) => priorityScore(domain, result, options).score;
  const topDomain = () => [...DOMAINS].sort((a, b) => byScore(b) - byScore(a) || DOMAINS.indexOf(a) - DOMAINS.indexOf(b))[0];

  // Area norms: the own items' target areas together reach the shortfall.
  const spread = (finding: Finding | undefined, pick: (i: Working) => boolean, fallback: () => Working) => {
    if (!failed(finding) || !finding.gap || finding.required === null || finding.actual === null) return;
    let chosen = items.filter((i) => !i.shared && pick(i));
    if (!chosen.length) chosen = [fallback()];
    const total = chosen.reduce((sum, i) => sum + i.targetAreaM2, 0);
    if (total < finding.gap) {
      const factor = finding.gap / Math.max(1, total);
      for (const i of chosen) i.targetAreaM2 = total > 0 ? Math.ceil(i.targetAreaM2 * factor) : Math.ceil(finding.gap / chosen.length);
    }
    const area = { rule: finding.rule, binding: finding.binding, required: finding.required, actual: finding.actual, gap: finding.gap };
    for (const i of chosen) {
      i.area = area;
      if (!i.findings.includes(finding)) i.findings.push(finding);
    }
  };
  const areaFinding = findingById(result, community.type === "new" ? "AREA_NEW" : "AREA_EXISTING");
  const hubAreaFinding = findingById(result, community.type === "new" ? "AREA_NEW_HUB" : "AREA_EXISTING_HUB");
  spread(
    areaFinding,
    () => true,
    () => {
      const domain = topDomain();
      return add({ domain, function: PREFERRED[domain][0], shared: false, reasons: ["综合服务设施面积未达标，扩充服务空间"], findings: [] });
    },
  );
  spread(
    hubAreaFinding,
    (i) => i.hubCandidate,
    () => {
      const fn = options.hubKeyFunctions.find((k) => community.hubFunctions.includes(k)) ?? options.hubKeyFunctions[0] ?? "elderly_care";
      return add({
        domain: FUNCTION_CATALOGUE[fn].domain,
        function: fn,
        shared: false,
        reasons: ["民生幸福共同体面积未达标，扩充共同体服务空间"],
        findings: [],
        hubCandidate: true,
      });
    },
  );

  // Approaches, then office space freed for the retrofits (办公空间最小化).
  const approachOf = (i: Working): { approach: Approach; reason: string } => {
    if (i.shared) return { approach: "shared_with_neighbour", reason: "步行距离内有邻近社区运营中的同类设施，宜跨社区共享" };
    if (community.type === "new") return { approach: "new_build", reason: "新建社区：与住宅项目按“四同步”新建" };
    if (i.targetAreaM2 >= settings.transferMinAreaM2.value) {
      return { approach: "transfer", reason: `所需面积 ${i.targetAreaM2} 平方米，不小于 ${settings.transferMinAreaM2.value} 平方米：宜划转国有闲置房产` };
    }
    if (RETROFIT_DOMAINS.includes(i.domain)) return { approach: "retrofit", reason: "既有社区的基本照护类服务：利用腾退空间补建/改建，贴近住户" };
    return { approach: "conversion", reason: "既有社区的便民、健身、文化类服务：转型利用周边闲置社会资源" };
  };
  const withApproach = items.map((i) => ({ item: i, ...approachOf(i), priority: priorityScore(i.domain, result, options) }));
  withApproach.sort((a, b) =>
    compareByPriority(
      { priority: a.priority.score, domain: a.item.domain, approach: a.approach, oneOldOneYoung: a.priority.oneOldOneYoung },
      { priority: b.priority.score, domain: b.item.domain, approach: b.approach, oneOldOneYoung: b.priority.oneOldOneYoung },
    ),
  );

  const office = findingById(result, "OFFICE_SHARE");
  let freed = failed(office) && office.gap ? Math.floor(office.gap * result.summary.areaM2) : 0;
  for (const w of withApproach) {
    if (w.approach !== "retrofit" || freed <= 0 || !office) continue;
    const used = Math.min(freed, w.item.targetAreaM2);
    freed -= used;
    w.item.spaceSource = `腾退办公用房约 ${used} 平方米（办公面积占比 ${Math.round((office.actual ?? 0) * 1000) / 10}%，高于 ${Math.round((office.required ?? 0) * 1000) / 10}%）`;
    w.item.findings.push(office);
  }

  return withApproach.map(({ item, approach, reason, priority }) => {
    const serviceLevel = serviceLevelOf(item.function);
    const targetAreaM2 = item.targetAreaM2;
    return {
      domain: item.domain,
      function: item.function,
      approach,
      targetAreaM2,
      serviceLevel,
      pricing: pricingOf(item.function),
      operatingModel: operatingModelOf(item.function, approach),
      estimatedCost: estimateCost(approach, targetAreaM2, settings),
      costBasis: "unit_cost",
      fundingSources: fundingOf(approach, serviceLevel),
      priority: priority.score,
      name: null,
      candidateSite: null,
      spaceSource: item.spaceSource ?? defaultSpaceSource(approach),
      notes: null,
      hubForm: null,
      fourSync: approach === "new_build" ? { ...EMPTY_FOUR_SYNC } : null,
      rationale: {
        summary: `${item.reasons.join("；")}。`,
        findings: item.findings.map(toRationaleFinding),
        demand: demandOf(item.domain, result, priority),
        area: item.area,
        priority,
        approachReason: reason,
        hubCandidate: item.hubCandidate,
        neighbours: item.neighbours,
        generated: true,
      },
    };
  });
}

/** The rationale of an item the worker added: the evaluation's figures for its domain. */
export function manualRationale(domain: Domain, result: EvaluationResult, options: GenerationOptions): GapRationale {
  const d = result.domains[domain];
  const priority = priorityScore(domain, result, options);
  const findings = result.findings.filter((f) => f.status === "fail" && (f.domain === domain || d.findings.includes(f.id)));
  return {
    summary: "社区工作者新增的事项。",
    findings: findings.map(toRationaleFinding),
    demand: demandOf(domain, result, priority),
    area: null,
    priority,
    approachReason: "由社区工作者选择",
    hubCandidate: false,
    neighbours: [],
    generated: false,
  };
}

/**
 * An item's values from the worker's form. A blank cost is estimated from the unit cost
 * (默认值); a typed one is kept as 人工填写. Priority and evidence come from the evaluation, so
 * editing an item does not change its score; the evidence stays while the domain does.
 */
export function itemFromForm(fields: GapItemFormValues, before: GapItemBase | null, result: EvaluationResult, options: GenerationOptions): GapItemBase {
  const { estimatedCost, fourSync, ...values } = fields;
  const manual = estimatedCost !== null && (!before || before.costBasis === "manual" || estimatedCost !== before.estimatedCost);
  const ticked = { ...EMPTY_FOUR_SYNC };
  for (const step of fourSync) ticked[step] = true;
  return {
    ...values,
    estimatedCost: manual ? estimatedCost : estimateCost(fields.approach, fields.targetAreaM2, options.settings),
    costBasis: manual ? "manual" : "unit_cost",
    priority: priorityScore(fields.domain, result, options).score,
    rationale: before && before.domain === fields.domain ? before.rationale : manualRationale(fields.domain, result, options),
    fourSync: fields.approach === "new_build" ? ticked : null,
  };
}
