// Where one prediction's feature values sit in the model's reference window:
//   numeric      percentile = 100 · (#{r < v} + ½ · #{r = v}) / n over the reference's non-missing
//                values (the mid-rank percentile, scipy.stats.percentileofscore kind="mean");
//                outOfReferenceRange = v < min or v > max of the reference
//   categorical  referenceFrequency = share of the reference with the same category;
//                outOfReferenceRange = the category never occurs in the reference
//   inDriftedBin = the feature drifted in the drift report of the prediction's window AND the
//                value's bin (the report's decile / category bins) changed its share by at least
//                DRIFTED_BIN_MIN_CHANGE; null when no report was available.
import type { FeatureKindName } from "../feature-kinds.js";
import { binIndex } from "../bin-index.js";

export const DRIFTED_BIN_MIN_CHANGE = 0.05;

export interface FeatureContext {
  feature: string;
  kind: FeatureKindName;
  /** The prediction's value (null: missing). */
  value: number | string | null;
  percentile: number | null;
  referenceFrequency: number | null;
  outOfReferenceRange: boolean;
  inDriftedBin: boolean | null;
}

/** The report's view of one feature's bins (analytics/drift histograms). */
export interface FeatureBins {
  drifted: boolean;
  edges: readonly number[] | null;
  categories: readonly string[] | null;
  referenceCounts: readonly number[];
  currentCounts: readonly number[];
}

function binDrifted(bins: FeatureBins, value: number | string): boolean {
  if (!bins.drifted) return false;
  let i: number;
  if (typeof value === "number" && bins.edges) i = binIndex(bins.edges, value);
  else if (typeof value === "string" && bins.categories) i = bins.categories.indexOf(value);
  else return false;
  if (i < 0) return false;
  const total = (c: readonly number[]) => c.reduce((s, x) => s + x, 0);
  const refTotal = total(bins.referenceCounts);
  const curTotal = total(bins.currentCounts);
  const ref = refTotal > 0 ? (bins.referenceCounts[i] ?? 0) / refTotal : 0;
  const cur = curTotal > 0 ? (bins.currentCounts[i] ?? 0) / curTotal : 0;
  return Math.abs(cur - ref) >= DRIFTED_BIN_MIN_CHANGE;
}

export function featureContext(args: {
  feature: string;
  kind: FeatureKindName;
  value: unknown;
  reference: readonly unknown[];
  bins: FeatureBins | null;
}): FeatureContext {
  const { feature, kind } = args;
  const base = { feature, kind, percentile: null, referenceFrequency: null, outOfReferenceRange: false };
  if (kind === "NUMERIC") {
    const v = typeof args.value === "number" && Number.isFinite(args.value) ? args.value : null;
    const ref = args.reference.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
    if (v === null) return { ...base, value: null, inDriftedBin: null };
    let below = 0;
    let equal = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const r of ref) {
      if (r < v) below += 1;
      else if (r === v) equal += 1;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    return {
      ...base,
      value: v,
      percentile: ref.length ? (100 * (below + 0.5 * equal)) / ref.length : null,
      outOfReferenceRange: ref.length > 0 && (v < min || v > max),
      inDriftedBin: args.bins ? binDrifted(args.bins, v) : null,
    };
  }
  const v = typeof args.value === "string" ? args.value : null;
  if (v === null) return { ...base, value: null, inDriftedBin: null };
  const ref = args.reference.filter((x): x is string => typeof x === "string");
  const same = ref.filter((x) => x === v).length;
  return {
    ...base,
    value: v,
    referenceFrequency: ref.length ? same / ref.length : null,
    outOfReferenceRange: ref.length > 0 && same === 0,
    inDriftedBin: args.bins ? binDrifted(args.bins, v) : null,
  };
}
