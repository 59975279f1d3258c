// Per-row outliers by autoencoder reconstruction error (issue 4, item 3), on TensorFlow.js with the
// wasm backend. Data come from a seeded generator (mulberry32 + Box–Muller), so every number below
// is reproducible.
//
// The fixture: 20 numeric features driven by 3 latent factors (x = z·W/√3 + 0.3·noise, W fixed by a
// seed). Injected outliers are normal rows where 3 features (random per row) are replaced by values
// inside their feature's normal range (|z| ≤ 2 in that feature's reference standard deviations) but
// at least 1.5σ away from the original: every value is plausible on its own, only the relation
// between features is broken, so a per-feature range check misses most of them.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeRows, trainAutoencoder, type TrainedAutoencoder } from "../../../api/src/analytics/drift/autoencoder.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";
import { autoencoderOutlierScores, thresholdAtFalsePositiveRate, TOP_FEATURES } from "../../../api/src/analytics/anomaly/outliers.js";
import { normals } from "../../support/random.js";

// The wasm binaries sit beside the package's Node entry (dist/tf-backend-wasm.node.js). In Node the
// prefix is a plain file path; it must end with a slash.
beforeAll(async () => {
  const require = createRequire(import.meta.url);
  setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "/"));
  await tf.setBackend("wasm");
  await tf.ready();
});


const D = 20;
const LATENT = 3;
const NOISE = 0.3;
const NAMES = Array.from({ length: D }, (_, i) => `x${i}`);
const FEATURES = NAMES.map((name) => ({ name, kind: "NUMERIC" as const }));
const PERTURBED = 3;

/** The fixed loading matrix (LATENT × D). */
const W = (() => {
  const z = normals(99);
  return Array.from({ length: LATENT }, () => Array.from({ length: D }, () => z()));
})();

/** Each feature's standard deviation under the model: sqrt(Σ_k W_kj² / LATENT + NOISE²). */
const SIGMA = NAMES.map((_, j) => Math.sqrt(W.reduce((s, w) => s + w[j]! ** 2, 0) / LATENT + NOISE ** 2));

function normalRows(n: number, seed: number): Array<Record<string, number>> {
  const z = normals(seed);
  return Array.from({ length: n }, () => {
    const f = Array.from({ length: LATENT }, () => z());
    const row: Record<string, number> = {};
    NAMES.forEach((name, j) => {
      row[name] = f.reduce((s, fk, k) => s + fk * W[k]![j]!, 0) / Math.sqrt(LATENT) + NOISE * z();
    });
    return row;
  });
}

/** Normal rows with PERTURBED features each replaced by a value in ±2σ, at least 1.5σ from the original. */
function outlierRows(n: number, seed: number): { rows: Array<Record<string, number>>; perturbed: string[][] } {
  const base = normalRows(n, seed);
  const u = seededRandom(seed + 1000);
  const perturbed: string[][] = [];
  for (const row of base) {
    const chosen: number[] = [];
    while (chosen.length < PERTURBED) {
      const j = Math.floor(u() * D);
      if (!chosen.includes(j)) chosen.push(j);
    }
    for (const j of chosen) {
      const old = row[NAMES[j]!]!;
      let v: number;
      do v = (4 * u() - 2) * SIGMA[j]!;
      while (Math.abs(v - old) < 1.5 * SIGMA[j]!);
      row[NAMES[j]!] = v;
    }
    perturbed.push(chosen.map((j) => NAMES[j]!));
  }
  return { rows: base, perturbed };
}

/** The per-feature baseline: the largest |z| of a row (mean and σ from the reference). */
function maxAbsZ(rows: Array<Record<string, number>>, reference: Array<Record<string, number>>): number[] {
  const stats = NAMES.map((name) => {
    const xs = reference.map((r) => r[name]!);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    return { mean, std: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) };
  });
  return rows.map((r) => Math.max(...NAMES.map((name, j) => Math.abs((r[name]! - stats[j]!.mean) / stats[j]!.std))));
}

