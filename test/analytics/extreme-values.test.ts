// No value can blind monitoring (issue #11 point 4): every analysis answers finite numbers for
// extreme finite inputs — at the ingestion bound B = 1e15 (MAX_ABS_VALUE), mixtures of 1e-300 and
// ±B, constant columns of B, one B among normal values — and, beyond the bound, at ±1.7e308 (rows
// stored before the bound existed). Where SciPy / NumPy / scikit-learn can compute the answer (at
// the bound) it must still match test/fixtures/extreme/extreme.json (make-extreme-fixtures.py):
// statistics relative 1e-9, KS p-values relative 1e-6. Beyond the bound NumPy itself overflows;
// those values are derived by hand in each case.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { anomalyRates } from "../../api/src/analytics/anomaly/anomaly-rate.js";
import { anomalyScores, fitIsolationForest } from "../../api/src/analytics/anomaly/isolation-forest.js";
import { encode, encodeRows, multivariateDrift, trainAutoencoder } from "../../api/src/analytics/drift/autoencoder.js";
import { binCounts, decileEdges } from "../../api/src/analytics/drift/bins.js";
import { driftReport } from "../../api/src/analytics/drift/drift-report.js";
import { driftSignals } from "../../api/src/analytics/drift/drift-signals.js";
import { featureDrift } from "../../api/src/analytics/drift/feature-drift.js";
import { hellinger } from "../../api/src/analytics/drift/hellinger.js";
import { jensenShannon } from "../../api/src/analytics/drift/jensen-shannon.js";
import { ksTwoSample } from "../../api/src/analytics/drift/ks-test.js";
import { psi } from "../../api/src/analytics/drift/psi.js";
import { normalizedWasserstein, wasserstein1 } from "../../api/src/analytics/drift/wasserstein.js";
import { createSummaryBuilder, emptyNumeric, addNumeric } from "../../api/src/analytics/drift/window-summary.js";
import { populationMoments } from "../../api/src/analytics/finite-math.js";
import { fitHolt, forecastBreach } from "../../api/src/analytics/forecast/holt-forecast.js";
import { modelHealth } from "../../api/src/analytics/health/model-health.js";
import { estimateBinaryPerformance } from "../../api/src/analytics/performance/estimate-performance.js";
import { calibrate, fitIsotonic } from "../../api/src/analytics/performance/isotonic-calibration.js";
import { regressionMetrics } from "../../api/src/analytics/performance/regression-metrics.js";
import { windowPerformance } from "../../api/src/analytics/performance/window-performance.js";
import { prioritize, type Candidate } from "../../api/src/analytics/prioritize/prioritize.js";
import { MAX_ABS_VALUE } from "../../api/src/services/ingest/validate-values.js";

const B = MAX_ABS_VALUE;
const HUGE = 1.7e308;
const MAX = Number.MAX_VALUE;
const STAT_REL = 1e-9;
const P_REL = 1e-6;

interface DriftGolden {
  reference: string; current: string;
  ksStatistic: number; ksPValue: number; wasserstein1: number; referenceStd: number; normalizedWasserstein: number; edges: number[];
}
interface RegressionGolden { labels: number[]; predictions: number[]; mae: number; rmse: number; mape: number }
const golden = JSON.parse(readFileSync(resolve(__dirname, "../fixtures/extreme/extreme.json"), "utf8")) as {
  bound: number; samples: Record<string, number[]>; drift: DriftGolden[]; regression: Record<string, RegressionGolden>;
};

/** Every number reachable from `value` (objects, arrays, typed arrays), with its path. */
function numbers(value: unknown, path = "$", out: Array<[string, number]> = []): Array<[string, number]> {
  if (typeof value === "number") out.push([path, value]);
  else if (ArrayBuffer.isView(value)) Array.from(value as Float32Array).forEach((v, i) => out.push([`${path}[${i}]`, v]));
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

function expectAllFinite(value: unknown): void {
  const bad = numbers(value).filter(([, v]) => !Number.isFinite(v));
  expect(bad, `non-finite numbers: ${bad.slice(0, 5).map(([p, v]) => `${p} = ${v}`).join(", ")}`).toEqual([]);
}

function closeTo(actual: number, expected: number, rel: number): void {
  if (expected === 0) expect(Math.abs(actual)).toBeLessThanOrEqual(1e-15);
  else expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rel);
}

