// The prediction's logged attributions as signed horizontal bars, largest |value| first; forbidden
// features are outlined. Values are written beside the bars (what the e2e test compares with GraphQL).
import type { Explanation } from "@/lib/prediction-queries";
import styles from "./prediction.module.css";

const ROW = 26;
const LABEL_W = 150;
const VALUE_W = 150;
const WIDTH = 760;

export function AttributionChart({ attributions }: { attributions: Explanation["attributions"] }) {
  const max = Math.max(...attributions.map((a) => Math.abs(a.value)), 1e-12);
  const plot = WIDTH - LABEL_W - VALUE_W;
  const zero = LABEL_W + plot / 2;
  const height = attributions.length * ROW + 10;
  return (
    <svg className={styles.chart} viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Attributions, largest first" data-testid="attribution-chart">
      <line className={styles.axis} x1={zero} x2={zero} y1={0} y2={height} />
      {attributions.map((a, i) => {
        const w = (Math.abs(a.value) / max) * (plot / 2);
        const y = 5 + i * ROW;
        const cls = `${a.value >= 0 ? styles.barPositive : styles.barNegative} ${a.forbidden ? styles.barForbidden : ""}`;
        return (
          <g key={a.feature} data-testid="attribution-bar" data-feature={a.feature} data-value={a.value} data-forbidden={a.forbidden}>
            <text className={styles.label} x={LABEL_W - 8} y={y + ROW / 2 + 4} textAnchor="end">
              {a.feature}
              {a.forbidden ? " (forbidden)" : ""}
            </text>
            <rect className={cls} x={a.value >= 0 ? zero : zero - w} y={y + 3} width={Math.max(w, 1)} height={ROW - 8} />
            <text className={styles.label} x={WIDTH - VALUE_W + 8} y={y + ROW / 2 + 4}>
              {a.value >= 0 ? "+" : "−"}
              {Math.abs(a.value).toPrecision(3)} ({(a.share * 100).toFixed(1)}%)
            </text>
          </g>
        );
      })}
    </svg>
  );
}
