// Multivariate drift by autoencoder reconstruction error (issue 3, item 4).
//
// A small dense autoencoder (d → hidden → d, tanh then linear, MSE, Adam) learns the joint shape of
// the reference inputs: standardized numerics and one-hot categories (the K most frequent reference
// categories plus an "other" column). When the current rows break a relation the reference had
// (two features that moved together now move apart), the network cannot rebuild them and the
// reconstruction error rises even though every marginal looks the same.
//
//   - score = mean over current rows of the per-row mean squared error (over the encoded columns);
//   - threshold = mean + 3σ of the mean errors of reference chunks: the reference rows held out of
//     training (half of them by default), shuffled with the seed and split into `chunks` equal
//     parts. The threshold is calibrated for windows of about a chunk's size
//     (holdoutRows / chunks): a much smaller window raises more false alarms, a much larger one is
//     judged conservatively. Choose `chunks` (and the reference size) with the window size in mind;
//   - topFeatures = each feature's share of the error increase: per feature, the mean squared error
//     summed over its encoded columns, on the current rows minus on the held-out reference rows,
//     clipped at 0 and normalised to sum 1.
//
// The trained model is a plain JSON object (encoder, weights as number arrays, reference error
// statistics); `multivariateDrift` rebuilds the network from it, so it can be persisted and reloaded.
// TensorFlow.js is passed in (`tf`, with its backend already chosen by the caller): no I/O, no clock.
// Training is deterministic for a seed: our own seeded initialisation and batch order, no dropout.
//
// The encoding is autoencoder-encoding.ts, the network autoencoder-network.ts.
import { DEFAULT_TOP_CATEGORIES, encode, type Encoder } from "./autoencoder-encoding.js";
import {
  featureErrors, fitNetwork, gatherRows, initialNetwork, meanOf, rebuild, reconstructionErrors, shuffle, stdOf, type Tf,
} from "./autoencoder-network.js";
import { seededRandom } from "./window-summary.js";

export * from "./autoencoder-encoding.js";
export type { Tf } from "./autoencoder-network.js";

const MODULE = "analytics/autoencoder";

export const AUTOENCODER_DEFAULTS = {
  topCategories: DEFAULT_TOP_CATEGORIES,
  epochs: 30,
  batchSize: 256,
  learningRate: 0.02,
  /** Share of the reference rows held out of training to measure the reference error and the chunks. */
  holdoutFraction: 0.5,
  chunks: 10,
  sigmas: 3,
} as const;

export interface AutoencoderArchitecture {
  inputs: number;
  hidden: number;
  activation: "tanh";
  output: "linear";
  loss: "mse";
  optimizer: "adam";
  learningRate: number;
  epochs: number;
  batchSize: number;
  seed: number;
  trainRows: number;
  holdoutRows: number;
  chunks: number;
  /** Shapes of `weights`, in order: kernel [inputs, hidden], bias [hidden], kernel [hidden, inputs], bias [inputs] (tf.layers Dense order). */
  weightShapes: number[][];
}

export interface TrainedAutoencoder {
  method: "autoencoder-reconstruction";
  encoder: Encoder;
  architecture: AutoencoderArchitecture;
  /** Flattened (row-major) weight tensors, in `architecture.weightShapes` order. */
  weights: number[][];
  /** Mean per-row reconstruction error on the held-out reference rows. */
  referenceErrorMean: number;
  /** Standard deviation of the per-row error on the held-out reference rows. */
  referenceErrorStd: number;
  /** Mean error of each held-out reference chunk. */
  referenceChunkErrors: number[];
  /** mean + 3σ of `referenceChunkErrors`. */
  chunkThreshold: number;
  /** Rows per reference chunk: the window size the chunk threshold is calibrated for. */
  chunkRows: number;
  /** Per feature, the mean squared error summed over its encoded columns, on the held-out reference rows. */
  featureErrorReference: Record<string, number>;
  /** Mean per-row error on the training rows (for diagnosis: close to referenceErrorMean when not overfitted). */
  trainError: number;
}

export interface MultivariateDriftResult {
  method: "autoencoder-reconstruction";
  /** Mean per-row reconstruction error on the current rows. */
  score: number;
  threshold: number;
  drifted: boolean;
  /** The same error on the held-out reference rows. */
  referenceScore: number;
  rows: number;
  /** Every feature, by its share of the error increase (descending; all 0 when the error did not rise). */
  topFeatures: Array<{ feature: string; contribution: number }>;
}

