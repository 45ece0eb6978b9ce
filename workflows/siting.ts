// Siting what-if (选址推演, issue 19): the maximal covering location problem (Church & ReVelle,
// 1974). Demand points carry weights; existing sites already cover what lies within the radius;
// choose new sites among the candidates, up to a count or a budget, to cover the most weight
// that is not covered yet. Pure: the model is built here, solved greedily here, and handed to
// a MIP solver as plain arrays by app/lib/siting-solver.server.ts (which loads the WebAssembly).
import { createGridIndex, type LatLng } from "./geo";

export type SiteId = string | number;

export interface DemandPoint extends LatLng {
  id: SiteId;
  weight: number;
}

export interface Site extends LatLng {
  id: SiteId;
  /** Only read in the budget form: what opening the site costs, in the budget's unit. */
  cost?: number;
}

/** At most `select` new sites, or new sites whose costs add up to at most `budget`. */
export type SitingLimit = { select: number } | { budget: number };

export interface SitingProblem {
  radiusM: number;
  demand: readonly DemandPoint[];
  existing: readonly Site[];
  candidates: readonly Site[];
  limit: SitingLimit;
}

export type SitingMethod = "exact" | "greedy";
/** `highs`: the MIP solver's proven bound. `marginal-gains`: the greedy's own bound (submodularity). */
export type BoundSource = "highs" | "marginal-gains";
export type FallbackReason = "model-too-large" | "time-limit" | "solver-error";

export interface CoverageFigures {
  coveredWeight: number;
  baselineCoveredWeight: number;
  totalWeight: number;
}

/** The answer of a what-if, as the CLI prints it (docs/siting-contract.md). */
export interface SitingAnswer extends CoverageFigures {
  /** Chosen sites, the one that adds most first; at most the limit, none the others make redundant. */
  selected: SiteId[];
  method: SitingMethod;
  optimal: boolean;
  /** (upperBound − newlyCoveredWeight) ÷ upperBound; 0 when proven optimal. */
  gap: number;
  newlyCoveredWeight: number;
  /** An upper bound on the newly covered weight any choice within the limit can reach. */
  upperBound: number;
  boundSource: BoundSource;
  /** Why the exact method did not give the answer, when it did not. */
  fallback?: FallbackReason;
}

export interface CurvePoint {
  sites: number;
  coveredWeight: number;
  method: SitingMethod;
  optimal: boolean;
  gap: number;
}

/**
 * The reduced model. Only demand that no existing site covers and some candidate reaches matters;
 * demand points reached by the same candidates are merged into one group; a candidate whose
 * groups are a subset of another's (at no lower cost) is dropped, as is one that reaches nothing.
 */
export interface CoverageModel {
  /** Index into `problem.candidates` for each model candidate. */
  candidates: number[];
  /** Cost per model candidate: 1 in the count form. */
  costs: number[];
  /** The count or the budget. */
  capacity: number;
  groups: { weight: number; members: number[] }[];
  /** Model candidate → the groups it covers. */
  covers: number[][];
  totalWeight: number;
  baselineWeight: number;
  /** Weight left uncovered by existing sites that no candidate reaches. */
  unreachableWeight: number;
  stats: { demandPoints: number; uncoveredPoints: number; groups: number; candidates: number; candidatesKept: number };
}

export function isBudget(limit: SitingLimit): limit is { budget: number } {
  return "budget" in limit;
}

