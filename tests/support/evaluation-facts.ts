// Facts for the evaluation engine's unit tests: the built-in profile, a community like 清波门
// and facilities placed in metres from it.
import {
  type CommunityFacts,
  type EvaluationInput,
  type EvaluationResult,
  evaluateCommunity,
  type FacilityFacts,
  type Finding,
} from "../../workflows/evaluation";
import { DOMAIN_LABELS, DOMAINS, type Domain } from "../../workflows/glossary";
import { loadBuiltInProfile, type PolicyProfile, PolicyProfileSchema } from "../../workflows/policy/profile";

export const profile = loadBuiltInProfile();

export function community(overrides: Partial<CommunityFacts> = {}): CommunityFacts {
  return { code: "330102001051", name: "清波门社区", type: "existing", pilot: true, households: 2350, hasHub: false, ...overrides };
}

export function facility(domain: Domain, overrides: Partial<FacilityFacts> = {}): FacilityFacts {
  return { name: `${DOMAIN_LABELS[domain]}站`, domain, areaM2: 100, status: "operating", ...overrides };
}

/** One operating facility per domain, `areaM2` each. */
export function allSeven(areaM2 = 100): FacilityFacts[] {
  return DOMAINS.map((d) => facility(d, { areaM2 }));
}

type InputChanges = Omit<Partial<EvaluationInput>, "community"> & { community?: Partial<CommunityFacts> };

export function evaluate(input: InputChanges, p: PolicyProfile = profile) {
  return evaluateCommunity({ facilities: [], ...input, community: community(input.community) }, p);
}

export function finding(result: EvaluationResult, id: string): Finding {
  const found = result.findings.find((f) => f.id === id);
  if (!found) throw new Error(`no finding ${id} in ${result.findings.map((f) => f.id).join(", ")}`);
  return found;
}

/** A copy of the built-in profile with some settings changed, as the app would store it. */
export function withProfile(change: (p: PolicyProfile) => void): PolicyProfile {
  const copy = structuredClone(profile) as PolicyProfile;
  change(copy);
  return PolicyProfileSchema.parse(copy);
}

export const METRES_PER_DEGREE = 111_195.08;
export const QINGBO = { lat: 30.245, lng: 120.165 };
/** A point `north` and `east` metres from 清波门. */
export function near(north: number, east = 0) {
  return {
    lat: QINGBO.lat + north / METRES_PER_DEGREE,
    lng: QINGBO.lng + east / (METRES_PER_DEGREE * Math.cos((QINGBO.lat * Math.PI) / 180)),
  };
}
