// Gap evaluation of a community against the plan's norms and the seven domains. Pure: the
// caller passes the facts and a policy profile; nothing here reads files or the database.
// The contract (input, output, every rule) is described in docs/evaluation-contract.md.
import { createGridIndex, withinM } from "./geo";
import {
  DOMAIN_LABELS,
  DOMAINS,
  type DevelopmentType,
  type Domain,
  type DomainStatus,
  FACILITY_STATUS_LABELS,
  type FacilityFunction,
  type FacilityStatus,
  FUNCTION_CATALOGUE,
} from "./glossary";
import { type PolicyProfile, type PolicyRule, type RuleOfKind, singleRule } from "./policy/profile";

// ---------------------------------------------------------------------------------------
// Input

export interface CommunityFacts {
  /** NBS 12-digit code. */
  code: string;
  name: string;
  type: DevelopmentType;
  pilot: boolean;
  households: number;
  hasHub: boolean;
  /** Centroid; with facility coordinates it places the 15-minute circle when no 小区 are given. */
  lat?: number;
  lng?: number;
  /** Share (0–1) of residents aged 60 and over: weights the 一老一小 domains' demand. */
  share60Plus?: number;
  /** Share (0–1) of residents aged 0–12. */
  shareChildren?: number;
}

/** A 小区: its households are covered when a facility lies within walking distance of its centroid. */
export interface NeighbourhoodFacts {
  id?: string;
  name: string;
  households: number;
  lat: number;
  lng: number;
}

export interface FacilityFacts {
  id?: string;
  name: string;
  domain: Domain;
  /** Catalogue functions; none given counts as one general function of the domain. */
  functions?: readonly FacilityFunction[];
  areaM2: number;
  officeAreaM2?: number;
  status: FacilityStatus;
  /** Part of the community's 民生幸福共同体. */
  hubPart?: boolean;
  /** A neighbouring community's facility (跨社区共享): counts for the circle only. */
  shared?: boolean;
  /** The neighbouring community that runs a shared facility (name or code). */
  sharedFrom?: string;
  /** Walking distance from the community centroid, when coordinates are not known. */
  distanceM?: number;
  lat?: number;
  lng?: number;
}

export interface SurveyDomainFacts {
  /** Share of respondents who need the domain's services, 0–1 (需求指数). */
  demandIndex: number;
  /** Mean satisfaction on the profile's scale (1–5). */
  satisfaction?: number;
  /** The survey questions behind these figures, for the evidence. */
  questions?: readonly string[];
}

export interface SurveyFacts {
  respondents: number;
  domains: Partial<Record<Domain, SurveyDomainFacts>>;
}

export interface EvaluationInput {
  community: CommunityFacts;
  neighbourhoods?: readonly NeighbourhoodFacts[];
  facilities: readonly FacilityFacts[];
  survey?: SurveyFacts;
}

// ---------------------------------------------------------------------------------------
// Output

