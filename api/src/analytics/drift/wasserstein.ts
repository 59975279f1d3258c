// Wasserstein-1 (earth mover's) distance between two samples, exactly as
// `scipy.stats.wasserstein_distance(u, v)` (unweighted):
//
//   W1 = ∫ |F_u(x) − F_v(x)| dx
//      = Σ_k |F_u(z_k) − F_v(z_k)| · (z_{k+1} − z_k)   over the merged sorted values z
//
// where F is the empirical CDF (count of values ≤ z divided by the sample size). We sort both
// samples (Float64Array sort, O(n log n)) and walk them in one merge; the sum is compensated
// (Neumaier), so it is at least as accurate as NumPy's pairwise sum.
//
// Effect size for numeric drift (docs/drift.md):
//
//   normalizedWasserstein = W1(reference, current) / max(std_ref, 0.001)
//
// with std_ref the population standard deviation of the reference (`numpy.std`, ddof = 0); a
// (near-)constant reference divides by 0.001.
import { clampFinite, magnitudeScale, populationMoments } from "../finite-math.js";
import { sortedFiniteCopy, type Sample } from "./finite-sample.js";

const WHERE = "analytics/wasserstein";

/** Floor of the reference standard deviation used to normalize W1. */
export const MIN_REFERENCE_STD = 0.001;

export type { Sample };

function sortedCopy(values: Sample, name: string): Float64Array {
  if (values.length === 0) throw new Error(`${WHERE}: ${name} is empty`);
  return sortedFiniteCopy(values, WHERE, name);
}

/** W1 between two sorted, non-empty samples: one merge over both, O(n_u + n_v). */
function w1Sorted(u: Float64Array, v: Float64Array): number {
  const nu = u.length;
  const nv = v.length;
  let i = 0; // values of u consumed so far: all of them are ≤ prev
  let j = 0;
  let prev = Math.min(u[0]!, v[0]!);
  let sum = 0;
  let comp = 0; // Neumaier compensation
  while (i < nu || j < nv) {
    const fromU = j >= nv || (i < nu && u[i]! <= v[j]!);
    const x = fromU ? u[i]! : v[j]!;
    const delta = x - prev;
    if (delta > 0) {
      // On [prev, x) the empirical CDFs are i/nu and j/nv: every value ≤ prev has been consumed.
      const term = Math.abs(i / nu - j / nv) * delta;
      const t = sum + term;
      comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    if (fromU) i++;
    else j++;
    prev = x;
  }
  return sum + comp;
}

/** The two sorted samples multiplied by one power of two (exact) so that no difference overflows. */
function scaledPair(u: Float64Array, v: Float64Array): { u: Float64Array; v: Float64Array; scale: number } {
  const largest = Math.max(Math.abs(u[0]!), Math.abs(u[u.length - 1]!), Math.abs(v[0]!), Math.abs(v[v.length - 1]!));
  const scale = magnitudeScale(largest);
  if (scale === 1) return { u, v, scale };
  return { u: u.map((x) => x * scale), v: v.map((x) => x * scale), scale };
}

/** `scipy.stats.wasserstein_distance(reference, current)`: W1 between the two empirical distributions. */
export function wasserstein1(args: { reference: Sample; current: Sample }): number {
  const s = scaledPair(sortedCopy(args.reference, "reference"), sortedCopy(args.current, "current"));
  return clampFinite(w1Sorted(s.u, s.v) / s.scale);
}

/**
 * W1(reference, current) / max(std_ref (ddof = 0), 0.001): the numeric drift effect size. Both are
 * computed in the same scaled units (finite-math.ts); a result beyond float64 (a constant reference
 * of 1e308 against −1e308) is clamped to Number.MAX_VALUE.
 */
export function normalizedWasserstein(args: { reference: Sample; current: Sample }): number {
  const s = scaledPair(sortedCopy(args.reference, "reference"), sortedCopy(args.current, "current"));
  const std = populationMoments(s.u).std;
  return clampFinite(w1Sorted(s.u, s.v) / Math.max(std, MIN_REFERENCE_STD * s.scale));
}
