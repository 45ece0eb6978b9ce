// What the rules measure with: figures kept to a fixed precision, and the 15-minute circle
// (which households have an operating facility of each domain within walking distance).
import type { CoverageBasis, EvaluationInput, FacilityFacts } from "./evaluation-types";
import { withinM } from "./geo";
import { DOMAINS, type Domain } from "./glossary";

export const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
/**
 * Areas are kept to 0.1 m²: what a community has rounds down and what it needs rounds up,
 * so rounding never turns a shortfall into a pass and the shown figures always agree.
 */
export const area = (value: number) => Math.floor(value * 10 + 1e-6) / 10;
export const requiredArea = (value: number) => Math.ceil(value * 10 - 1e-6) / 10;
export const share = (value: number) => round(value, 3);

export interface HouseholdPoint {
  weight: number;
  lat?: number;
  lng?: number;
}

export interface DomainReach {
  coverageShare: number;
  /** Operating facilities of the domain within walking distance of at least one point. */
  inCircle: FacilityFacts[];
}

export function householdPoints(input: EvaluationInput): { basis: CoverageBasis; points: HouseholdPoint[] } {
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

export function reachByDomain(points: readonly HouseholdPoint[], operating: readonly FacilityFacts[], walkingDistanceM: number) {
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
