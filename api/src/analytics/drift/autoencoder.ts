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
import type * as TF from "@tensorflow/tfjs";
import { clampFinite, magnitudeScale, maxAbs } from "../finite-math.js";
import type { FeatureKindName } from "./drift-tests.js";
import { seededRandom } from "./window-summary.js";

const MODULE = "analytics/autoencoder";

export type Tf = typeof TF;

export const AUTOENCODER_DEFAULTS = {
  topCategories: 10,
  epochs: 30,
  batchSize: 256,
  learningRate: 0.02,
  /** Share of the reference rows held out of training to measure the reference error and the chunks. */
  holdoutFraction: 0.5,
  chunks: 10,
  sigmas: 3,
} as const;

/** Standard deviations below this are raised to it. */
export const STD_FLOOR = 1e-6;
/** Standardized values are clipped to ±Z_CLIP so that wild values keep the error finite in float32. */
export const Z_CLIP = 1e3;
/** Rows per forward pass when scoring. */
const SCORE_BATCH = 8192;

export interface NumericEncoding {
  name: string;
  kind: "NUMERIC";
  mean: number;
  std: number;
  /** A 0/1 "missing" column follows the value column (set when the reference has missing values). */
  missingIndicator: boolean;
}

export interface CategoricalEncoding {
  name: string;
  kind: "CATEGORICAL";
  /** The most frequent reference categories, one column each, then one "other" column. */
  categories: string[];
  missingIndicator: boolean;
}

export type FeatureEncoding = NumericEncoding | CategoricalEncoding;

export interface Encoder {
  features: FeatureEncoding[];
  /** One entry per encoded column, in matrix order: the feature it belongs to and a label. */
  columns: Array<{ feature: string; label: string }>;
}

export interface EncodedMatrix {
  /** Row-major rows × columns. */
  matrix: Float32Array;
  rows: number;
  columns: number;
  /** The feature of each column. */
  columnFeature: string[];
}

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

// ---------------------------------------------------------------------------------------------
// Encoding