export const FINDING_STATUSES = ["pass", "fail", "not_applicable"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_UNITS = ["m2", "share", "count", "score"] as const;
export type FindingUnit = (typeof FINDING_UNITS)[number];

export interface FindingEvidence {
  /** Facilities the finding counted (id, or name when there is no id). */
  facilities?: string[];
  /** Facilities of the same scope left out: planned, closed, or a neighbour's (for area). */
  notCounted?: string[];
  /** Survey questions behind a demand finding. */
  questions?: string[];
}

export interface Finding {
  /** Unique in a result: the rule id, or `RULE:domain` for per-domain rules. */
  id: string;
  rule: string;
  clause: string;
  title: string;
  status: FindingStatus;
  required: number | null;
  actual: number | null;
  /** Distance to compliance, never negative: 0 on pass, null when not applicable. */
  gap: number | null;
  unit: FindingUnit;
  domain?: Domain;
  /** false: for reference only (our own flag, or a pilot norm applied to a non-pilot). */
  binding: boolean;
  message: string;
  evidence: FindingEvidence;
}

export interface DomainResult {
  label: string;
  status: DomainStatus;
  score: number;
  /** Ids of the findings behind the status. */
  findings: string[];
  /** Share of households with an operating facility of the domain within walking distance. */
  coverageShare: number;
  ownFacilities: number;
  /** Neighbouring communities' operating facilities within walking distance. */
  sharedFacilities: number;
  /** 一老一小 weighting of demand (1 for other domains). */
  priority: number;
  demandIndex?: number;
  satisfaction?: number;
}

export interface EvaluationSummary {
  households: number;
  /** Where households are placed for the circle: each 小区, or the community as one point. */
  coverageBasis: "neighbourhoods" | "community";
  walkingDistanceM: number;
  areaM2: number;
  hubAreaM2: number;
  officeAreaM2: number;
  officeShare: number | null;
  facilities: { operating: number; planned: number; closed: number; shared: number };
  findings: { pass: number; fail: number; not_applicable: number; bindingFailures: number };
  domains: Record<DomainStatus, number>;
  /** Mean of the domain scores. */
  score: number;
}

export interface EvaluationResult {
  policy: string;
  policyVersion: number;
  community: string;
  communityName: string;
  findings: Finding[];
  domains: Record<Domain, DomainResult>;
  summary: EvaluationSummary;
}

// ---------------------------------------------------------------------------------------
// Helpers

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
/**
 * Areas are kept to 0.1 m²: what a community has rounds down and what it needs rounds up,
 * so rounding never turns a shortfall into a pass and the shown figures always agree.
 */
const area = (value: number) => Math.floor(value * 10 + 1e-6) / 10;
const requiredArea = (value: number) => Math.ceil(value * 10 - 1e-6) / 10;
const share = (value: number) => round(value, 3);
const percent = (value: number) => `${round(value * 100, 1)}%`;
const list = (names: readonly string[]) => names.join("、");

const refOf = (f: FacilityFacts) => f.id ?? f.name;
const labelOf = (f: FacilityFacts) => (f.shared && f.sharedFrom ? `${f.name}（${f.sharedFrom}）` : f.name);
const isOperating = (f: FacilityFacts) => f.status === "operating";
/** Names for a message: the first few, the full list is in the evidence. */
const namesBrief = (facilities: readonly FacilityFacts[], max = 5) =>
  facilities.length <= max
    ? list(facilities.map(labelOf))
    : `${list(facilities.slice(0, max).map(labelOf))} 等 ${facilities.length} 处`;

/** The 一老一小 domains of a profile. */
export function oneOldOneYoungDomains(profile: PolicyProfile): Domain[] {
  const mapping = profile.settings.oneOldOneYoung.domains;
  return DOMAINS.filter((d) => mapping[d] !== undefined);
}

/**
 * How much more a domain's demand weighs for this community: 1 + weight × the share of the
 * domain's age groups (60+, children 0–12). 1 for domains outside 一老一小 or without shares.
 */
export function domainPriority(
  domain: Domain,
  community: Pick<CommunityFacts, "share60Plus" | "shareChildren">,
  profile: PolicyProfile,
): number {
  const groups = profile.settings.oneOldOneYoung.domains[domain];
  if (!groups) return 1;
  let groupShare = 0;
  for (const group of groups) groupShare += (group === "elderly" ? community.share60Plus : community.shareChildren) ?? 0;
  return round(1 + profile.settings.oneOldOneYoung.weight.value * Math.min(1, groupShare), 3);
}

interface Applicability {
  applies: boolean;
  binding: boolean;
  /** Why it does not apply, or why it is only a reference. */
  note: string | null;
}

function applicability(rule: PolicyRule, community: CommunityFacts, profile: PolicyProfile): Applicability {
  const scope = rule.appliesTo;
  if (scope.developmentType && scope.developmentType !== community.type) {
    const label = community.type === "new" ? "新建社区" : "既有社区";
    return { applies: false, binding: rule.binding, note: `不适用：本社区为${label}。` };
  }
  if (scope.hub && !community.hasHub) {
    return { applies: false, binding: rule.binding, note: "不适用：本社区尚无民生幸福共同体。" };
  }
  if (scope.pilot && !community.pilot) {
    const isArea = rule.kind === "area_per_households" || rule.kind === "hub_area";
    if (isArea && profile.settings.nonPilotAreaNorms.value) {
      return { applies: true, binding: false, note: "（参照试点标准，非试点社区仅供参考）" };
    }
    return { applies: false, binding: rule.binding, note: "不适用：本社区不是试点社区。" };
  }
  return { applies: true, binding: rule.binding, note: null };
}

function notApplicable(rule: PolicyRule, unit: FindingUnit, binding: boolean, message: string, domain?: Domain): Finding {
  return {
    id: domain ? `${rule.id}:${domain}` : rule.id,
    rule: rule.id,
    clause: rule.clause,
    title: rule.title,
    status: "not_applicable",
    required: null,
    actual: null,
    gap: null,
    unit,
    ...(domain ? { domain } : {}),
    binding,
    message,
    evidence: {},
  };
}

function notCountedNote(facilities: readonly FacilityFacts[]): string {
  if (!facilities.length) return "";
  const counts = new Map<string, { n: number; areaM2: number }>();
  for (const f of facilities) {
    const key = FACILITY_STATUS_LABELS[f.status];
    const entry = counts.get(key) ?? { n: 0, areaM2: 0 };
    entry.n += 1;
    entry.areaM2 += f.areaM2;
    counts.set(key, entry);
  }
  const parts = [...counts].map(([key, { n, areaM2 }]) => `${key} ${n} 处（${round(areaM2, 1)} 平方米）`);
  return `另有${list(parts)}未计入。`;
}

// ---------------------------------------------------------------------------------------
// The 15-minute circle

interface HouseholdPoint {
  weight: number;
  lat?: number;
  lng?: number;
}

interface DomainReach {
  coverageShare: number;
  /** Operating facilities of the domain within walking distance of at least one point. */
  inCircle: FacilityFacts[];
}

function householdPoints(input: EvaluationInput): { basis: EvaluationSummary["coverageBasis"]; points: HouseholdPoint[] } {
  const neighbourhoods = input.neighbourhoods ?? [];
  if (neighbourhoods.length) {
    const total = neighbourhoods.reduce((sum, n) => sum + n.households, 0);
    // 小区 without household figures still count, equally.
    const points = neighbourhoods.map((n) => ({ weight: total > 0 ? n.households : 1, lat: n.lat, lng: n.lng }));
    return { basis: "neighbourhoods", points };
  }
  return { basis: "community", points: [{ weight: 1, lat: input.community.lat, lng: input.community.lng }] };
}

/** Whether a facility is within walking distance of a household point. */
function reaches(point: HouseholdPoint, f: FacilityFacts, walkingDistanceM: number): boolean {
  if (point.lat !== undefined && point.lng !== undefined && f.lat !== undefined && f.lng !== undefined) {
    return withinM(point.lat, point.lng, f.lat, f.lng, walkingDistanceM);
  }
  if (f.distanceM !== undefined) return f.distanceM <= walkingDistanceM;
  // The community's own facility with no location: it is in the community, so inside the circle.
  return !f.shared;
}

function reachByDomain(points: readonly HouseholdPoint[], operating: readonly FacilityFacts[], walkingDistanceM: number) {
  const totalWeight = points.reduce((sum, p) => sum + p.weight, 0);
  const byDomain = new Map<Domain, FacilityFacts[]>(DOMAINS.map((d) => [d, []]));
  for (const f of operating) byDomain.get(f.domain)?.push(f);
  const reach = {} as Record<Domain, DomainReach>;
  for (const domain of DOMAINS) {
    const candidates = byDomain.get(domain) ?? [];
    const inCircle = new Array<boolean>(candidates.length).fill(false);
    let covered = 0;
    for (const point of points) {
      let reached = false;
      for (let i = 0; i < candidates.length; i++) {
        // Once the point is covered, only facilities not yet known to be in the circle matter.
        if (reached && inCircle[i]) continue;
        if (reaches(point, candidates[i], walkingDistanceM)) {
          reached = true;
          inCircle[i] = true;
        }
      }
      if (reached) covered += point.weight;
    }
    reach[domain] = {
      coverageShare: totalWeight > 0 ? share(covered / totalWeight) : 0,
      inCircle: candidates.filter((_, i) => inCircle[i]),
    };
  }
  return reach;
}

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
// Findings, one function per kind of rule

function areaFinding(
  rule: RuleOfKind<"area_per_households"> | RuleOfKind<"hub_area">,
  community: CommunityFacts,
  own: readonly FacilityFacts[],
  hasShared: boolean,
  ownAreaM2: number,
  hubAreaM2: number,
  profile: PolicyProfile,
): Finding {
  const scope = applicability(rule, community, profile);
  if (!scope.applies) return notApplicable(rule, "m2", scope.binding, scope.note ?? "不适用。");
  const isHub = rule.kind === "hub_area";
  const inScope = isHub ? own.filter((f) => f.hubPart) : own;
  const counted = inScope.filter(isOperating);
  const left = inScope.filter((f) => !isOperating(f));
  const sharedNote = !isHub && hasShared ? "跨社区共享设施不计入本社区面积。" : "";
  const required =
    rule.kind === "area_per_households"
      ? requiredArea((community.households * rule.parameters.areaM2) / rule.parameters.perHouseholds)
      : requiredArea(rule.parameters.areaM2);
  const actual = isHub ? hubAreaM2 : ownAreaM2;
  const pass = actual >= required;
  const gap = pass ? 0 : area(required - actual);
  const norm =
    rule.kind === "area_per_households"
      ? `每百户不少于 ${rule.parameters.areaM2} 平方米：${community.households} 户应不少于 ${required} 平方米`
      : `民生幸福共同体面积应不少于 ${required} 平方米`;
  const what = isHub ? "共同体内运营中设施" : "运营中的社区综合服务设施";
  const verdict = pass ? "达标" : `缺 ${gap} 平方米`;
  return {
    id: rule.id,
    rule: rule.id,
    clause: rule.clause,
    title: rule.title,
    status: pass ? "pass" : "fail",
    required,
    actual,
    gap,
    unit: "m2",
    binding: scope.binding,
    message: `${scope.note ?? ""}${norm}；现有${what} ${actual} 平方米，${verdict}。${notCountedNote(left)}${sharedNote}`,
    evidence: { facilities: counted.map(refOf), ...(left.length ? { notCounted: left.map(refOf) } : {}) },
  };
}

function pilotFunctionsFinding(
  rule: RuleOfKind<"pilot_functions">,
  community: CommunityFacts,
  ownOperating: readonly FacilityFacts[],
  own: readonly FacilityFacts[],
  reach: Record<Domain, DomainReach>,
  profile: PolicyProfile,
): { finding: Finding; missing: Set<Domain> } {
  const scope = applicability(rule, community, profile);
  const present = DOMAINS.filter((d) => ownOperating.some((f) => f.domain === d));
  const missing = new Set(DOMAINS.filter((d) => !present.includes(d)));
  if (!scope.applies) return { finding: notApplicable(rule, "count", scope.binding, scope.note ?? "不适用。"), missing: new Set() };
  const required = rule.parameters.domains;
  const pass = present.length >= required;
  const coveredByNeighbours = [...missing].filter((d) => reach[d].inCircle.some((f) => f.shared));
  let message = `试点社区应具备七大类服务功能（至少 ${required} 类），本社区运营中的设施覆盖 ${present.length} 类`;
  if (missing.size) message += `，缺少：${list([...missing].map((d) => DOMAIN_LABELS[d]))}`;
  if (coveredByNeighbours.length) message += `（其中${list(coveredByNeighbours.map((d) => DOMAIN_LABELS[d]))}在步行距离内有邻近社区设施可共享，但不计为本社区功能）`;
  message += pass ? "，达标。" : "。";
  const left = own.filter((f) => !isOperating(f));
  return {
    finding: {
      id: rule.id,
      rule: rule.id,
      clause: rule.clause,
      title: rule.title,
      status: pass ? "pass" : "fail",
      required,
      actual: present.length,
      gap: Math.max(0, required - present.length),
      unit: "count",
      binding: scope.binding,
      message: message + notCountedNote(left),
      evidence: { facilities: ownOperating.map(refOf), ...(left.length ? { notCounted: left.map(refOf) } : {}) },
    },
    missing: pass ? new Set() : missing,
  };
}

const GENERAL = "general:";

/** The catalogue label without its examples: 养老服务（居家养老服务中心/日间照料） → 养老服务. */
const shortLabel = (code: FacilityFunction) => FUNCTION_CATALOGUE[code].label.replace(/（.*）$/, "");

function functionLabel(code: string): string {
  if (code.startsWith(GENERAL)) return `${DOMAIN_LABELS[code.slice(GENERAL.length) as Domain]}（一般功能）`;
  return shortLabel(code as FacilityFunction);
}

function hubFunctionsFinding(
  rule: RuleOfKind<"hub_functions">,
  community: CommunityFacts,
  hubFacilities: readonly FacilityFacts[],
  own: readonly FacilityFacts[],
  profile: PolicyProfile,
): { finding: Finding; missing: Set<Domain> } {
  const scope = applicability(rule, community, profile);
  if (!scope.applies) return { finding: notApplicable(rule, "count", scope.binding, scope.note ?? "不适用。"), missing: new Set() };
  const functions = new Set<string>();
  for (const f of hubFacilities) {
    if (f.functions?.length) for (const code of f.functions) functions.add(code);
    else functions.add(GENERAL + f.domain);
  }
  const { minFunctions, minKeyFunctions, keyFunctions } = rule.parameters;
  const keyPresent = keyFunctions.filter((k) => functions.has(k));
  const keyMissing = keyFunctions.filter((k) => !functions.has(k));
  const pass = functions.size >= minFunctions && keyPresent.length >= minKeyFunctions;
  // Adding a key function raises both counts, so the fewest additions is the larger shortfall.
  const gap = Math.max(0, minFunctions - functions.size, minKeyFunctions - keyPresent.length);
  const named = [...functions].map(functionLabel);
  let message =
    `民生幸福共同体服务功能应不少于 ${minFunctions} 项（其中${list(keyFunctions.map(shortLabel))}中至少 ${minKeyFunctions} 项）；` +
    `现有 ${functions.size} 项${named.length ? `（${list(named)}）` : ""}，其中重点功能 ${keyPresent.length} 项`;
  message += pass ? "，达标。" : `，还需增加 ${gap} 项${keyPresent.length < minKeyFunctions ? `（至少 ${minKeyFunctions - keyPresent.length} 项为重点功能）` : ""}。`;
  const left = own.filter((f) => f.hubPart && !isOperating(f));
  const missing = new Set<Domain>();
  if (!pass && keyPresent.length < minKeyFunctions) for (const k of keyMissing) missing.add(FUNCTION_CATALOGUE[k].domain);
  return {
    finding: {
      id: rule.id,
      rule: rule.id,
      clause: rule.clause,
      title: rule.title,
      status: pass ? "pass" : "fail",
      required: minFunctions,
      actual: functions.size,
      gap,
      unit: "count",
      binding: scope.binding,
      message: message + notCountedNote(left),
      evidence: { facilities: hubFacilities.map(refOf), ...(left.length ? { notCounted: left.map(refOf) } : {}) },
    },
    missing,
  };
}

function circleFinding(
  rule: RuleOfKind<"service_circle">,
  domain: Domain,
  reach: DomainReach,
  basis: EvaluationSummary["coverageBasis"],
  community: CommunityFacts,
  profile: PolicyProfile,
): Finding {
  const scope = applicability(rule, community, profile);
  if (!scope.applies) return notApplicable(rule, "share", scope.binding, scope.note ?? "不适用。", domain);
  const distance = rule.settings.walkingDistanceM.value;
  const threshold = rule.settings.coverageThreshold.value;
  const pass = reach.coverageShare >= threshold;
  const label = DOMAIN_LABELS[domain];
  const shared = reach.inCircle.filter((f) => f.shared);
  const whose = basis === "neighbourhoods" ? "小区住户" : "住户";
  let message: string;
  if (!reach.inCircle.length) {
    message = `步行 ${distance} 米内没有运营中的${label}设施（本社区或邻近社区）。`;
  } else {
    message = `步行 ${distance} 米内有运营中的${label}设施：${namesBrief(reach.inCircle)}，覆盖 ${percent(reach.coverageShare)} 的${whose}`;
    if (shared.length) message += `（含跨社区共享 ${shared.length} 处）`;
    message += pass ? "，达标。" : `，低于 ${percent(threshold)}。`;
  }
  return {
    id: `${rule.id}:${domain}`,
    rule: rule.id,
    clause: rule.clause,
    title: rule.title,
    status: pass ? "pass" : "fail",
    required: threshold,
    actual: reach.coverageShare,
    gap: pass ? 0 : share(threshold - reach.coverageShare),
    unit: "share",
    domain,
    binding: scope.binding,
    message,
    evidence: { facilities: reach.inCircle.map(refOf) },
  };
}

function officeFinding(
  rule: RuleOfKind<"office_share">,
  community: CommunityFacts,
  ownOperating: readonly FacilityFacts[],
  ownAreaM2: number,
  officeAreaM2: number,
  profile: PolicyProfile,
): Finding {
  const scope = applicability(rule, community, profile);
  if (!scope.applies) return notApplicable(rule, "share", scope.binding, scope.note ?? "不适用。");
  if (ownAreaM2 <= 0) return notApplicable(rule, "share", scope.binding, "不适用：本社区没有运营中的设施面积。");
  const max = rule.settings.maxShare.value;
  const actual = share(officeAreaM2 / ownAreaM2);
  const pass = actual <= max;
  const withOffice = ownOperating.filter((f) => (f.officeAreaM2 ?? 0) > 0);
  return {
    id: rule.id,
    rule: rule.id,
    clause: rule.clause,
    title: rule.title,
    status: pass ? "pass" : "fail",
    required: max,
    actual,
    gap: pass ? 0 : share(actual - max),
    unit: "share",
    binding: scope.binding,
    message:
      `办公面积 ${officeAreaM2} 平方米，占运营中设施面积 ${ownAreaM2} 平方米的 ${percent(actual)}，` +
      (pass ? `不高于 ${percent(max)}。` : `高于 ${percent(max)}，宜压缩办公空间、扩大服务空间。`),
    evidence: { facilities: withOffice.map(refOf) },
  };
}

function demandFinding(
  rule: RuleOfKind<"demand_priority">,
  domain: Domain,
  community: CommunityFacts,
  survey: SurveyFacts | undefined,
  profile: PolicyProfile,
): Finding {
  const scope = applicability(rule, community, profile);
  if (!scope.applies) return notApplicable(rule, "score", scope.binding, scope.note ?? "不适用。", domain);
  if (!survey) return notApplicable(rule, "score", scope.binding, "不适用：尚未开展需求调查（或没有有效答卷）。", domain);
  const figures = survey.domains[domain];
  const label = DOMAIN_LABELS[domain];
  if (!figures) return notApplicable(rule, "score", scope.binding, `不适用：需求调查未涉及${label}。`, domain);

  const priority = domainPriority(domain, community, profile);
  const demandIndex = round(figures.demandIndex, 3);
  const weighted = round(Math.min(1, figures.demandIndex * priority), 3);
  const high = weighted >= rule.settings.highDemandIndex.value;
  const lowLine = rule.settings.lowSatisfaction.value;
  const satisfaction = figures.satisfaction === undefined ? null : round(figures.satisfaction, 2);
  const fail = high && satisfaction !== null && satisfaction < lowLine;

  const weightedNote = priority > 1 ? `（${profile.settings.oneOldOneYoung.label}加权后 ${weighted}）` : "";
  let message = `${label}：需求指数 ${demandIndex}${weightedNote}`;
  if (!high) message += `，低于高需求阈值 ${rule.settings.highDemandIndex.value}。`;
  else if (satisfaction === null) message += `，达到高需求阈值 ${rule.settings.highDemandIndex.value}；调查未给出满意度。`;
  else if (fail) message += `，达到高需求阈值 ${rule.settings.highDemandIndex.value}，满意度 ${satisfaction} 低于 ${lowLine} 分：属急需紧缺，应优先补齐。`;
  else message += `，达到高需求阈值 ${rule.settings.highDemandIndex.value}，满意度 ${satisfaction} 不低于 ${lowLine} 分。`;
  return {
    id: `${rule.id}:${domain}`,
    rule: rule.id,
    clause: rule.clause,
    title: rule.title,
    status: fail ? "fail" : "pass",
    required: high ? lowLine : null,
    actual: satisfaction,
    gap: fail && satisfaction !== null ? round(lowLine - satisfaction, 2) : 0,
    unit: "score",
    domain,
    binding: scope.binding,
    message,
    evidence: figures.questions?.length ? { questions: [...figures.questions] } : {},
  };
}

// ---------------------------------------------------------------------------------------
// Many communities

/** An operating facility of a community outside the batch, offered for neighbour search. */
export interface NeighbourFacility extends FacilityFacts {
  communityCode: string;
  communityName?: string;
  lat: number;
  lng: number;
}

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
