import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildCoverageModel,
  buildMip,
  coverageOf,
  greedySolve,
  mipStart,
  modelValue,
  orderSelection,
  relativeGap,
  type SitingProblem,
} from "../../workflows/siting";
import { arbitraryProblem, bruteForceOptimum, budgetTrap, demandAt, greedyTrap, siteAt } from "../support/siting-instances";

const idsOf = (problem: SitingProblem, chosen: number[]) => {
  const model = buildCoverageModel(problem);
  return chosen.map((j) => problem.candidates[model.candidates[j]].id);
};

describe("building the model", () => {
  it("leaves out demand an existing site covers, and counts it as baseline", () => {
    const model = buildCoverageModel(greedyTrap());
    expect(model).toMatchObject({ totalWeight: 14, baselineWeight: 4, unreachableWeight: 0, capacity: 2 });
    expect(model.stats).toMatchObject({ demandPoints: 5, uncoveredPoints: 4, groups: 4, candidatesKept: 3 });
  });

  it("merges demand points reached by the same candidates into one group", () => {
    const problem: SitingProblem = {
      radiusM: 1000,
      limit: { select: 1 },
      demand: [demandAt("a", 0, 2), demandAt("b", 100, 3, 100), demandAt("c", 3000, 1)],
      existing: [],
      candidates: [siteAt("here", 50), siteAt("also-here", 60, 20), siteAt("there", 3000)],
    };
    const model = buildCoverageModel(problem);
    expect(model.groups).toHaveLength(2);
    expect(model.groups.map((g) => g.weight).sort()).toEqual([1, 5]);
  });

  it("drops a candidate that reaches only what another reaches at no lower cost, and one that reaches nothing new", () => {
    const problem: SitingProblem = {
      radiusM: 1000,
      limit: { select: 2 },
      demand: [demandAt("a", 0, 2), demandAt("b", 1500, 3)],
      existing: [siteAt("old", 5000)],
      candidates: [siteAt("only-a", -800), siteAt("both", 750), siteAt("next-to-old", 5100)],
    };
    const model = buildCoverageModel(problem);
    expect(model.candidates.map((i) => problem.candidates[i].id)).toEqual(["both"]);
    expect(model.groups).toEqual([{ weight: 5, members: [0] }]);
  });

  it("keeps a cheaper candidate in the budget form even when another reaches more", () => {
    const problem: SitingProblem = {
      radiusM: 1000,
      limit: { budget: 5 },
      demand: [demandAt("a", 0, 2), demandAt("b", 1500, 3)],
      existing: [],
      candidates: [siteAt("cheap", -800, 0, 1), siteAt("dear", 750, 0, 4), siteAt("too-dear", 0, 0, 6)],
    };
    const model = buildCoverageModel(problem);
    expect(model.candidates.map((i) => problem.candidates[i].id)).toEqual(["cheap", "dear"]);
    expect(model.costs).toEqual([1, 4]);
  });

  it("counts demand that no candidate reaches as unreachable", () => {
    const problem = { ...greedyTrap(), demand: [...greedyTrap().demand, demandAt("lonely", -9000, 6)] };
    expect(buildCoverageModel(problem).unreachableWeight).toBe(6);
  });

  it("reduces without changing the optimum (checked against trying every selection)", () => {
    fc.assert(
      fc.property(arbitraryProblem({ budget: false }), (problem) => {
        const model = buildCoverageModel(problem);
        const best = bruteForceOptimum(problem, (sites) => coverageOf(problem, sites).coveredWeight) - model.baselineWeight;
        const modelBest = bruteForceOptimum(
          { ...problem, candidates: model.candidates.map((i) => problem.candidates[i]) },
          (sites) => coverageOf(problem, sites).coveredWeight,
        ) - model.baselineWeight;
        expect(modelBest).toBeCloseTo(best, 9);
      }),
      { numRuns: 60 },
    );
  });
});

