// One-sided Welch t-test from summaries (docs/weak-slices.md): is the mean loss inside a slice
// greater than outside it, without assuming equal variances? As
// `scipy.stats.ttest_ind(inside, outside, equal_var=False, alternative="greater").pvalue`:
//
//   se² = s1²/n1 + s2²/n2,   t = (mean1 − mean2) / se,
//   ν  = se⁴ / ((s1²/n1)²/(n1−1) + (s2²/n2)²/(n2−1))     (Welch–Satterthwaite)
//   p  = P(T_ν ≥ t) = F_ν(−t)                          (symmetry keeps small p precise)
//
// with s² the sample variances (ddof = 1). Both variances zero (SciPy: NaN): p = 0 when
// mean1 > mean2, else 1.
import tCdf from "@stdlib/stats-base-dists-t-cdf";

const WHERE = "analytics/welch-test";

export interface LossSummary {
  n: number;
  mean: number;
  /** Sample variance (ddof = 1). */
  variance: number;
}

export function welchGreater(args: { inside: LossSummary; outside: LossSummary }): number {
  const { inside, outside } = args;
  for (const [name, s] of [["inside", inside], ["outside", outside]] as const) {
    if (!(Number.isInteger(s.n) && s.n >= 2)) throw new Error(`${WHERE}: ${name}.n must be an integer ≥ 2, got ${s.n}`);
    if (!Number.isFinite(s.mean) || !(s.variance >= 0)) throw new Error(`${WHERE}: ${name} needs a finite mean and a variance ≥ 0`);
  }
  const v1 = inside.variance / inside.n;
  const v2 = outside.variance / outside.n;
  const se2 = v1 + v2;
  if (se2 === 0) return inside.mean > outside.mean ? 0 : 1;
  const t = (inside.mean - outside.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((v1 * v1) / (inside.n - 1) + (v2 * v2) / (outside.n - 1));
  return tCdf(-t, df);
}

/** Mean and sample variance from a count, a sum and a sum of squares (variance ≥ 0, 0 below n = 2). */
export function summaryFromSums(n: number, sum: number, sumSquares: number): LossSummary {
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, variance };
}
