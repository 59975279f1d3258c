// Drift of one feature (or of the model's output) between a reference and a current window
// summary: the configured significance test, the effect size against its threshold, the
// always-reported PSI and Jensen–Shannon on the CONTRACT bins, Wasserstein for numerics, the two
// histograms, and data-quality signals (missing rate, unseen categories, values out of range).
// `drifted` is decided later, after Benjamini–Hochberg over the whole report.
import { chiSquareContingency } from "./chi-square.js";
import { binCounts, decileEdges } from "./bins.js";
import { resolveDriftConfig, type DriftTestName, type FeatureDriftConfig, type FeatureKindName } from "./drift-tests.js";
import { hellinger as hellingerDistance } from "./hellinger.js";
import { jensenShannon as jensenShannonDistance } from "./jensen-shannon.js";
import { ksTwoSample } from "./ks-test.js";
import { psi } from "./psi.js";
import { normalizedWasserstein } from "./wasserstein.js";
import type { CategoricalSummary, FeatureSummary, NumericSummary } from "./window-summary.js";

export interface Histogram {
  /** Finite cut points (numeric). */
  edges: number[] | null;
  /** Categories (categorical). */
  categories: string[] | null;
  /** Counts per bin, estimated for the whole window when the numbers come from a sample. */
  counts: number[];
}

export interface FeatureDriftResult {
  feature: string;
  kind: FeatureKindName;
  test: DriftTestName;
  statistic: number;
  pValue: number | null;
  effectSizeMetric: DriftTestName;
  effectSize: number;
  threshold: number;
  psi: number;
  jensenShannon: number;
  wasserstein: number | null;
  referenceHistogram: Histogram;
  currentHistogram: Histogram;
  referenceCount: number;
  currentCount: number;
  /** Sizes of the samples the numeric tests ran on (null for categorical: exact counts). */
  referenceSampleSize: number | null;
  currentSampleSize: number | null;
  sampled: boolean;
  missingRateReference: number;
  missingRateCurrent: number;
  /** Categories of the current window absent from the reference (categorical). */
  unseenCategories: string[];
  /** Share of current values in unseen categories (categorical) or outside the reference range (numeric). */
  unseenShare: number;
  /** A reason the feature could not be tested (too few values), else null. */
  skipped: string | null;
  /**
   * Drift from profiles (analytics/profiles/profile-drift.ts): the bound on |statistic − the exact
   * statistic| (KS D: the two sketches' rank errors; χ² on categories: the frequent-items error as a
   * share). Absent or null on the exact path.
   */
  errorBound?: number | null;
}

const MIN_VALUES = 2;

function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function scaled(counts: number[], population: number, sampleSize: number): number[] {
  const k = sampleSize === 0 ? 0 : population / sampleSize;
  return counts.map((c) => c * k);
}

function numericDrift(feature: string, ref: NumericSummary, cur: NumericSummary, config: FeatureDriftConfig | undefined): FeatureDriftResult {
  const resolved = resolveDriftConfig({ feature, kind: "NUMERIC", config });
  const base = {
    feature, kind: "NUMERIC" as const, referenceCount: ref.count, currentCount: cur.count,
    referenceSampleSize: ref.sample.length, currentSampleSize: cur.sample.length,
    sampled: ref.sample.length < ref.count || cur.sample.length < cur.count,
    missingRateReference: rate(ref.missing, ref.count + ref.missing), missingRateCurrent: rate(cur.missing, cur.count + cur.missing),
    unseenCategories: [] as string[],
  };
  const outOfRange = ref.min === null || ref.max === null ? 0 : cur.sample.filter((v) => v < ref.min! || v > ref.max!).length;
  if (ref.sample.length < MIN_VALUES || cur.sample.length < MIN_VALUES) {
    return {
      ...base, test: resolved.test, statistic: 0, pValue: null, effectSizeMetric: resolved.effectSize, effectSize: 0, threshold: resolved.threshold,
      psi: 0, jensenShannon: 0, wasserstein: null,
      referenceHistogram: { edges: [], categories: null, counts: [ref.count] }, currentHistogram: { edges: [], categories: null, counts: [cur.count] },
      unseenShare: rate(outOfRange, cur.sample.length), skipped: `fewer than ${MIN_VALUES} values in the ${ref.sample.length < MIN_VALUES ? "reference" : "current"} window`,
    };
  }
  const edges = decileEdges(ref.sample);
  const refBins = binCounts(ref.sample, edges);
  const curBins = binCounts(cur.sample, edges);
  const wasserstein = normalizedWasserstein({ reference: ref.sample, current: cur.sample });
  const psiValue = psi({ reference: refBins, current: curBins });
  const js = jensenShannonDistance({ reference: refBins, current: curBins });
  let statistic: number;
  let pValue: number;
  if (resolved.test === "KS") {
    const ks = ksTwoSample({ reference: ref.sample, current: cur.sample });
    statistic = ks.statistic;
    pValue = ks.pValue;
  } else {
    const refMap: Record<string, number> = {};
    const curMap: Record<string, number> = {};
    refBins.forEach((c, i) => (refMap[`bin${i}`] = c));
    curBins.forEach((c, i) => (curMap[`bin${i}`] = c));
    const chi = chiSquareContingency({ reference: refMap, current: curMap });
    statistic = chi.statistic;
    pValue = chi.pValue;
  }
  const effectSize = effect(resolved.effectSize, { wasserstein, psi: psiValue, js, refBins, curBins });
  return {
    ...base, test: resolved.test, statistic, pValue, effectSizeMetric: resolved.effectSize, effectSize, threshold: resolved.threshold,
    psi: psiValue, jensenShannon: js, wasserstein,
    referenceHistogram: { edges, categories: null, counts: scaled(refBins, ref.count, ref.sample.length) },
    currentHistogram: { edges, categories: null, counts: scaled(curBins, cur.count, cur.sample.length) },
    unseenShare: rate(outOfRange, cur.sample.length), skipped: null,
  };
}

