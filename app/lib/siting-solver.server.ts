// The exact siting solve (issue 19): the MCLP of workflows/siting.ts as a mixed-integer
// programme for HiGHS (WebAssembly, the `highs` package), started from the greedy answer and
// stopped at a time limit. Too large a model, a time limit reached before the greedy answer is
// beaten, or a solver failure, and the greedy answer stands. The answer always says which
// method produced it, whether it is proven optimal, and the gap to the best bound known.
import loadHighs, { type Highs } from "highs";
import {
  buildCoverageModel,
  buildMip,
  coverageOf,
  greedySolve,
  mipStart,
  modelValue,
  orderSelection,
  relativeGap,
  type BoundSource,
  type CoverageModel,
  type CurvePoint,
  type FallbackReason,
  type SitingAnswer,
  type SitingMethod,
  type SitingProblem,
} from "../../workflows/siting";

export interface SolveOptions {
  /** Seconds HiGHS may spend (wall clock); default 10. */
  timeLimitS?: number;
  /** Beyond this many matrix entries the solver is not tried; default 1,000,000. */
  maxNonzeros?: number;
}

export interface SolveDetail {
  answer: SitingAnswer;
  model: CoverageModel["stats"] & { columns: number; rows: number; nonzeros: number };
  greedy: { value: number; ms: number; bound: number };
  exactMs: number | null;
}

let highsLoading: Promise<Highs> | null = null;

/** One WebAssembly instance per process, loaded on first use. */
function highsInstance(): Promise<Highs> {
  highsLoading ??= loadHighs().catch((error: unknown) => {
    highsLoading = null;
    throw error;
  });
  return highsLoading;
}

export async function solveSiting(problem: SitingProblem, options: SolveOptions = {}): Promise<SitingAnswer> {
  return (await solveSitingInDetail(problem, options)).answer;
}

/** The answer, with the model's size and both methods' figures (for the benchmark). */
export async function solveSitingInDetail(problem: SitingProblem, options: SolveOptions = {}): Promise<SolveDetail> {
  const model = buildCoverageModel(problem);
  const greedyStarted = performance.now();
  const greedy = greedySolve(model);
  const greedyMs = performance.now() - greedyStarted;
  const mip = buildMip(model);
  const detail = {
    model: { ...model.stats, columns: mip.numCols, rows: mip.numRows, nonzeros: mip.nonzeros },
    greedy: { value: greedy.value, ms: greedyMs, bound: greedy.bound },
  };
  const fromGreedy = (bound: number, boundSource: BoundSource, fallback?: FallbackReason) =>
    answerFor(problem, model, greedy.chosen, { method: "greedy", optimal: greedy.value >= bound, bound, boundSource, fallback });

  // Nothing left to choose between: the greedy answer is the optimum.
  if (model.candidates.length === 0 || greedy.value >= greedy.bound) {
    return { ...detail, exactMs: null, answer: fromGreedy(greedy.bound, "marginal-gains") };
  }
  if (mip.nonzeros > (options.maxNonzeros ?? 1_000_000)) {
    return { ...detail, exactMs: null, answer: fromGreedy(greedy.bound, "marginal-gains", "model-too-large") };
  }

  let started = performance.now();
  let run: ExactRun;
  try {
    const highs = await highsInstance();
    started = performance.now();
    run = runHighs(highs, model, mip, greedy.chosen, options.timeLimitS ?? 10);
  } catch {
    return { ...detail, exactMs: performance.now() - started, answer: fromGreedy(greedy.bound, "marginal-gains", "solver-error") };
  }
  const exactMs = performance.now() - started;
  const value = run.chosen ? modelValue(model, run.chosen) : -Infinity;
  const bound = Math.min(greedy.bound, run.bound);
  const boundSource: BoundSource = run.bound <= greedy.bound ? "highs" : "marginal-gains";
  if (run.optimal && run.chosen) {
    return { ...detail, exactMs, answer: answerFor(problem, model, run.chosen, { method: "exact", optimal: true, bound: value, boundSource: "highs" }) };
  }
  if (run.chosen && value > greedy.value) {
    return { ...detail, exactMs, answer: answerFor(problem, model, run.chosen, { method: "exact", optimal: false, bound, boundSource }) };
  }
  return { ...detail, exactMs, answer: fromGreedy(bound, boundSource, run.timedOut ? "time-limit" : "solver-error") };
}

