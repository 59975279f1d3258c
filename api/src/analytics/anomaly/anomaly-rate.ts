// The share of a window's predictions that look anomalous next to the reference, by two detectors:
// an isolation forest on the encoded inputs (fitted here on half of the reference rows, its
// threshold at a 5% false-positive rate on the other half) and, when trained, the autoencoder
// (threshold at 5% on held-out reference rows; each flagged prediction keeps its reconstruction
// error and its most responsible features). At a 5% false-positive rate about 5% of normal
// predictions are flagged, so a window is anomalous when the share exceeds ANOMALY_SHARE_THRESHOLD.
import type { FeatureKindName } from "../feature-kinds.js";
import type * as TF from "@tensorflow/tfjs";
import { encode, encodeRows, type Encoder, type TrainedAutoencoder } from "../drift/autoencoder.js";
import { anomalyScores, fitIsolationForest, type RowMatrix } from "./isolation-forest.js";
import { autoencoderOutlierScores, thresholdAtFalsePositiveRate, type FeatureShare } from "./outliers.js";

export const FALSE_POSITIVE_RATE = 0.05;
export const ANOMALY_SHARE_THRESHOLD = 0.1;
/** At most this many flagged predictions are kept per model and window. */
export const MAX_FLAGGED = 1_000;
const MIN_REFERENCE_ROWS = 40;

export interface DetectorRate {
  detector: "isolation_forest" | "autoencoder";
  share: number;
  threshold: number;
  rows: number;
}

export interface FlaggedPrediction {
  index: number;
  score: number;
  topFeatures: FeatureShare[];
}

export interface AnomalyRates {
  rates: DetectorRate[];
  /** Predictions the autoencoder flags (indexes into `current`), most anomalous first. */
  flagged: FlaggedPrediction[];
}

function matrix(encoder: Encoder, rows: ReadonlyArray<Record<string, unknown>>): RowMatrix {
  const m = encode({ encoder, rows });
  return { data: m.matrix, rows: m.rows, columns: m.columns };
}

export function anomalyRates(args: {
  features: ReadonlyArray<{ name: string; kind: FeatureKindName }>;
  reference: ReadonlyArray<Record<string, unknown>>;
  current: ReadonlyArray<Record<string, unknown>>;
  seed: number;
  autoencoder?: TrainedAutoencoder | null;
  tf?: typeof TF;
}): AnomalyRates {
  const { reference, current } = args;
  const result: AnomalyRates = { rates: [], flagged: [] };
  if (current.length === 0 || reference.length < MIN_REFERENCE_ROWS || args.features.length === 0) return result;
  const half = Math.floor(reference.length / 2);
  const train = reference.slice(0, half);
  const held = reference.slice(half);
  const encoder = encodeRows({ features: args.features, reference: train });
  const forest = fitIsolationForest({ rows: matrix(encoder, train), seed: args.seed });
  const ifThreshold = thresholdAtFalsePositiveRate({ referenceScores: anomalyScores({ forest, rows: matrix(encoder, held) }), rate: FALSE_POSITIVE_RATE });
  const ifScores = anomalyScores({ forest, rows: matrix(encoder, current) });
  result.rates.push({ detector: "isolation_forest", share: ifScores.filter((s) => s > ifThreshold).length / current.length, threshold: ifThreshold, rows: current.length });

  if (args.autoencoder && args.tf) {
    const heldScores = autoencoderOutlierScores({ model: args.autoencoder, rows: held, tf: args.tf });
    const aeThreshold = thresholdAtFalsePositiveRate({ referenceScores: heldScores.errors, rate: FALSE_POSITIVE_RATE });
    const scored = autoencoderOutlierScores({ model: args.autoencoder, rows: current, tf: args.tf });
    const flagged = scored.errors
      .map((score, index) => ({ index, score, topFeatures: scored.topFeatures[index]! }))
      .filter((f) => f.score > aeThreshold)
      .sort((a, b) => b.score - a.score);
    result.rates.push({ detector: "autoencoder", share: flagged.length / current.length, threshold: aeThreshold, rows: current.length });
    result.flagged = flagged.slice(0, MAX_FLAGGED);
  }
  return result;
}
