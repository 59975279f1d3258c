// Reference vs current distribution of one feature, as grouped bars of proportions: numeric bins
// (−∞,c1), [c1,c2), …, [c_last,+∞) drawn with equal widths (they are quantile bins) and labelled
// at their cut points, or one group per category. Hand-drawn SVG, responsive through its viewBox.
import { useId } from "react";
import { formatNumber, formatPercent, linearScale, niceTicks } from "./scale";
import { LegendItem, YGrid } from "./chart-parts";
import styles from "./charts.module.css";

export interface HistogramData {
  counts: number[];
  edges?: number[] | null;
  categories?: string[] | null;
}

export interface HistogramPairProps {
  /** Accessible name, e.g. "speed: reference vs current". */
  title: string;
  reference: HistogramData;
  current: HistogramData;
  /** At most this many categories are drawn; the rest are summed into "other". */
  maxCategories?: number;
  testId?: string;
  dataAttributes?: Record<`data-${string}`, string>;
}

interface Bin {
  label: string;
  ref: number;
  cur: number;
}

const W = 320;
const H = 150;
const M = { top: 10, right: 6, bottom: 30, left: 36 };

export function HistogramPair({ title, reference, current, maxCategories = 10, testId, dataAttributes }: HistogramPairProps) {
  const id = useId();
  const refTotal = sum(reference.counts);
  const curTotal = sum(current.counts);
  const numeric = !reference.categories && !current.categories;
  const edges = reference.edges ?? current.edges ?? [];
  const bins = numeric ? numericBins(reference, current, edges, refTotal, curTotal) : categoricalBins(reference, current, refTotal, curTotal, maxCategories);

  const maxShare = Math.max(0.01, ...bins.flatMap((b) => [b.ref, b.cur]));
  const yTicks = niceTicks(0, maxShare, 3);
  const yMax = Math.max(maxShare, yTicks[yTicks.length - 1] ?? maxShare);
  const y = linearScale([0, yMax], [H - M.bottom, M.top]);
  const plotW = W - M.left - M.right;
  const groupW = plotW / Math.max(1, bins.length);
  const gap = Math.min(6, groupW * 0.2);
  const barW = (groupW - gap) / 2;

  const summary = bins.map((b) => `${b.label}: reference ${formatPercent(b.ref)}, current ${formatPercent(b.cur)}`).join("; ");
  // Numeric: label the cut points, thinned to what fits; categorical: one label per group.
  const edgeStep = Math.max(1, Math.ceil(edges.length / Math.max(1, Math.floor(plotW / 40))));
  const maxChars = Math.max(3, Math.floor(groupW / 6));

  return (
    <figure className={styles.histFigure} data-testid={testId} {...dataAttributes}>
      <svg className={styles.svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>
          {refTotal === 0 && curTotal === 0 ? "No values in either window." : `Share of values per ${numeric ? "bin" : "category"}. ${summary}.`}
        </desc>
        <YGrid ticks={yTicks} y={y} left={M.left} right={W - M.right} labelX={M.left - 4} labelClassName={styles.tickLabelsSmall} format={formatPercent} />
        <line className={styles.axis} x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
        {bins.map((b, i) => {
          const gx = M.left + i * groupW + gap / 2;
          return (
            <g key={`${b.label}-${i}`} data-testid="histogram-bin">
              <title>{`${b.label}: reference ${formatPercent(b.ref)}, current ${formatPercent(b.cur)}`}</title>
              <rect className={styles.barReference} x={gx} y={y(b.ref)} width={barW} height={Math.max(0, y(0) - y(b.ref))} />
              <rect className={styles.barCurrent} x={gx + barW} y={y(b.cur)} width={barW} height={Math.max(0, y(0) - y(b.cur))} />
              {/* a transparent hit area, so the tooltip shows over the whole group */}
              <rect x={gx} y={M.top} width={barW * 2} height={H - M.top - M.bottom} fill="transparent" />
              {!numeric ? (
                <text className={styles.tickLabelsSmall} x={gx + barW} y={H - M.bottom + 12} textAnchor="middle">
                  {truncate(b.label, maxChars)}
                </text>
              ) : null}
            </g>
          );
        })}
        {numeric ? (
          <g className={styles.tickLabelsSmall} textAnchor="middle">
            {edges.map((e, i) =>
              i % edgeStep === 0 ? (
                <g key={i}>
                  <line className={styles.axis} x1={M.left + (i + 1) * groupW} x2={M.left + (i + 1) * groupW} y1={H - M.bottom} y2={H - M.bottom + 3} />
                  <text x={M.left + (i + 1) * groupW} y={H - M.bottom + 13}>
                    {formatNumber(e, 2)}
                  </text>
                </g>
              ) : null,
            )}
          </g>
        ) : null}
        <text className={styles.axisLabelSmall} x={(M.left + W - M.right) / 2} y={H - 3} textAnchor="middle">
          {numeric ? "bins cut at the reference deciles" : "category"}
        </text>
      </svg>
    </figure>
  );
}

function numericBins(reference: HistogramData, current: HistogramData, edges: number[], refTotal: number, curTotal: number): Bin[] {
  const n = edges.length + 1;
  const bins: Bin[] = [];
  for (let i = 0; i < n; i++) {
    const label =
      edges.length === 0
        ? "all values"
        : i === 0
          ? `< ${formatNumber(edges[0])}`
          : i === n - 1
            ? `≥ ${formatNumber(edges[n - 2])}`
            : `[${formatNumber(edges[i - 1])}, ${formatNumber(edges[i])})`;
    bins.push({
      label,
      ref: share(reference.counts.length === n ? reference.counts[i] : 0, refTotal),
      cur: share(current.counts.length === n ? current.counts[i] : 0, curTotal),
    });
  }
  return bins;
}

function categoricalBins(reference: HistogramData, current: HistogramData, refTotal: number, curTotal: number, max: number): Bin[] {
  const byName = new Map<string, Bin>();
  const add = (h: HistogramData, field: "ref" | "cur", total: number) => {
    (h.categories ?? []).forEach((c, i) => {
      const bin = byName.get(c) ?? { label: c, ref: 0, cur: 0 };
      bin[field] += share(h.counts[i] ?? 0, total);
      byName.set(c, bin);
    });
  };
  add(reference, "ref", refTotal);
  add(current, "cur", curTotal);
  const bins = [...byName.values()];
  if (bins.length <= max) return bins;
  bins.sort((a, b) => Math.max(b.ref, b.cur) - Math.max(a.ref, a.cur));
  const kept = bins.slice(0, max - 1);
  const rest = bins.slice(max - 1);
  kept.push({ label: `${rest.length} others`, ref: sum(rest.map((b) => b.ref)), cur: sum(rest.map((b) => b.cur)) });
  return kept;
}

function share(count: number, total: number): number {
  return total > 0 ? count / total : 0;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The shared legend of HistogramPair charts. */
export function HistogramLegend({ reference = "reference window", current = "current window" }: { reference?: string; current?: string }) {
  return (
    <ul className={styles.legend} data-testid="histogram-legend">
      <LegendItem label={reference} viewBox="0 0 12 12" swatch={<rect className={styles.barReference} x="1" y="1" width="10" height="10" />} />
      <LegendItem label={current} viewBox="0 0 12 12" swatch={<rect className={styles.barCurrent} x="1" y="1" width="10" height="10" />} />
    </ul>
  );
}
