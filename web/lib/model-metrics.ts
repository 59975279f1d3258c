// What the model page knows about performance metrics beyond what the API says. The metrics of a
// model's task and their direction come from the API (`Model.metrics`); custom metrics (named by
// alert rules, e.g. "ctr") have no direction there, so a name that says latency, error or loss is
// taken as lower-is-better.
import type { ModelInfo } from "./model-queries";

/** Windows shown in the window strip and the performance chart. */
export const TIMELINE_WINDOWS = 48;
/** Forecast horizon, in windows after the last window with data. */
export const FORECAST_WINDOWS = 12;
/** Baseline of the default threshold: the mean of the first points of the series (up to this many). */
export const BASELINE_POINTS = 6;
/** Default threshold: this share worse than the baseline (when no alert rule names the metric). */
export const DEFAULT_THRESHOLD_MARGIN = 0.1;

/** The metrics the API computes for the model's task, the main one first. */
export function taskMetricNames(model: Pick<ModelInfo, "metrics">): string[] {
  return model.metrics.map((m) => m.name);
}

export function lowerIsBetter(model: Pick<ModelInfo, "metrics">, metric: string): boolean {
  return model.metrics.find((m) => m.name === metric)?.lowerIsBetter ?? /latency|error|loss/i.test(metric);
}
