// What the model page knows about performance metrics: which ones the API computes per task and
// which ones are better low. The schema exposes neither (metric names are strings), so these lists
// are kept here until the API publishes them; the task keys come from the generated ModelTask enum,
// so a new task fails the type check until it is listed.
import type { ModelTask } from "./generated/graphql";

/** Windows shown in the window strip and the performance chart. */
export const TIMELINE_WINDOWS = 48;
/** Forecast horizon, in windows after the last window with data. */
export const FORECAST_WINDOWS = 12;
/** Baseline of the default threshold: the mean of the first points of the series (up to this many). */
export const BASELINE_POINTS = 6;
/** Default threshold: this share worse than the baseline (when no alert rule names the metric). */
export const DEFAULT_THRESHOLD_MARGIN = 0.1;

/** Metrics whose higher values are worse (the API forecasts a breach "above" for these). */
const LOWER_IS_BETTER = new Set(["log_loss", "brier", "mae", "rmse", "mape"]);

/** The metrics the API computes per task, the main one first. */
export const TASK_METRICS: Record<ModelTask, readonly string[]> = {
  BINARY_CLASSIFICATION: ["accuracy", "f1", "precision", "recall", "roc_auc", "log_loss", "brier"],
  MULTICLASS_CLASSIFICATION: ["accuracy", "macro_f1"],
  REGRESSION: ["mae", "rmse", "mape"],
  RANKING: ["mae", "rmse", "mape"],
};

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric) || /latency|error|loss/i.test(metric);
}