/** Extreme samples at a magnitude m (B at the bound, HUGE beyond it). */
function extremeSamples(m: number): Record<string, number[]> {
  const normals = golden.samples.normals!;
  return {
    alternating: Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? m : -m)),
    tinyAndHuge: Array.from({ length: 45 }, (_, i) => (i % 3 ? 1e-300 * (i + 1) * (i % 2 ? 1 : -1) : i % 2 ? m : -m)),
    constant: Array.from({ length: 30 }, () => m),
    outlier: normals.map((v, i) => (i === 17 ? m : v)),
    normals,
  };
}

describe("drift statistics at the bound match SciPy / NumPy", () => {
  it.each(golden.drift.map((g) => [`${g.reference} → ${g.current}`, g] as const))("%s", (_name, g) => {
    const reference = golden.samples[g.reference]!;
    const current = golden.samples[g.current]!;
    const ks = ksTwoSample({ reference, current });
    closeTo(ks.statistic, g.ksStatistic, STAT_REL);
    closeTo(ks.pValue, g.ksPValue, P_REL);
    closeTo(wasserstein1({ reference, current }), g.wasserstein1, STAT_REL);
    closeTo(populationMoments(reference).std, g.referenceStd, STAT_REL);
    closeTo(normalizedWasserstein({ reference, current }), g.normalizedWasserstein, STAT_REL);
    const edges = decileEdges(reference);
    expect(edges.length).toBe(g.edges.length);
    edges.forEach((e, i) => closeTo(e, g.edges[i]!, STAT_REL));
  });
});

describe("drift statistics stay finite on every extreme sample pair", () => {
  const pairs: Array<[string, string]> = [["alternating", "tinyAndHuge"], ["constant", "alternating"], ["alternating", "constant"], ["normals", "outlier"], ["outlier", "normals"], ["tinyAndHuge", "constant"], ["constant", "constant"]];
  const cases = [B, HUGE, MAX, -MAX].flatMap((m) => pairs.map(([r, c]) => [`|x| = ${m}: ${r} → ${c}`, m, r, c] as const));
  it.each(cases)("%s", (_name, m, r, c) => {
    const s = extremeSamples(m);
    const reference = s[r]!;
    const current = s[c]!;
    const edges = decileEdges(reference);
    const refBins = binCounts(reference, edges);
    const curBins = binCounts(current, edges);
    const out = {
      ks: ksTwoSample({ reference, current }),
      w1: wasserstein1({ reference, current }),
      nw: normalizedWasserstein({ reference, current }),
      edges, psi: psi({ reference: refBins, current: curBins }),
      js: jensenShannon({ reference: refBins, current: curBins }),
      hellinger: hellinger({ reference: refBins, current: curBins }),
      drift: ["KS", "CHI_SQUARE"].map((test) => featureDrift({ feature: "x", reference: summary(reference), current: summary(current), config: { test: test as "KS", effectSize: "HELLINGER" } })),
    };
    expectAllFinite(out);
  });

  it("hand-derived values beyond the bound", () => {
    const s = extremeSamples(MAX);
    // ±MAX alternating: the 5th decile interpolates halfway between −MAX and MAX (b − a overflows).
    expect(decileEdges(s.alternating!)).toEqual([-MAX, 0, MAX]);
    // A constant MAX against a constant −MAX: W1 = 2·MAX is beyond float64 → clamped.
    expect(wasserstein1({ reference: [MAX, MAX], current: [-MAX, -MAX] })).toBe(MAX);
    expect(normalizedWasserstein({ reference: [MAX, MAX], current: [-MAX, -MAX] })).toBe(MAX);
    // ±MAX against constant MAX: half the mass moves 2·MAX → W1 = MAX, std_ref = MAX → 1.
    closeTo(normalizedWasserstein({ reference: s.alternating!, current: s.constant! }), 1, 1e-12);
    closeTo(wasserstein1({ reference: s.alternating!, current: s.constant! }), MAX, 1e-12);
    expect(ksTwoSample({ reference: [MAX, MAX, MAX], current: [-MAX, -MAX] }).statistic).toBe(1);
    const m = populationMoments(s.alternating!);
    expect(m.mean).toBe(0);
    closeTo(m.std, MAX, 1e-12);
  });
});

