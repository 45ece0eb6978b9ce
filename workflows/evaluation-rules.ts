// The rules of a policy profile, one function per kind: each turns the measured facts into a
// finding with the plan's clause, the figures, the gap and a message in Chinese.
import {
  type CommunityFacts,
  type CoverageBasis,
  type FacilityFacts,
  type Finding,
  type FindingUnit,
  type SurveyFacts,
} from "./evaluation-types";
import { area, type DomainReach, requiredArea, round, share } from "./evaluation-measures";
import { DOMAIN_LABELS, DOMAINS, type Domain, FACILITY_STATUS_LABELS, type FacilityFunction, FUNCTION_CATALOGUE } from "./glossary";
import { type PolicyProfile, type PolicyRule, type RuleOfKind } from "./policy/profile";

const percent = (value: number) => `${round(value * 100, 1)}%`;
const list = (names: readonly string[]) => names.join("、");

const refOf = (f: FacilityFacts) => f.id ?? f.name;
const labelOf = (f: FacilityFacts) => (f.shared && f.sharedFrom ? `${f.name}（${f.sharedFrom}）` : f.name);
export const isOperating = (f: FacilityFacts) => f.status === "operating";
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

type FindingFigures = Omit<Finding, "id" | "rule" | "clause" | "title" | "domain">;

/** A finding of `rule` (one per domain when `domain` is given): its id, the rule's clause and title, then the figures. */
function findingOf(rule: PolicyRule, domain: Domain | undefined, f: FindingFigures): Finding {
  return {
    id: domain ? `${rule.id}:${domain}` : rule.id,
    rule: rule.id,
    clause: rule.clause,
    title: rule.title,
    status: f.status,
    required: f.required,
    actual: f.actual,
    gap: f.gap,
    unit: f.unit,
    ...(domain ? { domain } : {}),
    binding: f.binding,
    message: f.message,
    evidence: f.evidence,
  };
}

function notApplicable(rule: PolicyRule, unit: FindingUnit, binding: boolean, message: string, domain?: Domain): Finding {
  return findingOf(rule, domain, {
    status: "not_applicable",
    required: null,
    actual: null,
    gap: null,
    unit,
    binding,
    message,
    evidence: {},
  });
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

export function areaFinding(
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
  return findingOf(rule, undefined, {
    status: pass ? "pass" : "fail",
    required,
    actual,
    gap,
    unit: "m2",
    binding: scope.binding,
    message: `${scope.note ?? ""}${norm}；现有${what} ${actual} 平方米，${verdict}。${notCountedNote(left)}${sharedNote}`,
    evidence: { facilities: counted.map(refOf), ...(left.length ? { notCounted: left.map(refOf) } : {}) },
  });
}

export function pilotFunctionsFinding(
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
    finding: findingOf(rule, undefined, {
      status: pass ? "pass" : "fail",
      required,
      actual: present.length,
      gap: Math.max(0, required - present.length),
      unit: "count",
      binding: scope.binding,
      message: message + notCountedNote(left),
      evidence: { facilities: ownOperating.map(refOf), ...(left.length ? { notCounted: left.map(refOf) } : {}) },
    }),
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

export function hubFunctionsFinding(
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
    finding: findingOf(rule, undefined, {
      status: pass ? "pass" : "fail",
      required: minFunctions,
      actual: functions.size,
      gap,
      unit: "count",
      binding: scope.binding,
      message: message + notCountedNote(left),
      evidence: { facilities: hubFacilities.map(refOf), ...(left.length ? { notCounted: left.map(refOf) } : {}) },
    }),
    missing,
  };
}

export function circleFinding(
  rule: RuleOfKind<"service_circle">,
  domain: Domain,
  reach: DomainReach,
  basis: CoverageBasis,
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
  return findingOf(rule, domain, {
    status: pass ? "pass" : "fail",
    required: threshold,
    actual: reach.coverageShare,
    gap: pass ? 0 : share(threshold - reach.coverageShare),
    unit: "share",
    binding: scope.binding,
    message,
    evidence: { facilities: reach.inCircle.map(refOf) },
  });
}

export function officeFinding(
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
  return findingOf(rule, undefined, {
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
  });
}

export function demandFinding(
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
  return findingOf(rule, domain, {
    status: fail ? "fail" : "pass",
    required: high ? lowLine : null,
    actual: satisfaction,
    gap: fail && satisfaction !== null ? round(lowLine - satisfaction, 2) : 0,
    unit: "score",
    binding: scope.binding,
    message,
    evidence: figures.questions?.length ? { questions: [...figures.questions] } : {},
  });
}
