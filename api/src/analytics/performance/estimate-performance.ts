// Label-free performance estimation for binary classifiers (issue 4, item 2; docs/health.md
// "Performance, estimation, forecasting"): NannyML's confidence-based performance estimation (CBPE).
//
// The calibrator is learned on the reference window's labels (`fitIsotonic`, isotonic regression as
// scikit-learn fits it). For a window without labels, with n rows, threshold t (default 0.5):
//
//   p_i    = calibrate(score_i)              calibrated probability that row i is positive
//   ŷ_i    = score_i ≥ t                     the model's decision (on the raw score, as realized
//                                            accuracy counts it)
//   q_i    = ŷ_i ? p_i : 1 − p_i             probability that the decision on row i is correct
//
//   expected accuracy  = (1/n) Σ q_i
//   expected TP = Σ_{ŷ=1} p_i,   FP = Σ_{ŷ=1} (1 − p_i),   FN = Σ_{ŷ=0} p_i
//   expected precision = TP / (TP + FP)          null when no row is predicted positive
//   expected recall    = TP / (TP + FN)          null when TP + FN = 0
//   expected F1        = 2 TP / (2 TP + FP + FN) null when that denominator is 0
//
// The correct-decision count is a sum of independent Bernoulli(q_i), a Poisson-binomial variable
// with variance Σ q_i (1 − q_i). The band is the 95% normal-approximation interval
//
//   expected accuracy ± z₀.₉₇₅ · √(Σ q_i (1 − q_i)) / n,   clipped to [0, 1],
//
// with z₀.₉₇₅ = 1.959963984540054. It covers the sampling noise of the window given the calibrated
// probabilities, not the error of the calibration itself (which the reference size bounds): read it
// as "the realized accuracy would fall here if the calibration were exact".
//
// The estimate is valid under covariate shift (the scores' distribution moves but P(y | score)
// stays as on the reference); under concept shift it is not, and nothing label-free can tell.

import { calibration, type IsotonicCalibrator } from "./isotonic-calibration.js";

const WHERE = "analytics/estimate-performance";

/** Standard normal 0.975 quantile (scipy.stats.norm.ppf(0.975)). */
export const Z_95 = 1.959963984540054;

export const ESTIMATION_DEFAULTS = { threshold: 0.5 } as const;

export interface EstimatedBinaryPerformance {
  count: number;
  expectedAccuracy: number;
  expectedPrecision: number | null;
  expectedRecall: number | null;
  expectedF1: number | null;
  /** 95% interval for the accuracy (Poisson-binomial variance, normal approximation, clipped to [0, 1]). */
  accuracyBand: [number, number];
}

export function estimateBinaryPerformance(args: {
  calibrator: IsotonicCalibrator;
  scores: ArrayLike<number>;
  threshold?: number;
}): EstimatedBinaryPerformance {
  const { scores } = args;
  const threshold = args.threshold ?? ESTIMATION_DEFAULTS.threshold;
  const calibrate = calibration(args.calibrator);
  if (scores == null || typeof scores.length !== "number") throw new Error(`${WHERE}: scores must be an array of numbers`);
  const n = scores.length;
  if (n === 0) throw new Error(`${WHERE}: at least one score is needed (skip windows without predictions)`);
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
    throw new Error(`${WHERE}: threshold must be a finite number, got ${String(threshold)}`);
  }

  let correct = 0;
  let variance = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (typeof s !== "number" || !Number.isFinite(s)) throw new Error(`${WHERE}: score ${i} is not a finite number (${String(s)})`);
    const p = calibrate(s);
    const positive = s >= threshold;
    const q = positive ? p : 1 - p;
    correct += q;
    variance += q * (1 - q);
    if (positive) {
      tp += p;
      fp += 1 - p;
    } else {
      fn += p;
    }
  }

  const expectedAccuracy = correct / n;
  const halfWidth = (Z_95 * Math.sqrt(variance)) / n;
  return {
    count: n,
    expectedAccuracy,
    expectedPrecision: ratio(tp, tp + fp),
    expectedRecall: ratio(tp, tp + fn),
    expectedF1: ratio(2 * tp, 2 * tp + fp + fn),
    accuracyBand: [Math.max(0, expectedAccuracy - halfWidth), Math.min(1, expectedAccuracy + halfWidth)],
  };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
