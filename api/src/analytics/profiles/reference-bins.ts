// The reference bins of a numeric column: the reference's percentiles 1..99 and finer tail
// quantiles (CUT_PROBABILITIES) as cut points, `numpy.quantile(ref, q)` (method "linear", as
// analytics/drift/bins.ts computes the deciles), de-duplicated. Because 10k/100 and k/10 are the same float64, the decile
// cut points of the drift histograms are a subset of these, so decile counts are sums of
// percentile counts (`coarsen`). Profiles built once these are known count (and sum) every value
// on them at ingestion: PSI, JS, χ² on the deciles are then exact, and Wasserstein is computed bin
// by bin from exact integrals (sketch-distances.ts binnedWasserstein).
// Pure: no I/O, no clock.
import { lerp } from "../finite-math.js";
import { quantileOf, type WeightedItems } from "./kll-sketch.js";

const WHERE = "analytics/reference-bins";

function dedupe(cuts: number[]): number[] {
  cuts.sort((a, b) => a - b);
  const out: number[] = [];
  for (const c of cuts) if (out.length === 0 || c !== out[out.length - 1]) out.push(c);
  return out;
}

/** numpy.quantile(sorted, q) with method "linear" (two-sided lerp, as analytics/drift/bins.ts). */
function linearQuantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1]!;
  const lo = Math.floor(virtual);
  return lerp(sorted[lo]!, sorted[lo + 1]!, virtual - lo);
}

/** The bins of one numeric column: percentile cut points, and which of them are the deciles. */
export interface ReferenceBins {
  edges: number[];
  deciles: number[];
}

/**
 * The probabilities of the cut points: the percentiles 1..99 (the deciles among them, computed as
 * p/100 exactly like k/10), and finer steps in both tails, where heavy-tailed features put most of
 * the Wasserstein distance: 0.01 %…0.09 %, 0.1 %…0.9 % and their mirror images.
 */
export const CUT_PROBABILITIES: readonly number[] = (() => {
  const out: number[] = [];
  for (let i = 1; i <= 9; i++) out.push(i / 10_000);
  for (let i = 1; i <= 9; i++) out.push(i / 1_000);
  for (let p = 1; p <= 99; p++) out.push(p / 100);
  for (let i = 1; i <= 9; i++) out.push(1 - (10 - i) / 1_000);
  for (let i = 1; i <= 9; i++) out.push(1 - (10 - i) / 10_000);
  return out;
})();
const DECILE_PROBABILITIES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k / 10));

/** Doubling steps added beyond the outermost quantile cut points on each side. */
export const TAIL_STEPS = 30;

/**
 * Beyond the outermost cut points the bins grow geometrically (the last gap doubled TAIL_STEPS
 * times, each side), so a heavy tail past the 99.99th percentile is still cut in bins whose width
 * grows with the distance: Wasserstein's tail share is integrated bin by bin there too.
 */
function withTails(edges: number[]): number[] {
  if (edges.length < 2) return edges;
  const lo = edges[0]!;
  const hi = edges[edges.length - 1]!;
  const span = Math.max(hi - lo, Number.MIN_VALUE);
  const below: number[] = [];
  const above: number[] = [];
  const gapLow = Math.max(edges[1]! - lo, span * 1e-6);
  const gapHigh = Math.max(hi - edges[edges.length - 2]!, span * 1e-6);
  for (let j = 0; j < TAIL_STEPS; j++) {
    const l = lo - gapLow * 2 ** j;
    const h = hi + gapHigh * 2 ** j;
    if (Number.isFinite(l)) below.push(l);
    if (Number.isFinite(h)) above.push(h);
  }
  return dedupe([...below, ...edges, ...above]);
}

function fromCuts(cuts: number[]): ReferenceBins {
  return { edges: withTails(dedupe([...cuts])), deciles: dedupe(cuts.filter((_, i) => DECILE_PROBABILITIES.has(CUT_PROBABILITIES[i]!))) };
}

/** Reference bins of raw reference values (the exact path: raw rows are kept). */
export function referenceBinsOf(values: ArrayLike<number>): ReferenceBins {
  if (values.length === 0) throw new Error(`${WHERE}: reference is empty`);
  const sorted = Float64Array.from(values).sort();
  return fromCuts(CUT_PROBABILITIES.map((q) => linearQuantile(sorted, q)));
}

/** Reference bins from a reference profile's distribution (when the reference's raw rows are not kept). */
export function referenceBinsOfView(view: WeightedItems): ReferenceBins {
  if (view.values.length === 0) throw new Error(`${WHERE}: reference is empty`);
  return fromCuts(CUT_PROBABILITIES.map((q) => quantileOf(view, q)));
}

/** Counts on coarse cut points (a subset of `edges`) by summing the fine bins between them. */
export function coarsen(edges: readonly number[], counts: readonly number[], coarse: readonly number[]): number[] {
  const out = new Array<number>(coarse.length + 1).fill(0);
  let j = 0;
  for (let i = 0; i < counts.length; i++) {
    // Fine bin i starts at edges[i-1] (−∞ for i = 0); it belongs to coarse bin j once coarse[j-1] ≤ its start.
    const start = i === 0 ? -Infinity : edges[i - 1]!;
    while (j < coarse.length && coarse[j]! <= start) j++;
    out[j]! += counts[i]!;
  }
  return out;
}
