// The levels a slice can be made of (docs/weak-slices.md): every row of a window gets, per feature,
// the index of its level or NONE.
//
// Numeric: reference-quantile bins. Cut points are the reference quintiles (k/5, k = 1..4), NumPy's
// default "linear" quantile (type 7), de-duplicated; bins are (−∞, c1), [c1, c2), …, [cm, +∞)
// (a value equal to a cut point belongs to the bin starting there). Without reference values the
// window's own values give the cut points. Missing or non-finite values are in no bin.
// Categorical: the `maxCategories` most frequent categories of the window (ties by name), each a
// level; rarer categories and missing values are in no level.

import type { FeatureKindName } from "../feature-kinds.js";

const WHERE = "analytics/slice-features";

/** The code of a row in no level of a feature. */
export const NONE = 255;

export const SLICE_FEATURE_DEFAULTS = { bins: 5, maxCategories: 20 } as const;

export type SliceLevel = { category: string; range?: undefined } | { category?: undefined; range: { lower: number | null; upper: number | null } };

export interface EncodedFeature {
  name: string;
  levels: SliceLevel[];
  /** Per row: index into `levels`, or NONE. */
  codes: Uint8Array;
}

export interface SliceFeatureInput {
  name: string;
  kind: FeatureKindName;
  values: ReadonlyArray<unknown>;
  /** Numeric: the reference window's values the bins come from (absent or empty: `values`). */
  reference?: ReadonlyArray<unknown>;
}

function finiteSorted(values: ReadonlyArray<unknown>): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v)) out[k++] = v;
  }
  return out.subarray(0, k).sort();
}

/** numpy.quantile(sorted, q), method "linear". */
function quantile(sorted: Float64Array, q: number): number {
  const virtual = (sorted.length - 1) * q;
  const lo = Math.floor(virtual);
  if (lo >= sorted.length - 1) return sorted[sorted.length - 1]!;
  const w = virtual - lo;
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  return w >= 0.5 ? b - (b - a) * (1 - w) : a + (b - a) * w;
}

/** The cut points of a numeric feature's bins (sorted, distinct). */
export function quantileCutPoints(args: { values: ReadonlyArray<unknown>; bins?: number }): number[] {
  const bins = args.bins ?? SLICE_FEATURE_DEFAULTS.bins;
  if (!Number.isInteger(bins) || bins < 2 || bins > 50) throw new Error(`${WHERE}: bins must be an integer in [2, 50], got ${bins}`);
  const sorted = finiteSorted(args.values);
  if (sorted.length === 0) return [];
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const c = quantile(sorted, k / bins);
    if (cuts.length === 0 || c > cuts[cuts.length - 1]!) cuts.push(c);
  }
  // A cut at the minimum leaves an empty first bin.
  return cuts[0] === sorted[0] ? cuts.slice(1) : cuts;
}

function encodeNumeric(input: SliceFeatureInput, bins: number): EncodedFeature {
  const reference = input.reference && input.reference.length > 0 ? input.reference : input.values;
  const cuts = quantileCutPoints({ values: reference, bins });
  const levels: SliceLevel[] = [];
  for (let i = 0; i <= cuts.length; i++) levels.push({ range: { lower: i === 0 ? null : cuts[i - 1]!, upper: i === cuts.length ? null : cuts[i]! } });
  const codes = new Uint8Array(input.values.length).fill(NONE);
  input.values.forEach((v, row) => {
    if (typeof v !== "number" || !Number.isFinite(v)) return;
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v >= cuts[mid]!) lo = mid + 1;
      else hi = mid;
    }
    codes[row] = lo;
  });
  return { name: input.name, levels, codes };
}

function encodeCategorical(input: SliceFeatureInput, maxCategories: number): EncodedFeature {
  const counts = new Map<string, number>();
  const keys: Array<string | null> = input.values.map((v) => (typeof v === "string" ? v : v === null || v === undefined ? null : String(v)));
  for (const k of keys) if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  const kept = [...counts.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, maxCategories)
    .map(([k]) => k);
  const index = new Map(kept.map((k, i) => [k, i]));
  const codes = new Uint8Array(keys.length).fill(NONE);
  keys.forEach((k, row) => {
    const i = k === null ? undefined : index.get(k);
    if (i !== undefined) codes[row] = i;
  });
  return { name: input.name, levels: kept.map((category) => ({ category })), codes };
}

export function encodeSliceFeatures(args: { features: readonly SliceFeatureInput[]; bins?: number; maxCategories?: number }): EncodedFeature[] {
  const bins = args.bins ?? SLICE_FEATURE_DEFAULTS.bins;
  const maxCategories = args.maxCategories ?? SLICE_FEATURE_DEFAULTS.maxCategories;
  if (!Number.isInteger(maxCategories) || maxCategories < 1 || maxCategories >= NONE) {
    throw new Error(`${WHERE}: maxCategories must be an integer in [1, ${NONE - 1}], got ${maxCategories}`);
  }
  const n = args.features[0]?.values.length ?? 0;
  return args.features.map((f) => {
    if (f.values.length !== n) throw new Error(`${WHERE}: feature '${f.name}' has ${f.values.length} values, expected ${n}`);
    switch (f.kind) {
      case "NUMERIC":
        return encodeNumeric(f, bins);
      case "CATEGORICAL":
        return encodeCategorical(f, maxCategories);
      default: {
        const never: never = f.kind;
        throw new Error(`${WHERE}: feature '${f.name}': unknown kind ${String(never)}`);
      }
    }
  });
}
