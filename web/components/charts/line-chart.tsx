// A hand-drawn SVG line chart over time: measured points (filled when realized, hollow when
// estimated), an optional forecast (dashed) with its band, horizontal thresholds and vertical
// markers (e.g. a predicted breach). Responsive through its viewBox; prints as is.
import { useId, type ReactNode } from "react";
import { formatNumber, linearScale, niceDomain, niceTicks } from "./scale";
import { formatTime, timeTickLabels, timeTicks } from "./time";
import { LegendItem, YGrid } from "./chart-parts";
import styles from "./charts.module.css";

export type PointKind = "realized" | "estimated" | "forecast";

export interface LinePoint {
  /** Time, in epoch milliseconds. */
  x: number;
  y: number;
  kind: PointKind;
  /** 95% band around the point, if any (estimates, forecasts). */
  lower?: number | null;
  upper?: number | null;
  /** Extra text for the point's tooltip (e.g. "212 labels"). */
  note?: string;
}

export interface ChartThreshold {
  y: number;
  label: string;
}

export interface ChartMarker {
  x: number;
  label: string;
  tone?: "danger" | "neutral";
}

export interface LineChartProps {
  /** Accessible name of the chart. */
  title: string;
  /** Accessible description (what the chart shows, in a sentence). */
  description: string;
  /** Measured points, oldest first: joined by a solid line. */
  points: LinePoint[];
  /** Forecast points, oldest first: joined by a dashed line from the last measured point. */
  forecast?: LinePoint[];
  thresholds?: ChartThreshold[];
  markers?: ChartMarker[];
  /** A shaded vertical span (e.g. the selected window). */
  highlight?: { from: number; to: number; label: string };
  xDomain?: [number, number];
  yLabel: string;
  xLabel?: string;
  /** Points further apart than this (ms) are not joined (a gap in the data). */
  maxGap?: number;
  formatY?: (y: number) => string;
  testId?: string;
  /** Extra attributes for tests (e.g. the metric and range that were queried). */
  dataAttributes?: Record<`data-${string}`, string>;
}

const W = 760;
const H = 300;
const M = { top: 18, right: 20, bottom: 46, left: 62 };

export function LineChart({
  title,
  description,
  points,
  forecast = [],
  thresholds = [],
  markers = [],
  highlight,
  xDomain,
  yLabel,
  xLabel = "Window end (UTC)",
  maxGap = Infinity,
  formatY = (y) => formatNumber(y),
  testId,
  dataAttributes,
}: LineChartProps) {
  const id = useId();
  const { x, y, xTicks, yTicks } = chartScales([...points, ...forecast], markers, thresholds, xDomain);
  const { bands, lines, forecastPath } = chartPaths(points, forecast, x, y, maxGap);

  const clipId = `${id}-clip`;
  return (
    <figure className={styles.figure} data-testid={testId} {...dataAttributes}>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <defs>
          <clipPath id={clipId}>
            <rect x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} />
          </clipPath>
        </defs>

        <Axes x={x} y={y} yTicks={yTicks} xTicks={xTicks} yLabel={yLabel} xLabel={xLabel} formatY={formatY} />

        {highlight ? <Highlight highlight={highlight} x={x} /> : null}

        <g clipPath={`url(#${clipId})`}>
          {bands.map((d, i) => (
            <path key={i} className={styles.band} d={d} />
          ))}
          {thresholds.map((t) => (
            <g key={`${t.label}-${t.y}`} data-testid="chart-threshold">
              <line className={styles.threshold} x1={M.left} x2={W - M.right} y1={y(t.y)} y2={y(t.y)} />
            </g>
          ))}
          {lines.map((d, i) => (
            <path key={i} className={styles.line} d={`M${d}`} />
          ))}
          {forecastPath ? <path className={styles.forecastLine} d={`M${forecastPath}`} /> : null}
        </g>
        {thresholds.map((t) => (
          <text key={`${t.label}-${t.y}-label`} className={styles.thresholdLabel} x={M.left + 6} y={y(t.y) - 5} textAnchor="start">
            {t.label}
          </text>
        ))}

        <Markers markers={markers} x={x} />

        {/* Points last, so they sit above the lines. */}
        <Points points={points} forecast={forecast} x={x} y={y} formatY={formatY} />
      </svg>
    </figure>
  );
}

