// Label-free performance estimation (issue 4, item 2 and the "Estimation" acceptance bullet).
//
// - Isotonic calibration against scikit-learn 1.2 IsotonicRegression(out_of_bounds="clip", y_min=0,
//   y_max=1) golden values (test/fixtures/performance/estimation.json, made by
//   make-estimation-fixtures.py): thresholds, values and predictions within 1e-12 absolute.
// - Acceptance: on scikit-learn's breast-cancer data with covariate shift built by re-weighting the
//   "mean radius" of each production window, the accuracy estimated without labels (calibrated on
//   the reference window's labels) tracks the realized one: MAE ≤ 0.03 over ≥ 10 windows, and most
//   realized accuracies fall in the 95% band.
// - Hand-derived cases (tolerance 1e-12) and input errors.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { estimateBinaryPerformance, Z_95 } from "../../../api/src/analytics/performance/estimate-performance.js";
import { calibrate, fitIsotonic, type IsotonicCalibrator } from "../../../api/src/analytics/performance/isotonic-calibration.js";

const ISOTONIC_ABS = 1e-12;
const HAND_ABS = 1e-12;
const MAX_MAE = 0.03;
const MIN_WINDOWS = 10;

interface IsotonicCase {
  name: string;
  scores: number[];
  labels: number[];
  thresholds: number[];
  values: number[];
  grid: number[];
  predictions: number[];
}
interface Window {
  name: string;
  shift: { kind: string; strength: number };
  meanRadius: number;
  scores: number[];
  labels: number[];
}
interface Fixture {
  versions: Record<string, string>;
  isotonic: IsotonicCase[];
  experiment: { reference: { scores: number[]; labels: number[] }; windows: Window[] };
}

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../fixtures/performance/estimation.json"), "utf8"),
) as Fixture;

function expectClose(actual: number, expected: number, tol: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

function realizedAccuracy(scores: number[], labels: number[], threshold = 0.5): number {
  let correct = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i]! >= threshold ? 1 : 0) === labels[i]) correct++;
  return correct / scores.length;
}

describe("fitIsotonic / calibrate match scikit-learn IsotonicRegression", () => {
  it.each(fixture.isotonic.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const calibrator = fitIsotonic({ scores: c.scores, labels: c.labels });
    expect(calibrator.thresholds.length).toBe(c.thresholds.length);
    expect(calibrator.values.length).toBe(c.values.length);
    c.thresholds.forEach((x, i) => expectClose(calibrator.thresholds[i]!, x, ISOTONIC_ABS, `threshold ${i}`));
    c.values.forEach((y, i) => expectClose(calibrator.values[i]!, y, ISOTONIC_ABS, `value ${i}`));
    c.grid.forEach((t, i) => expectClose(calibrate(calibrator, t), c.predictions[i]!, ISOTONIC_ABS, `prediction at ${t}`));
    // JSON round trip: a stored calibrator predicts the same.
    const reloaded = JSON.parse(JSON.stringify(calibrator)) as IsotonicCalibrator;
    expect(reloaded).toEqual(calibrator);
  });

  it("accepts typed arrays and does not depend on row order", () => {
    const c = fixture.isotonic.find((x) => x.name.startsWith("scores rounded"))!;
    const order = c.scores.map((_, i) => i).reverse();
    const shuffled = fitIsotonic({
      scores: Float64Array.from(order.map((i) => c.scores[i]!)),
      labels: Uint8Array.from(order.map((i) => c.labels[i]!)),
    });
    expect(shuffled).toEqual(fitIsotonic({ scores: c.scores, labels: c.labels }));
  });
});

