// Pearson χ² tests for categorical drift.
//
// chiSquareContingency — docs/drift.md: Pearson χ² on the 2×K table
// (row 0 = reference counts, row 1 = current counts) over the UNION of categories, exactly as
// `scipy.stats.chi2_contingency(table)` with its default `correction=True` (SciPy 1.10):
//   expected[r][k] = rowSum[r] · colSum[k] / total
//   dof = K − 1
//   if dof = 1 (K = 2), Yates' correction moves each observed count towards its expected count by
//     min(0.5, |expected − observed|) (the cap of SciPy gh-13875)
//   statistic = Σ (observed − expected)² / expected,  pValue = chi2.sf(statistic, dof)
// SciPy raises when an expected frequency is zero. Our choices for those inputs:
//   - a category with 0 in both rows (possible when the caller passes explicit zeros) is dropped:
//     it carries no information, and SciPy would raise on it;
//   - if one category remains (K = 1), statistic 0, pValue 1, dof 0 (SciPy's own degenerate
//     answer for a table with one non-trivial dimension);
//   - a row with no observations at all (empty reference or current) is an input error.
// Categories are listed in order of first appearance, reference first; the order does not change
// the result beyond rounding.
//
// chiSquareGoodnessOfFit — `scipy.stats.chisquare(f_obs, f_exp)` (ddof = 0):
//   statistic = Σ (observed − expected)² / expected,  dof = K − 1,  pValue = chi2.sf(statistic, dof)
// As SciPy 1.10, the two sums must agree to a relative tolerance of 1e-8. Expected frequencies must
// be positive (SciPy would return inf/NaN) and K ≥ 2 (SciPy returns a NaN p-value for K = 1).
//
// chi2.sf(x, k) = Q(k/2, x/2), the regularized upper incomplete gamma function.

import gammainc from "@stdlib/math-base-special-gammainc";

const WHERE = "analytics/chi-square";

export type CategoryCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export interface ChiSquareContingencyResult {
  statistic: number;
  pValue: number;
  dof: number;
  /** Whether Yates' continuity correction was applied (dof = 1). */
  corrected: boolean;
  /** The categories of the table's columns (union of both, all-zero ones dropped), in order. */
  categories: string[];
}

export interface ChiSquareGoodnessOfFitResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/** Survival function of the χ² distribution with `dof` degrees of freedom (`scipy.stats.chi2.sf`). */
export function chiSquareSurvival(statistic: number, dof: number): number {
  if (statistic <= 0) return 1;
  return gammainc(statistic / 2, dof / 2, true, true);
}

function entries(counts: CategoryCounts, name: string): Array<[string, number]> {
  const list: Array<[string, number]> =
    counts instanceof Map ? [...(counts as ReadonlyMap<string, number>).entries()] : Object.entries(counts);
  for (const [category, count] of list) {
    if (typeof count !== "number" || !Number.isFinite(count) || count < 0) {
      throw new Error(`${WHERE}: ${name} count of '${category}' must be a finite non-negative number, got ${String(count)}`);
    }
  }
  return list;
}

export function chiSquareContingency(args: { reference: CategoryCounts; current: CategoryCounts }): ChiSquareContingencyResult {
  const ref = entries(args.reference, "reference");
  const cur = entries(args.current, "current");

  // Union of categories, reference order first.
  const column = new Map<string, [number, number]>();
  for (const [c, n] of ref) column.set(c, [n, 0]);
  for (const [c, n] of cur) {
    const cell = column.get(c);
    if (cell) cell[1] = n;
    else column.set(c, [0, n]);
  }
  const categories: string[] = [];
  const observed: Array<[number, number]> = [];
  for (const [c, cell] of column) {
    if (cell[0] === 0 && cell[1] === 0) continue;
    categories.push(c);
    observed.push(cell);
  }

  let refTotal = 0;
  let curTotal = 0;
  for (const [r, c] of observed) {
    refTotal += r;
    curTotal += c;
  }
  if (!(refTotal > 0)) throw new Error(`${WHERE}: reference has no observations`);
  if (!(curTotal > 0)) throw new Error(`${WHERE}: current has no observations`);

  const k = observed.length;
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0, corrected: false, categories };

  const total = refTotal + curTotal;
  const rowSums = [refTotal, curTotal];
  const corrected = dof === 1;
  let statistic = 0;
  for (let col = 0; col < k; col++) {
    const cell = observed[col]!;
    const colSum = cell[0] + cell[1];
    for (let row = 0; row < 2; row++) {
      const expected = (rowSums[row]! * colSum) / total;
      let o = cell[row]!;
      if (corrected) {
        const diff = expected - o;
        o += Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
      }
      statistic += ((o - expected) * (o - expected)) / expected;
    }
  }
  return { statistic, pValue: chiSquareSurvival(statistic, dof), dof, corrected, categories };
}

export function chiSquareGoodnessOfFit(args: { observed: readonly number[]; expected: readonly number[] }): ChiSquareGoodnessOfFitResult {
  const { observed, expected } = args;
  if (observed.length !== expected.length) {
    throw new Error(`${WHERE}: observed and expected have different lengths (${observed.length} vs ${expected.length})`);
  }
  if (observed.length < 2) throw new Error(`${WHERE}: goodness of fit needs at least 2 categories`);
  let obsSum = 0;
  let expSum = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]!;
    const e = expected[i]!;
    if (typeof o !== "number" || !Number.isFinite(o) || o < 0) {
      throw new Error(`${WHERE}: observed[${i}] must be a finite non-negative number, got ${String(o)}`);
    }
    if (typeof e !== "number" || !Number.isFinite(e) || e <= 0) {
      throw new Error(`${WHERE}: expected[${i}] must be a finite positive number, got ${String(e)}`);
    }
    obsSum += o;
    expSum += e;
  }
  if (Math.abs(obsSum - expSum) / Math.min(obsSum, expSum) > 1e-8) {
    throw new Error(`${WHERE}: observed and expected sums differ (${obsSum} vs ${expSum}); scale expected to the observed total`);
  }
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const d = observed[i]! - expected[i]!;
    statistic += (d * d) / expected[i]!;
  }
  const dof = observed.length - 1;
  return { statistic, pValue: chiSquareSurvival(statistic, dof), dof };
}
