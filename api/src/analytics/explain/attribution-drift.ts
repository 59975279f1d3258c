// Attribution drift of a window against the reference (docs/explanations.md): the nDCG of the
// window's global importance ranking against the reference's (ndcg.ts), the features whose share of
// the attribution mass moved most, and the health signals (kind "attribution_drift").
//
// Decision: drifted = nDCG < threshold (default 0.9, SageMaker Clarify's), when both sides have at
// least MIN_PREDICTIONS predictions with attributions. The features named are those whose share
// moved by at least MIN_SHIFT, largest |shift| first (at most MAX_NAMED).
import type { AttributionImportance } from "./attribution-importance.js";
import { attributionNdcg } from "./ndcg.js";

export const ATTRIBUTION_DRIFT_DEFAULTS = { threshold: 0.9, minPredictions: 30, minShift: 0.05, maxNamed: 3 } as const;

export interface FeatureImportanceShift {
  feature: string;
  referenceMeanAbs: number;
  currentMeanAbs: number;
  referenceShare: number;
  currentShare: number;
  /** currentShare − referenceShare. */
  shift: number;
}

export interface AttributionDriftResult {
  referenceCount: number;
  currentCount: number;
  /** null: too few predictions with attributions on a side, or no reference mass. */
  ndcg: number | null;
  threshold: number;
  drifted: boolean;
  /** Every feature, largest |shift| first. */
  features: FeatureImportanceShift[];
  /** The features whose importance moved most (|shift| ≥ minShift), largest first. */
  moved: string[];
}

export interface AttributionSignal {
  kind: "attribution_drift";
  name: string;
  value: number;
  threshold: number | null;
  breached: boolean;
}

export function attributionDrift(args: {
  features: readonly string[];
  reference: AttributionImportance;
  current: AttributionImportance;
  threshold?: number | null;
}): AttributionDriftResult {
  const o = { ...ATTRIBUTION_DRIFT_DEFAULTS, ...(args.threshold != null ? { threshold: args.threshold } : {}) };
  if (!(o.threshold > 0 && o.threshold <= 1)) throw new Error(`analytics/attribution-drift: threshold must be in (0, 1], got ${o.threshold}`);
  const { reference, current } = args;
  const features = args.features
    .map((f) => ({
      feature: f,
      referenceMeanAbs: reference.meanAbs[f] ?? 0,
      currentMeanAbs: current.meanAbs[f] ?? 0,
      referenceShare: reference.share[f] ?? 0,
      currentShare: current.share[f] ?? 0,
      shift: (current.share[f] ?? 0) - (reference.share[f] ?? 0),
    }))
    .sort((a, b) => Math.abs(b.shift) - Math.abs(a.shift) || (a.feature < b.feature ? -1 : 1));
  const enough = reference.count >= o.minPredictions && current.count >= o.minPredictions;
  const ndcg = enough ? attributionNdcg({ reference: reference.meanAbs, current: current.meanAbs }) : null;
  const drifted = ndcg !== null && ndcg < o.threshold;
  const moved = features.filter((f) => Math.abs(f.shift) >= o.minShift).slice(0, o.maxNamed).map((f) => f.feature);
  return { referenceCount: reference.count, currentCount: current.count, ndcg, threshold: o.threshold, drifted, features, moved };
}

/**
 * The health signals: "ndcg" (value nDCG, threshold, breached when drifted) and, when drifted, one
 * per moved feature, `<feature>.importance_shift` (value |shift|, threshold minShift) naming what moved.
 */
export function attributionDriftSignals(result: AttributionDriftResult): AttributionSignal[] {
  if (result.ndcg === null) return [];
  const signals: AttributionSignal[] = [{ kind: "attribution_drift", name: "ndcg", value: result.ndcg, threshold: result.threshold, breached: result.drifted }];
  if (result.drifted) {
    for (const name of result.moved) {
      const f = result.features.find((x) => x.feature === name)!;
      signals.push({ kind: "attribution_drift", name: `${name}.importance_shift`, value: Math.abs(f.shift), threshold: ATTRIBUTION_DRIFT_DEFAULTS.minShift, breached: true });
    }
  }
  return signals;
}
