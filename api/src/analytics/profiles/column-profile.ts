// The mergeable profile of one column (a feature, the model's score or predicted class, or a
// segment's output) over one window: count, missing, min/max, mean/variance (Chan et al.), a KLL
// quantile sketch, counts on the reference bins when they were known (numeric), frequent categories
// (categorical), and a HyperLogLog distinct count. Everything merges: the profile of a union of
// disjoint row sets is the merge of their profiles (exactly for counts, moments, min/max, bins and
// HyperLogLog; within the stated bounds for the quantile sketch and the frequent categories).
// Pure: no I/O, no clock.
import type { FeatureKindName } from "../feature-kinds.js";
import { binIndex } from "../bin-index.js";
import { hashNumber, hashString } from "./hash32.js";
import { addHash, emptyHll, mergeHll, type HyperLogLog } from "./hyperloglog.js";
import { addItem, emptyItems, mergeItems, type FrequentItems } from "./frequent-items.js";
import { addKll, emptyKll, mergeKll, type KllSketch } from "./kll-sketch.js";
import type { ReferenceBins } from "./reference-bins.js";
import { addMoment, emptyMoments, mergeMoments, type Moments } from "./moments.js";

const WHERE = "analytics/column-profile";

/**
 * Counts and sums of the values on fixed cut points (the reference bins, reference-bins.ts):
 * (−∞, e0), [e0, e1), …, [e_last, +∞). The sums make ∫ F over each bin exact (sketch-distances.ts).
 */
export interface BinCounts {
  edges: number[];
  /** The reference deciles among `edges`: the cut points of the drift histograms. */
  deciles: number[];
  counts: number[];
  sums: number[];
}

export interface NumericProfile {
  kind: "NUMERIC";
  count: number;
  missing: number;
  min: number | null;
  max: number | null;
  moments: Moments;
  quantiles: KllSketch;
  /**
   * Exact value → count while the column has at most MAX_EXACT_VALUES distinct values (integers,
   * codes, rounded measurements: most real features), else null. While present, quantiles, KS D
   * and Wasserstein are exact (bound 0).
   */
  exact: Map<number, number> | null;
  distinct: HyperLogLog;
  bins: BinCounts | null;
}

export const MAX_EXACT_VALUES = 2_048;

export interface CategoricalProfile {
  kind: "CATEGORICAL";
  count: number;
  missing: number;
  items: FrequentItems;
  distinct: HyperLogLog;
}

export type ColumnProfile = NumericProfile | CategoricalProfile;

export function emptyColumnProfile(kind: FeatureKindName, bins?: ReferenceBins | null): ColumnProfile {
  switch (kind) {
    case "NUMERIC":
      return {
        kind, count: 0, missing: 0, min: null, max: null, moments: emptyMoments(), quantiles: emptyKll(), exact: new Map(), distinct: emptyHll(),
        bins: bins && bins.edges.length > 0 ? { edges: [...bins.edges], deciles: [...bins.deciles], counts: new Array<number>(bins.edges.length + 1).fill(0), sums: new Array<number>(bins.edges.length + 1).fill(0) } : null,
      };
    case "CATEGORICAL":
      return { kind, count: 0, missing: 0, items: emptyItems(), distinct: emptyHll() };
    default: {
      const never: never = kind;
      throw new Error(`${WHERE}: unknown kind ${String(never)}`);
    }
  }
}

/** Adds one value in place: null, undefined, a non-finite number or a value of the other kind counts as missing. */
export function addValue(p: ColumnProfile, value: unknown): void {
  if (p.kind === "NUMERIC") {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      p.missing += 1;
      return;
    }
    p.count += 1;
    if (p.min === null || value < p.min) p.min = value;
    if (p.max === null || value > p.max) p.max = value;
    addMoment(p.moments, value);
    addKll(p.quantiles, value);
    if (p.exact) {
      const key = value === 0 ? 0 : value;
      p.exact.set(key, (p.exact.get(key) ?? 0) + 1);
      if (p.exact.size > MAX_EXACT_VALUES) p.exact = null;
    }
    addHash(p.distinct, hashNumber(value));
    if (p.bins) {
      const i = binIndex(p.bins.edges, value);
      p.bins.counts[i]! += 1;
      p.bins.sums[i]! += value;
    }
    return;
  }
  if (typeof value !== "string") {
    p.missing += 1;
    return;
  }
  p.count += 1;
  addItem(p.items, value);
  addHash(p.distinct, hashString(value));
}

function sameEdges(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((e, i) => e === b[i]);
}

function mergeBins(a: NumericProfile, b: NumericProfile): BinCounts | null {
  // An empty side carries no information about the bins: keep the other side's.
  const copy = (x: BinCounts) => ({ edges: [...x.edges], deciles: [...x.deciles], counts: [...x.counts], sums: [...x.sums] });
  if (a.count === 0 && b.bins) return copy(b.bins);
  if (b.count === 0 && a.bins) return copy(a.bins);
  if (!a.bins || !b.bins || !sameEdges(a.bins.edges, b.bins.edges)) return null;
  return { edges: [...a.bins.edges], deciles: [...a.bins.deciles], counts: a.bins.counts.map((c, i) => c + b.bins!.counts[i]!), sums: a.bins.sums.map((c, i) => c + b.bins!.sums[i]!) };
}

function mergeExact(a: NumericProfile, b: NumericProfile): Map<number, number> | null {
  if (!a.exact || !b.exact) return null;
  const out = new Map(a.exact);
  for (const [v, c] of b.exact) out.set(v, (out.get(v) ?? 0) + c);
  return out.size > MAX_EXACT_VALUES ? null : out;
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** The profile of the union of two disjoint row sets; the arguments are not changed. */
export function mergeColumnProfiles(a: ColumnProfile, b: ColumnProfile): ColumnProfile {
  if (a.kind === "NUMERIC" && b.kind === "NUMERIC") {
    return {
      kind: "NUMERIC", count: a.count + b.count, missing: a.missing + b.missing, min: minOf(a.min, b.min), max: maxOf(a.max, b.max),
      moments: mergeMoments(a.moments, b.moments), quantiles: mergeKll(a.quantiles, b.quantiles), exact: mergeExact(a, b), distinct: mergeHll(a.distinct, b.distinct),
      bins: mergeBins(a, b),
    };
  }
  if (a.kind === "CATEGORICAL" && b.kind === "CATEGORICAL") {
    return { kind: "CATEGORICAL", count: a.count + b.count, missing: a.missing + b.missing, items: mergeItems(a.items, b.items), distinct: mergeHll(a.distinct, b.distinct) };
  }
  throw new Error(`${WHERE}: cannot merge a ${a.kind.toLowerCase()} profile with a ${b.kind.toLowerCase()} one`);
}

/** Merges any number of profiles of one column (null when there are none). */
export function mergeAll(profiles: readonly ColumnProfile[]): ColumnProfile | null {
  let out: ColumnProfile | null = null;
  for (const p of profiles) out = out === null ? p : mergeColumnProfiles(out, p);
  return out;
}
