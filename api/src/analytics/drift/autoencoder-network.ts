// The autoencoder's network (d → hidden → d, tanh then linear) as plain tensors, and what is
// measured with it: per-row reconstruction errors and per-feature errors, in batches.
import type * as TF from "@tensorflow/tfjs";
import type { Encoder } from "./autoencoder-encoding.js";
import type { TrainedAutoencoder } from "./autoencoder.js";

const MODULE = "analytics/autoencoder";

export type Tf = typeof TF;

/** Rows per forward pass when scoring. */
const SCORE_BATCH = 8192;

export interface Network {
  w1: TF.Tensor2D;
  b1: TF.Tensor1D;
  w2: TF.Tensor2D;
  b2: TF.Tensor1D;
}

export function forward(tf: Tf, net: Network, x: TF.Tensor2D): TF.Tensor2D {
  const h = tf.tanh(tf.add(tf.matMul(x, net.w1), net.b1));
  return tf.add(tf.matMul(h, net.w2), net.b2);
}

/** Per-row mean squared error and per-column sums of squared error, in batches. */
export function reconstructionErrors(tf: Tf, net: Network, m: Float32Array, rows: number, d: number): { rowErrors: Float64Array; columnSums: Float64Array } {
  const rowErrors = new Float64Array(rows);
  const columnSums = new Float64Array(d);
  for (let start = 0; start < rows; start += SCORE_BATCH) {
    const n = Math.min(SCORE_BATCH, rows - start);
    // Tensors leave tidy and are read outside it (typed arrays returned from tidy are walked element by element).
    const [rowT, colT] = tf.tidy(() => {
      const x = tf.tensor2d(m.subarray(start * d, (start + n) * d), [n, d]);
      const sq = tf.square(tf.sub(forward(tf, net, x), x));
      return [tf.mean(sq, 1), tf.sum(sq, 0)];
    });
    const rowErr = rowT.dataSync();
    const colSum = colT.dataSync();
    rowT.dispose();
    colT.dispose();
    rowErrors.set(rowErr!, start);
    for (let c = 0; c < d; c++) columnSums[c] += colSum![c]!;
  }
  return { rowErrors, columnSums };
}

/** Per feature, the mean over rows of the squared error summed over the feature's columns. */
export function featureErrors(encoder: Encoder, columnSums: Float64Array, rows: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of encoder.features) out[f.name] = 0;
  encoder.columns.forEach((c, i) => {
    out[c.feature]! += columnSums[i]! / rows;
  });
  return out;
}

export function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

export function stdOf(xs: ArrayLike<number>, ddof: number): number {
  const mu = meanOf(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - mu) ** 2;
  return Math.sqrt(s / Math.max(1, xs.length - ddof));
}

export function shuffle(xs: number[], rng: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
}

export function gatherRows(m: Float32Array, d: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(m.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

/** Rebuilds the network from a (possibly JSON-reloaded) model, checking that the pieces fit. */
export function rebuild(tf: Tf, model: TrainedAutoencoder): Network {
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

/** Glorot-uniform kernels from the seeded generator, zero biases (the tf.layers Dense defaults), as variables. */
export function initialNetwork(tf: Tf, d: number, hidden: number, rng: () => number): Network & { variables: TF.Variable[] } {
  const glorot = (fanIn: number, fanOut: number): Float32Array => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return Float32Array.from({ length: fanIn * fanOut }, () => (2 * rng() - 1) * limit);
  };
  // tidy disposes the initial values; the variables it returns are kept.
  const [w1, b1, w2, b2] = tf.tidy(() => [
    tf.variable(tf.tensor2d(glorot(d, hidden), [d, hidden])),
    tf.variable(tf.zeros([hidden]) as TF.Tensor1D),
    tf.variable(tf.tensor2d(glorot(hidden, d), [hidden, d])),
    tf.variable(tf.zeros([d]) as TF.Tensor1D),
  ]) as [TF.Variable<TF.Rank.R2>, TF.Variable<TF.Rank.R1>, TF.Variable<TF.Rank.R2>, TF.Variable<TF.Rank.R1>];
  return { w1, b1, w2, b2, variables: [w1, b1, w2, b2] };
}

/** Adam on the mean squared reconstruction error, in shuffled mini-batches; yields to the event loop between epochs. */
export async function fitNetwork(args: {
  tf: Tf;
  net: Network & { variables: TF.Variable[] };
  optimizer: TF.Optimizer;
  x: TF.Tensor2D;
  rows: number;
  epochs: number;
  batchSize: number;
  rng: () => number;
}): Promise<void> {
  const { tf, net, optimizer, x, rows, epochs, batchSize, rng } = args;
  const batchOrder = Array.from({ length: rows }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(batchOrder, rng);
    for (let start = 0; start < rows; start += batchSize) {
      tf.tidy(() => {
        const xb = tf.gather(x, tf.tensor1d(batchOrder.slice(start, start + batchSize), "int32")) as TF.Tensor2D;
        optimizer.minimize(() => tf.mean(tf.square(tf.sub(forward(tf, net, xb), xb))) as TF.Scalar, false, net.variables);
      });
    }
    await tf.nextFrame();
  }
}