function effect(metric: DriftTestName, v: { wasserstein: number | null; psi: number; js: number; refBins: number[]; curBins: number[] }): number {
  switch (metric) {
    case "WASSERSTEIN":
      return v.wasserstein ?? 0;
    case "PSI":
      return v.psi;
    case "JENSEN_SHANNON":
      return v.js;
    case "HELLINGER":
      return hellingerDistance({ reference: v.refBins, current: v.curBins });
    case "KS":
    case "CHI_SQUARE":
      throw new Error(`analytics/feature-drift: ${metric} is not an effect size`);
    default: {
      const never: never = metric;
      throw new Error(`analytics/feature-drift: unknown effect size ${String(never)}`);
    }
  }
}

function categoricalDrift(feature: string, ref: CategoricalSummary, cur: CategoricalSummary, config: FeatureDriftConfig | undefined): FeatureDriftResult {
  const resolved = resolveDriftConfig({ feature, kind: "CATEGORICAL", config });
  const categories = [...new Set([...Object.keys(ref.counts), ...Object.keys(cur.counts)])].sort();
  const refBins = categories.map((c) => ref.counts[c] ?? 0);
  const curBins = categories.map((c) => cur.counts[c] ?? 0);
  const unseen = categories.filter((c) => (ref.counts[c] ?? 0) === 0 && (cur.counts[c] ?? 0) > 0);
  const unseenCount = unseen.reduce((a, c) => a + (cur.counts[c] ?? 0), 0);
  const base = {
    feature, kind: "CATEGORICAL" as const, referenceCount: ref.count, currentCount: cur.count,
    referenceSampleSize: null, currentSampleSize: null, sampled: false,
    missingRateReference: rate(ref.missing, ref.count + ref.missing), missingRateCurrent: rate(cur.missing, cur.count + cur.missing),
    unseenCategories: unseen, unseenShare: rate(unseenCount, cur.count), wasserstein: null,
    referenceHistogram: { edges: null, categories, counts: refBins }, currentHistogram: { edges: null, categories, counts: curBins },
  };
  if (ref.count < MIN_VALUES || cur.count < MIN_VALUES) {
    return {
      ...base, test: resolved.test, statistic: 0, pValue: null, effectSizeMetric: resolved.effectSize, effectSize: 0, threshold: resolved.threshold,
      psi: 0, jensenShannon: 0, skipped: `fewer than ${MIN_VALUES} values in the ${ref.count < MIN_VALUES ? "reference" : "current"} window`,
    };
  }
  const chi = chiSquareContingency({ reference: Object.fromEntries(categories.map((c, i) => [c, refBins[i]!])), current: Object.fromEntries(categories.map((c, i) => [c, curBins[i]!])) });
  const psiValue = psi({ reference: refBins, current: curBins });
  const js = jensenShannonDistance({ reference: refBins, current: curBins });
  return {
    ...base, test: resolved.test, statistic: chi.statistic, pValue: chi.pValue, effectSizeMetric: resolved.effectSize,
    effectSize: effect(resolved.effectSize, { wasserstein: null, psi: psiValue, js, refBins, curBins }), threshold: resolved.threshold,
    psi: psiValue, jensenShannon: js, skipped: null,
  };
}

/**
 * `referenceScale` / `currentScale`: rows in the window per summarised row (1 when the summary
 * holds every row; 2^L for a sample by level L). Counts and histograms are reported for the whole
 * window; the tests run on what was summarised.
 */
export function featureDrift(args: { feature: string; reference: FeatureSummary; current: FeatureSummary; config?: FeatureDriftConfig; referenceScale?: number; currentScale?: number }): FeatureDriftResult {
  const { feature, reference, current, config } = args;
  const rs = args.referenceScale ?? 1;
  const cs = args.currentScale ?? 1;
  let result: FeatureDriftResult;
  if (reference.kind === "NUMERIC" && current.kind === "NUMERIC") result = numericDrift(feature, reference, current, config);
  else if (reference.kind === "CATEGORICAL" && current.kind === "CATEGORICAL") result = categoricalDrift(feature, reference, current, config);
  else throw new Error(`analytics/feature-drift: ${feature}: the reference and current summaries are of different kinds`);
  if (rs === 1 && cs === 1) return result;
  return {
    ...result,
    sampled: true,
    referenceSampleSize: result.referenceSampleSize ?? result.referenceCount,
    currentSampleSize: result.currentSampleSize ?? result.currentCount,
    referenceCount: Math.round(result.referenceCount * rs),
    currentCount: Math.round(result.currentCount * cs),
    referenceHistogram: { ...result.referenceHistogram, counts: result.referenceHistogram.counts.map((c) => c * rs) },
    currentHistogram: { ...result.currentHistogram, counts: result.currentHistogram.counts.map((c) => c * cs) },
  };
}