export function buildCoverageModel(problem: SitingProblem): CoverageModel {
  const { radiusM, demand, existing, candidates, limit } = problem;
  const budget = isBudget(limit);
  const capacity = budget ? limit.budget : limit.select;
  const costOf = (i: number) => (budget ? (candidates[i].cost ?? 0) : 1);
  const existingGrid = createGridIndex(existing, Math.max(radiusM, 1));
  const indexed = candidates.map((c, index) => ({ lat: c.lat, lng: c.lng, index }));
  const candidateGrid = createGridIndex(indexed, Math.max(radiusM, 1));

  let totalWeight = 0;
  let baselineWeight = 0;
  let unreachableWeight = 0;
  let uncoveredPoints = 0;
  // Demand reached by the same candidates is one group: key = the sorted candidate indices.
  const byKey = new Map<string, { weight: number; members: number[] }>();
  for (const d of demand) {
    totalWeight += d.weight;
    if (existingGrid.nearby(d.lat, d.lng, radiusM).length > 0) {
      baselineWeight += d.weight;
      continue;
    }
    uncoveredPoints++;
    if (!(d.weight > 0)) continue;
    const members = candidateGrid
      .nearby(d.lat, d.lng, radiusM)
      .map((c) => c.index)
      .filter((i) => costOf(i) <= capacity)
      .sort((a, b) => a - b);
    if (members.length === 0) {
      unreachableWeight += d.weight;
      continue;
    }
    const key = members.join(",");
    const group = byKey.get(key);
    if (group) group.weight += d.weight;
    else byKey.set(key, { weight: d.weight, members });
  }

  const firstGroups = [...byKey.values()];
  const coversOf = new Map<number, number[]>();
  firstGroups.forEach((g, gi) => {
    for (const c of g.members) {
      const list = coversOf.get(c);
      if (list) list.push(gi);
      else coversOf.set(c, [gi]);
    }
  });
  const kept = [...coversOf.keys()].filter((c) => !isDominated(c, coversOf, firstGroups, costOf)).sort((a, b) => a - b);
  const position = new Map(kept.map((c, i) => [c, i]));

  // Dropping dominated candidates can make two groups' member lists equal: merge again.
  const merged = new Map<string, { weight: number; members: number[] }>();
  for (const g of firstGroups) {
    const members = g.members.filter((c) => position.has(c)).map((c) => position.get(c) as number);
    const key = members.join(",");
    const group = merged.get(key);
    if (group) group.weight += g.weight;
    else merged.set(key, { weight: g.weight, members });
  }
  const groups = [...merged.values()];
  const covers: number[][] = kept.map(() => []);
  groups.forEach((g, gi) => g.members.forEach((m) => covers[m].push(gi)));

  return {
    candidates: kept,
    costs: kept.map(costOf),
    capacity,
    groups,
    covers,
    totalWeight,
    baselineWeight,
    unreachableWeight,
    stats: { demandPoints: demand.length, uncoveredPoints, groups: groups.length, candidates: candidates.length, candidatesKept: kept.length },
  };
}

/**
 * j is dominated when another candidate covers every group j covers at no higher cost. Among
 * exact equals the lower index stays, so the relation is a strict order and the survivors
 * dominate everything dropped.
 */
function isDominated(
  j: number,
  coversOf: Map<number, number[]>,
  groups: { members: number[] }[],
  costOf: (i: number) => number,
): boolean {
  const mine = coversOf.get(j) as number[];
  // Any superset of j's groups contains j's first group, so its members are the only rivals.
  for (const k of groups[mine[0]].members) {
    if (k === j) continue;
    const theirs = coversOf.get(k) as number[];
    if (theirs.length < mine.length || costOf(k) > costOf(j)) continue;
    if (!isSubset(mine, theirs)) continue;
    if (theirs.length > mine.length || costOf(k) < costOf(j) || k < j) return true;
  }
  return false;
}

function isSubset(small: readonly number[], large: readonly number[]): boolean {
  let i = 0;
  for (const x of large) {
    if (i < small.length && small[i] === x) i++;
  }
  return i === small.length;
}

/** Weight of the groups covered by the chosen model candidates. */
export function modelValue(model: CoverageModel, chosen: readonly number[]): number {
  const covered = new Set<number>();
  for (const c of chosen) for (const g of model.covers[c]) covered.add(g);
  let value = 0;
  for (const g of covered) value += model.groups[g].weight;
  return value;
}

export interface GreedyResult {
  /** Model candidates in the order picked. */
  chosen: number[];
  value: number;
  /** Value after each pick (the coverage curve). */
  curve: number[];
  /** An upper bound on the optimum, from the marginal gains seen on the way. */
  bound: number;
}

/**
 * Greedy: repeatedly open the candidate that adds the most uncovered weight (per unit of cost in
 * the budget form; then the best single affordable site is compared, after Khuller, Moss and Naor
 * 1999). Ties go to the earlier candidate. Coverage is monotone submodular, so after any step
 * OPT ≤ value + the best marginal gains of a whole limit's worth of sites, since the optimum's
 * sites add at most their gains (Nemhauser, Wolsey and Fisher 1978); the smallest is reported.
 */
