// Performance metrics (binary, multiclass, regression) against scikit-learn 1.2 golden values
// (test/fixtures/performance/metrics.json, made by make-metric-fixtures.py), hand-derived cases
// and input errors.
//
// Tolerance: relative 1e-9, absolute 1e-12 when the expected value is within 1e-12 of 0.
// A null in the fixture (sklearn raised or returned nan) must be null here.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { binaryMetrics } from "../../../api/src/analytics/performance/binary-metrics.js";
import { multiclassMetrics } from "../../../api/src/analytics/performance/multiclass-metrics.js";
import { regressionMetrics } from "../../../api/src/analytics/performance/regression-metrics.js";

const REL = 1e-9;
const ABS_AT_ZERO = 1e-12;

type Expected = Record<string, number | null>;
interface Fixture {
  versions: Record<string, string>;
  binary: Array<{ name: string; labels: number[]; scores?: number[]; predicted?: number[]; expected: Expected }>;
  multiclass: Array<{ name: string; labels: string[]; predicted: string[]; expected: Expected }>;
  regression: Array<{ name: string; labels: number[]; predictions: number[]; expected: Expected }>;
}

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../fixtures/performance/metrics.json"), "utf8"),
) as Fixture;

const maxError: Record<string, number> = {};

function relativeError(actual: number, expected: number): number {
  if (Math.abs(expected) <= ABS_AT_ZERO) return Math.abs(actual - expected) / ABS_AT_ZERO * REL;
  return Math.abs(actual - expected) / Math.abs(expected);
}

function expectClose(kind: string, actual: Record<string, number | null>, expected: Expected): void {
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    if (want === null) {
      expect(got, key).toBeNull();
      continue;
    }
    expect(typeof got, key).toBe("number");
    if (key === "count") {
      expect(got, key).toBe(want);
      continue;
    }
    const err = relativeError(got as number, want);
    const name = `${kind}.${key}`;
    maxError[name] = Math.max(maxError[name] ?? 0, err);
    // err ≤ REL means: relative error ≤ 1e-9, or absolute error ≤ 1e-12 near 0.
    expect(err, `${key}: got ${String(got)}, want ${want}`).toBeLessThanOrEqual(REL);
  }
  for (const value of Object.values(actual)) expect(Number.isNaN(value)).toBe(false);
}

afterAll(() => {
  // Scaled errors: relative error, or absolute error × 1e-9 / 1e-12 for expected values near 0.
  console.log(`performance metrics vs sklearn ${fixture.versions.sklearn}, max scaled error:`, maxError);
});

describe("analytics/performance: golden values from scikit-learn", () => {
  it("fixture was made by scikit-learn 1.2", () => {
    expect(fixture.versions.sklearn).toMatch(/^1\.2\./);
    expect(fixture.binary.length).toBeGreaterThan(10);
  });

  describe("binaryMetrics", () => {
    it.each(fixture.binary.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      const args: Parameters<typeof binaryMetrics>[0] = { labels: c.labels };
      if (c.scores !== undefined) args.scores = c.scores;
      if (c.predicted !== undefined) args.predicted = c.predicted;
      expectClose("binary", { ...binaryMetrics(args) }, c.expected);
      // Typed arrays give the same numbers.
      const typed: Parameters<typeof binaryMetrics>[0] = { labels: Uint8Array.from(c.labels) };
      if (c.scores !== undefined) typed.scores = Float64Array.from(c.scores);
      if (c.predicted !== undefined) typed.predicted = Int32Array.from(c.predicted);
      expect(binaryMetrics(typed)).toEqual(binaryMetrics(args));
    });
  });

  describe("multiclassMetrics", () => {
    it.each(fixture.multiclass.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      expectClose("multiclass", { ...multiclassMetrics({ labels: c.labels, predicted: c.predicted }) }, c.expected);
    });
  });

  describe("regressionMetrics", () => {
    it.each(fixture.regression.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      expectClose("regression", { ...regressionMetrics({ labels: c.labels, predictions: c.predictions }) }, c.expected);
    });
  });
});

