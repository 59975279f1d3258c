// The rule for a metric's name (custom metrics such as ctr, performance metrics such as accuracy,
// alert rules and forecasts name them): a letter or '_', then up to 127 letters, digits, '_', '.',
// ':' or '-'.
export const METRIC_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;

export function isMetricName(value: string): boolean {
  return METRIC_NAME_PATTERN.test(value);
}
