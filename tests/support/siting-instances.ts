// Small siting instances built on purpose, in metres east/north of a point in 上城区.
import fc from "fast-check";
import { seededRandom } from "../../workflows/surveys/sample-answers";
import type { DemandPoint, Site, SitingLimit, SitingProblem } from "../../workflows/siting";

const ORIGIN = { lat: 30.25, lng: 120.16 };
const M_PER_DEG_LAT = 6_371_008.8 * (Math.PI / 180);

/** The WGS-84 point `eastM` east and `northM` north of the origin. */
export function place(eastM: number, northM = 0): { lat: number; lng: number } {
  return {
    lat: ORIGIN.lat + northM / M_PER_DEG_LAT,
    lng: ORIGIN.lng + eastM / (M_PER_DEG_LAT * Math.cos((ORIGIN.lat * Math.PI) / 180)),
  };
}

export const demandAt = (id: string, eastM: number, weight: number, northM = 0): DemandPoint => ({ id, ...place(eastM, northM), weight });
export const siteAt = (id: string, eastM: number, northM = 0, cost?: number): Site => ({ id, ...place(eastM, northM), ...(cost === undefined ? {} : { cost }) });

/**
 * The greedy trap, radius 1,000 m, two new sites: `middle` reaches w1 and e1 (3 + 3), `west`
 * reaches w1 and w2 (3 + 2), `east` e1 and e2. Greedy opens middle first and ends at 8; west +
 * east cover all 10. A 社区食堂 already serves `far` (4).
 */
export function greedyTrap(select = 2): SitingProblem {
  return {
    radiusM: 1000,
    limit: { select },
    demand: [demandAt("w1", -450, 3), demandAt("e1", 450, 3), demandAt("w2", -1800, 2), demandAt("e2", 1800, 2), demandAt("far", 14000, 4)],
    existing: [siteAt("canteen", 14000, 50)],
    candidates: [siteAt("west", -900), siteAt("middle", 0), siteAt("east", 900)],
  };
}

/** What the exact solve answers for `greedyTrap()`, field for field (the contract's output). */
export const GREEDY_TRAP_ANSWER = {
  selected: ["west", "east"],
  coveredWeight: 14,
  baselineCoveredWeight: 4,
  totalWeight: 14,
  method: "exact",
  optimal: true,
  gap: 0,
  newlyCoveredWeight: 10,
  upperBound: 10,
  boundSource: "highs",
} as const;

/** The budget trap: A costs 6 and reaches 7, B and C cost 5 and reach 5; budget 10. Greedy 7, optimum 10. */
export function budgetTrap(): SitingProblem {
  return {
    radiusM: 1000,
    limit: { budget: 10 },
    demand: [demandAt("a", 0, 7), demandAt("b", 5000, 5), demandAt("c", 10000, 5)],
    existing: [],
    candidates: [siteAt("A", 0, 0, 6), siteAt("B", 5000, 0, 5), siteAt("C", 10000, 0, 5)],
  };
}

/** Random instances on a 4 km square, small enough to check by trying every selection. */
export function arbitraryProblem(options: { budget: boolean }): fc.Arbitrary<SitingProblem> {
  const xy = fc.tuple(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 4000 }));
  return fc
    .record({
      demand: fc.array(fc.tuple(xy, fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 25 }),
      existing: fc.array(xy, { maxLength: 2 }),
      candidates: fc.array(fc.tuple(xy, fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 8 }),
      radiusM: fc.integer({ min: 300, max: 1500 }),
      limit: options.budget ? fc.integer({ min: 0, max: 14 }) : fc.integer({ min: 0, max: 4 }),
    })
    .map(({ demand, existing, candidates, radiusM, limit }) => ({
      radiusM,
      demand: demand.map(([[x, y], w], i) => demandAt(`d${i}`, x, w, y)),
      existing: existing.map(([x, y], i) => siteAt(`e${i}`, x, y)),
      candidates: candidates.map(([[x, y], cost], i) => siteAt(`c${i}`, x, y, cost)),
      limit: (options.budget ? { budget: limit } : { select: limit }) satisfies SitingLimit,
    }));
}

/** The best newly covered weight, by trying every selection within the limit. */
export function bruteForceOptimum(problem: SitingProblem, covered: (selected: Site[]) => number): number {
  const { candidates, limit } = problem;
  let best = 0;
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const chosen = candidates.filter((_, i) => mask & (1 << i));
    const fits = "budget" in limit ? chosen.reduce((s, c) => s + (c.cost ?? 0), 0) <= limit.budget : chosen.length <= limit.select;
    if (fits) best = Math.max(best, covered(chosen));
  }
  return best;
}

/** A seeded random city district, 6 km square, large enough that proving the optimum takes HiGHS some work. */
export function randomDistrict(seed: number, demand = 1500, candidates = 200, select = 8): SitingProblem {
  const rand = seededRandom(seed);
  const xy = (): [number, number] => [rand() * 6000, rand() * 6000];
  return {
    radiusM: 600,
    limit: { select },
    demand: Array.from({ length: demand }, (_, i) => demandAt(`d${i}`, ...pair(xy(), 1 + Math.floor(rand() * 50)))),
    existing: Array.from({ length: 5 }, (_, i) => siteAt(`e${i}`, ...xy())),
    candidates: Array.from({ length: candidates }, (_, i) => siteAt(`c${i}`, ...xy())),
  };
}

const pair = ([x, y]: [number, number], weight: number): [number, number, number] => [x, weight, y];