interface ExactRun {
  chosen: number[] | null;
  optimal: boolean;
  timedOut: boolean;
  /** HiGHS's proven upper bound on the objective, or Infinity when it has none. */
  bound: number;
}

function runHighs(highs: Highs, model: CoverageModel, mip: ReturnType<typeof buildMip>, start: readonly number[], timeLimitS: number): ExactRun {
  const infinity = highs.infinity;
  const solver = highs.createModel({
    numCols: mip.numCols,
    numRows: mip.numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: mip.colCost,
    colLower: mip.colLower,
    colUpper: mip.colUpper,
    rowLower: mip.rowLower.map((v) => (v === -Infinity ? -infinity : v)),
    rowUpper: mip.rowUpper,
    matrix: { format: "csc", numRows: mip.numRows, numCols: mip.numCols, starts: mip.starts, indices: mip.indices, values: mip.values },
    integrality: mip.integrality,
  });
  try {
    // mip_rel_gap 0: stop only when optimality is proven, not within HiGHS's default 0.01 %.
    solver.options.set({ output_flag: false, time_limit: timeLimitS, mip_rel_gap: 0 });
    solver.setSolution({ colValue: mipStart(model, mip, start) });
    const { modelStatus } = solver.run();
    const status = highs.constants.modelStatus;
    const feasible = Number(solver.info.get("primal_solution_status")) === highs.constants.solutionStatus.feasible;
    const dualBound = Number(solver.info.get("mip_dual_bound"));
    const chosen = feasible ? sitesIn(solver.getSolution().colValue, model.candidates.length) : null;
    return {
      chosen,
      optimal: modelStatus === status.optimal,
      timedOut: modelStatus === status.timeLimit,
      bound: Number.isFinite(dualBound) ? dualBound : Infinity,
    };
  } finally {
    solver.dispose();
  }
}

function sitesIn(colValue: Float64Array, sites: number): number[] {
  const chosen: number[] = [];
  for (let j = 0; j < sites; j++) if (colValue[j] > 0.5) chosen.push(j);
  return chosen;
}

function answerFor(
  problem: SitingProblem,
  model: CoverageModel,
  chosen: readonly number[],
  how: { method: SitingMethod; optimal: boolean; bound: number; boundSource: BoundSource; fallback?: FallbackReason },
): SitingAnswer {
  const ordered = orderSelection(model, chosen);
  const sites = ordered.map((j) => problem.candidates[model.candidates[j]]);
  const figures = coverageOf(problem, sites);
  const newlyCoveredWeight = modelValue(model, ordered);
  const upperBound = Math.max(how.bound, newlyCoveredWeight);
  return {
    selected: sites.map((s) => s.id),
    ...figures,
    method: how.method,
    optimal: how.optimal,
    gap: how.optimal ? 0 : relativeGap(newlyCoveredWeight, upperBound),
    newlyCoveredWeight,
    upperBound,
    boundSource: how.boundSource,
    ...(how.fallback ? { fallback: how.fallback } : {}),
  };
}

/** The coverage curve: the best coverage with 1, 2, …, maxSites new sites (count form). */
export async function solveCoverageCurve(
  problem: Omit<SitingProblem, "limit">,
  maxSites: number,
  options: SolveOptions = {},
): Promise<CurvePoint[]> {
  const curve: CurvePoint[] = [];
  for (let sites = 1; sites <= maxSites; sites++) {
    const answer = await solveSiting({ ...problem, limit: { select: sites } }, options);
    curve.push({ sites, coveredWeight: answer.coveredWeight, method: answer.method, optimal: answer.optimal, gap: answer.gap });
  }
  return curve;
}
