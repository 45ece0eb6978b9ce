import { describe, expect, it } from "vitest";
import { chiSquareSurvival, crossTabulate, logGamma } from "../../workflows/crosstab";

const tabulate = (rows: string[], columns: string[], counts: number[][]) => crossTabulate({ rows, columns, counts });

describe("the chi-square test of independence matches the textbooks", () => {
  it("Field, Miles & Field, Discovering Statistics Using R (2012), §18.6: can cats be trained to dance?", () => {
    // Training × Dance, 200 cats. The book's expected counts are 14.44, 23.56, 61.56, 100.44 and
    // its CrossTable output reads: Pearson's Chi-squared test, Chi^2 = 25.35569, d.f. = 1, p = 4.767434e-07.
    const cats = tabulate(["food as reward", "affection as reward"], ["danced", "did not dance"], [[28, 10], [48, 114]]);
    expect(cats.expected.flat()).toEqual([14.44, 23.56, 61.56, 100.44].map((e) => expect.closeTo(e, 3)));
    expect(cats.test?.statistic).toBeCloseTo(25.356, 3);
    expect(cats.test?.degreesOfFreedom).toBe(1);
    expect(cats.test?.pValue).toBeCloseTo(4.767434e-7, 12);
    expect(cats.test?.warning).toBe(false);
    expect(cats.rowPercents[0][0]).toBeCloseTo(73.684, 3); // 28 of 38 cats trained with food danced
  });

  it("Agresti, An Introduction to Categorical Data Analysis (2nd ed., 2007), p. 39: party identification by gender", () => {
    // The book gives X² = 30.1 with df = 2; R's chisq.test help page, which takes its example from
    // that page, prints X-squared = 30.07, df = 2, p-value = 2.954e-07.
    const party = tabulate(["female", "male"], ["Democrat", "Independent", "Republican"], [[762, 327, 468], [484, 239, 477]]);
    expect(party.test?.statistic).toBeCloseTo(30.070, 3);
    expect(party.test?.degreesOfFreedom).toBe(2);
    expect(party.test?.pValue).toBeCloseTo(2.954e-7, 10);
  });

  it("OpenIntro Statistics (4th ed.), §6.4: how the question asked changes what iPod sellers disclose", () => {
    // Expected counts 20.33 and 52.67 per column, X² = 40.13, df = 2, p-value 0.000000002.
    const ipod = tabulate(["disclose problem", "hide problem"], ["general", "positive assumption", "negative assumption"], [
      [2, 23, 36],
      [71, 50, 37],
    ]);
    expect(ipod.expected[0][0]).toBeCloseTo(20.33, 2);
    expect(ipod.expected[1][2]).toBeCloseTo(52.67, 2);
    expect(ipod.test?.statistic).toBeCloseTo(40.13, 2);
    expect(ipod.test?.pValue).toBeCloseTo(0.000000002, 9);
  });

  it("the p-value at a chi-square table's 5 % critical values is 0.050", () => {
    // Upper-tail critical values as printed in any textbook's appendix (α = 0.05, 0.01).
    const table: [number, number, number][] = [
      [3.841, 1, 0.05], [5.991, 2, 0.05], [7.815, 3, 0.05], [9.488, 4, 0.05], [11.07, 5, 0.05],
      [18.307, 10, 0.05], [31.41, 20, 0.05], [124.342, 100, 0.05], [6.635, 1, 0.01], [23.209, 10, 0.01],
    ];
    for (const [x, df, p] of table) expect(chiSquareSurvival(x, df), `χ² = ${x}, df = ${df}`).toBeCloseTo(p, 4);
  });

  it("with two degrees of freedom the tail is exactly e^(−x/2)", () => {
    for (const x of [0.1, 1, 6.12, 40, 200]) expect(chiSquareSurvival(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 10);
  });

  it("log Γ agrees with factorials and with Γ(½) = √π", () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe("what a worker sees besides the statistic", () => {
  it("warns when an expected count falls below 5", () => {
    const small = crossTabulate({ rows: ["80+", "others"], columns: ["需要助餐", "不需要"], counts: [[4, 1], [10, 25]] });
    expect(small.test?.warning).toBe(true);
    expect(small.test?.lowExpectedCells).toBe(2);
    expect(small.expected[0]).toEqual([1.75, 3.25]);
  });

  it("leaves a row nobody answered out of the test but keeps it in the table", () => {
    const table = crossTabulate({
      rows: ["东苑", "西苑", "新建小区"],
      columns: ["需要", "不需要"],
      counts: [[30, 10], [15, 25], [0, 0]],
    });
    expect(table.rowPercents[2]).toEqual([0, 0]);
    expect(table.test?.degreesOfFreedom).toBe(1);
    expect(table.test?.statistic).toBeCloseTo(crossTabulate({ rows: ["东苑", "西苑"], columns: ["需要", "不需要"], counts: [[30, 10], [15, 25]] }).test!.statistic, 12);
  });

  it("gives no test when only one column has answers", () => {
    expect(crossTabulate({ rows: ["a", "b"], columns: ["x", "y"], counts: [[3, 0], [5, 0]] }).test).toBeNull();
  });

  it("refuses a table whose shape does not match its labels", () => {
    expect(() => crossTabulate({ rows: ["a"], columns: ["x", "y"], counts: [[1]] })).toThrow(RangeError);
  });
});
