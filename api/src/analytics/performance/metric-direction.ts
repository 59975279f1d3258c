// Which way a metric is better. Every metric is "higher is better" (a breach is falling below a
// threshold) except these, where higher values are worse (a breach is rising above).
export const LOWER_IS_BETTER_METRICS = ["log_loss", "brier", "mae", "rmse", "mape"] as const;
export type LowerIsBetterMetric = (typeof LOWER_IS_BETTER_METRICS)[number];

export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(LOWER_IS_BETTER_METRICS);

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric);
}
