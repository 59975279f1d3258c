// Distances between two distributions known only through their quantile sketches (the weighted
// items of kll-sketch.ts, an approximate CDF each):
//
//   KS D  = sup_x |F_ref(x) − F_cur(x)|, evaluated at every item of either sketch (the CDFs are
//           step functions that only move there). Each sketch's CDF is within its rank error ε of
//           the exact one, so |D_sketch − D_exact| ≤ ε_ref + ε_cur.
//   W1    = ∫ |F_ref(x) − F_cur(x)| dx = ∫₀¹ |Q_ref(p) − Q_cur(p)| dp, one merge walk over both
//           sorted item lists exactly as scipy.stats.wasserstein_distance does on weighted samples.
//   bins  = counts on cut points estimated from the CDF: n·(F(e_{i+1}⁻) − F(e_i⁻)).
// Pure: no I/O, no clock.
import { cdfBelow, quantileOf, type WeightedItems } from "./kll-sketch.js";

/** sup |F_a − F_b| over the items of both sketches (CDFs with ties counted at their value). */
export function ksDistance(a: WeightedItems, b: WeightedItems): number {
  let i = 0;
  let j = 0;
  let d = 0;
  const na = a.values.length;
  const nb = b.values.length;
  while (i < na || j < nb) {
    const x = j >= nb || (i < na && a.values[i]! <= b.values[j]!) ? a.values[i]! : b.values[j]!;
    while (i < na && a.values[i]! <= x) i++;
    while (j < nb && b.values[j]! <= x) j++;
    const fa = i === 0 ? 0 : a.cumulative[i - 1]! / a.n;
    const fb = j === 0 ? 0 : b.cumulative[j - 1]! / b.n;
    d = Math.max(d, Math.abs(fa - fb));
  }
  return d;
}

/**
 * W1 from the exact means and the sketches' crossing area: with Δ = F_a − F_b,
 *   ∫|Δ| = |∫Δ| + 2·min(∫Δ⁺, ∫Δ⁻)   and   ∫Δ = mean_b − mean_a (exactly, from the Chan moments).
 * Only the area where the two CDFs cross comes from the sketches, so their rank noise, which
 * inflates ∫|Δ| everywhere, stays out of the common case of one distribution shifted from the other.
 */
export function wassersteinFromMeans(a: WeightedItems, b: WeightedItems, meanA: number, meanB: number, noise = 0): number {
  const { positive, negative } = signedAreas(a, b, noise);
  return Math.abs(meanB - meanA) + 2 * Math.min(positive, negative);
}

/** ∫ max(F_a − F_b, 0) and ∫ max(F_b − F_a, 0) over the merged items. */
export function signedAreas(a: WeightedItems, b: WeightedItems, noise = 0): { positive: number; negative: number } {
  const na = a.values.length;
  const nb = b.values.length;
  if (na === 0 || nb === 0) return { positive: 0, negative: 0 };
  let i = 0;
  let j = 0;
  let prev = Math.min(a.values[0]!, b.values[0]!);
  let positive = 0;
  let negative = 0;
  while (i < na || j < nb) {
    const fromA = j >= nb || (i < na && a.values[i]! <= b.values[j]!);
    const x = fromA ? a.values[i]! : b.values[j]!;
    const delta = x - prev;
    if (delta > 0) {
      const d = (i === 0 ? 0 : a.cumulative[i - 1]! / a.n) - (j === 0 ? 0 : b.cumulative[j - 1]! / b.n);
      // Differences within the sketches' rank noise are not counted as a crossing.
      if (d > noise) positive += (d - noise) * delta;
      else if (d < -noise) negative -= (d + noise) * delta;
    }
    if (fromA) i++;
    else j++;
    prev = x;
  }
  return { positive, negative };
}

/** W1 between the two weighted item sets (Neumaier-compensated sum). */
export function wassersteinDistance(a: WeightedItems, b: WeightedItems): number {
  const na = a.values.length;
  const nb = b.values.length;
  if (na === 0 || nb === 0) return 0;
  let i = 0;
  let j = 0;
  let prev = Math.min(a.values[0]!, b.values[0]!);
  let sum = 0;
  let comp = 0;
  while (i < na || j < nb) {
    const fromA = j >= nb || (i < na && a.values[i]! <= b.values[j]!);
    const x = fromA ? a.values[i]! : b.values[j]!;
    const delta = x - prev;
    if (delta > 0) {
      const fa = i === 0 ? 0 : a.cumulative[i - 1]! / a.n;
      const fb = j === 0 ? 0 : b.cumulative[j - 1]! / b.n;
      const term = Math.abs(fa - fb) * delta;
      const t = sum + term;
      comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    if (fromA) i++;
    else j++;
    prev = x;
  }
  return sum + comp;
}

/** The sketch's deciles k/10 (k = 1..9), de-duplicated ascending: the reference bins' cut points. */
export function sketchDecileEdges(view: WeightedItems): number[] {
  const edges: number[] = [];
  for (let k = 1; k <= 9; k++) {
    const c = quantileOf(view, k / 10);
    if (edges.length === 0 || c > edges[edges.length - 1]!) edges.push(c);
  }
  return edges;
}

/** Estimated counts of `n` values on (−∞, e0), [e0, e1), …, [e_last, +∞) from the sketch's CDF. */
export function sketchBinCounts(view: WeightedItems, edges: readonly number[], n: number): number[] {
  const below = edges.map((e) => cdfBelow(view, e));
  const out: number[] = [];
  let prev = 0;
  for (const b of below) {
    out.push(Math.max(0, (b - prev) * n));
    prev = b;
  }
  out.push(Math.max(0, (1 - prev) * n));
  return out;
}

/**
 * W1 from two profiles' counts and sums on the same bins, with the outer bins closed by the
 * overall min and max. On a bin [a, b) holding values x_i of a sample of size n,
 *   ∫_a^b F(x) dx = (b − a)·F(a) + Σ (b − x_i) / n = (b − a)·F(a) + (b·count − sum) / n,
 * exactly; so Σ_bins |∫ (F_ref − F_cur)| is exact wherever the two CDFs do not cross inside a bin,
 * and a crossing inside a bin (near where F_ref = F_cur) costs at most its share.
 */
export function binnedWasserstein(args: { edges: readonly number[]; ref: { counts: readonly number[]; sums: readonly number[]; n: number }; cur: { counts: readonly number[]; sums: readonly number[]; n: number }; min: number; max: number }): number {
  const { edges, ref, cur } = args;
  let fr = 0;
  let fc = 0;
  let total = 0;
  for (let i = 0; i < ref.counts.length; i++) {
    const a = i === 0 ? Math.min(args.min, edges[0]!) : edges[i - 1]!;
    const b = i === edges.length ? Math.max(args.max, edges[edges.length - 1]!) : edges[i]!;
    const ir = (b - a) * fr + (b * ref.counts[i]! - ref.sums[i]!) / ref.n;
    const ic = (b - a) * fc + (b * cur.counts[i]! - cur.sums[i]!) / cur.n;
    total += Math.abs(ir - ic);
    fr += ref.counts[i]! / ref.n;
    fc += cur.counts[i]! / cur.n;
  }
  return total;
}
