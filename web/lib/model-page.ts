// The model page's data, loaded in steps (see ./model-queries): which window to show, which metrics
// to try and which one to chart, its threshold, and its forecast. Server-side only.
import { BASELINE_POINTS, DEFAULT_THRESHOLD_MARGIN, FORECAST_WINDOWS, TIMELINE_WINDOWS, lowerIsBetter, taskMetricNames } from "./model-metrics";
import { alertRulesFromAlerts, fetchTimeline, type Alert, type AlertRule, type ModelInfo, type WindowVerdict } from "./model-queries";
import { fetchForecast, fetchWindow, type Forecast, type PerformancePoint, type WindowData } from "./model-window-queries";
import { endOfWindowBefore } from "./time-window";

export interface ThresholdChoice {
  value: number;
  /** "rule": from an alert rule; "default": derived from the baseline. */
  source: "rule" | "default";
  rule?: AlertRule;
  baseline?: number;
  lowerIsBetter: boolean;
}

interface Span {
  from: string;
  to: string;
}

export interface WindowChoice {
  windowMs: number;
  windows: WindowVerdict[];
  alerts: Alert[];
  latestWithData: string | null;
  selected: Span;
  /** What the performance chart covers: the windows of the strip. */
  range: Span;
  /** `at` was given but is not a date. */
  invalidAt: boolean;
  viewingPast: boolean;
}

export interface MetricChoice {
  metric: string;
  /** The metrics tried (asked for, of alert rules, of the task), and those with points. */
  candidates: string[];
  withData: string[];
  points: PerformancePoint[];
  threshold: ThresholdChoice | null;
  horizonSeconds: number;
  forecast: Forecast | null;
  forecastError: string | null;
}

export interface ModelPageData extends WindowChoice, MetricChoice {
  window: WindowData;
}

export async function loadModelPage(model: ModelInfo, atParam: string | null, metricParam: string | null): Promise<ModelPageData> {
  const choice = await chooseWindow(model, atParam);
  const rules = alertRulesFromAlerts(choice.alerts);
  // Candidate metrics: the one asked for, those of the model's alert rules, then the task's.
  const candidates = unique([...(metricParam ? [metricParam] : []), ...rules.map((r) => r.metric), ...taskMetricNames(model)]).slice(0, 8);
  const window = await fetchWindow(model.id, choice.selected, candidates, choice.range);
  const withData = candidates.filter((m) => (window.performance[m]?.length ?? 0) > 0);
  const metric = metricParam ?? withData[0] ?? rules[0]?.metric ?? taskMetricNames(model)[0] ?? "accuracy";
  const points = window.performance[metric] ?? [];
  const threshold = chooseThreshold(model, metric, rules, points);
  const horizonSeconds = FORECAST_WINDOWS * model.system.windowSeconds;
  const { forecast, forecastError } = await loadForecast(model.id, metric, threshold, points, horizonSeconds);
  return { ...choice, window, metric, candidates, withData, points, threshold, horizonSeconds, forecast, forecastError };
}

/** The window asked for with `at` (else the latest with data), and the strip of windows around it. */
async function chooseWindow(model: ModelInfo, atParam: string | null): Promise<WindowChoice> {
  const windowMs = model.system.windowSeconds * 1000;
  const nowEnd = Date.parse(model.health.windowEnd);
  const atMs = atParam ? Date.parse(atParam) : NaN;
  const invalidAt = atParam != null && !Number.isFinite(atMs);
  // The window containing the instant just before `at` (windows are aligned on multiples of their size).
  const requestedEnd = Number.isFinite(atMs) ? Math.min(nowEnd, endOfWindowBefore(atMs, windowMs)) : null;
  const timelineEnd =
    requestedEnd != null && requestedEnd <= nowEnd - (TIMELINE_WINDOWS - 1) * windowMs ? requestedEnd + 8 * windowMs : nowEnd;

  const { windows, alerts } = await fetchTimeline(model, new Date(Math.min(nowEnd, timelineEnd)));
  const latestWithData = [...windows].reverse().find((w) => w.status !== "UNKNOWN")?.windowEnd ?? null;
  const selectedEnd = requestedEnd != null ? new Date(requestedEnd).toISOString() : (latestWithData ?? model.health.windowEnd);
  const selected = { from: new Date(Date.parse(selectedEnd) - windowMs).toISOString(), to: new Date(Date.parse(selectedEnd)).toISOString() };
  const range = {
    from: windows[0]?.windowStart ?? new Date(Date.parse(selectedEnd) - TIMELINE_WINDOWS * windowMs).toISOString(),
    to: windows[windows.length - 1]?.windowEnd ?? selectedEnd,
  };
  const viewingPast = requestedEnd != null && selectedEnd !== latestWithData && requestedEnd < nowEnd;
  return { windowMs, windows, alerts, latestWithData, selected, range, invalidAt, viewingPast };
}

/** The threshold of an alert rule on the metric, else one {@link DEFAULT_THRESHOLD_MARGIN} worse than the baseline. */
function chooseThreshold(model: ModelInfo, metric: string, rules: AlertRule[], points: PerformancePoint[]): ThresholdChoice | null {
  const lower = lowerIsBetter(model, metric);
  const rule = rules.find((r) => r.metric === metric);
  if (rule) return { value: rule.threshold, source: "rule", rule, lowerIsBetter: rule.operator.startsWith(">") };
  if (points.length === 0) return null;
  const realized = points.filter((p) => !p.estimated);
  const base = (realized.length > 0 ? realized : points).slice(0, BASELINE_POINTS);
  const baseline = base.reduce((s, p) => s + p.value, 0) / base.length;
  if (!Number.isFinite(baseline)) return null;
  const margin = Math.abs(baseline) * DEFAULT_THRESHOLD_MARGIN || DEFAULT_THRESHOLD_MARGIN;
  return { value: lower ? baseline + margin : baseline - margin, source: "default", baseline, lowerIsBetter: lower };
}

async function loadForecast(
  modelId: string,
  metric: string,
  threshold: ThresholdChoice | null,
  points: PerformancePoint[],
  horizonSeconds: number,
): Promise<{ forecast: Forecast | null; forecastError: string | null }> {
  if (!threshold || points.length === 0) return { forecast: null, forecastError: null };
  try {
    return { forecast: await fetchForecast(modelId, metric, threshold.value, horizonSeconds), forecastError: null };
  } catch (error) {
    return { forecast: null, forecastError: error instanceof Error ? error.message : String(error) };
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
