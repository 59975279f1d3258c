// Per-row anomaly scores from the drift autoencoder (issue 4, item 3).
//
// The autoencoder of analytics/drift/autoencoder.ts learns the joint shape of the reference inputs;
// a row that breaks a relation the reference had (two features that moved together now move apart)
// is rebuilt badly even when every value lies inside its feature's usual range. Here each row is
// scored on its own:
//
//   - error = the row's mean squared reconstruction error over the encoded columns (the same
//     quantity the drift score averages over a window);
//   - topFeatures = the 3 features with the largest share of the row's squared error (per feature,
//     the squared error summed over its encoded columns, divided by the row's total);
//   - thresholdAtFalsePositiveRate = the (1 − rate) quantile (linear interpolation, numpy's default)
//     of the errors of normal rows the model was not trained on, so that about `rate` of normal rows
//     score above it.
//
// The network is rebuilt from the model's JSON weights (tf.layers Dense order: kernel [d, h], bias
// [h], kernel [h, d], bias [d]) with the `tf` module passed in; no I/O, no clock.
import type * as TF from "@tensorflow/tfjs";
import { encode, type TrainedAutoencoder, type Tf } from "../drift/autoencoder.js";

const MODULE = "analytics/outliers";

/** Features reported per row. */
export const TOP_FEATURES = 3;
/** Rows per forward pass. */
const SCORE_BATCH = 8192;

export interface FeatureShare {
  feature: string;
  /** Share of the row's squared reconstruction error (0 when the row is rebuilt exactly). */
  share: number;
}

export interface OutlierScores {
  /** Per row, the mean squared reconstruction error over the encoded columns. */
  errors: number[];
  /** Per row, the features with the largest share of its error (descending, at most 3). */
  topFeatures: FeatureShare[][];
}

interface Network {
  w1: TF.Tensor2D;
  b1: TF.Tensor1D;
  w2: TF.Tensor2D;
  b2: TF.Tensor1D;
}

function rebuild(tf: Tf, model: TrainedAutoencoder): Network {
  const a = model?.architecture;
  const d = model?.encoder?.columns?.length;
  if (!a || !Array.isArray(model.weights) || typeof d !== "number") throw new Error(`${MODULE}: model is not a TrainedAutoencoder (missing encoder, architecture or weights)`);
  if (a.inputs !== d || model.weights.length !== 4) throw new Error(`${MODULE}: model weights do not fit its encoder (${d} columns, ${a.inputs} inputs, ${model.weights.length} weight arrays)`);
  const shapes = [[d, a.hidden], [a.hidden], [a.hidden, d], [d]];
  shapes.forEach((s, i) => {
    const size = s.reduce((p, q) => p * q, 1);
    if (!Array.isArray(model.weights[i]) || model.weights[i]!.length !== size) {
      throw new Error(`${MODULE}: weight array ${i} has ${model.weights[i]?.length} values, shape [${s.join(", ")}] needs ${size}`);
    }
  });
  return {
    w1: tf.tensor2d(Float32Array.from(model.weights[0]!), [d, a.hidden]),
    b1: tf.tensor1d(Float32Array.from(model.weights[1]!)),
    w2: tf.tensor2d(Float32Array.from(model.weights[2]!), [a.hidden, d]),
    b2: tf.tensor1d(Float32Array.from(model.weights[3]!)),
  };
}

/** Per-row reconstruction errors and most responsible features against a trained (or JSON-reloaded) autoencoder. */
export function autoencoderOutlierScores(args: { model: TrainedAutoencoder; rows: ReadonlyArray<Record<string, unknown>>; tf: Tf }): OutlierScores {
  const { model, rows, tf } = args;
  if (!Array.isArray(rows)) throw new Error(`${MODULE}: rows must be an array`);
  const net = rebuild(tf, model);
  try {
    const enc = encode({ encoder: model.encoder, rows });
    const d = enc.columns;
    const featureNames = model.encoder.features.map((f) => f.name);
    const featureIndex = new Map(featureNames.map((f, i) => [f, i]));
    const columnToFeature = enc.columnFeature.map((f) => featureIndex.get(f)!);
    const errors: number[] = [];
    const topFeatures: FeatureShare[][] = [];
    const perFeature = new Float64Array(featureNames.length);
    for (let start = 0; start < enc.rows; start += SCORE_BATCH) {
      const n = Math.min(SCORE_BATCH, enc.rows - start);
      // The tensor leaves tidy and is read outside it: a typed array returned from tidy is walked
      // element by element by tfjs (walkTensorContainer), 4× the cost of the scoring itself.
      const t = tf.tidy(() => {
        const x = tf.tensor2d(enc.matrix.subarray(start * d, (start + n) * d), [n, d]);
        const h = tf.tanh(tf.add(tf.matMul(x, net.w1), net.b1));
        return tf.square(tf.sub(tf.add(tf.matMul(h, net.w2), net.b2), x));
      });
      const sq = t.dataSync();
      t.dispose();
      for (let r = 0; r < n; r++) {
        perFeature.fill(0);
        let total = 0;
        for (let c = 0; c < d; c++) {
          const e = sq[r * d + c]!;
          total += e;
          perFeature[columnToFeature[c]!]! += e;
        }
        errors.push(total / d);
        const ranked = featureNames
          .map((feature, i) => ({ feature, share: total > 0 ? perFeature[i]! / total : 0 }))
          .sort((p, q) => q.share - p.share);
        topFeatures.push(ranked.slice(0, TOP_FEATURES));
      }
    }
    return { errors, topFeatures };
  } finally {
    for (const t of Object.values(net)) t.dispose();
  }
}

/**
 * The score above which a row is called anomalous so that a share `rate` of normal rows would be:
 * the (1 − rate) quantile of `referenceScores` (scores of normal rows held out of training), with
 * linear interpolation between order statistics (numpy.quantile's default).
 */
export function thresholdAtFalsePositiveRate(args: { referenceScores: ReadonlyArray<number>; rate?: number }): number {
  const { referenceScores } = args;
  const rate = args.rate ?? 0.05;
  if (!(rate > 0 && rate < 1)) throw new Error(`${MODULE}: rate must be in (0, 1), got ${rate}`);
  if (!Array.isArray(referenceScores) || referenceScores.length === 0) throw new Error(`${MODULE}: referenceScores must be a non-empty array`);
  referenceScores.forEach((s, i) => {
    if (typeof s !== "number" || !Number.isFinite(s)) throw new Error(`${MODULE}: referenceScores[${i}] is not a finite number (${String(s)})`);
  });
  const sorted = [...referenceScores].sort((a, b) => a - b);
  const pos = (1 - rate) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