export function greedySolve(model: CoverageModel): GreedyResult {
  const n = model.candidates.length;
  const gain = model.covers.map((gs) => gs.reduce((s, g) => s + model.groups[g].weight, 0));
  const coveredGroup = new Uint8Array(model.groups.length);
  const open = new Uint8Array(n);
  const chosen: number[] = [];
  const curve: number[] = [];
  let value = 0;
  let spent = 0;
  let bound = Math.min(model.groups.reduce((s, g) => s + g.weight, 0), marginalBound(gain, model.costs, model.capacity, open));

  for (;;) {
    let best = -1;
    let bestScore = 0;
    for (let j = 0; j < n; j++) {
      if (open[j] || gain[j] <= 0 || spent + model.costs[j] > model.capacity) continue;
      const score = model.costs[j] > 0 ? gain[j] / model.costs[j] : Infinity;
      if (score > bestScore) {
        best = j;
        bestScore = score;
      }
    }
    if (best < 0) break;
    open[best] = 1;
    chosen.push(best);
    spent += model.costs[best];
    value += gain[best];
    for (const g of model.covers[best]) {
      if (coveredGroup[g]) continue;
      coveredGroup[g] = 1;
      for (const m of model.groups[g].members) gain[m] -= model.groups[g].weight;
    }
    curve.push(value);
    bound = Math.min(bound, value + marginalBound(gain, model.costs, model.capacity, open));
  }

  const single = bestSingle(model);
  if (single && single.value > value) {
    return { chosen: [single.index], value: single.value, curve: [single.value], bound: Math.max(bound, single.value) };
  }
  return { chosen, value, curve, bound: Math.max(bound, value) };
}

/** Fractional knapsack of the current gains: no feasible addition can gain more. */
function marginalBound(gain: readonly number[], costs: readonly number[], capacity: number, open: Uint8Array): number {
  const items: { gain: number; cost: number }[] = [];
  for (let j = 0; j < gain.length; j++) if (!open[j] && gain[j] > 0) items.push({ gain: gain[j], cost: costs[j] });
  items.sort((a, b) => ratio(b) - ratio(a));
  let room = capacity;
  let total = 0;
  for (const item of items) {
    if (item.cost <= room) {
      total += item.gain;
      room -= item.cost;
    } else {
      total += item.cost > 0 ? (item.gain * Math.max(room, 0)) / item.cost : item.gain;
      break;
    }
  }
  return total;
}

const ratio = (item: { gain: number; cost: number }) => (item.cost > 0 ? item.gain / item.cost : Infinity);

function bestSingle(model: CoverageModel): { index: number; value: number } | null {
  let best: { index: number; value: number } | null = null;
  model.covers.forEach((gs, index) => {
    if (model.costs[index] > model.capacity) return;
    const value = gs.reduce((s, g) => s + model.groups[g].weight, 0);
    if (!best || value > best.value) best = { index, value };
  });
  return best;
}

/**
 * Leaves out any chosen site whose demand the other chosen sites already reach (the least useful
 * first), then orders the rest by what each adds in turn, the largest first, so the list reads
 * “open this first”. The covered weight does not change.
 */
export function orderSelection(model: CoverageModel, chosen: readonly number[]): number[] {
  const kept = [...new Set(chosen)].sort((a, b) => a - b);
  const reach = new Map<number, number>();
  for (const c of kept) for (const g of model.covers[c]) reach.set(g, (reach.get(g) ?? 0) + 1);
  for (;;) {
    const redundant = kept.findIndex((c) => model.covers[c].every((g) => (reach.get(g) as number) > 1));
    if (redundant < 0) break;
    for (const g of model.covers[kept[redundant]]) reach.set(g, (reach.get(g) as number) - 1);
    kept.splice(redundant, 1);
  }
  const covered = new Set<number>();
  const ordered: number[] = [];
  while (kept.length) {
    let bestAt = 0;
    let bestGain = -1;
    kept.forEach((c, at) => {
      const g = model.covers[c].reduce((s, gi) => s + (covered.has(gi) ? 0 : model.groups[gi].weight), 0);
      if (g > bestGain) {
        bestAt = at;
        bestGain = g;
      }
    });
    const [c] = kept.splice(bestAt, 1);
    ordered.push(c);
    for (const gi of model.covers[c]) covered.add(gi);
  }
  return ordered;
}

// ---------------------------------------------------------------------------------------
// The mixed-integer programme

