// An incident's alerts per window as stacked bars (critical / warning), from the opening to the
// resolution or now.
import type { ReactNode } from "react";
import { plural } from "@/lib/format";
import { alertWindows, onWindowBoundary, type IncidentDetail } from "@/lib/incident-queries";
import styles from "./incidents.module.css";
import { formatShortUtc, formatUtc, formatUtcTime } from "./time";

/** Alerts per window as stacked bars (critical / warning), from the opening to the resolution or now. */
export function AlertChart({ incident, windowSeconds }: { incident: IncidentDetail; windowSeconds: number }) {
  const windows = alertWindows(incident, windowSeconds);
  if (windows.length === 0 || windowSeconds <= 0) return null;
  const step = windowSeconds * 1000;
  const firstEnd = Date.parse(windows[0]!.end);
  const lastAlert = Date.parse(windows[windows.length - 1]!.end);
  // updatedAt off the window grid is an acknowledgement's time, not a window: it does not extend the chart.
  const endCandidates = [lastAlert];
  if (onWindowBoundary(incident.updatedAt, windowSeconds)) endCandidates.push(Date.parse(incident.updatedAt));
  if (incident.resolvedAt) endCandidates.push(Date.parse(incident.resolvedAt));
  const lastEnd = Math.max(...endCandidates.filter(Number.isFinite));
  let slots = Math.ceil((lastEnd - firstEnd) / step) + 1;
  if (!Number.isFinite(slots) || slots < 1) slots = 1;
  slots = Math.min(slots, 2000);
  const max = Math.max(...windows.map((w) => w.alerts.length), 1);

  const W = 460;
  const H = 120;
  const top = 8;
  const bottom = 22;
  const left = 28;
  const plotW = W - left - 4;
  const plotH = H - top - bottom;
  const slotW = plotW / slots;
  const barW = Math.max(1, slotW * 0.75);
  const y = (n: number) => top + plotH - (n / max) * plotH;

  const bars = alertBars(windows, { firstEnd, step, slots, left, slotW, barW, y });
  // Slot i holds the window ending at firstEnd + i·step: an instant t sits at (t − firstEnd)/step + 1/2 slots.
  const resolvedX = incident.resolvedAt ? Math.min(W - 4, left + ((Date.parse(incident.resolvedAt) - firstEnd) / step) * slotW + slotW / 2) : null;
  return (
    <>
      <svg
        className={styles.chart}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Alerts per ${Math.round(windowSeconds / 60)}-minute window, from ${formatUtc(windows[0]!.start)} to ${formatUtc(new Date(firstEnd + (slots - 1) * step).toISOString())}; at most ${max} in one window`}
        data-testid="incident-alert-chart"
      >
        <line x1={left} x2={W - 4} y1={y(0)} y2={y(0)} stroke="var(--border-strong)" />
        <line x1={left} x2={W - 4} y1={y(max)} y2={y(max)} stroke="var(--border)" strokeDasharray="3 3" />
        <text x={left - 4} y={y(max) + 4} fontSize="10" textAnchor="end" fill="var(--text-muted)">
          {max}
        </text>
        <text x={left - 4} y={y(0) + 4} fontSize="10" textAnchor="end" fill="var(--text-muted)">
          0
        </text>
        {bars}
        {resolvedX !== null && resolvedX <= W - 2 ? (
          <g>
            <line x1={resolvedX} x2={resolvedX} y1={top} y2={y(0)} stroke="var(--status-healthy)" strokeWidth="2" strokeDasharray="4 2" />
            <text x={Math.min(resolvedX, W - 40)} y={top + 8} fontSize="10" fill="var(--status-healthy)" textAnchor="end">
              resolved
            </text>
          </g>
        ) : null}
        <text x={left} y={H - 6} fontSize="10" fill="var(--text-muted)">
          {formatShortUtc(windows[0]!.start)}
        </text>
        <text x={W - 4} y={H - 6} fontSize="10" textAnchor="end" fill="var(--text-muted)">
          {formatShortUtc(new Date(firstEnd + (slots - 1) * step).toISOString())} UTC
        </text>
      </svg>
      <AlertLegend incident={incident} windowSeconds={windowSeconds} />
    </>
  );
}

function AlertLegend({ incident, windowSeconds }: { incident: IncidentDetail; windowSeconds: number }) {
  const critical = incident.alerts.some((a) => a.severity === "critical");
  const warning = incident.alerts.some((a) => a.severity !== "critical");
  return (
    <p className={styles.legend}>
      {critical ? (
        <span>
          <span className={styles.swatch} style={{ background: "var(--status-failing)" }} aria-hidden="true" />
          critical alerts
        </span>
      ) : null}
      {warning ? (
        <span>
          <span className={styles.swatch} style={{ background: "var(--status-degraded)" }} aria-hidden="true" />
          warnings
        </span>
      ) : null}
      <span>one bar per {Math.round(windowSeconds / 60)}-minute window</span>
    </p>
  );
}

type Windows = ReturnType<typeof alertWindows>;

/** One stacked bar per window with alerts: critical at the bottom, the others above. */
function alertBars(
  windows: Windows,
  { firstEnd, step, slots, left, slotW, barW, y }: { firstEnd: number; step: number; slots: number; left: number; slotW: number; barW: number; y: (n: number) => number },
): ReactNode[] {
  const byEnd = new Map(windows.map((w) => [Date.parse(w.end), w]));
  const bars: ReactNode[] = [];
  for (let i = 0; i < slots; i++) {
    const end = firstEnd + i * step;
    const w = byEnd.get(end);
    const x = left + i * slotW + (slotW - barW) / 2;
    if (!w) continue;
    const critical = w.alerts.filter((a) => a.severity === "critical").length;
    const other = w.alerts.length - critical;
    const label = `${formatShortUtc(w.start)}–${formatUtcTime(w.end)}: ${plural(w.alerts.length, "alert")}${critical ? ` (${critical} critical)` : ""}`;
    bars.push(
      <g key={end}>
        <title>{label}</title>
        {critical > 0 ? <rect x={x} y={y(critical)} width={barW} height={y(0) - y(critical)} fill="var(--status-failing)" /> : null}
        {other > 0 ? <rect x={x} y={y(critical + other)} width={barW} height={y(critical) - y(critical + other)} fill="var(--status-degraded)" /> : null}
      </g>,
    );
  }
  return bars;
}
