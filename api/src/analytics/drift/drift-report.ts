// A model's drift report between two window summaries. Every feature's significance test and the
// prediction's are adjusted together with Benjamini–Hochberg; a feature has drifted when its
// adjusted p-value is below ALPHA AND its effect size reaches its threshold — significance alone
// never raises a drift (at a million rows almost every feature is "significant").
import { clampFinite } from "../finite-math.js";
import { benjaminiHochberg } from "./benjamini-hochberg.js";
import { ALPHA, type FeatureDriftConfig, type FeatureKindName } from "./drift-tests.js";
import { featureDrift, type FeatureDriftResult } from "./feature-drift.js";
import type { FeatureSummary, WindowSummary } from "./window-summary.js";

export interface DecidedFeatureDrift extends FeatureDriftResult {
  adjustedPValue: number | null;
  drifted: boolean;
}

export interface SegmentDrift {
  segment: string;
  /** The output measure compared: "predictedClass" (Jensen–Shannon of the class mix) or "score" (normalized Wasserstein). */
  output: "predictedClass" | "score";
  effectSizeMetric: "JENSEN_SHANNON" | "WASSERSTEIN";
  effectSize: number;
  threshold: number;
  referenceCount: number;
  currentCount: number;
  drifted: boolean;
}

export interface DriftReportResult {
  referenceCount: number;
  currentCount: number;
  drifted: boolean;
  driftedFeatures: number;
  /** Most severe first: drifted ones, then by effect size relative to its threshold. */
  features: DecidedFeatureDrift[];
  predictionDrift: DecidedFeatureDrift | null;
  segments: SegmentDrift[];
}

/** Segments with fewer rows than this in either window are not compared (too noisy). */
export const MIN_SEGMENT_ROWS = 50;
export const SEGMENT_THRESHOLD = 0.2;

function severity(f: DecidedFeatureDrift): number {
  // Clamped: an effect size near Number.MAX_VALUE over a threshold of 0.1 must not sort as Infinity.
  return clampFinite((f.drifted ? 1e6 : 0) + (f.threshold > 0 ? f.effectSize / f.threshold : f.effectSize));
}

function outputSummary(summary: WindowSummary): { kind: FeatureKindName; value: FeatureSummary } | null {
  if (summary.output.score.count > 0) return { kind: "NUMERIC", value: summary.output.score };
  if (summary.output.predictedClass.count > 0) return { kind: "CATEGORICAL", value: summary.output.predictedClass };
  return null;
}

export function driftReport(args: {
  features: ReadonlyArray<{ name: string; kind: FeatureKindName }>;
  reference: WindowSummary;
  current: WindowSummary;
  config?: Readonly<Record<string, FeatureDriftConfig>>;
}): DriftReportResult {
  const { reference, current, config = {} } = args;
  const referenceScale = reference.sampledRows > 0 ? reference.rows / reference.sampledRows : 1;
  const currentScale = current.sampledRows > 0 ? current.rows / current.sampledRows : 1;
  const raw: FeatureDriftResult[] = [];
  for (const f of args.features) {
    const ref = reference.features[f.name];
    const cur = current.features[f.name];
    if (!ref || !cur) throw new Error(`analytics/drift-report: feature '${f.name}' is missing from a window summary`);
    raw.push(featureDrift({ feature: f.name, reference: ref, current: cur, config: config[f.name], referenceScale, currentScale }));
  }
  const refOut = outputSummary(reference);
  const curOut = outputSummary(current);
  const prediction =
    refOut && curOut && refOut.kind === curOut.kind ? featureDrift({ feature: "prediction", reference: refOut.value, current: curOut.value, config: config.prediction, referenceScale, currentScale }) : null;

  return decideDrift({ raw, prediction, referenceCount: reference.rows, currentCount: current.rows, segments: segmentDrift(reference, current) });
}

/**
 * The decision over a model's per-feature results, however they were computed (raw rows or
 * profiles): Benjamini–Hochberg over every significance test, drifted when the adjusted p-value is
 * below ALPHA and the effect size reaches its threshold, most severe first.
 */
export function decideDrift(args: { raw: FeatureDriftResult[]; prediction: FeatureDriftResult | null; referenceCount: number; currentCount: number; segments: SegmentDrift[] }): DriftReportResult {
  const { raw, prediction } = args;
  const all = prediction ? [...raw, prediction] : raw;
  const adjusted = benjaminiHochberg({ pValues: all.map((r) => r.pValue) });
  const decided: DecidedFeatureDrift[] = all.map((r, i) => {
    const adjustedPValue = adjusted[i] ?? null;
    const drifted = r.skipped === null && adjustedPValue !== null && adjustedPValue < ALPHA && r.effectSize >= r.threshold;
    return { ...r, adjustedPValue, drifted };
  });
  const features = decided.slice(0, raw.length).sort((a, b) => severity(b) - severity(a));
  const predictionDrift = prediction ? decided[raw.length]! : null;
  const driftedFeatures = features.filter((f) => f.drifted).length;
  return {
    referenceCount: args.referenceCount,
    currentCount: args.currentCount,
    drifted: driftedFeatures > 0 || predictionDrift?.drifted === true,
    driftedFeatures,
    features,
    predictionDrift,
    segments: args.segments,
  };
}

/**
 * The output mix per segment: a segment whose outputs change sharply (comedy viewers suddenly
 * shown horror) is a signal even when the overall mix looks stable.
 */
function segmentDrift(reference: WindowSummary, current: WindowSummary): SegmentDrift[] {
  const out: SegmentDrift[] = [];
  for (const [segment, cur] of Object.entries(current.segments)) {
    const ref = reference.segments[segment];
    if (!ref) continue;
    const byClass = ref.predictedClass.count >= MIN_SEGMENT_ROWS && cur.predictedClass.count >= MIN_SEGMENT_ROWS;
    const byScore = ref.score.count >= MIN_SEGMENT_ROWS && cur.score.count >= MIN_SEGMENT_ROWS;
    if (!byClass && !byScore) continue;
    const r = featureDrift({
      feature: `segment:${segment}`,
      reference: byClass ? ref.predictedClass : ref.score,
      current: byClass ? cur.predictedClass : cur.score,
      config: { effectSize: byClass ? "JENSEN_SHANNON" : "WASSERSTEIN", threshold: SEGMENT_THRESHOLD },
    });
    out.push({
      segment,
      output: byClass ? "predictedClass" : "score",
      effectSizeMetric: byClass ? "JENSEN_SHANNON" : "WASSERSTEIN",
      effectSize: r.effectSize,
      threshold: SEGMENT_THRESHOLD,
      referenceCount: r.referenceCount,
      currentCount: r.currentCount,
      drifted: r.effectSize >= SEGMENT_THRESHOLD,
    });
  }
  return out.sort((a, b) => b.effectSize - a.effectSize);
}
