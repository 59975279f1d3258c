// Drift of one column from two profiles (reference, current) over the WHOLE windows, not a sample:
// the same statistics and decisions as analytics/drift/feature-drift.ts on raw rows, with the
// bound on the difference from the exact value reported beside each one.
//
// Numeric: bins are the reference bins when both profiles counted on the same cut points at
// ingestion (exact counts: PSI, JS, Hellinger and χ² equal the exact ones on those bins), else the
// reference sketch's deciles with counts estimated from the sketches' CDFs; KS D from the two
// sketches (|D − D_exact| ≤ ε_ref + ε_cur, kll-sketch.ts) with SciPy's asymptotic p-value
// kstwo.sf(D, round(n·m/(n+m))); Wasserstein from the quantiles, normalized by the reference's
// exact population standard deviation (Chan moments).
// Categorical: the category counts (exact while ≤ 1,000 categories; else Misra–Gries, each count
// under by at most maxError) through the very same code as the exact path.
// Pure: no I/O, no clock.
import { chiSquareContingency } from "../drift/chi-square.js";
import { resolveDriftConfig, type FeatureDriftConfig } from "../drift/drift-tests.js";
import { featureDrift, type FeatureDriftResult } from "../drift/feature-drift.js";
import { hellinger } from "../drift/hellinger.js";
import { jensenShannon } from "../drift/jensen-shannon.js";
import { kstwoSf } from "../drift/kolmogorov-distribution.js";
import { psi } from "../drift/psi.js";
import { MIN_REFERENCE_STD } from "../drift/wasserstein.js";
import { clampFinite } from "../finite-math.js";
import type { CategoricalProfile, ColumnProfile, NumericProfile } from "./column-profile.js";
import { cdfAt, cdfBelow, rankErrorBound, sortedView, type WeightedItems } from "./kll-sketch.js";
import { populationStd } from "./moments.js";
import { binnedWasserstein, ksDistance, sketchBinCounts, sketchDecileEdges, wassersteinDistance, wassersteinFromMeans } from "./sketch-distances.js";
import { coarsen } from "./reference-bins.js";

const MIN_VALUES = 2;
/** Share of the two sketches' rank-error bound below which a CDF difference is treated as noise in the crossing area of W1. */
const NOISE_SHARE = 0.25;

/** The rank error of a numeric profile's CDF: 0 with exact counts or a sketch that never compacted. */
export function sketchRankError(p: NumericProfile): number {
  return p.exact || p.quantiles.levels.length === 1 ? 0 : rankErrorBound(p.quantiles.k);
}