describe("acceptance: estimated accuracy tracks the realized one under covariate shift (breast cancer)", () => {
  const { reference, windows } = fixture.experiment;
  const calibrator = fitIsotonic({ scores: reference.scores, labels: reference.labels });
  const rows = windows.map((w) => {
    const estimate = estimateBinaryPerformance({ calibrator, scores: w.scores });
    const realized = realizedAccuracy(w.scores, w.labels);
    return { w, estimate, realized, error: Math.abs(estimate.expectedAccuracy - realized) };
  });
  const mae = rows.reduce((s, r) => s + r.error, 0) / rows.length;
  const inBand = rows.filter((r) => r.realized >= r.estimate.accuracyBand[0] && r.realized <= r.estimate.accuracyBand[1]).length;

  it(`MAE ≤ ${MAX_MAE} across ≥ ${MIN_WINDOWS} windows, most realized values inside the band`, () => {
    const f = (x: number) => x.toFixed(4);
    console.log(
      [
        `reference: ${reference.scores.length} rows, ${calibrator.thresholds.length} isotonic thresholds, realized accuracy ${f(realizedAccuracy(reference.scores, reference.labels))}`,
        "window        rows  mean radius  positives  estimated  realized  |error|  band",
        ...rows.map(
          (r) =>
            `${r.w.name.padEnd(12)}  ${String(r.estimate.count).padStart(4)}  ${r.w.meanRadius.toFixed(2).padStart(11)}  ` +
            `${f(r.w.labels.reduce((s, l) => s + l, 0) / r.w.labels.length).padStart(9)}  ${f(r.estimate.expectedAccuracy).padStart(9)}  ` +
            `${f(r.realized).padStart(8)}  ${f(r.error)}   [${f(r.estimate.accuracyBand[0])}, ${f(r.estimate.accuracyBand[1])}]`,
        ),
        `MAE ${f(mae)} over ${rows.length} windows; realized inside the band in ${inBand}/${rows.length}`,
      ].join("\n"),
    );
    expect(rows.length).toBeGreaterThanOrEqual(MIN_WINDOWS);
    expect(mae).toBeLessThanOrEqual(MAX_MAE);
    expect(inBand).toBeGreaterThan(rows.length / 2);
  });

  it("the windows really are shifted (mean radius spans several units)", () => {
    const radii = windows.map((w) => w.meanRadius);
    expect(Math.max(...radii) - Math.min(...radii)).toBeGreaterThan(3);
  });

  it("every estimate is a finite number in [0, 1] with a band around it", () => {
    for (const { estimate: e } of rows) {
      for (const v of [e.expectedAccuracy, e.expectedPrecision, e.expectedRecall, e.expectedF1]) {
        expect(v).not.toBeNull();
        expect(v!).toBeGreaterThanOrEqual(0);
        expect(v!).toBeLessThanOrEqual(1);
      }
      expect(e.accuracyBand[0]).toBeLessThanOrEqual(e.expectedAccuracy);
      expect(e.accuracyBand[1]).toBeGreaterThanOrEqual(e.expectedAccuracy);
    }
  });
});

describe("hand-derived cases", () => {
  const constant = (p: number): IsotonicCalibrator => ({ thresholds: [0.6], values: [p] });
  const cases: Array<{
    name: string;
    calibrator: IsotonicCalibrator;
    scores: number[];
    threshold?: number;
    expected: {
      expectedAccuracy: number;
      expectedPrecision: number | null;
      expectedRecall: number | null;
      expectedF1: number | null;
      accuracyBand: [number, number];
    };
  }> = [
    {
      // q = 0.9 on 4 rows: TP 3.6, FP 0.4, FN 0; sd = √(4·0.09)/4 = 0.15.
      name: "all p = 0.9, all predicted positive",
      calibrator: constant(0.9),
      scores: [0.6, 0.7, 0.8, 0.9],
      expected: {
        expectedAccuracy: 0.9,
        expectedPrecision: 0.9,
        expectedRecall: 1,
        expectedF1: 7.2 / 7.6,
        accuracyBand: [0.9 - Z_95 * 0.15, 1],
      },
    },
    {
      // q = 0.8 on 2 rows: TP 0, FP 0, FN 0.4 → precision undefined, recall 0, F1 0; sd = √(2·0.16)/2.
      name: "all p = 0.2, all predicted negative",
      calibrator: constant(0.2),
      scores: [0.1, 0.2],
      expected: {
        expectedAccuracy: 0.8,
        expectedPrecision: null,
        expectedRecall: 0,
        expectedF1: 0,
        accuracyBand: [0.8 - Z_95 * Math.sqrt(0.32) / 2, 1], // upper end clipped
      },
    },
    {
      name: "p = 0 everywhere, predicted negative: nothing positive to find",
      calibrator: constant(0),
      scores: [0.1, 0.3, 0.49],
      expected: { expectedAccuracy: 1, expectedPrecision: null, expectedRecall: null, expectedF1: null, accuracyBand: [1, 1] },
    },
    {
      // thresholds 0.4 → 0, 0.6 → 1: p = 0, 0.5, 1 for scores 0.3, 0.5, 0.7; 0.5 is predicted positive.
      // q = 1, 0.5, 1 → accuracy 2.5/3; TP 1.5, FP 0.5, FN 0; variance 0.25 → sd 0.5/3.
      name: "interpolated p = 0.5 on the decision boundary",
      calibrator: { thresholds: [0.4, 0.6], values: [0, 1] },
      scores: [0.3, 0.5, 0.7],
      expected: {
        expectedAccuracy: 2.5 / 3,
        expectedPrecision: 0.75,
        expectedRecall: 1,
        expectedF1: 3 / 3.5,
        accuracyBand: [2.5 / 3 - Z_95 * 0.5 / 3, 1],
      },
    },
    {
      // threshold 0.8: both rows predicted negative, p = 0.7 → q = 0.3; FN 1.4.
      name: "custom threshold",
      calibrator: constant(0.7),
      scores: [0.6, 0.75],
      threshold: 0.8,
      expected: {
        expectedAccuracy: 0.3,
        expectedPrecision: null,
        expectedRecall: 0,
        expectedF1: 0,
        accuracyBand: [0, 0.3 + Z_95 * Math.sqrt(0.42) / 2], // lower end clipped
      },
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const got = estimateBinaryPerformance({ calibrator: c.calibrator, scores: c.scores, threshold: c.threshold });
    expect(got.count).toBe(c.scores.length);
    for (const key of ["expectedAccuracy", "expectedPrecision", "expectedRecall", "expectedF1"] as const) {
      const want = c.expected[key];
      if (want === null) expect(got[key], key).toBeNull();
      else expectClose(got[key]!, want, HAND_ABS, key);
    }
    expectClose(got.accuracyBand[0], c.expected.accuracyBand[0], HAND_ABS, "band low");
    expectClose(got.accuracyBand[1], c.expected.accuracyBand[1], HAND_ABS, "band high");
  });

  it("calibrate interpolates linearly and clips at the ends", () => {
    const cal: IsotonicCalibrator = { thresholds: [0, 0.5, 1], values: [0.2, 0.4, 0.6] };
    expectClose(calibrate(cal, 0.25), 0.3, HAND_ABS, "0.25");
    expectClose(calibrate(cal, 0.75), 0.5, HAND_ABS, "0.75");
    expect(calibrate(cal, 0.5)).toBe(0.4);
    expect(calibrate(cal, -3)).toBe(0.2);
    expect(calibrate(cal, 7)).toBe(0.6);
    expect(calibrate(cal, Infinity)).toBe(0.6);
  });

  it("pools violators and averages ties: labels 1,0 | 0 | 1 at scores 0.1,0.1 | 0.2 | 0.3", () => {
    // Tie at 0.1 → mean 0.5 (weight 2); 0.5 > 0 at 0.2 → pooled (0.5·2 + 0)/3 = 1/3; then 1 at 0.3.
    const cal = fitIsotonic({ scores: [0.1, 0.3, 0.2, 0.1], labels: [1, 1, 0, 0] });
    expect(cal.thresholds).toEqual([0.1, 0.2, 0.3]);
    cal.values.forEach((v, i) => expectClose(v, [1 / 3, 1 / 3, 1][i]!, HAND_ABS, `value ${i}`));
  });
});