/** A numeric value, or null when missing (not a finite number — as window-summary counts it). */
function numericValue(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** A category, or null when missing (not a string — as window-summary counts it). */
function categoryValue(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/**
 * Welford's mean and population std, on values scaled by a power of two (exact; 1 for ordinary
 * data, finite-math.ts) so that neither overflows on huge values; both are scaled back, clamped.
 */
function welfordMoments(values: readonly number[]): { n: number; mean: number; std: number } {
  const c = magnitudeScale(maxAbs(values));
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const raw of values) {
    const v = raw * c;
    n += 1;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  return { n, mean: clampFinite(mean / c), std: clampFinite(Math.sqrt(m2 / Math.max(n, 1)) / c) };
}

/** Builds the encoder from the reference rows: per numeric feature mean/std, per categorical feature its top categories. */
export function encodeRows(args: {
  features: ReadonlyArray<{ name: string; kind: FeatureKindName }>;
  reference: ReadonlyArray<Record<string, unknown>>;
  topCategories?: number;
}): Encoder {
  const { features, reference } = args;
  const topCategories = args.topCategories ?? AUTOENCODER_DEFAULTS.topCategories;
  if (!Array.isArray(features) || features.length === 0) throw new Error(`${MODULE}: features must be a non-empty array`);
  if (!Array.isArray(reference) || reference.length === 0) throw new Error(`${MODULE}: reference must hold at least one row`);
  if (!Number.isInteger(topCategories) || topCategories < 1) throw new Error(`${MODULE}: topCategories must be an integer ≥ 1, got ${topCategories}`);
  const seen = new Set<string>();
  const encoded: FeatureEncoding[] = [];
  const columns: Encoder["columns"] = [];
  for (const f of features) {
    if (typeof f?.name !== "string" || f.name === "") throw new Error(`${MODULE}: every feature needs a non-empty name`);
    if (seen.has(f.name)) throw new Error(`${MODULE}: feature '${f.name}' is listed twice`);
    seen.add(f.name);
    const kind: FeatureKindName = f.kind;
    switch (kind) {
      case "NUMERIC": {
        const values: number[] = [];
        for (const row of reference) {
          const v = numericValue(row[f.name]);
          if (v !== null) values.push(v);
        }
        const { n, mean, std: rawStd } = welfordMoments(values);
        const std = n > 0 ? Math.max(rawStd, STD_FLOOR) : 1;
        const missingIndicator = n < reference.length;
        encoded.push({ name: f.name, kind, mean: n > 0 ? mean : 0, std, missingIndicator });
        columns.push({ feature: f.name, label: f.name });
        if (missingIndicator) columns.push({ feature: f.name, label: `${f.name}#missing` });
        break;
      }
      case "CATEGORICAL": {
        const counts = new Map<string, number>();
        let missing = 0;
        for (const row of reference) {
          const c = categoryValue(row[f.name]);
          if (c === null) missing += 1;
          else counts.set(c, (counts.get(c) ?? 0) + 1);
        }
        // Most frequent first; ties by name so the encoder does not depend on row order.
        const categories = [...counts.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          .slice(0, topCategories)
          .map(([c]) => c);
        const missingIndicator = missing > 0;
        encoded.push({ name: f.name, kind, categories, missingIndicator });
        for (const c of categories) columns.push({ feature: f.name, label: `${f.name}=${c}` });
        columns.push({ feature: f.name, label: `${f.name}#other` });
        if (missingIndicator) columns.push({ feature: f.name, label: `${f.name}#missing` });
        break;
      }
      default: {
        const never: never = kind;
        throw new Error(`${MODULE}: feature '${f.name}' has unknown kind '${String(never)}' (NUMERIC or CATEGORICAL)`);
      }
    }
  }
  return { features: encoded, columns };
}

/**
 * Encodes rows with a fitted encoder. Numerics: (x − mean) / std clipped to ±Z_CLIP, missing → 0
 * (and 1 in the missing column when there is one). Categoricals: one-hot over the reference's top
 * categories, anything else (including categories never seen) → "other"; missing → the missing
 * column, or all zeros when the reference had no missing values.
 */
export function encode(args: { encoder: Encoder; rows: ReadonlyArray<Record<string, unknown>> }): EncodedMatrix {
  const { encoder, rows } = args;
  if (!Array.isArray(rows)) throw new Error(`${MODULE}: rows must be an array`);
  const d = encoder.columns.length;
  const matrix = new Float32Array(rows.length * d);
  const indexes = encoder.features.map((f) => (f.kind === "CATEGORICAL" ? new Map(f.categories.map((c, i) => [c, i])) : null));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let col = r * d;
    for (let j = 0; j < encoder.features.length; j++) {
      const f = encoder.features[j]!;
      const raw = row[f.name];
      if (f.kind === "NUMERIC") {
        const v = numericValue(raw);
        if (v !== null) matrix[col] = Math.max(-Z_CLIP, Math.min(Z_CLIP, (v - f.mean) / f.std));
        col += 1;
        if (f.missingIndicator) {
          if (v === null) matrix[col] = 1;
          col += 1;
        }
      } else {
        const c = categoryValue(raw);
        const k = f.categories.length;
        if (c !== null) matrix[col + (indexes[j]!.get(c) ?? k)] = 1;
        else if (f.missingIndicator) matrix[col + k + 1] = 1;
        col += k + 1 + (f.missingIndicator ? 1 : 0);
      }
    }
  }
  return { matrix, rows: rows.length, columns: d, columnFeature: encoder.columns.map((c) => c.feature) };
}

// ---------------------------------------------------------------------------------------------
// The network

interface Network {
  w1: TF.Tensor2D;
  b1: TF.Tensor1D;
  w2: TF.Tensor2D;
  b2: TF.Tensor1D;
}

function forward(tf: Tf, net: Network, x: TF.Tensor2D): TF.Tensor2D {
  const h = tf.tanh(tf.add(tf.matMul(x, net.w1), net.b1));
  return tf.add(tf.matMul(h, net.w2), net.b2);
}

/** Per-row mean squared error and per-column sums of squared error, in batches. */
function reconstructionErrors(tf: Tf, net: Network, m: Float32Array, rows: number, d: number): { rowErrors: Float64Array; columnSums: Float64Array } {
  const rowErrors = new Float64Array(rows);
  const columnSums = new Float64Array(d);
  for (let start = 0; start < rows; start += SCORE_BATCH) {
    const n = Math.min(SCORE_BATCH, rows - start);
    const [rowErr, colSum] = tf.tidy(() => {
      const x = tf.tensor2d(m.subarray(start * d, (start + n) * d), [n, d]);
      const sq = tf.square(tf.sub(forward(tf, net, x), x));
      return [tf.mean(sq, 1).dataSync(), tf.sum(sq, 0).dataSync()];
    });
    rowErrors.set(rowErr!, start);
    for (let c = 0; c < d; c++) columnSums[c] += colSum![c]!;
  }
  return { rowErrors, columnSums };
}

/** Per feature, the mean over rows of the squared error summed over the feature's columns. */
function featureErrors(encoder: Encoder, columnSums: Float64Array, rows: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of encoder.features) out[f.name] = 0;
  encoder.columns.forEach((c, i) => {
    out[c.feature]! += columnSums[i]! / rows;
  });
  return out;
}

function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

function stdOf(xs: ArrayLike<number>, ddof: number): number {
  const mu = meanOf(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - mu) ** 2;
  return Math.sqrt(s / Math.max(1, xs.length - ddof));
}

function positiveInteger(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${MODULE}: ${name} must be an integer ≥ 1, got ${v}`);
  return v;
}

/**
 * Trains the autoencoder on the reference rows (a `holdoutFraction` of them, drawn with the seed,
 * is kept out of training to measure the reference error and the chunk threshold). Yields to the
 * event loop between epochs (`tf.nextFrame()`), so a caller can run it beside other work.
 */
export async function trainAutoencoder(args: {
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
}): Promise<TrainedAutoencoder> {
  const { encoder, referenceRows, tf } = args;
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

  // Seeded split (Fisher–Yates), then the two matrices.
  const rng = seededRandom(args.seed);
  const order = Array.from({ length: n }, (_, i) => i);
  shuffle(order, rng);
  const all = encode({ encoder, rows: referenceRows });
  const holdout = gatherRows(all.matrix, d, order.slice(0, holdoutRows));
  const train = gatherRows(all.matrix, d, order.slice(holdoutRows));

  // Glorot-uniform kernels from the seeded generator, zero biases (the tf.layers Dense defaults).
  const glorot = (fanIn: number, fanOut: number): Float32Array => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return Float32Array.from({ length: fanIn * fanOut }, () => (2 * rng() - 1) * limit);
  };
  const weightShapes = [[d, hidden], [hidden], [hidden, d], [d]];
  // tidy disposes the initial values; the variables it returns are kept.
  const [w1, b1, w2, b2] = tf.tidy(() => [
    tf.variable(tf.tensor2d(glorot(d, hidden), [d, hidden])),
    tf.variable(tf.zeros([hidden]) as TF.Tensor1D),
    tf.variable(tf.tensor2d(glorot(hidden, d), [hidden, d])),
    tf.variable(tf.zeros([d]) as TF.Tensor1D),
  ]) as [TF.Variable<TF.Rank.R2>, TF.Variable<TF.Rank.R1>, TF.Variable<TF.Rank.R2>, TF.Variable<TF.Rank.R1>];
  const net: Network = { w1, b1, w2, b2 };
  const optimizer = tf.train.adam(learningRate);
  const x = tf.tensor2d(train, [trainRows, d]);
  try {
    const batchOrder = Array.from({ length: trainRows }, (_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(batchOrder, rng);
      for (let start = 0; start < trainRows; start += batchSize) {
        tf.tidy(() => {
          const xb = tf.gather(x, tf.tensor1d(batchOrder.slice(start, start + batchSize), "int32")) as TF.Tensor2D;
          optimizer.minimize(() => tf.mean(tf.square(tf.sub(forward(tf, net, xb), xb))) as TF.Scalar, false, [w1, b1, w2, b2]);
        });
      }
      await tf.nextFrame();
    }

    const weights = [w1, b1, w2, b2].map((t) => Array.from(t.dataSync()));
    const trained = reconstructionErrors(tf, net, train, trainRows, d);
    const held = reconstructionErrors(tf, net, holdout, holdoutRows, d);
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
        seed: args.seed,
        trainRows,
        holdoutRows,
        chunks,
        weightShapes,
      },
      weights,
      referenceErrorMean: meanOf(held.rowErrors),
      referenceErrorStd: stdOf(held.rowErrors, 0),
      referenceChunkErrors,
      chunkThreshold: chunkMean + AUTOENCODER_DEFAULTS.sigmas * chunkStd,
      chunkRows: held.rowErrors.length / referenceChunkErrors.length,
      featureErrorReference: featureErrors(encoder, held.columnSums, holdoutRows),
      trainError: meanOf(trained.rowErrors),
    };
  } finally {
    x.dispose();
    optimizer.dispose();
    for (const v of [w1, b1, w2, b2]) v.dispose();
  }
}

function shuffle(xs: number[], rng: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
}

function gatherRows(m: Float32Array, d: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(m.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

/** Rebuilds the network from a (possibly JSON-reloaded) model, checking that the pieces fit. */
function rebuild(tf: Tf, model: TrainedAutoencoder): Network {
  const a = model?.architecture;
  const d = model?.encoder?.columns?.length;
  if (!a || !Array.isArray(model.weights) || typeof d !== "number") throw new Error(`${MODULE}: model is not a TrainedAutoencoder (missing encoder, architecture or weights)`);
  const shapes = [[d, a.hidden], [a.hidden], [a.hidden, d], [d]];
  if (a.inputs !== d || model.weights.length !== 4) throw new Error(`${MODULE}: model weights do not fit its encoder (${d} columns, ${a.inputs} inputs, ${model.weights.length} weight arrays)`);
  shapes.forEach((s, i) => {
    const size = s.reduce((p, q) => p * q, 1);
    if (model.weights[i]!.length !== size) throw new Error(`${MODULE}: weight array ${i} has ${model.weights[i]!.length} values, shape [${s.join(", ")}] needs ${size}`);
  });
  return {
    w1: tf.tensor2d(Float32Array.from(model.weights[0]!), [d, a.hidden]),
    b1: tf.tensor1d(Float32Array.from(model.weights[1]!)),
    w2: tf.tensor2d(Float32Array.from(model.weights[2]!), [a.hidden, d]),
    b2: tf.tensor1d(Float32Array.from(model.weights[3]!)),
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
