// Gap evaluation of a community against the plan's norms and the seven domains. Pure: the
// caller passes the facts and a policy profile; nothing here reads files or the database.
// The contract (input, output, every rule) is described in docs/evaluation-contract.md; the
// rules are in evaluation-rules.ts, the measures (rounding, the 15-minute circle) in
// evaluation-measures.ts.
import { area, householdPoints, reachByDomain, round, share } from "./evaluation-measures";
import {
  areaFinding,
  circleFinding,
  demandFinding,
  domainPriority,
  hubFunctionsFinding,
  isOperating,
  officeFinding,
  oneOldOneYoungDomains,
  pilotFunctionsFinding,
} from "./evaluation-rules";
import type {
  DomainResult,
  EvaluationInput,
  EvaluationResult,
  FacilityFacts,
  Finding,
  FindingStatus,
  NeighbourFacility,
  SurveyDomainFacts,
} from "./evaluation-types";
import { createGridIndex } from "./geo";
import { DOMAIN_LABELS, DOMAINS, type Domain, type DomainStatus } from "./glossary";
import { type PolicyProfile, singleRule } from "./policy/profile";

export * from "./evaluation-types";
export { domainPriority, oneOldOneYoungDomains };

// ---------------------------------------------------------------------------------------
// One community

/** Evaluates one community against every rule of the profile. Deterministic and pure. */
export function evaluateCommunity(input: EvaluationInput, profile: PolicyProfile): EvaluationResult {
  return evaluateWithNeighbours(input, profile, []);
}

/** The one evaluation path; the batch adds the operating neighbour facilities it found. */
function evaluateWithNeighbours(
  input: EvaluationInput,
  profile: PolicyProfile,
  neighbours: readonly FacilityFacts[],
): EvaluationResult {
  const community = input.community;
  const own: FacilityFacts[] = [];
  const ownOperating: FacilityFacts[] = [];
  const sharedOperating: FacilityFacts[] = [];
  for (const f of input.facilities) {
    if (!f.shared) own.push(f);
    if (!isOperating(f)) continue;
    if (f.shared) sharedOperating.push(f);
    else ownOperating.push(f);
  }
  for (const f of neighbours) sharedOperating.push(f);
  const hubFacilities = ownOperating.filter((f) => f.hubPart);
  const ownAreaM2 = area(ownOperating.reduce((sum, f) => sum + f.areaM2, 0));
  const hubAreaM2 = area(hubFacilities.reduce((sum, f) => sum + f.areaM2, 0));
  const officeAreaM2 = area(ownOperating.reduce((sum, f) => sum + (f.officeAreaM2 ?? 0), 0));

  const circleRule = singleRule(profile, "service_circle");
  const walkingDistanceM = circleRule.settings.walkingDistanceM.value;
  const { basis, points } = householdPoints(input);
  const reach = reachByDomain(points, [...ownOperating, ...sharedOperating], walkingDistanceM);
  const survey = input.survey && input.survey.respondents > 0 ? input.survey : undefined;

  const findings: Finding[] = [];
  /** Domains each failed binding function norm implicates, by finding id. */
  const implicated = new Map<string, Set<Domain>>();
  const demandFailed = new Set<Domain>();

  for (const rule of profile.rules) {
    switch (rule.kind) {
      case "area_per_households":
      case "hub_area":
        findings.push(areaFinding(rule, community, own, sharedOperating.length > 0, ownAreaM2, hubAreaM2, profile));
        break;
      case "pilot_functions": {
        const finding = pilotFunctionsFinding(rule, community, ownOperating, own, reach, profile);
        findings.push(finding.finding);
        if (finding.finding.status === "fail" && finding.finding.binding) implicated.set(finding.finding.id, finding.missing);
        break;
      }
      case "hub_functions": {
        const finding = hubFunctionsFinding(rule, community, hubFacilities, own, profile);
        findings.push(finding.finding);
        if (finding.finding.status === "fail" && finding.finding.binding) implicated.set(finding.finding.id, finding.missing);
        break;
      }
      case "service_circle":
        for (const domain of DOMAINS) findings.push(circleFinding(rule, domain, reach[domain], basis, community, profile));
        break;
      case "office_share":
        findings.push(officeFinding(rule, community, ownOperating, ownAreaM2, officeAreaM2, profile));
        break;
      case "demand_priority":
        for (const domain of DOMAINS) {
          const finding = demandFinding(rule, domain, community, survey, profile);
          if (finding.status === "fail") demandFailed.add(domain);
          findings.push(finding);
        }
        break;
    }
  }

  const keyDomains = new Set(oneOldOneYoungDomains(profile));
  const threshold = circleRule.settings.coverageThreshold.value;
  const domains = {} as Record<Domain, DomainResult>;
  for (const domain of DOMAINS) {
    const { coverageShare, inCircle } = reach[domain];
    const ownCount = ownOperating.filter((f) => f.domain === domain).length;
    const surveyed = survey?.domains[domain];
    const priority = domainPriority(domain, community, profile);
    const bindingNormFailed = [...implicated.values()].some((set) => set.has(domain));
    let status: DomainStatus;
    if (ownCount === 0 && coverageShare === 0) status = "缺失";
    else if (coverageShare < threshold || demandFailed.has(domain) || (keyDomains.has(domain) && bindingNormFailed)) status = "不足";
    else status = "满足";

    const refs = findings
      .filter((f) => f.domain === domain || implicated.get(f.id)?.has(domain))
      .filter((f) => f.status !== "not_applicable" || f.domain === domain)
      .map((f) => f.id);
    domains[domain] = {
      label: DOMAIN_LABELS[domain],
      status,
      score: domainScore(coverageShare, ownCount > 0, surveyed, priority, profile),
      findings: refs,
      coverageShare,
      ownFacilities: ownCount,
      sharedFacilities: inCircle.filter((f) => f.shared).length,
      priority,
      ...(surveyed ? { demandIndex: round(surveyed.demandIndex, 3) } : {}),
      ...(surveyed?.satisfaction !== undefined ? { satisfaction: round(surveyed.satisfaction, 2) } : {}),
    };
  }

  const count = (status: FindingStatus) => findings.filter((f) => f.status === status).length;
  const domainCount = (status: DomainStatus) => DOMAINS.filter((d) => domains[d].status === status).length;
  return {
    policy: profile.id,
    policyVersion: profile.version,
    community: community.code,
    communityName: community.name,
    findings,
    domains,
    summary: {
      households: community.households,
      coverageBasis: basis,
      walkingDistanceM,
      areaM2: ownAreaM2,
      hubAreaM2,
      officeAreaM2,
      officeShare: ownAreaM2 > 0 ? share(officeAreaM2 / ownAreaM2) : null,
      facilities: {
        operating: ownOperating.length,
        planned: own.filter((f) => f.status === "planned").length,
        closed: own.filter((f) => f.status === "closed").length,
        shared: sharedOperating.length,
      },
      findings: {
        pass: count("pass"),
        fail: count("fail"),
        not_applicable: count("not_applicable"),
        bindingFailures: findings.filter((f) => f.status === "fail" && f.binding).length,
      },
      domains: { 满足: domainCount("满足"), 不足: domainCount("不足"), 缺失: domainCount("缺失") },
      score: Math.round(DOMAINS.reduce((sum, d) => sum + domains[d].score, 0) / DOMAINS.length),
    },
  };
}