describe("input errors", () => {
  const good: IsotonicCalibrator = { thresholds: [0.2, 0.8], values: [0.1, 0.9] };
  it.each<[string, () => unknown, RegExp]>([
    ["fit: length mismatch", () => fitIsotonic({ scores: [0.1, 0.2], labels: [1] }), /^analytics\/isotonic-calibration: .*different lengths/],
    ["fit: no rows", () => fitIsotonic({ scores: [], labels: [] }), /^analytics\/isotonic-calibration: at least one/],
    ["fit: label not 0/1", () => fitIsotonic({ scores: [0.1, 0.2], labels: [1, 2] }), /^analytics\/isotonic-calibration: label 1 must be 0 or 1/],
    ["fit: NaN score", () => fitIsotonic({ scores: [Number.NaN], labels: [1] }), /^analytics\/isotonic-calibration: score 0 is not a finite number/],
    ["calibrate: NaN score", () => calibrate(good, Number.NaN), /^analytics\/isotonic-calibration: score must be a number/],
    ["calibrate: unsorted thresholds", () => calibrate({ thresholds: [0.8, 0.2], values: [0.1, 0.9] }, 0.5), /^analytics\/isotonic-calibration: .*increase strictly/],
    ["calibrate: decreasing values", () => calibrate({ thresholds: [0.2, 0.8], values: [0.9, 0.1] }, 0.5), /^analytics\/isotonic-calibration: .*must not decrease/],
    ["calibrate: value above 1", () => calibrate({ thresholds: [0.2], values: [1.5] }, 0.5), /^analytics\/isotonic-calibration: .*outside \[0, 1\]/],
    ["calibrate: length mismatch", () => calibrate({ thresholds: [0.2, 0.3], values: [0.5] }, 0.5), /^analytics\/isotonic-calibration: .*as many values/],
    ["calibrate: not a calibrator", () => calibrate({} as IsotonicCalibrator, 0.5), /^analytics\/isotonic-calibration: .*thresholds and values arrays/],
    ["estimate: no scores", () => estimateBinaryPerformance({ calibrator: good, scores: [] }), /^analytics\/estimate-performance: at least one score/],
    ["estimate: NaN score", () => estimateBinaryPerformance({ calibrator: good, scores: [0.3, Number.NaN] }), /^analytics\/estimate-performance: score 1 is not a finite number/],
    ["estimate: bad threshold", () => estimateBinaryPerformance({ calibrator: good, scores: [0.3], threshold: Number.NaN }), /^analytics\/estimate-performance: threshold must be a finite number/],
    ["estimate: bad calibrator", () => estimateBinaryPerformance({ calibrator: { thresholds: [], values: [] }, scores: [0.3] }), /^analytics\/isotonic-calibration: /],
  ])("%s", (_name, run, message) => {
    expect(run).toThrow(message);
  });
});