describe("analytics/outliers: autoencoder outliers at a 5% false positive rate", () => {
  let reference: Array<Record<string, number>>;
  let model: TrainedAutoencoder;

  beforeAll(async () => {
    reference = normalRows(5000, 1);
    const encoder = encodeRows({ features: FEATURES, reference });
    // A bottleneck of 4 units for 3 latent factors: room for the structure, little for the noise.
    model = await trainAutoencoder({ encoder, referenceRows: reference, hidden: 4, seed: 7, tf, epochs: 30, batchSize: 256 });
  });

  it("finds ≥ 90% of injected outliers with ≤ 7% false positives, naming a perturbed feature first", () => {
    // Threshold from normal rows the model never saw.
    const calibration = autoencoderOutlierScores({ model, rows: normalRows(2000, 2), tf });
    const threshold = thresholdAtFalsePositiveRate({ referenceScores: calibration.errors, rate: 0.05 });

    const normal = normalRows(2000, 3);
    const { rows: outliers, perturbed } = outlierRows(100, 4);
    const scored = autoencoderOutlierScores({ model, rows: [...normal, ...outliers], tf });
    expect(scored.errors).toHaveLength(2100);
    expect(scored.topFeatures).toHaveLength(2100);

    const falsePositives = scored.errors.slice(0, 2000).filter((e) => e > threshold).length / 2000;
    const outlierErrors = scored.errors.slice(2000);
    const detected = outlierErrors.filter((e) => e > threshold).length / 100;
    expect(detected).toBeGreaterThanOrEqual(0.9);
    expect(falsePositives).toBeLessThanOrEqual(0.07);

    const topIsPerturbed = scored.topFeatures.slice(2000).filter((top, i) => perturbed[i]!.includes(top[0]!.feature)).length / 100;
    expect(topIsPerturbed).toBeGreaterThanOrEqual(0.8);

    // Every row: at most 3 features, shares descending in [0, 1], summing to ≤ 1.
    for (const top of scored.topFeatures) {
      expect(top).toHaveLength(TOP_FEATURES);
      top.forEach((f, k) => {
        expect(f.share).toBeGreaterThanOrEqual(0);
        expect(f.share).toBeLessThanOrEqual(1);
        if (k > 0) expect(f.share).toBeLessThanOrEqual(top[k - 1]!.share);
      });
      expect(top.reduce((s, f) => s + f.share, 0)).toBeLessThanOrEqual(1 + 1e-9);
    }

    // The fixture is one a per-feature range check cannot solve: the largest |z| of a row,
    // thresholded at the same 5% rate on the same calibration rows, catches few of the outliers.
    const calibrationZ = maxAbsZ(normalRows(2000, 2), reference);
    const zThreshold = thresholdAtFalsePositiveRate({ referenceScores: calibrationZ, rate: 0.05 });
    const zDetected = maxAbsZ(outliers, reference).filter((z) => z > zThreshold).length / 100;
    expect(zDetected).toBeLessThan(0.25);

    console.info(
      `autoencoder outliers: detected ${(100 * detected).toFixed(0)}%, false positives ${(100 * falsePositives).toFixed(2)}%, ` +
        `top feature perturbed ${(100 * topIsPerturbed).toFixed(0)}%, per-feature |z| check detected ${(100 * zDetected).toFixed(0)}%`,
    );
  });

  it("the model survives JSON: errors within 1e-6 relative, same top features", () => {
    const rows = outlierRows(50, 5).rows;
    const a = autoencoderOutlierScores({ model, rows, tf });
    const b = autoencoderOutlierScores({ model: JSON.parse(JSON.stringify(model)) as TrainedAutoencoder, rows, tf });
    b.errors.forEach((e, i) => expect(Math.abs(e - a.errors[i]!)).toBeLessThanOrEqual(1e-6 * a.errors[i]!));
    expect(b.topFeatures.map((t) => t.map((f) => f.feature))).toEqual(a.topFeatures.map((t) => t.map((f) => f.feature)));
  });

  it("scoring leaks no tensors; no rows give empty results", () => {
    const before = tf.memory().numTensors;
    autoencoderOutlierScores({ model, rows: normalRows(10, 6), tf });
    expect(tf.memory().numTensors).toBe(before);
    expect(autoencoderOutlierScores({ model, rows: [], tf })).toEqual({ errors: [], topFeatures: [] });
  });

  it.each([
    ["not a model", () => autoencoderOutlierScores({ model: {} as TrainedAutoencoder, rows: [], tf }), /model is not a TrainedAutoencoder/],
    ["rows not an array", () => autoencoderOutlierScores({ model, rows: null as unknown as [], tf }), /rows must be an array/],
    [
      "a weight array of the wrong size",
      () => autoencoderOutlierScores({ model: { ...model, weights: [model.weights[0]!, [1], model.weights[2]!, model.weights[3]!] }, rows: [], tf }),
      /weight array 1 has 1 values, shape \[4\] needs 4/,
    ],
  ])("error: %s", (_name, call, message) => {
    expect(call).toThrow(message);
    expect(call).toThrow(/^analytics\/outliers: /);
  });
});

describe("analytics/outliers: thresholdAtFalsePositiveRate", () => {
  // Fixed values from numpy.quantile(scores, 1 − rate) (linear interpolation, numpy 1.24).
  it.each([
    ["10 values, rate 0.05", [3, 1, 4, 1, 5, 9, 2, 6, 5, 3], 0.05, 7.649999999999997],
    ["10 values, rate 0.1", [3, 1, 4, 1, 5, 9, 2, 6, 5, 3], 0.1, 6.299999999999999],
    ["10 values, rate 0.5", [3, 1, 4, 1, 5, 9, 2, 6, 5, 3], 0.5, 3.5],
    ["10 values, rate 0.01", [3, 1, 4, 1, 5, 9, 2, 6, 5, 3], 0.01, 8.73],
    ["1..100, rate 0.05", Array.from({ length: 100 }, (_, i) => i + 1), 0.05, 95.05],
    ["a single value", [7.5], 0.05, 7.5],
  ])("%s", (_name, scores, rate, expected) => {
    expect(thresholdAtFalsePositiveRate({ referenceScores: scores, rate })).toBeCloseTo(expected, 12);
  });

  it("defaults to rate 0.05 and does not reorder its input", () => {
    const scores = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    expect(thresholdAtFalsePositiveRate({ referenceScores: scores })).toBeCloseTo(7.649999999999997, 12);
    expect(scores).toEqual([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]);
  });

  it.each([
    ["rate 0", { referenceScores: [1], rate: 0 }, /rate must be in \(0, 1\)/],
    ["rate 1", { referenceScores: [1], rate: 1 }, /rate must be in \(0, 1\)/],
    ["rate NaN", { referenceScores: [1], rate: Number.NaN }, /rate must be in \(0, 1\)/],
    ["no scores", { referenceScores: [], rate: 0.05 }, /referenceScores must be a non-empty array/],
    ["a NaN score", { referenceScores: [1, Number.NaN], rate: 0.05 }, /referenceScores\[1\] is not a finite number/],
  ])("error: %s", (_name, input, message) => {
    expect(() => thresholdAtFalsePositiveRate(input)).toThrow(message);
    expect(() => thresholdAtFalsePositiveRate(input)).toThrow(/^analytics\/outliers: /);
  });
});
