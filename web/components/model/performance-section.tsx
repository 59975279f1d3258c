// Performance over time: the chosen metric per window (realized from labels = filled points,
// estimated without labels = hollow points), the forecast with its 95% band, the threshold and
// the predicted breach time.
import Link from "next/link";
import { LineChart, LineChartLegend, type LinePoint } from "@/components/charts/line-chart";
import { formatNumber } from "@/components/charts/scale";
import type { ThresholdChoice } from "@/lib/model-page";
import type { Forecast, PerformancePoint } from "@/lib/model-window-queries";
import { formatInstant, formatWindow, metricLabel } from "./format";
import styles from "./model.module.css";

export interface PerformanceSectionProps {
  modelId: string;
  metric: string;
  /** Metrics that have points in the range (links to switch). */
  metricsWithData: string[];
  /** Other metrics tried that have no points. */
  metricsTried: string[];
  points: PerformancePoint[];
  range: { from: string; to: string };
  selected: { from: string; to: string };
  threshold: ThresholdChoice | null;
  forecast: Forecast | null;
  forecastError: string | null;
  horizonLabel: string;
  windowMs: number;
  /** Query string to keep when switching metric (e.g. the selected window). */
  at: string | null;
  task: string;
}

export function PerformanceSection(props: PerformanceSectionProps) {
  const { modelId, metric, metricsWithData, metricsTried, points, range, selected, threshold, forecast, forecastError, horizonLabel, windowMs, at, task } = props;
  const label = metricLabel(metric);
  return (
    <section
      className={`card ${styles.section}`}
      aria-labelledby="performance-title"
      data-testid="performance-section"
      data-metric={metric}
      data-from={range.from}
      data-to={range.to}
      data-points={String(points.length)}
    >
      <header className="section-heading">
        <h2 id="performance-title">Performance over time: {label}</h2>
        <MetricSwitcher modelId={modelId} metric={metric} metricsWithData={metricsWithData} at={at} />
      </header>

      {points.length === 0 ? (
        <PerformanceEmpty label={label} range={range} task={task} metricsTried={metricsTried} />
      ) : (
        <PerformanceChart label={label} points={points} range={range} selected={selected} threshold={threshold} forecast={forecast} windowMs={windowMs} />
      )}

      <div className={styles.forecastNote} data-testid="forecast-summary">
        <ForecastSummary
          forecast={forecast}
          error={forecastError}
          threshold={threshold}
          label={label}
          horizonLabel={horizonLabel}
          hasPoints={points.length > 0}
        />
      </div>
    </section>
  );
}

function MetricSwitcher({ modelId, metric, metricsWithData, at }: { modelId: string; metric: string; metricsWithData: string[]; at: string | null }) {
  if (!(metricsWithData.length > 1 || (metricsWithData.length > 0 && !metricsWithData.includes(metric)))) return null;
  return (
    <nav className={`${styles.metricNav} no-print`} aria-label="Metric">
      {metricsWithData.map((m) => (
        <Link
          key={m}
          href={`/models/${modelId}?${new URLSearchParams({ ...(at ? { at } : {}), metric: m }).toString()}`}
          aria-current={m === metric ? "true" : undefined}
          data-testid={`metric-${m}`}
        >
          {metricLabel(m)}
        </Link>
      ))}
    </nav>
  );
}

function PerformanceEmpty({ label, range, task, metricsTried }: { label: string; range: { from: string; to: string }; task: string; metricsTried: string[] }) {
  return (
    <div className={styles.empty} data-testid="performance-empty">
      <p className={styles.emptyTitle}>No labels yet: {label} cannot be measured</p>
      <p>
        No window from {formatWindow(range.from, range.to)} has labels for this model
        {task === "BINARY_CLASSIFICATION"
          ? ", and performance can only be estimated once the reference window has labels to calibrate on."
          : `, and performance is estimated without labels only for binary classifiers.`}{" "}
        Send labels with <code>ingestLabels</code> (or a custom metric with <code>ingestMetrics</code>) and the chart will fill in.
      </p>
      {metricsTried.length > 1 ? <p className="muted">Metrics tried: {metricsTried.map(metricLabel).join(", ")}.</p> : null}
    </div>
  );
}

type ChartProps = Pick<PerformanceSectionProps, "points" | "range" | "selected" | "threshold" | "forecast" | "windowMs"> & { label: string };

