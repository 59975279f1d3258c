// Histogram bins shared by every drift statistic (docs/drift.md,
// "Always reported, numeric bins").
//
// Numeric: cut points are the reference deciles, `numpy.quantile(ref, [k/10 for k in 1..9])` with
// NumPy's default "linear" method (Hyndman & Fan type 7), reproduced bit for bit including NumPy's
// two-sided lerp, then sorted and de-duplicated as `numpy.unique` does. With cut points
// c1 < … < cm the bins are (−∞, c1), [c1, c2), …, [cm, +∞): a value v falls in bin
// `numpy.searchsorted(edges, v, side="right")`, so a value equal to a cut point belongs to the bin
// that starts there.
//
// Categorical: one bin per category; missing values (null) are not a category and are skipped.
import { lerp } from "../finite-math.js";
import { binIndex } from "../bin-index.js";
import { sortedFiniteCopy, type Sample } from "./finite-sample.js";

const WHERE = "analytics/bins";

export type { Sample };

function sortedCopy(values: Sample, name: string): Float64Array {
  return sortedFiniteCopy(values, WHERE, name);
}

/**
 * `numpy.quantile(sorted, q)` with method="linear" on an already sorted sample: virtual index
 * (n − 1)·q, neighbours floor/floor+1 (the last element above the top), and NumPy's `_lerp`, which
 * interpolates from the upper neighbour when the weight is ≥ 0.5.
 */
function linearQuantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1]!;
  const lo = Math.floor(virtual);
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  return lerp(a, b, virtual - lo); // finite even when b − a overflows (finite-math.ts)
}

/**
 * The finite cut points of the numeric bins: the reference deciles k/10 (k = 1..9), duplicates
 * removed, ascending. Between 1 and 9 values; a constant reference yields one cut point.
 */
export function decileEdges(reference: Sample): number[] {
  if (reference.length === 0) throw new Error(`${WHERE}: reference is empty`);
  const sorted = sortedCopy(reference, "reference");
  const cuts: number[] = [];
  for (let k = 1; k <= 9; k++) cuts.push(linearQuantile(sorted, k / 10));
  cuts.sort((x, y) => x - y); // numpy.unique sorts; the lerp is monotone in practice anyway
  const edges: number[] = [];
  for (const c of cuts) if (edges.length === 0 || c !== edges[edges.length - 1]) edges.push(c);
  return edges;
}

/**
 * Counts per bin of `values` for the cut points `edges` (strictly increasing, finite): an array of
 * `edges.length + 1` counts for (−∞, e0), [e0, e1), …, [e_last, +∞).
 */
export function binCounts(values: Sample, edges: readonly number[]): number[] {
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    if (typeof e !== "number" || !Number.isFinite(e)) {
      throw new Error(`${WHERE}: edges[${i}] must be a finite number, got ${String(e)}`);
    }
    if (i > 0 && !(e > edges[i - 1]!)) throw new Error(`${WHERE}: edges must be strictly increasing`);
  }
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${WHERE}: values[${i}] must be a finite number, got ${String(v)}`);
    }
    counts[binIndex(edges, v)]!++;
  }
  return counts;
}

/** Counts per category, in order of first appearance; null (missing) is skipped. */
export function categoryCounts(values: Iterable<string | null>): Map<string, number> {
  const counts = new Map<string, number>();
  let i = 0;
  for (const v of values) {
    if (v !== null) {
      if (typeof v !== "string") throw new Error(`${WHERE}: values[${i}] must be a string or null, got ${String(v)}`);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    i++;
  }
  return counts;
}

/**
 * Checks a vector of non-negative counts (or proportions) and returns it divided by its sum.
 * Errors are prefixed with `where` and name the vector `name`; the drift distances use this so
 * that their messages name their own module.
 */
export function checkedProportions(args: { where: string; name: string; values: ArrayLike<number> }): number[] {
  const { where, name, values } = args;
  if (values.length === 0) throw new Error(`${where}: ${name} has no bins`);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new Error(`${where}: ${name}[${i}] must be a finite non-negative number, got ${String(v)}`);
    }
    total += v;
  }
  if (!(total > 0)) throw new Error(`${where}: ${name} sums to zero`);
  if (!Number.isFinite(total)) throw new Error(`${where}: ${name} sums to infinity`);
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / total;
  return out;
}

/** Counts divided by their sum (`counts / counts.sum()`). */
export function proportions(counts: ArrayLike<number>): number[] {
  return checkedProportions({ where: WHERE, name: "counts", values: counts });
}
