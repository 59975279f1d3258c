// Multivariate drift by autoencoder reconstruction (issue 3, item 4), on TensorFlow.js with the
// wasm backend. Data come from a seeded generator (mulberry32 + Box–Muller), so every number below
// is reproducible; thresholds are stated with each case.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  encode,
  encodeRows,
  multivariateDrift,
  trainAutoencoder,
  type TrainedAutoencoder,
} from "../../../api/src/analytics/drift/autoencoder.js";
import { ksTwoSample } from "../../../api/src/analytics/drift/ks-test.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";
import { normals } from "../../support/random.js";

// The wasm binaries sit beside the package's Node entry (dist/tf-backend-wasm.node.js). In Node the
// prefix is a plain file path; it must end with a slash.
beforeAll(async () => {
  const require = createRequire(import.meta.url);
  setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "/"));
  await tf.setBackend("wasm");
  await tf.ready();
});

const mulberry32 = seededRandom;


const D = 20;
const NUMERIC = Array.from({ length: D }, (_, i) => ({ name: `x${i}`, kind: "NUMERIC" as const }));
const NOISE = 0.1;

/** 20 numeric features; x1 = sign·x0 + 0.1·noise, the rest independent N(0, 1). */
function correlated(args: { n: number; seed: number; sign: 1 | -1 }): Array<Record<string, number>> {
  const z = normals(args.seed);
  return Array.from({ length: args.n }, () => {
    const row: Record<string, number> = {};
    for (let i = 0; i < D; i++) row[`x${i}`] = z();
    row.x1 = args.sign * row.x0! + NOISE * z();
    return row;
  });
}

function column(rows: Array<Record<string, unknown>>, name: string): number[] {
  return rows.map((r) => r[name] as number);
}

const TRAIN = { epochs: 30, batchSize: 256 } as const;