function summary(values: number[]) {
  const out = emptyNumeric();
  for (const v of values) addNumeric(out, v, 20_000, () => 0.5);
  return out;
}

describe("a drift report, its signals and the model's health on extreme windows", () => {
  it.each([B, HUGE, MAX])("|x| = %s", (m) => {
    const build = (shift: number, seed: number) => {
      const b = createSummaryBuilder({ features: [{ name: "x", kind: "NUMERIC" }, { name: "k", kind: "CATEGORICAL" }, { name: "c", kind: "NUMERIC" }], sampleCap: 20_000, seed });
      for (let i = 0; i < 300; i++) {
        const x = i % 7 === 0 ? shift * m : i % 5 === 0 ? 1e-300 : (i % 13) - 6;
        b.add({ features: { x, k: i % 3 === 0 ? "a" : "b", c: m }, score: i % 11 === 0 ? -shift * m : i / 300, predictedClass: null, segment: i % 2 ? "s1" : "s2" });
      }
      return b.result();
    };
    const report = driftReport({ features: [{ name: "x", kind: "NUMERIC" }, { name: "k", kind: "CATEGORICAL" }, { name: "c", kind: "NUMERIC" }], reference: build(1, 1), current: build(-1, 2) });
    expectAllFinite(report);
    const signals = driftSignals({ report });
    expectAllFinite(signals);
    expectAllFinite(modelHealth({ signals, hasData: true }));
  });
});

describe("autoencoder and isolation forest on extreme columns", () => {
  beforeAll(async () => {
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "/"));
    await tf.setBackend("wasm");
    await tf.ready();
  });
  const FEATURES = [{ name: "a", kind: "NUMERIC" as const }, { name: "b", kind: "NUMERIC" as const }, { name: "c", kind: "NUMERIC" as const }];
  const rows = (m: number, n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => ({ a: (i * seed) % 2 ? m : -m, b: i % 9 === 0 ? m : ((i * 7919) % 100) / 50, c: i % 4 ? 1e-300 : m }));

  it.each([B, HUGE, MAX])("|x| = %s", async (m) => {
    const reference = rows(m, 200, 3);
    const current = rows(m, 100, 5).map((r, i) => ({ ...r, b: i % 3 === 0 ? -m : r.b }));
    const encoder = encodeRows({ features: FEATURES, reference });
    expectAllFinite(encoder);
    expectAllFinite(encode({ encoder, rows: current }));
    const model = await trainAutoencoder({ encoder, referenceRows: reference, seed: 3, tf, epochs: 2, batchSize: 64, chunks: 4 });
    expectAllFinite(model);
    expectAllFinite(multivariateDrift({ model, rows: current, tf }));
    expectAllFinite(anomalyRates({ features: FEATURES, reference, current, seed: 4, autoencoder: model, tf }));
    const raw = reference.map((r) => [r.a, r.b, r.c]);
    const forest = fitIsolationForest({ rows: raw, seed: 9, trees: 20 });
    expectAllFinite(anomalyScores({ forest, rows: current.map((r) => [r.a, r.b, r.c]) }));
  });
});

