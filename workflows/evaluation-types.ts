// The engine's input (the facts of a community) and output (findings, domains, summary), as
// described in docs/evaluation-contract.md and validated by workflows/evaluation-contract.ts.
import type { DevelopmentType, Domain, DomainStatus, FacilityFunction, FacilityStatus } from "./glossary";

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

/** An operating facility of a community outside the batch, offered for neighbour search. */
export interface NeighbourFacility extends FacilityFacts {
  communityCode: string;
  communityName?: string;
  lat: number;
  lng: number;
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

/** Where households are placed for the circle: each 小区, or the community as one point. */
export type CoverageBasis = "neighbourhoods" | "community";

export interface EvaluationSummary {
  households: number;
  coverageBasis: CoverageBasis;
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