function domainScore(
  coverageShare: number,
  hasOwn: boolean,
  surveyed: SurveyDomainFacts | undefined,
  priority: number,
  profile: PolicyProfile,
): number {
  const { coverage, ownFacility, demand } = profile.settings.scoreWeights;
  let points = coverage.value * coverageShare + ownFacility.value * (hasOwn ? 1 : 0);
  let weights = coverage.value + ownFacility.value;
  if (surveyed && surveyed.satisfaction !== undefined) {
    const { min, max } = profile.settings.satisfactionScale;
    const satisfaction = Math.min(1, Math.max(0, (surveyed.satisfaction - min.value) / (max.value - min.value)));
    // Pressure reaches 1 at the high-demand line, so an urgent, poorly rated domain loses the whole term.
    const highDemand = singleRule(profile, "demand_priority").settings.highDemandIndex.value;
    const pressure = highDemand > 0 ? Math.min(1, (surveyed.demandIndex * priority) / highDemand) : 1;
    points += demand.value * (1 - pressure * (1 - satisfaction));
    weights += demand.value;
  }
  return Math.round((100 * points) / weights);
}

// ---------------------------------------------------------------------------------------
// Many communities

export interface BatchOptions {
  /** Find neighbouring communities' operating facilities by coordinates (default true). */
  neighbourSearch?: boolean;
  /** Facilities of communities not being evaluated, e.g. across a street's boundary. */
  neighbourPool?: readonly NeighbourFacility[];
}

interface PoolEntry {
  order: number;
  lat: number;
  lng: number;
  communityCode: string;
  facility: FacilityFacts;
  /** The facility as a neighbour sees it; one copy shared by every community that finds it. */
  asShared: FacilityFacts;
  /** Index of the last community that found this entry: de-duplicates without a Set per community. */
  seenBy: number;
}

/**
 * Evaluates many communities (a street, a district, the city). Operating facilities with
 * coordinates are put in one spatial grid, and each community's 小区 (or centroid) look up
 * their neighbours' facilities within walking distance, which then count as 跨社区共享.
 * Results are in input order.
 */