/** The measured points (filled: from labels, hollow: estimated), the forecast and its band, the threshold and the breach. */
function PerformanceChart({ label, points, range, selected, threshold, forecast, windowMs }: ChartProps) {
  const realized = points.filter((p) => !p.estimated).length;
  const estimated = points.length - realized;
  const forecastPoints = (forecast?.points ?? []).filter((p) => p.forecast);
  const measured: LinePoint[] = points.map((p) => ({
    x: Date.parse(p.windowEnd),
    y: p.value,
    kind: p.estimated ? "estimated" : "realized",
    lower: p.lower,
    upper: p.upper,
    note: p.estimated ? `estimated from ${p.count} predictions` : `${p.count} labelled predictions`,
  }));
  const future: LinePoint[] = forecastPoints.map((p) => ({ x: Date.parse(p.windowEnd), y: p.value, kind: "forecast", lower: p.lower, upper: p.upper }));
  const breachAt = forecast?.expectedBreachAt ?? null;
  const rangeFrom = Date.parse(range.from);
  const rangeTo = Math.max(Date.parse(range.to), ...future.map((p) => p.x), breachAt ? Date.parse(breachAt) : 0);
  const hasBand = [...measured, ...future].some((p) => p.lower != null && p.upper != null);

  return (
    <>
      <p className={styles.sectionSummary}>
        {realized > 0 ? `${realized} window${realized === 1 ? "" : "s"} measured from labels` : "No labels yet: performance is estimated"}
        {estimated > 0 && realized > 0 ? `, ${estimated} estimated without labels` : estimated > 0 ? ` in ${estimated} window${estimated === 1 ? "" : "s"}` : ""}
        {" · latest "}
        <strong>{formatNumber(points[points.length - 1].value)}</strong>
        {points[points.length - 1].estimated ? " (estimated)" : ""}
      </p>
      <LineChart
        title={`${label} per window`}
        description={`${label} of ${points.length} windows from ${formatWindow(range.from, range.to)}${future.length ? `, with a forecast of ${future.length} windows` : ""}${threshold ? `, against a threshold of ${formatNumber(threshold.value)}` : ""}.`}
        points={measured}
        forecast={future}
        thresholds={threshold ? [{ y: threshold.value, label: `threshold ${formatNumber(threshold.value)}` }] : []}
        markers={breachAt ? [{ x: Date.parse(breachAt), label: `breach ≈ ${formatInstant(breachAt)}`, tone: "danger" }] : []}
        highlight={{ from: Date.parse(selected.from), to: Date.parse(selected.to), label: `selected window ${formatWindow(selected.from, selected.to)}` }}
        xDomain={[rangeFrom, rangeTo]}
        yLabel={label}
        maxGap={windowMs * 1.5}
        testId="performance-chart"
      />
      <LineChartLegend
        realized={realized > 0 ? "realized (from labels)" : undefined}
        estimated={estimated > 0 ? "estimated (no labels)" : undefined}
        forecast={future.length > 0 ? "forecast" : undefined}
        band={hasBand ? "95% band" : undefined}
        threshold={threshold ? "threshold" : undefined}
        marker={breachAt ? "predicted breach" : undefined}
      />
    </>
  );
}

function ForecastSummary({
  forecast,
  error,
  threshold,
  label,
  horizonLabel,
  hasPoints,
}: {
  forecast: Forecast | null;
  error: string | null;
  threshold: ThresholdChoice | null;
  label: string;
  horizonLabel: string;
  hasPoints: boolean;
}) {
  const thresholdText = threshold ? <ThresholdText threshold={threshold} label={label} /> : null;
  if (error) {
    return (
      <p>
        <strong>Forecast unavailable:</strong> <span className={styles.mono}>{error}</span>
      </p>
    );
  }
  if (!forecast) {
    return <p className="muted">{hasPoints ? "No forecast: no threshold to forecast against." : "No forecast: there is no history to fit yet."}</p>;
  }
  const direction = forecast.direction === "above" ? "rises above" : "falls below";
  let verdict;
  if (forecast.reason === "ALREADY_BREACHED") {
    verdict = (
      <p className={styles.bad} data-testid="forecast-verdict" data-breach={forecast.expectedBreachAt ?? ""}>
        <span aria-hidden="true">■</span> Already breached: the latest {label} {direction} {formatNumber(forecast.threshold)}.
      </p>
    );
  } else if (forecast.expectedBreachAt) {
    verdict = (
      <p className={styles.bad} data-testid="forecast-verdict" data-breach={forecast.expectedBreachAt}>
        <span aria-hidden="true">▲</span> Predicted breach around <strong>{formatInstant(forecast.expectedBreachAt)} UTC</strong>: the forecast {direction}{" "}
        {formatNumber(forecast.threshold)} within the next {horizonLabel}.
      </p>
    );
  } else if (forecast.reason) {
    verdict = (
      <p className="muted" data-testid="forecast-verdict">
        No forecast: {forecast.reason === "TOO_FEW_POINTS" ? "too few windows with data to fit a trend (at least 4)" : forecast.reason}.
      </p>
    );
  } else {
    verdict = (
      <p className={styles.good} data-testid="forecast-verdict">
        <span aria-hidden="true">●</span> No breach expected within the next {horizonLabel}: the forecast stays {forecast.direction === "above" ? "below" : "above"}{" "}
        {formatNumber(forecast.threshold)}.
      </p>
    );
  }
  return (
    <>
      {verdict}
      {thresholdText}
    </>
  );
}

function ThresholdText({ threshold, label }: { threshold: ThresholdChoice; label: string }) {
  if (threshold.source === "rule" && threshold.rule) {
    return (
      <p className="muted" data-testid="threshold-source">
        Threshold from the model&apos;s alert rule <code>{`${threshold.rule.metric} ${threshold.rule.operator} ${threshold.rule.threshold}`}</code>.
      </p>
    );
  }
  return (
    <p className="muted" data-testid="threshold-source">
      No alert rule on {label}: the threshold shown ({formatNumber(threshold.value)}) is a default, 10% {threshold.lowerIsBetter ? "above" : "below"} the baseline{" "}
      {threshold.baseline != null ? `(${formatNumber(threshold.baseline)}, the mean of the first windows shown)` : ""}. Add one with <code>createAlertRule</code> to
      forecast against your own.
    </p>
  );
}
