// The performance metrics each task reports (window-performance.ts computes them), in display
// order, and which way each is better (metric-direction.ts).
import type { ModelTaskName } from "../model-tasks.js";
import { lowerIsBetter } from "./metric-direction.js";

/** Metrics each task reports, in display order. "Higher is better" unless lowerIsBetter. */
export const TASK_METRICS: Readonly<Record<ModelTaskName, readonly string[]>> = {
  BINARY_CLASSIFICATION: ["accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "brier"],
  MULTICLASS_CLASSIFICATION: ["accuracy", "macro_f1"],
  REGRESSION: ["mae", "rmse", "mape"],
  RANKING: ["mae", "rmse", "mape"],
};

export interface TaskMetric {
  name: string;
  lowerIsBetter: boolean;
}

/** The metrics a model of `task` reports, in display order, with their direction. */
export function taskMetrics(task: ModelTaskName): TaskMetric[] {
  const names = TASK_METRICS[task];
  if (!names) throw new Error(`analytics/task-metrics: unknown task ${String(task)}`);
  return names.map((name) => ({ name, lowerIsBetter: lowerIsBetter(name) }));
}

/** Metrics whose values are shares or probabilities, in [0, 1]. */
const UNIT_INTERVAL: ReadonlySet<string> = new Set(["accuracy", "precision", "recall", "f1", "roc_auc", "macro_f1", "brier"]);

/** The values a built-in metric can take ([0, 1] for shares, [0, ∞) for errors and log loss); undefined for custom metrics (any value). */
export function metricRange(metric: string): { min: number; max: number } | undefined {
  if (UNIT_INTERVAL.has(metric)) return { min: 0, max: 1 };
  if (lowerIsBetter(metric)) return { min: 0, max: Infinity };
  return undefined;
}