export function evaluateBatch(
  inputs: readonly EvaluationInput[],
  profile: PolicyProfile,
  options: BatchOptions = {},
): EvaluationResult[] {
  if (options.neighbourSearch === false) return inputs.map((input) => evaluateCommunity(input, profile));
  const walkingDistanceM = singleRule(profile, "service_circle").settings.walkingDistanceM.value;

  const pool: PoolEntry[] = [];
  const add = (facility: FacilityFacts, lat: number, lng: number, communityCode: string, communityName: string | undefined) => {
    // Spelled out rather than spread: one object shape for every neighbour keeps the hot loops fast.
    const asShared: FacilityFacts = {
      id: facility.id,
      name: facility.name,
      domain: facility.domain,
      functions: facility.functions,
      areaM2: facility.areaM2,
      officeAreaM2: facility.officeAreaM2,
      status: facility.status,
      hubPart: false,
      shared: true,
      sharedFrom: communityName ?? communityCode,
      distanceM: undefined,
      lat,
      lng,
    };
    pool.push({ order: pool.length, lat, lng, communityCode, facility, asShared, seenBy: -1 });
  };
  for (const input of inputs) {
    for (const f of input.facilities) {
      if (f.shared || !isOperating(f) || f.lat === undefined || f.lng === undefined) continue;
      add(f, f.lat, f.lng, input.community.code, input.community.name);
    }
  }
  for (const f of options.neighbourPool ?? []) {
    if (!isOperating(f)) continue;
    const { communityCode, communityName, ...facility } = f;
    add(facility, f.lat, f.lng, communityCode, communityName);
  }
  const grid = createGridIndex(pool, walkingDistanceM);

  return inputs.map((input, index) => {
    const { points } = householdPoints(input);
    const found: PoolEntry[] = [];
    for (const p of points) {
      if (p.lat === undefined || p.lng === undefined) continue;
      for (const entry of grid.nearby(p.lat, p.lng, walkingDistanceM)) {
        if (entry.seenBy === index || entry.communityCode === input.community.code) continue;
        entry.seenBy = index;
        found.push(entry);
      }
    }
    // Pool order, not grid order: results do not depend on how the grid walks its cells.
    const orders = Int32Array.from(found, (e) => e.order).sort();
    let neighbours = Array.from(orders, (order) => pool[order].asShared);
    // A neighbour's facility the input already lists as shared (same id) counts once.
    const listed = new Set(input.facilities.flatMap((f) => (f.shared && f.id ? [f.id] : [])));
    if (listed.size) neighbours = neighbours.filter((f) => !(f.id && listed.has(f.id)));
    return evaluateWithNeighbours(input, profile, neighbours);
  });
}

/**
 * Evaluates a batch and makes each row's input self-contained: the neighbours' facilities
 * the engine found within walking distance are listed in it as shared (跨社区共享), so
 * evaluating that input alone reproduces the result (and it passes the evaluation contract).
 */
export function evaluateSelfContained<R extends { input: EvaluationInput }>(
  rows: readonly R[],
  profile: PolicyProfile,
  pool: readonly NeighbourFacility[] = [],
): (R & { result: EvaluationResult })[] {
  const results = evaluateBatch(rows.map((r) => r.input), profile, { neighbourPool: pool });

  // Every facility the engine could offer as a neighbour, in its own order, as a neighbour sees it.
  const offered = new Map<string, FacilityFacts>();
  const offer = (f: FacilityFacts, communityName: string) => {
    if (f.id === undefined || f.shared || f.status !== "operating" || f.lat === undefined || f.lng === undefined) return;
    offered.set(f.id, {
      id: f.id,
      name: f.name,
      domain: f.domain,
      // Functions and office area never count for a neighbour's facility: left out of the record.
      areaM2: f.areaM2,
      status: "operating",
      shared: true,
      sharedFrom: communityName,
      lat: f.lat,
      lng: f.lng,
    });
  };
  for (const { input } of rows) for (const f of input.facilities) offer(f, input.community.name);
  for (const f of pool) offer(f, f.communityName ?? f.communityCode);
  const order = new Map([...offered.keys()].map((id, i) => [id, i]));

  return rows.map((row, i) => {
    const result = results[i];
    const own = new Set(row.input.facilities.map((f) => f.id));
    const shared = new Set<string>();
    for (const finding of result.findings) {
      if (finding.rule !== "CIRCLE_15MIN") continue;
      for (const ref of finding.evidence.facilities ?? []) if (!own.has(ref) && offered.has(ref)) shared.add(ref);
    }
    const neighbours = [...shared].sort((a, b) => order.get(a)! - order.get(b)!).map((id) => offered.get(id)!);
    const input = neighbours.length ? { ...row.input, facilities: [...row.input.facilities, ...neighbours] } : row.input;
    return { ...row, input, result };
  });
}
