// Performance signals of a model's window. Realized: each headline metric of the task against the
// reference window's value, breached when worse by more than PERFORMANCE_TOLERANCE (relative;
// "worse" follows the metric's direction); no baseline (too few reference labels) → no threshold.
// Estimated (a binary classifier with too few labels in the window): the expected accuracy from
// the reference-calibrated scores against the reference's accuracy, with the same tolerance.
// Pure: the metrics come computed (analytics/performance).
import { LOWER_IS_BETTER, type TaskName, type WindowPerformance } from "../performance/window-performance.js";
import type { Signal } from "./model-health.js";

/** Fewer labelled predictions than this: performance is not judged (too noisy); binary models are estimated instead. */
export const MIN_LABELED = 30;
/** A performance metric is breached when it is worse than the reference's by more than this share. */
export const PERFORMANCE_TOLERANCE = 0.1;
/** Metrics that speak for a model's performance in its health, per task. */
export const HEADLINE_METRICS: Readonly<Record<TaskName, readonly string[]>> = {
  BINARY_CLASSIFICATION: ["accuracy", "roc_auc"],
  MULTICLASS_CLASSIFICATION: ["accuracy", "macro_f1"],
  REGRESSION: ["rmse", "mae"],
  RANKING: ["rmse", "mae"],
};

/** The value past which `metric` counts as degraded, given the reference's value. */
export function performanceThreshold(args: { metric: string; baseline: number }): number {
  return LOWER_IS_BETTER.has(args.metric) ? args.baseline * (1 + PERFORMANCE_TOLERANCE) : args.baseline * (1 - PERFORMANCE_TOLERANCE);
}

/** Whether `value` of `metric` is worse than `threshold` (never without a threshold). */
export function performanceBreached(args: { metric: string; value: number; threshold: number | null }): boolean {
  if (args.threshold === null) return false;
  return LOWER_IS_BETTER.has(args.metric) ? args.value > args.threshold : args.value < args.threshold;
}

/**
 * The realized performance signals of the window (its headline metrics), and every metric value it
 * has (for alert rules); null when the window has fewer than MIN_LABELED labelled predictions.
 */
export function realizedPerformanceSignals(args: { task: TaskName; current: WindowPerformance; reference: WindowPerformance }): { signals: Signal[]; values: Map<string, number> } | null {
  const { task, current, reference } = args;
  if (current.count < MIN_LABELED) return null;
  const values = new Map<string, number>();
  for (const [name, value] of Object.entries(current.metrics)) if (value !== null) values.set(name, value);
  const signals: Signal[] = [];
  for (const name of HEADLINE_METRICS[task]) {
    const value = current.metrics[name];
    if (value === null || value === undefined) continue;
    const base = reference.count >= MIN_LABELED ? reference.metrics[name] : null;
    const threshold = base === null || base === undefined ? null : performanceThreshold({ metric: name, baseline: base });
    signals.push({ kind: "performance", name, value, threshold, breached: performanceBreached({ metric: name, value, threshold }) });
  }
  return { signals, values };
}

/**
 * The reference accuracy an estimate is judged against, or null when the window's accuracy cannot be
 * estimated: only binary classifiers whose reference has MIN_LABELED labels, an accuracy, and a
 * score on every labelled row (the calibration needs them).
 */
export function estimationBaseline(args: { task: TaskName; reference: WindowPerformance; referenceScored: boolean }): number | null {
  const accuracy = args.reference.metrics.accuracy;
  if (args.task !== "BINARY_CLASSIFICATION" || args.reference.count < MIN_LABELED || !args.referenceScored) return null;
  return accuracy === null || accuracy === undefined ? null : accuracy;
}

/** The estimated accuracy as a signal, against the reference's accuracy. */
export function estimatedAccuracySignal(args: { expectedAccuracy: number; referenceAccuracy: number }): Signal {
  const threshold = performanceThreshold({ metric: "accuracy", baseline: args.referenceAccuracy });
  return { kind: "estimated_performance", name: "accuracy", value: args.expectedAccuracy, threshold, breached: args.expectedAccuracy < threshold };
}