/** HiGHS's column-wise model as plain arrays (the shape of highs' `ModelData`). */
export interface MipArrays {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** 1 = integer (the site columns), 0 = continuous (the coverage columns). */
  integrality: Int32Array;
  /** Column of each group's coverage variable, or -1 when the group is folded into its one site. */
  groupColumn: Int32Array;
  nonzeros: number;
}

/**
 * maximise Σ w_g·y_g + Σ w'_j·x_j  subject to  y_g − Σ_{j reaches g} x_j ≤ 0,  Σ c_j·x_j ≤ capacity,
 * x_j ∈ {0, 1}, 0 ≤ y_g ≤ 1. A group only one site reaches needs no y: its weight joins that
 * site's objective coefficient (w'_j). Columns 0…n−1 are the sites, then one y per other group.
 */
export function buildMip(model: CoverageModel): MipArrays {
  const n = model.candidates.length;
  const multi: number[] = [];
  const siteCost = new Float64Array(n);
  const groupColumn = new Int32Array(model.groups.length).fill(-1);
  model.groups.forEach((g, gi) => {
    if (g.members.length === 1) siteCost[g.members[0]] += g.weight;
    else {
      groupColumn[gi] = n + multi.length;
      multi.push(gi);
    }
  });
  const numCols = n + multi.length;
  const numRows = multi.length + 1;
  const capacityRow = multi.length;
  const rowOfGroup = new Int32Array(model.groups.length).fill(-1);
  multi.forEach((gi, r) => (rowOfGroup[gi] = r));

  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    starts[j] = indices.length;
    for (const gi of model.covers[j]) {
      if (rowOfGroup[gi] < 0) continue;
      indices.push(rowOfGroup[gi]);
      values.push(-1);
    }
    indices.push(capacityRow);
    values.push(model.costs[j]);
  }
  multi.forEach((_, r) => {
    starts[n + r] = indices.length;
    indices.push(r);
    values.push(1);
  });
  starts[numCols] = indices.length;

  const colCost = new Float64Array(numCols);
  colCost.set(siteCost);
  multi.forEach((gi, r) => (colCost[n + r] = model.groups[gi].weight));
  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows);
  rowUpper[capacityRow] = model.capacity;
  const integrality = new Int32Array(numCols);
  integrality.fill(1, 0, n);

  return {
    numCols,
    numRows,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    starts,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    integrality,
    groupColumn,
    nonzeros: indices.length,
  };
}

/** A full column vector for a chosen set, to start the solver from (e.g. the greedy answer). */
export function mipStart(model: CoverageModel, mip: MipArrays, chosen: readonly number[]): Float64Array {
  const x = new Float64Array(mip.numCols);
  for (const j of chosen) x[j] = 1;
  for (const j of chosen) {
    for (const gi of model.covers[j]) if (mip.groupColumn[gi] >= 0) x[mip.groupColumn[gi]] = 1;
  }
  return x;
}

// ---------------------------------------------------------------------------------------
// Checking an answer against the problem itself

/**
 * Measured afresh from the problem, not the model: the weight of demand within radiusM
 * (haversine, as the evaluation) of an existing site, and of an existing or a selected one.
 */
export function coverageOf(problem: Pick<SitingProblem, "radiusM" | "demand" | "existing">, selected: readonly Site[]): CoverageFigures {
  const cell = Math.max(problem.radiusM, 1);
  const existingGrid = createGridIndex(problem.existing, cell);
  const selectedGrid = createGridIndex(selected, cell);
  let coveredWeight = 0;
  let baselineCoveredWeight = 0;
  let totalWeight = 0;
  for (const d of problem.demand) {
    totalWeight += d.weight;
    if (existingGrid.nearby(d.lat, d.lng, problem.radiusM).length > 0) {
      baselineCoveredWeight += d.weight;
      coveredWeight += d.weight;
    } else if (selectedGrid.nearby(d.lat, d.lng, problem.radiusM).length > 0) {
      coveredWeight += d.weight;
    }
  }
  return { coveredWeight, baselineCoveredWeight, totalWeight };
}

/** Relative optimality gap, (bound − value) ÷ bound, 0 when the bound is 0; 6 decimals. */
export function relativeGap(value: number, bound: number): number {
  if (!(bound > 0)) return 0;
  return Math.round(Math.max(0, (bound - value) / bound) * 1e6) / 1e6;
}