type Scale = (value: number) => number;

/** Scales and ticks: x over the points and markers (or `xDomain`), y over the points, their bands and the thresholds. */
function chartScales(all: LinePoint[], markers: NonNullable<LineChartProps["markers"]>, thresholds: NonNullable<LineChartProps["thresholds"]>, xDomain: LineChartProps["xDomain"]) {
  const xs = all.map((p) => p.x).concat(markers.map((m) => m.x));
  const ys = all
    .flatMap((p) => [p.y, p.lower ?? p.y, p.upper ?? p.y])
    .concat(thresholds.map((t) => t.y))
    .filter(Number.isFinite);
  const [x0, x1] = xDomain ?? [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = niceDomain(Math.min(...ys), Math.max(...ys), 5);
  const x = linearScale([x0, x1], [M.left, W - M.right]);
  const y = linearScale([y0, y1], [H - M.bottom, M.top]);
  return { x, y, yTicks: niceTicks(y0, y1, 5), xTicks: timeTicks(x0, x1, 7) };
}

/** The band (one area per contiguous run of points with intervals), the measured lines and the forecast's line. */
function chartPaths(points: LinePoint[], forecast: LinePoint[], x: Scale, y: Scale, maxGap: number) {
  const all = [...points, ...forecast];
  // Band: estimated points' intervals and the forecast's, as one area per contiguous run.
  const banded = all.filter((p) => p.lower != null && p.upper != null);
  const bands = splitRuns(banded, maxGap).map((run) => {
    const top = run.map((p) => `${x(p.x).toFixed(1)},${y(p.upper!).toFixed(1)}`);
    const bottom = [...run].reverse().map((p) => `${x(p.x).toFixed(1)},${y(p.lower!).toFixed(1)}`);
    return `M${top.join("L")}L${bottom.join("L")}Z`;
  });
  const lines = splitRuns(points, maxGap).map((run) => run.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join("L"));
  const last = points[points.length - 1];
  const forecastPath =
    forecast.length > 0
      ? (last ? [last, ...forecast] : forecast).map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join("L")
      : null;
  return { bands, lines, forecastPath };
}

function Axes({ x, y, yTicks, xTicks, yLabel, xLabel, formatY }: { x: Scale; y: Scale; yTicks: number[]; xTicks: number[]; yLabel: string; xLabel: string; formatY: (y: number) => string }) {
  const xLabels = timeTickLabels(xTicks);
  return (
    <>
      {/* Grid and y axis */}
      <YGrid ticks={yTicks} y={y} left={M.left} right={W - M.right} labelX={M.left - 8} labelClassName={styles.tickLabels} format={formatY} />
      <text className={styles.axisLabel} transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {yLabel}
      </text>

      {/* x axis */}
      <line className={styles.axis} x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
      <g className={styles.tickLabels} textAnchor="middle">
        {xTicks.map((t, i) => (
          <g key={t}>
            <line className={styles.axis} x1={x(t)} x2={x(t)} y1={H - M.bottom} y2={H - M.bottom + 5} />
            <text x={x(t)} y={H - M.bottom + 18}>
              {xLabels[i]}
            </text>
          </g>
        ))}
      </g>
      <text className={styles.axisLabel} x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">
        {xLabel}
      </text>
    </>
  );
}

function Highlight({ highlight, x }: { highlight: NonNullable<LineChartProps["highlight"]>; x: Scale }) {
  return (
    <g>
      <rect className={styles.highlight} x={x(highlight.from)} y={M.top} width={Math.max(2, x(highlight.to) - x(highlight.from))} height={H - M.top - M.bottom}>
        <title>{highlight.label}</title>
      </rect>
    </g>
  );
}

function Markers({ markers, x }: { markers: NonNullable<LineChartProps["markers"]>; x: Scale }) {
  return (
    <>
      {markers.map((m) => {
        const mx = x(m.x);
        const anchor = mx > W - 160 ? "end" : "start";
        return (
          <g key={`${m.label}-${m.x}`} className={m.tone === "danger" ? styles.markerDanger : styles.marker} data-testid="chart-marker">
            <line x1={mx} x2={mx} y1={M.top} y2={H - M.bottom} />
            <text x={anchor === "end" ? mx - 5 : mx + 5} y={M.top + 12} textAnchor={anchor}>
              {m.label}
            </text>
          </g>
        );
      })}
    </>
  );
}

function Points({ points, forecast, x, y, formatY }: { points: LinePoint[]; forecast: LinePoint[]; x: Scale; y: Scale; formatY: (y: number) => string }) {
  return (
    <g>
      {points.map((p) => (
        <Point key={`m${p.x}`} cx={x(p.x)} cy={y(p.y)} kind={p.kind} testId="chart-point">
          {`${formatTime(p.x, true)} UTC: ${formatY(p.y)}${p.kind === "estimated" ? " (estimated)" : ""}${bandText(p, formatY)}${p.note ? ` · ${p.note}` : ""}`}
        </Point>
      ))}
      {forecast.map((p) => (
        <Point key={`f${p.x}`} cx={x(p.x)} cy={y(p.y)} kind="forecast" testId="chart-forecast-point">
          {`${formatTime(p.x, true)} UTC: forecast ${formatY(p.y)}${bandText(p, formatY)}`}
        </Point>
      ))}
    </g>
  );
}

function Point({ cx, cy, kind, testId, children }: { cx: number; cy: number; kind: PointKind; testId: string; children: ReactNode }) {
  const className = kind === "realized" ? styles.pointRealized : kind === "estimated" ? styles.pointEstimated : styles.pointForecast;
  return (
    <circle className={className} cx={cx} cy={cy} r={kind === "forecast" ? 2.5 : 4} data-testid={testId} data-kind={kind}>
      <title>{children}</title>
    </circle>
  );
}

function bandText(p: LinePoint, format: (y: number) => string): string {
  return p.lower != null && p.upper != null ? ` (95%: ${format(p.lower)}–${format(p.upper)})` : "";
}

function splitRuns<T extends { x: number }>(items: T[], maxGap: number): T[][] {
  const runs: T[][] = [];
  for (const item of items) {
    const run = runs[runs.length - 1];
    if (run && item.x - run[run.length - 1].x <= maxGap) run.push(item);
    else runs.push([item]);
  }
  return runs;
}

/** The legend of a LineChart: only the entries that appear in it. */
export function LineChartLegend({
  realized,
  estimated,
  forecast,
  band,
  threshold,
  marker,
}: {
  realized?: string;
  estimated?: string;
  forecast?: string;
  band?: string;
  threshold?: string;
  marker?: string;
}) {
  return (
    <ul className={styles.legend} data-testid="chart-legend">
      {realized ? <LegendItem label={realized} swatch={<PointSwatch className={styles.pointRealized} />} /> : null}
      {estimated ? <LegendItem label={estimated} swatch={<PointSwatch className={styles.pointEstimated} />} /> : null}
      {forecast ? <LegendItem label={forecast} swatch={<line className={styles.forecastLine} x1="0" x2="24" y1="6" y2="6" />} /> : null}
      {band ? <LegendItem label={band} swatch={<rect className={styles.band} x="0" y="1" width="24" height="10" />} /> : null}
      {threshold ? <LegendItem label={threshold} swatch={<line className={styles.threshold} x1="0" x2="24" y1="6" y2="6" />} /> : null}
      {marker ? <LegendItem label={marker} className={styles.markerDanger} swatch={<line x1="12" x2="12" y1="0" y2="12" />} /> : null}
    </ul>
  );
}

/** A line through a point: realized or estimated. */
function PointSwatch({ className }: { className: string | undefined }) {
  return (
    <>
      <line className={styles.line} x1="0" x2="24" y1="6" y2="6" />
      <circle className={className} cx="12" cy="6" r="4" />
    </>
  );
}