describe("analytics/performance: hand-derived cases", () => {
  it("binary: labels 0 0 1 1, scores .1 .4 .35 .8", () => {
    // Predicted 0 0 0 1: TP 1, FP 0, FN 1, TN 2. AUC: pairs (pos, neg) with pos > neg: 3 of 4.
    const m = binaryMetrics({ labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] });
    expect(m.count).toBe(4);
    expect(m.accuracy).toBe(0.75);
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.f1).toBeCloseTo(2 / 3, 15);
    expect(m.rocAuc).toBe(0.75);
    const ll = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4;
    expect(Math.abs(m.logLoss! - ll)).toBeLessThan(1e-15);
    expect(m.brier).toBeCloseTo((0.01 + 0.16 + 0.4225 + 0.04) / 4, 15);
  });

  it("binary: a tie between a positive and a negative counts one half", () => {
    // Pairs: (0.7 vs 0.7) = ½, (0.7 vs 0.2) = 1 → (½ + 1) / 2.
    expect(binaryMetrics({ labels: [1, 0, 0], scores: [0.7, 0.7, 0.2] }).rocAuc).toBe(0.75);
  });

  it("binary: log loss clips exact 0/1 scores at eps = 2^-52", () => {
    const m = binaryMetrics({ labels: [1], scores: [0] });
    expect(m.logLoss).toBeCloseTo(-Math.log(2 ** -52), 12);
    expect(m.logLoss).toBeCloseTo(36.04365338911715, 12);
  });

  it("binary: predicted overrides the 0.5 threshold", () => {
    const m = binaryMetrics({ labels: [0, 1], scores: [0.9, 0.1], predicted: [0, 1] });
    expect(m.accuracy).toBe(1);
    expect(m.rocAuc).toBe(0);
  });

  it("binary: predicted only gives null for score metrics", () => {
    const m = binaryMetrics({ labels: [0, 1, 1], predicted: [0, 1, 0] });
    expect(m).toEqual({ count: 3, accuracy: 2 / 3, precision: 1, recall: 0.5, f1: 2 / 3, rocAuc: null, logLoss: null, brier: null });
  });

  it("binary: zero_division=0 — no positive label and no positive prediction", () => {
    const m = binaryMetrics({ labels: [0, 0], scores: [0.2, 0.3] });
    expect([m.precision, m.recall, m.f1, m.rocAuc]).toEqual([0, 0, 0, null]);
  });

  it("empty windows: count 0 and every metric null", () => {
    expect(binaryMetrics({ labels: [], scores: [] })).toEqual({
      count: 0, accuracy: null, precision: null, recall: null, f1: null, rocAuc: null, logLoss: null, brier: null,
    });
    expect(multiclassMetrics({ labels: [], predicted: [] })).toEqual({ count: 0, accuracy: null, macroF1: null });
    expect(regressionMetrics({ labels: [], predictions: [] })).toEqual({ count: 0, mae: null, rmse: null, mape: null });
  });

  it("multiclass: a class never predicted counts with F1 0", () => {
    // a: P 2/3, R 1 → 0.8; b: P 1, R 1 → 1; c: never predicted → 0. Mean 0.6.
    const m = multiclassMetrics({ labels: ["a", "a", "b", "c"], predicted: ["a", "a", "b", "a"] });
    expect(m.accuracy).toBe(0.75);
    expect(m.macroF1).toBeCloseTo(0.6, 15);
  });

  it("regression: MAPE divides by max(|y|, 2^-52)", () => {
    const m = regressionMetrics({ labels: [0, 2], predictions: [1, 1] });
    expect(m.mae).toBe(1);
    expect(m.rmse).toBe(1);
    expect(m.mape).toBe((2 ** 52 + 0.5) / 2);
  });
});

describe("analytics/performance: input errors", () => {
  it.each([
    ["length mismatch (scores)", () => binaryMetrics({ labels: [0, 1], scores: [0.5] }), /scores has 1 values but labels has 2/],
    ["length mismatch (predicted)", () => binaryMetrics({ labels: [0, 1], predicted: [1] }), /predicted has 1 values/],
    ["label not 0/1", () => binaryMetrics({ labels: [0, 2], scores: [0.1, 0.2] }), /labels\[1\] must be 0 or 1/],
    ["label NaN", () => binaryMetrics({ labels: [NaN], scores: [0.1] }), /labels\[0\] must be 0 or 1/],
    ["predicted not 0/1", () => binaryMetrics({ labels: [0, 1], predicted: [0, 0.5] }), /predicted\[1\] must be 0 or 1/],
    ["score NaN", () => binaryMetrics({ labels: [0, 1], scores: [0.1, NaN] }), /scores\[1\] is not a finite number/],
    ["score Infinity", () => binaryMetrics({ labels: [0], scores: [Infinity] }), /scores\[0\] is not a finite number/],
    ["score above 1", () => binaryMetrics({ labels: [0], scores: [1.5] }), /scores\[0\] must be in \[0, 1\]/],
    ["score below 0", () => binaryMetrics({ labels: [0], scores: [-0.1] }), /scores\[0\] must be in \[0, 1\]/],
    ["neither scores nor predicted", () => binaryMetrics({ labels: [0] }), /needs scores or predicted/],
    ["multiclass length mismatch", () => multiclassMetrics({ labels: ["a"], predicted: [] }), /predicted has 0 values but labels has 1/],
    ["multiclass non-string", () => multiclassMetrics({ labels: ["a", 1 as unknown as string], predicted: ["a", "b"] }), /labels\[1\] must be a string/],
    ["regression length mismatch", () => regressionMetrics({ labels: [1, 2], predictions: [1] }), /predictions has 1 values but labels has 2/],
    ["regression NaN label", () => regressionMetrics({ labels: [NaN], predictions: [1] }), /labels\[0\] is not a finite number/],
    ["regression infinite prediction", () => regressionMetrics({ labels: [1], predictions: [-Infinity] }), /predictions\[0\] is not a finite number/],
  ] as const)("%s", (_name, call, message) => {
    expect(call).toThrow(/^analytics\/performance: /);
    expect(call).toThrow(message);
  });
});