function positiveInteger(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${MODULE}: ${name} must be an integer ≥ 1, got ${v}`);
  return v;
}

export interface TrainAutoencoderArgs {
  encoder: Encoder;
  referenceRows: ReadonlyArray<Record<string, unknown>>;
  hidden?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  holdoutFraction?: number;
  chunks?: number;
  seed: number;
  tf: Tf;
}

interface TrainingPlan {
  d: number;
  hidden: number;
  epochs: number;
  batchSize: number;
  chunks: number;
  learningRate: number;
  trainRows: number;
  holdoutRows: number;
}

/** The options with their defaults, checked; throws on anything that cannot train. */
function trainingPlan(args: TrainAutoencoderArgs): TrainingPlan {
  const { encoder, referenceRows } = args;
  const d = encoder?.columns?.length ?? 0;
  if (d === 0) throw new Error(`${MODULE}: the encoder has no columns (build it with encodeRows)`);
  if (!Number.isInteger(args.seed)) throw new Error(`${MODULE}: seed must be an integer, got ${args.seed}`);
  const hidden = positiveInteger("hidden", args.hidden ?? Math.max(1, Math.min(d - 1, Math.max(2, Math.round(d / 2.5)))));
  const epochs = positiveInteger("epochs", args.epochs ?? AUTOENCODER_DEFAULTS.epochs);
  const batchSize = positiveInteger("batchSize", args.batchSize ?? AUTOENCODER_DEFAULTS.batchSize);
  const chunks = positiveInteger("chunks", args.chunks ?? AUTOENCODER_DEFAULTS.chunks);
  if (chunks < 2) throw new Error(`${MODULE}: chunks must be ≥ 2 to estimate a spread, got ${chunks}`);
  const learningRate = args.learningRate ?? AUTOENCODER_DEFAULTS.learningRate;
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`${MODULE}: learningRate must be a finite number > 0, got ${learningRate}`);
  const holdoutFraction = args.holdoutFraction ?? AUTOENCODER_DEFAULTS.holdoutFraction;
  if (!(holdoutFraction > 0 && holdoutFraction < 1)) throw new Error(`${MODULE}: holdoutFraction must be in (0, 1), got ${holdoutFraction}`);
  if (!Array.isArray(referenceRows)) throw new Error(`${MODULE}: referenceRows must be an array`);
  const n = referenceRows.length;
  const holdoutRows = Math.round(n * holdoutFraction);
  const trainRows = n - holdoutRows;
  if (holdoutRows < 2 * chunks || trainRows < 1) {
    throw new Error(`${MODULE}: ${n} reference rows are too few: ${chunks} chunks of at least 2 held-out rows need ${Math.ceil((2 * chunks) / holdoutFraction)} rows`);
  }
  return { d, hidden, epochs, batchSize, chunks, learningRate, trainRows, holdoutRows };
}

/**
 * Trains the autoencoder on the reference rows (a `holdoutFraction` of them, drawn with the seed,
 * is kept out of training to measure the reference error and the chunk threshold). Yields to the
 * event loop between epochs (`tf.nextFrame()`), so a caller can run it beside other work.
 */
export async function trainAutoencoder(args: TrainAutoencoderArgs): Promise<TrainedAutoencoder> {
  const { encoder, referenceRows, tf } = args;
  const plan = trainingPlan(args);
  const { d, hidden, epochs, batchSize, learningRate, trainRows, holdoutRows } = plan;

  // Seeded split (Fisher–Yates), then the two matrices.
  const rng = seededRandom(args.seed);
  const order = Array.from({ length: referenceRows.length }, (_, i) => i);
  shuffle(order, rng);
  const all = encode({ encoder, rows: referenceRows });
  const holdout = gatherRows(all.matrix, d, order.slice(0, holdoutRows));
  const train = gatherRows(all.matrix, d, order.slice(holdoutRows));

  const net = initialNetwork(tf, d, hidden, rng);
  const optimizer = tf.train.adam(learningRate);
  const x = tf.tensor2d(train, [trainRows, d]);
  try {
    await fitNetwork({ tf, net, optimizer, x, rows: trainRows, epochs, batchSize, rng });
    const weights = net.variables.map((t) => Array.from(t.dataSync()));
    const trained = reconstructionErrors(tf, net, train, trainRows, d);
    const held = reconstructionErrors(tf, net, holdout, holdoutRows, d);
    return trainedModel({ args, plan, weights, heldErrors: held, trainRowErrors: trained.rowErrors });
  } finally {
    x.dispose();
    optimizer.dispose();
    for (const v of net.variables) v.dispose();
  }
}

/** The trained model as plain JSON: architecture, weights and the reference error statistics. */
function trainedModel(args: {
  args: TrainAutoencoderArgs;
  plan: TrainingPlan;
  weights: number[][];
  heldErrors: { rowErrors: Float64Array; columnSums: Float64Array };
  trainRowErrors: Float64Array;
}): TrainedAutoencoder {
  const { encoder, seed } = args.args;
  const { d, hidden, epochs, batchSize, chunks, learningRate, trainRows, holdoutRows } = args.plan;
  const held = args.heldErrors;
  const referenceChunkErrors: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const from = Math.floor((c * holdoutRows) / chunks);
    const to = Math.floor(((c + 1) * holdoutRows) / chunks);
    referenceChunkErrors.push(meanOf(held.rowErrors.subarray(from, to)));
  }
  const chunkMean = meanOf(referenceChunkErrors);
  const chunkStd = stdOf(referenceChunkErrors, 1);
  return {
    method: "autoencoder-reconstruction",
    encoder,
    architecture: {
      inputs: d,
      hidden,
      activation: "tanh",
      output: "linear",
      loss: "mse",
      optimizer: "adam",
      learningRate,
      epochs,
      batchSize,
      seed,
      trainRows,
      holdoutRows,
      chunks,
      weightShapes: [[d, hidden], [hidden], [hidden, d], [d]],
    },
    weights: args.weights,
    referenceErrorMean: meanOf(held.rowErrors),
    referenceErrorStd: stdOf(held.rowErrors, 0),
    referenceChunkErrors,
    chunkThreshold: chunkMean + AUTOENCODER_DEFAULTS.sigmas * chunkStd,
    chunkRows: held.rowErrors.length / referenceChunkErrors.length,
    featureErrorReference: featureErrors(encoder, held.columnSums, holdoutRows),
    trainError: meanOf(args.trainRowErrors),
  };
}

/**
 * The threshold for a window of `rows` rows: the spread of the reference chunk means scaled to the
 * window's size (the standard error of a mean shrinks as 1/√n), so small windows are not held to
 * a large window's precision nor large ones to a small window's slack. σ_row ≈ σ_chunks·√chunkRows
 * is the per-row spread; the reference mean itself is uncertain over the held-out rows, so:
 * mean_chunks + 3 · σ_row · √(1/rows + 1/heldOutRows).
 */
export function windowThreshold(args: { model: TrainedAutoencoder; rows: number }): number {
  const { model, rows } = args;
  if (!(rows > 0)) throw new Error(`${MODULE}: rows must be > 0, got ${rows}`);
  const errors = model.referenceChunkErrors;
  if (!model.chunkRows || errors.length < 2) return model.chunkThreshold;
  const sigmaRow = stdOf(errors, 1) * Math.sqrt(model.chunkRows);
  const heldOutRows = model.chunkRows * errors.length;
  return meanOf(errors) + AUTOENCODER_DEFAULTS.sigmas * sigmaRow * Math.sqrt(1 / rows + 1 / heldOutRows);
}

/** Scores current rows against a trained (or JSON-reloaded) autoencoder. */
export function multivariateDrift(args: { model: TrainedAutoencoder; rows: ReadonlyArray<Record<string, unknown>>; tf: Tf }): MultivariateDriftResult {
  const { model, rows, tf } = args;
  if (!Array.isArray(rows) || rows.length === 0) throw new Error(`${MODULE}: rows must hold at least one row`);
  const net = rebuild(tf, model);
  try {
    const enc = encode({ encoder: model.encoder, rows });
    const { rowErrors, columnSums } = reconstructionErrors(tf, net, enc.matrix, enc.rows, enc.columns);
    const score = meanOf(rowErrors);
    const current = featureErrors(model.encoder, columnSums, enc.rows);
    const increases = model.encoder.features.map((f) => ({ feature: f.name, rise: Math.max(0, current[f.name]! - (model.featureErrorReference[f.name] ?? 0)) }));
    const total = increases.reduce((s, x) => s + x.rise, 0);
    const topFeatures = increases
      .map((x) => ({ feature: x.feature, contribution: total > 0 ? x.rise / total : 0 }))
      .sort((p, q) => q.contribution - p.contribution);
    const threshold = windowThreshold({ model, rows: enc.rows });
    return {
      method: "autoencoder-reconstruction",
      score,
      threshold,
      drifted: score > threshold,
      referenceScore: model.referenceErrorMean,
      rows: enc.rows,
      topFeatures,
    };
  } finally {
    for (const t of Object.values(net)) t.dispose();
  }
}