describe("performance metrics on extreme values", () => {
  it.each(Object.entries(golden.regression))("regression at the bound matches scikit-learn: %s", (_name, g) => {
    const m = regressionMetrics({ labels: g.labels, predictions: g.predictions });
    closeTo(m.mae!, g.mae, STAT_REL);
    closeTo(m.rmse!, g.rmse, STAT_REL);
    closeTo(m.mape!, g.mape, STAT_REL);
  });

  it("beyond the bound: hand-derived, clamped where float64 ends", () => {
    // |MAX/2 − (−MAX/2)| = MAX exactly: MAE = RMSE = MAX, MAPE = 2.
    const half = regressionMetrics({ labels: [MAX / 2, -MAX / 2], predictions: [-MAX / 2, MAX / 2] });
    expect(half).toEqual({ count: 2, mae: MAX, rmse: MAX, mape: 2 });
    // 2·MAX is beyond float64: clamped to MAX; a zero label with a huge error → MAPE clamped.
    expect(regressionMetrics({ labels: [MAX, -MAX], predictions: [-MAX, MAX] })).toEqual({ count: 2, mae: MAX, rmse: MAX, mape: 2 });
    const zero = regressionMetrics({ labels: [0, 0], predictions: [HUGE, 0] });
    expect(zero.mape).toBe(MAX);
    closeTo(zero.mae!, HUGE / 2, 1e-15);
    expectAllFinite(windowPerformance({ task: "REGRESSION", rows: [HUGE, -HUGE, 1e-300].map((v, i) => ({ score: -v, predictedClass: null, probabilities: null, labelValue: (v / 3) * (i + 1), labelClass: null })) }));
  });

  it.each([B, HUGE, MAX])("isotonic calibration and estimation with scores at ±%s", (m) => {
    const scores = [-m, -1, 1e-300, 0.2, 0.7, m, m, -m];
    const labels = [0, 0, 0, 1, 1, 1, 0, 1];
    const calibrator = fitIsotonic({ scores, labels });
    expectAllFinite(calibrator);
    for (const s of [-m, 0, 1e-300, m / 2, m]) expect(Number.isFinite(calibrate(calibrator, s))).toBe(true);
    expectAllFinite(estimateBinaryPerformance({ calibrator, scores }));
  });
});

describe("forecast on extreme series", () => {
  const series = (m: number): Record<string, number[]> => ({
    alternating: Array.from({ length: 12 }, (_, i) => (i % 2 ? m : -m)),
    constant: Array.from({ length: 12 }, () => m),
    rampToBound: Array.from({ length: 12 }, (_, i) => ((i - 6) / 6) * m),
    outlier: Array.from({ length: 12 }, (_, i) => (i === 6 ? m : 0.5 + i * 1e-300)),
  });
  const cases = [B, HUGE, MAX].flatMap((m) => Object.entries(series(m)).map(([name, values]) => [`|x| = ${m}: ${name}`, values] as const));
  it.each(cases)("%s", (_name, values) => {
    const points = values.map((value, i) => ({ windowStart: i * 3_600_000, windowEnd: (i + 1) * 3_600_000, value }));
    const r = forecastBreach({ points, threshold: 0.5, horizonMs: 1000 * 3_600_000, windowMs: 3_600_000 });
    expectAllFinite(r);
    expect(r.points.length).toBe(1000);
  });

  it("a constant series at ±MAX forecasts itself; scaling leaves α, β unchanged at the bound", () => {
    const fit = fitHolt({ values: Array.from({ length: 8 }, () => -MAX) });
    expect(fit.level).toBe(-MAX);
    expect(fit.trend).toBe(0);
    const ramp = Array.from({ length: 10 }, (_, i) => i * 0.1 + ((i * 37) % 5) * 0.01);
    const small = fitHolt({ values: ramp });
    const scaled = fitHolt({ values: ramp.map((v) => v * 2 ** 1000) });
    expect(scaled.alpha).toBe(small.alpha);
    expect(scaled.beta).toBe(small.beta);
    closeTo(scaled.level, small.level * 2 ** 1000, 1e-15);
  });
});

describe("retraining prioritization with extreme features and scores", () => {
  it.each([B, HUGE, MAX])("|x| = %s", (m) => {
    const candidates: Candidate[] = Array.from({ length: 30 }, (_, i) => ({
      id: `p${i}`, task: "REGRESSION", score: i % 5 === 0 ? m : i % 7 === 0 ? -m : i / 10, predictedClass: null, probabilities: null,
      label: { value: i % 3 === 0 ? -m : i % 4 === 0 ? 1e-300 : i / 10 + 1, class: null }, feedback: [],
      features: { x: i % 2 ? m : -m, y: i === 17 ? m : i, z: 1e-300 * i }, drift: { inDriftedRegion: i % 6 === 0, reconstructionError: i % 8 === 0 ? m : 0.1 }, blamed: i % 9 === 0,
    }));
    for (const strategy of ["DISAGREEMENT", "DRIFT", "BLAME", "COMBINED"] as const) {
      const ranked = prioritize({ strategy, candidates });
      expectAllFinite(ranked);
      for (const r of ranked) expect(r.priority).toBeGreaterThanOrEqual(0);
    }
  });
});