describe("analytics/autoencoder: multivariate drift", () => {
  let reference: Array<Record<string, number>>;
  let model: TrainedAutoencoder;

  beforeAll(async () => {
    reference = correlated({ n: 5000, seed: 1, sign: 1 });
    const encoder = encodeRows({ features: NUMERIC, reference });
    model = await trainAutoencoder({ encoder, referenceRows: reference, seed: 7, tf, ...TRAIN });
  });

  it("the model is shaped as documented", () => {
    expect(tf.getBackend()).toBe("wasm");
    expect(model.architecture).toMatchObject({ inputs: 20, hidden: 8, trainRows: 2500, holdoutRows: 2500, chunks: 10 });
    expect(model.weights.map((w) => w.length)).toEqual([160, 8, 160, 20]);
    expect(model.referenceChunkErrors).toHaveLength(10);
    expect(model.chunkThreshold).toBeGreaterThan(model.referenceErrorMean);
    // Little overfitting: the held-out error is within 10% of the training error.
    expect(Math.abs(model.referenceErrorMean - model.trainError) / model.trainError).toBeLessThan(0.1);
  });

  it("a correlation change (x1 = −x0) is flagged and x0, x1 are named first, though each marginal barely moves", () => {
    const current = correlated({ n: 5000, seed: 2, sign: -1 });
    // The marginals barely move: KS statistic < 0.04 and |Δmean|, |Δstd| < 0.05 for every feature.
    for (const { name } of NUMERIC) {
      const ref = column(reference, name);
      const cur = column(current, name);
      expect(ksTwoSample({ reference: ref, current: cur }).statistic, name).toBeLessThan(0.04);
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
      expect(Math.abs(mean(ref) - mean(cur)), name).toBeLessThan(0.05);
      expect(Math.abs(std(ref) - std(cur)), name).toBeLessThan(0.05);
    }
    const result = multivariateDrift({ model, rows: current, tf });
    expect(result.method).toBe("autoencoder-reconstruction");
    expect(result.drifted).toBe(true);
    expect(result.score).toBeGreaterThan(result.threshold);
    expect(result.topFeatures.slice(0, 2).map((f) => f.feature).sort()).toEqual(["x0", "x1"]);
    // Together they carry most of the increase, each far more than any other feature.
    expect(result.topFeatures[0]!.contribution + result.topFeatures[1]!.contribution).toBeGreaterThan(0.8);
    expect(result.topFeatures[1]!.contribution).toBeGreaterThan(5 * result.topFeatures[2]!.contribution);
    const sum = result.topFeatures.reduce((s, f) => s + f.contribution, 0);
    expect(sum).toBeCloseTo(1, 9);
    for (let i = 1; i < result.topFeatures.length; i++) expect(result.topFeatures[i]!.contribution).toBeLessThanOrEqual(result.topFeatures[i - 1]!.contribution);
  });

  it.each([11, 12, 13])("no drift: current drawn like the reference (seed %i) is not flagged", (seed) => {
    const result = multivariateDrift({ model, rows: correlated({ n: 5000, seed, sign: 1 }), tf });
    expect(result.drifted).toBe(false);
    expect(result.score).toBeLessThan(result.threshold);
  });

  it("the model survives JSON: same score and contributions within 1e-5", () => {
    const current = correlated({ n: 2000, seed: 3, sign: -1 });
    const reloaded = JSON.parse(JSON.stringify(model)) as TrainedAutoencoder;
    const a = multivariateDrift({ model, rows: current, tf });
    const b = multivariateDrift({ model: reloaded, rows: current, tf });
    expect(Math.abs(a.score - b.score)).toBeLessThan(1e-5);
    expect(b.threshold).toBe(a.threshold);
    expect(b.drifted).toBe(a.drifted);
    expect(b.topFeatures.map((f) => f.feature)).toEqual(a.topFeatures.map((f) => f.feature));
    b.topFeatures.forEach((f, i) => expect(Math.abs(f.contribution - a.topFeatures[i]!.contribution)).toBeLessThan(1e-5));
  });

  it("training is deterministic for a seed, and neither training nor scoring leaks tensors", async () => {
    const before = tf.memory().numTensors;
    const small = reference.slice(0, 800);
    const encoder = encodeRows({ features: NUMERIC, reference: small });
    const one = await trainAutoencoder({ encoder, referenceRows: small, seed: 3, tf, epochs: 3 });
    const two = await trainAutoencoder({ encoder, referenceRows: small, seed: 3, tf, epochs: 3 });
    expect(two.weights).toEqual(one.weights);
    expect(two.chunkThreshold).toBe(one.chunkThreshold);
    multivariateDrift({ model: one, rows: small, tf });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("analytics/autoencoder: categorical features", () => {
  const FEATURES = [
    { name: "a", kind: "NUMERIC" as const },
    { name: "b", kind: "NUMERIC" as const },
    { name: "c", kind: "NUMERIC" as const },
    { name: "color", kind: "CATEGORICAL" as const },
    { name: "channel", kind: "CATEGORICAL" as const },
  ];

  function pick(u: number, mix: Array<[string, number]>): string {
    let acc = 0;
    for (const [c, p] of mix) {
      acc += p;
      if (u < acc) return c;
    }
    return mix[mix.length - 1]![0];
  }

  function mixed(args: { n: number; seed: number; colors: Array<[string, number]> }): Array<Record<string, unknown>> {
    const z = normals(args.seed);
    const u = mulberry32(args.seed + 1000);
    const channels: Array<[string, number]> = [["web", 0.5], ["app", 0.3], ["store", 0.2]];
    return Array.from({ length: args.n }, () => {
      const a = z();
      return { a, b: a + 0.3 * z(), c: z(), color: pick(u(), args.colors), channel: pick(u(), channels) };
    });
  }

  const REFERENCE_COLORS: Array<[string, number]> = [["red", 0.6], ["green", 0.3], ["blue", 0.1]];

  it("encodes the top categories one-hot, with 'other' for the rest and unseen values", () => {
    const encoder = encodeRows({
      features: [{ name: "n", kind: "NUMERIC" }, { name: "k", kind: "CATEGORICAL" }],
      reference: [{ n: 1, k: "x" }, { n: 3, k: "x" }, { n: null, k: "y" }, { n: 2, k: "z" }],
      topCategories: 2,
    });
    expect(encoder.columns.map((c) => c.label)).toEqual(["n", "n#missing", "k=x", "k=y", "k#other"]);
    const { matrix, columnFeature } = encode({ encoder, rows: [{ n: 2 + Math.sqrt(2 / 3), k: "x" }, { k: "never-seen" }] });
    expect(columnFeature).toEqual(["n", "n", "k", "k", "k"]);
    expect(Array.from(matrix.slice(0, 5)).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 0, 1, 0, 0]);
    expect(Array.from(matrix.slice(5))).toEqual([0, 1, 0, 0, 1]);
  });

  it("a shift in one categorical feature's mix is attributed to that feature", async () => {
    const reference = mixed({ n: 5000, seed: 21, colors: REFERENCE_COLORS });
    const encoder = encodeRows({ features: FEATURES, reference });
    const model = await trainAutoencoder({ encoder, referenceRows: reference, seed: 5, tf, ...TRAIN });
    const same = multivariateDrift({ model, rows: mixed({ n: 5000, seed: 22, colors: REFERENCE_COLORS }), tf });
    expect(same.drifted).toBe(false);
    const shifted = multivariateDrift({ model, rows: mixed({ n: 5000, seed: 23, colors: [["red", 0.1], ["green", 0.3], ["blue", 0.6]] }), tf });
    expect(shifted.drifted).toBe(true);
    expect(shifted.topFeatures[0]!.feature).toBe("color");
    expect(shifted.topFeatures[0]!.contribution).toBeGreaterThan(0.8);
  });
});

describe("analytics/autoencoder: input errors", () => {
  it.each([
    ["no features", () => encodeRows({ features: [], reference: [{}] }), /analytics\/autoencoder: features must be a non-empty array/],
    ["no reference rows", () => encodeRows({ features: NUMERIC, reference: [] }), /analytics\/autoencoder: reference must hold at least one row/],
    ["a duplicate feature", () => encodeRows({ features: [NUMERIC[0]!, NUMERIC[0]!], reference: [{}] }), /feature 'x0' is listed twice/],
    ["an unknown kind", () => encodeRows({ features: [{ name: "t", kind: "TEXT" as "NUMERIC" }], reference: [{}] }), /unknown kind 'TEXT'/],
    ["a bad topCategories", () => encodeRows({ features: NUMERIC, reference: [{}], topCategories: 0 }), /topCategories must be an integer ≥ 1/],
  ])("%s", (_name, run, message) => {
    expect(run).toThrow(message);
  });

  it("rejects too few reference rows and a model whose weights do not fit", async () => {
    const reference = correlated({ n: 30, seed: 1, sign: 1 });
    const encoder = encodeRows({ features: NUMERIC, reference });
    await expect(trainAutoencoder({ encoder, referenceRows: reference, seed: 1, tf })).rejects.toThrow(/analytics\/autoencoder: 30 reference rows are too few: 10 chunks of at least 2 held-out rows need 40 rows/);
    const model = await trainAutoencoder({ encoder, referenceRows: correlated({ n: 200, seed: 1, sign: 1 }), seed: 1, tf, epochs: 1 });
    const broken = { ...model, weights: [model.weights[0]!.slice(1), ...model.weights.slice(1)] };
    expect(() => multivariateDrift({ model: broken, rows: reference, tf })).toThrow(/analytics\/autoencoder: weight array 0 has 159 values/);
    expect(() => multivariateDrift({ model, rows: [], tf })).toThrow(/rows must hold at least one row/);
  });
});
