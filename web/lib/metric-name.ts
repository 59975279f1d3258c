// The rule for a metric's name (the `metric` of performance, forecasts and alert rules): a letter
// or '_', then up to 127 letters, digits, '_', '.', ':' or '-'. This is a copy, the dashboard's only
// one, of api/src/analytics/performance/metric-name.ts: web/ may import only web/ (import rules)
// and the schema types `metric` as a plain String, so the rule does not reach web/ through
// api/schema.graphql. Change both together.
export const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;

/** The rule without its anchors, to match a metric name inside a longer text (an alert rule). */
export const METRIC_NAME_BODY = METRIC_NAME.source.slice(1, -1);

export function isMetricName(value: string): boolean {
  return METRIC_NAME.test(value);
}