describe("greedy", () => {
  it("falls into the trap: middle first, 8 of the possible 10, and knows it may be short (bound 10)", () => {
    const problem = greedyTrap();
    const result = greedySolve(buildCoverageModel(problem));
    expect(idsOf(problem, result.chosen)).toEqual(["middle", "west"]);
    expect(result).toMatchObject({ value: 8, curve: [6, 8], bound: 10 });
  });

  it("with a budget, prefers value for money and then compares the best single site: 7 of the possible 10", () => {
    const problem = budgetTrap();
    const result = greedySolve(buildCoverageModel(problem));
    expect(idsOf(problem, result.chosen)).toEqual(["A"]);
    expect(result.value).toBe(7);
    expect(result.bound).toBeGreaterThanOrEqual(10);
  });

  it("stops when nothing more can be gained, and never opens more than the limit", () => {
    const problem = greedyTrap(3);
    const result = greedySolve(buildCoverageModel(problem));
    expect(result.value).toBe(10);
    expect(result.chosen.length).toBeLessThanOrEqual(3);
    expect(greedySolve(buildCoverageModel(greedyTrap(0)))).toMatchObject({ chosen: [], value: 0, bound: 0 });
  });

  it("never exceeds its bound, and its bound is never below the true optimum", () => {
    for (const budget of [false, true]) {
      fc.assert(
        fc.property(arbitraryProblem({ budget }), (problem) => {
          const model = buildCoverageModel(problem);
          const result = greedySolve(model);
          const optimum = bruteForceOptimum(problem, (sites) => coverageOf(problem, sites).coveredWeight) - model.baselineWeight;
          expect(result.value).toBeLessThanOrEqual(optimum + 1e-9);
          expect(result.bound).toBeGreaterThanOrEqual(optimum - 1e-9);
          const spent = result.chosen.reduce((s, j) => s + model.costs[j], 0);
          expect(spent).toBeLessThanOrEqual(model.capacity);
        }),
        { numRuns: 60 },
      );
    }
  });
});

describe("the mixed-integer programme", () => {
  it("has a binary column per site, a coverage column per group two or more sites reach, and one limit row", () => {
    const model = buildCoverageModel(greedyTrap());
    const mip = buildMip(model);
    // w1 and e1 are reached by two sites each; w2 and e2 by one, folded into west's and east's objective.
    expect(mip).toMatchObject({ numCols: 5, numRows: 3, nonzeros: 9 });
    expect(Array.from(mip.integrality)).toEqual([1, 1, 1, 0, 0]);
    expect(Array.from(mip.colCost)).toEqual([2, 0, 2, 3, 3]);
    expect(Array.from(mip.rowUpper)).toEqual([0, 0, 2]);
  });

  it("starts from a selection with the groups it covers switched on", () => {
    const model = buildCoverageModel(greedyTrap());
    const mip = buildMip(model);
    const start = mipStart(model, mip, [1]); // middle
    expect(Array.from(start)).toEqual([0, 1, 0, 1, 1]);
  });
});

describe("answers", () => {
  it("measures covered and baseline weight afresh from the problem, by haversine", () => {
    const problem = greedyTrap();
    expect(coverageOf(problem, [])).toEqual({ coveredWeight: 4, baselineCoveredWeight: 4, totalWeight: 14 });
    expect(coverageOf(problem, [siteAt("west", -900), siteAt("east", 900)])).toEqual({ coveredWeight: 14, baselineCoveredWeight: 4, totalWeight: 14 });
  });

  it("counts a demand point exactly at the radius as covered, as the evaluation does", () => {
    const problem = { radiusM: 1000, demand: [demandAt("edge", 1000, 1)], existing: [] };
    expect(coverageOf(problem, [siteAt("s", 0)]).coveredWeight).toBe(1);
    expect(coverageOf({ ...problem, radiusM: 999 }, [siteAt("s", 0)]).coveredWeight).toBe(0);
  });

  it("leaves out a chosen site the others make redundant, and orders the rest by what each adds", () => {
    const model = buildCoverageModel(greedyTrap(3));
    expect(orderSelection(model, [2, 1, 0])).toEqual([0, 2]); // middle adds nothing to west + east
    expect(modelValue(model, [0, 2])).toBe(modelValue(model, [0, 1, 2]));
    const problem = { ...greedyTrap(), demand: [...greedyTrap().demand, demandAt("e3", 1500, 5, 300)] };
    expect(idsOf(problem, orderSelection(buildCoverageModel(problem), [0, 2]))).toEqual(["east", "west"]);
  });

  it("reports the relative gap to six decimals, zero without a bound", () => {
    expect(relativeGap(8, 10)).toBe(0.2);
    expect(relativeGap(2, 3)).toBe(0.333333);
    expect(relativeGap(0, 0)).toBe(0);
    expect(relativeGap(10, 10)).toBe(0);
  });
});