/** The profile's CDF: its exact value counts when it has them, else its quantile sketch. */
export function distributionView(p: NumericProfile): WeightedItems {
  if (!p.exact) return sortedView(p.quantiles);
  const entries = [...p.exact.entries()].sort((a, b) => a[0] - b[0]);
  const values = new Float64Array(entries.length);
  const cumulative = new Float64Array(entries.length);
  let c = 0;
  entries.forEach(([v, n], i) => {
    values[i] = v;
    c += n;
    cumulative[i] = c;
  });
  return { values, cumulative, n: c };
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function sameEdges(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((e, i) => e === b[i]);
}

/**
 * The decile histogram: exact when both profiles counted on the same reference bins (their decile
 * cut points, counts summed from the percentile bins), else the reference's deciles with counts
 * estimated from the distributions.
 */
function numericBins(ref: NumericProfile, cur: NumericProfile, rv: WeightedItems, cv: WeightedItems) {
  if (ref.bins && cur.bins && sameEdges(ref.bins.edges, cur.bins.edges)) {
    const deciles = ref.bins.deciles;
    return { edges: deciles, refBins: coarsen(ref.bins.edges, ref.bins.counts, deciles), curBins: coarsen(cur.bins.edges, cur.bins.counts, deciles) };
  }
  const edges = ref.bins ? ref.bins.deciles : sketchDecileEdges(rv);
  const refBins = ref.bins ? coarsen(ref.bins.edges, ref.bins.counts, edges) : sketchBinCounts(rv, edges, ref.count);
  return { edges, refBins, curBins: sketchBinCounts(cv, edges, cur.count) };
}

/**
 * W1: exact from exact value counts, else bin by bin on shared reference bins, else the exact
 * mean difference plus the crossing area from the quantile sketches (sketch-distances.ts).
 */
function profileWasserstein(ref: NumericProfile, cur: NumericProfile, rv: WeightedItems, cv: WeightedItems): number {
  if (ref.exact && cur.exact) return wassersteinDistance(rv, cv);
  if (ref.bins && cur.bins && sameEdges(ref.bins.edges, cur.bins.edges)) {
    return binnedWasserstein({
      edges: ref.bins.edges, ref: { ...ref.bins, n: ref.count }, cur: { ...cur.bins, n: cur.count }, min: Math.min(ref.min!, cur.min!), max: Math.max(ref.max!, cur.max!),
    });
  }
  return wassersteinFromMeans(rv, cv, ref.moments.mean, cur.moments.mean, NOISE_SHARE * (sketchRankError(ref) + sketchRankError(cur)));
}

function numericProfileDrift(feature: string, ref: NumericProfile, cur: NumericProfile, config: FeatureDriftConfig | undefined): FeatureDriftResult {
  const resolved = resolveDriftConfig({ feature, kind: "NUMERIC", config });
  const base = {
    feature, kind: "NUMERIC" as const, test: resolved.test, effectSizeMetric: resolved.effectSize, threshold: resolved.threshold,
    referenceCount: ref.count, currentCount: cur.count, referenceSampleSize: null, currentSampleSize: null, sampled: false,
    missingRateReference: rate(ref.missing, ref.count + ref.missing), missingRateCurrent: rate(cur.missing, cur.count + cur.missing),
    unseenCategories: [] as string[],
  };
  if (ref.count < MIN_VALUES || cur.count < MIN_VALUES) {
    return {
      ...base, statistic: 0, pValue: null, effectSize: 0, psi: 0, jensenShannon: 0, wasserstein: null, unseenShare: 0, errorBound: null,
      referenceHistogram: { edges: [], categories: null, counts: [ref.count] }, currentHistogram: { edges: [], categories: null, counts: [cur.count] },
      skipped: `fewer than ${MIN_VALUES} values in the ${ref.count < MIN_VALUES ? "reference" : "current"} window`,
    };
  }
  const rv = distributionView(ref);
  const cv = distributionView(cur);
  const epsilon = sketchRankError(ref) + sketchRankError(cur);
  const { edges, refBins, curBins } = numericBins(ref, cur, rv, cv);
  const wasserstein = clampFinite(profileWasserstein(ref, cur, rv, cv) / Math.max(populationStd(ref.moments), MIN_REFERENCE_STD));
  const psiValue = psi({ reference: refBins, current: curBins });
  const js = jensenShannon({ reference: refBins, current: curBins });
  let statistic: number;
  let pValue: number;
  if (resolved.test === "KS") {
    statistic = ksDistance(rv, cv);
    pValue = kstwoSf({ n: Math.max(1, Math.round((ref.count * cur.count) / (ref.count + cur.count))), d: statistic });
  } else {
    const chi = chiSquareContingency({ reference: Object.fromEntries(refBins.map((c, i) => [`bin${i}`, c])), current: Object.fromEntries(curBins.map((c, i) => [`bin${i}`, c])) });
    statistic = chi.statistic;
    pValue = chi.pValue;
  }
  const effectSize = numericEffect(resolved.effectSize, { wasserstein, psi: psiValue, js, refBins, curBins });
  const outside = ref.min === null || ref.max === null ? 0 : cdfBelow(cv, ref.min) + (1 - cdfAt(cv, ref.max));
  return {
    ...base, statistic, pValue, effectSize, psi: psiValue, jensenShannon: js, wasserstein,
    referenceHistogram: { edges: [...edges], categories: null, counts: [...refBins] }, currentHistogram: { edges: [...edges], categories: null, counts: [...curBins] },
    unseenShare: Math.min(1, Math.max(0, outside)), skipped: null, errorBound: epsilon,
  };
}

function numericEffect(metric: string, v: { wasserstein: number; psi: number; js: number; refBins: number[]; curBins: number[] }): number {
  switch (metric) {
    case "WASSERSTEIN":
      return v.wasserstein;
    case "PSI":
      return v.psi;
    case "JENSEN_SHANNON":
      return v.js;
    case "HELLINGER":
      return hellinger({ reference: v.refBins, current: v.curBins });
    default:
      throw new Error(`analytics/profile-drift: ${metric} is not an effect size`);
  }
}

function categoricalProfileDrift(feature: string, ref: CategoricalProfile, cur: CategoricalProfile, config: FeatureDriftConfig | undefined): FeatureDriftResult {
  const summary = (p: CategoricalProfile) => ({ kind: "CATEGORICAL" as const, count: p.count, missing: p.missing, counts: Object.fromEntries(p.items.counts) });
  const result = featureDrift({ feature, reference: summary(ref), current: summary(cur), config });
  const bound = Math.max(rate(ref.items.maxError, ref.count), rate(cur.items.maxError, cur.count));
  return { ...result, errorBound: bound };
}

/** Drift of one column between two profiles of the same kind. */
export function profileColumnDrift(args: { feature: string; reference: ColumnProfile; current: ColumnProfile; config?: FeatureDriftConfig }): FeatureDriftResult {
  const { feature, reference, current, config } = args;
  if (reference.kind === "NUMERIC" && current.kind === "NUMERIC") return numericProfileDrift(feature, reference, current, config);
  if (reference.kind === "CATEGORICAL" && current.kind === "CATEGORICAL") return categoricalProfileDrift(feature, reference, current, config);
  throw new Error(`analytics/profile-drift: ${feature}: the reference and current profiles are of different kinds`);
}
