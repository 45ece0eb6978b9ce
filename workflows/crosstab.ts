// Cross-tabulation (交叉分析, issue 18): counts, row percentages and Pearson's chi-square test
// of independence with its p-value. Pure; no dependency: the p-value is the chi-square
// survival function, the regularised upper incomplete gamma function Q(df/2, χ²/2), computed
// as in Numerical Recipes (series below a + 1, Lentz's continued fraction above). ADR 0011.

export interface ContingencyTable {
  rows: readonly string[];
  columns: readonly string[];
  /** counts[row][column]; non-negative whole numbers. */
  counts: readonly (readonly number[])[];
}

export interface ChiSquareTest {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Cells (of the rows and columns that have answers) whose expected count is below 5. */
  lowExpectedCells: number;
  /** The approximation is doubtful: some expected count is below 5 (the usual rule). */
  warning: boolean;
}

export interface CrossTab extends ContingencyTable {
  rowTotals: number[];
  columnTotals: number[];
  total: number;
  /** Share of each row's answers per column, 0–100; a row without answers is all 0. */
  rowPercents: number[][];
  /** Counts expected under independence: row total × column total / total. */
  expected: number[][];
  /** null when fewer than two rows or two columns have answers (no test is possible). */
  test: ChiSquareTest | null;
}

export const LOW_EXPECTED_COUNT = 5;

export function crossTabulate(table: ContingencyTable): CrossTab {
  const { rows, columns, counts } = table;
  if (counts.length !== rows.length || counts.some((row) => row.length !== columns.length)) {
    throw new RangeError(`counts must be ${rows.length} × ${columns.length}`);
  }
  if (counts.some((row) => row.some((n) => !Number.isFinite(n) || n < 0))) {
    throw new RangeError("counts must be finite and non-negative");
  }
  const rowTotals = counts.map((row) => row.reduce((s, n) => s + n, 0));
  const columnTotals = columns.map((_, j) => counts.reduce((s, row) => s + row[j], 0));
  const total = rowTotals.reduce((s, n) => s + n, 0);
  const rowPercents = counts.map((row, i) => row.map((n) => (rowTotals[i] ? (100 * n) / rowTotals[i] : 0)));
  const expected = rowTotals.map((r) => columnTotals.map((c) => (total ? (r * c) / total : 0)));
  return { rows, columns, counts, rowTotals, columnTotals, total, rowPercents, expected, test: chiSquareTest(counts, expected, rowTotals, columnTotals) };
}

function chiSquareTest(
  counts: readonly (readonly number[])[],
  expected: number[][],
  rowTotals: number[],
  columnTotals: number[],
): ChiSquareTest | null {
  // A row or column nobody answered has no expected counts; it takes no part in the test.
  const liveRows = rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const liveColumns = columnTotals.flatMap((t, j) => (t > 0 ? [j] : []));
  if (liveRows.length < 2 || liveColumns.length < 2) return null;
  let statistic = 0;
  let lowExpectedCells = 0;
  for (const i of liveRows) {
    for (const j of liveColumns) {
      const e = expected[i][j];
      statistic += (counts[i][j] - e) ** 2 / e;
      if (e < LOW_EXPECTED_COUNT) lowExpectedCells++;
    }
  }
  const degreesOfFreedom = (liveRows.length - 1) * (liveColumns.length - 1);
  return {
    statistic,
    degreesOfFreedom,
    pValue: chiSquareSurvival(statistic, degreesOfFreedom),
    lowExpectedCells,
    warning: lowExpectedCells > 0,
  };
}

/** P(X ≥ x) for X ~ χ²(df). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError("degrees of freedom must be positive");
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** Q(a, x) = Γ(a, x) / Γ(a), the regularised upper incomplete gamma function. */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return upperContinuedFraction(a, x);
}

/** P(a, x) by its power series; converges fast for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

// Lanczos approximation (g = 7, n = 9), accurate to about 15 digits for a > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const w = z - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (w + i);
  const t = w + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(sum);
}
