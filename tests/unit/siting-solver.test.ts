import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveCoverageCurve, solveSiting, solveSitingInDetail } from "../../app/lib/siting-solver.server";
import { coverageOf } from "../../workflows/siting";
import { arbitraryProblem, bruteForceOptimum, budgetTrap, GREEDY_TRAP_ANSWER, greedyTrap, randomDistrict } from "../support/siting-instances";

describe("the exact solve (HiGHS)", () => {
  it("finds the optimum where greedy does not: west + east cover 10, greedy's middle-first only 8", async () => {
    const detail = await solveSitingInDetail(greedyTrap());
    expect(detail.greedy.value).toBe(8);
    expect(detail.answer).toEqual(GREEDY_TRAP_ANSWER);
  });

  it("with a budget of 10, opens B and C (10) where greedy's best value for money, A, reaches 7", async () => {
    const detail = await solveSitingInDetail(budgetTrap());
    expect(detail.greedy.value).toBe(7);
    expect(detail.answer).toMatchObject({ selected: ["B", "C"], newlyCoveredWeight: 10, coveredWeight: 10, totalWeight: 17, method: "exact", optimal: true });
  });

  it("agrees with trying every selection, by count and by budget", async () => {
    for (const budget of [false, true]) {
      await fc.assert(
        fc.asyncProperty(arbitraryProblem({ budget }), async (problem) => {
          const answer = await solveSiting(problem);
          const covered = (sites: typeof problem.candidates) => coverageOf(problem, sites).coveredWeight;
          expect(answer.optimal).toBe(true);
          expect(answer.coveredWeight).toBeCloseTo(bruteForceOptimum(problem, covered), 9);
          const chosen = problem.candidates.filter((c) => answer.selected.includes(c.id));
          expect(chosen).toHaveLength(answer.selected.length);
          if ("budget" in problem.limit) expect(chosen.reduce((s, c) => s + (c.cost ?? 0), 0)).toBeLessThanOrEqual(problem.limit.budget);
          else expect(chosen.length).toBeLessThanOrEqual(problem.limit.select);
          expect(answer.coveredWeight - answer.baselineCoveredWeight).toBeCloseTo(answer.newlyCoveredWeight, 9);
        }),
        { numRuns: 40 },
      );
    }
  });

  it("does not run the solver when greedy is already proven optimal", async () => {
    const detail = await solveSitingInDetail(greedyTrap(3));
    expect(detail.exactMs).toBeNull();
    expect(detail.answer).toMatchObject({ method: "greedy", optimal: true, gap: 0, newlyCoveredWeight: 10, boundSource: "marginal-gains" });
  });

  it("answers an empty problem: nothing to choose, nothing covered", async () => {
    const answer = await solveSiting({ radiusM: 1000, limit: { select: 3 }, demand: [], existing: [], candidates: [] });
    expect(answer).toMatchObject({ selected: [], coveredWeight: 0, totalWeight: 0, optimal: true, gap: 0 });
  });
});

describe("falling back to greedy", () => {
  it("keeps the greedy answer with its own bound when the model is too large to try", async () => {
    const answer = await solveSiting(greedyTrap(), { maxNonzeros: 3 });
    expect(answer).toMatchObject({
      selected: ["middle", "west"],
      newlyCoveredWeight: 8,
      method: "greedy",
      optimal: false,
      upperBound: 10,
      gap: 0.2,
      boundSource: "marginal-gains",
      fallback: "model-too-large",
    });
  });

  it("says the time limit was reached, keeps greedy's answer with a gap, and finds more given time", async () => {
    const problem = randomDistrict(3);
    const rushed = await solveSitingInDetail(problem, { timeLimitS: 1e-6 });
    expect(rushed.greedy.value).toBe(11533);
    expect(rushed.answer).toMatchObject({ method: "greedy", optimal: false, newlyCoveredWeight: 11533, fallback: "time-limit" });
    expect(rushed.answer.gap).toBeGreaterThan(0);

    const patient = await solveSiting(problem);
    expect(patient).toMatchObject({ method: "exact", optimal: true, gap: 0, newlyCoveredWeight: 11638 });
    expect(patient.newlyCoveredWeight).toBeLessThanOrEqual(rushed.answer.upperBound);
  });
});

describe("the coverage curve", () => {
  it("gives the best coverage for 1, 2 and 3 new sites, never falling", async () => {
    const curve = await solveCoverageCurve(greedyTrap(), 3);
    expect(curve.map((p) => [p.sites, p.coveredWeight, p.optimal])).toEqual([
      [1, 10, true],
      [2, 14, true],
      [3, 14, true],
    ]);
  });
});
