// An incident's timeline, from the timestamps the API exposes: openedAt, each window whose alerts
// the incident collected (alerts fire at the end of their window), updatedAt, resolvedAt. The API
// does not record when an incident was acknowledged: acknowledging sets updatedAt to the moment
// (off the window grid), later windows move updatedAt again, so the time is shown only when it can
// be told.
import Link from "next/link";
import type { ReactNode } from "react";
import { plural } from "@/lib/format";
import { alertWindows, lastAlertAt, onWindowBoundary, type AlertWindow, type IncidentDetail } from "@/lib/incident-queries";
import styles from "./incidents.module.css";
import { formatShortUtc, formatUtc, formatUtcTime } from "./time";

type Kind = "opened" | "update" | "quiet" | "acknowledged" | "resolved" | "checked";

interface TimelineEvent {
  kind: Kind;
  at: string | null;
  /** Where an untimed event sits (a gap sits just before the window that ends it). */
  sortAt?: number;
  title: string;
  body?: ReactNode;
}

export function buildTimeline(incident: IncidentDetail, windowSeconds: number): TimelineEvent[] {
  const windows = alertWindows(incident, windowSeconds);
  const events: TimelineEvent[] = [];
  const [first, ...rest] = windows;

  events.push({
    kind: "opened",
    at: incident.openedAt,
    title: "Opened",
    body: first ? (
      <>
        {plural(first.alerts.length, "alert")} in the window {formatUtcTime(first.start)}–{formatUtcTime(first.end)} on <Keys windows={[first]} />
        {incident.rootCause ? (
          <>
            ; root cause <code>{incident.rootCause.key}</code>
          </>
        ) : null}
      </>
    ) : (
      "No alerts recorded."
    ),
  });

  // Consecutive windows with the same models are one "still unhealthy" run; a new model or a
  // gap starts a new event.
  let run: AlertWindow[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const alerts = run.reduce((n, w) => n + w.alerts.length, 0);
    const head = run[0]!;
    const tail = run[run.length - 1]!;
    events.push({
      kind: "update",
      at: tail.end,
      title: run.length === 1 ? "Still unhealthy" : `Still unhealthy for ${run.length} more windows`,
      body: (
        <>
          {plural(alerts, "alert")} {run.length === 1 ? "in the window" : "in the windows"} {formatUtcTime(head.start)}–{formatUtcTime(tail.end)} on <Keys windows={run} />
        </>
      ),
    });
    run = [];
  };
  let previous = new Set(first ? first.alerts.map((a) => a.model.key) : []);
  for (const w of rest) {
    const current = new Set(w.alerts.map((a) => a.model.key));
    if (w.quietBefore > 0) {
      flush();
      events.push({
        kind: "quiet",
        at: null,
        sortAt: Date.parse(w.end) - 1,
        title: `${plural(w.quietBefore, "window")} without alerts`,
      });
      previous = new Set();
    }
    const came = w.alerts.map((a) => a.model).filter((m, k, all) => !previous.has(m.key) && all.findIndex((o) => o.id === m.id) === k);
    const left = [...previous].filter((k) => !current.has(k)).sort();
    previous = current;
    if (came.length === 0 && left.length === 0) {
      run.push(w);
      continue;
    }
    flush();
    const newly = came.filter((m) => w.joined.some((j) => j.id === m.id));
    const again = came.filter((m) => !newly.includes(m));
    const title = [
      newly.length ? `${newly.map((m) => m.key).join(", ")} joined` : "",
      again.length ? `${again.map((m) => m.key).join(", ")} alerting again` : "",
      left.length ? `no more alerts from ${left.join(", ")}` : "",
    ].filter(Boolean).join(" · ");
    events.push({
      kind: "update",
      at: w.end,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      body: (
        <>
          {plural(w.alerts.length, "alert")} in the window {formatUtcTime(w.start)}–{formatUtcTime(w.end)} on <Keys windows={[w]} />
          {newly.length ? (
            <>
              ; newly affected:{" "}
              {newly.map((m, k) => (
                <span key={m.id}>
                  {k > 0 ? ", " : null}
                  <Link href={`/models/${m.id}`}>
                    <code>{m.key}</code>
                  </Link>
                </span>
              ))}
            </>
          ) : null}
        </>
      ),
    });
  }
  flush();

  const last = lastAlertAt(incident);
  const lastMs = last ? Date.parse(last) : Date.parse(incident.openedAt);
  const updatedMs = Date.parse(incident.updatedAt);
  const offGrid = !onWindowBoundary(incident.updatedAt, windowSeconds);

  if (incident.status === "ACKNOWLEDGED") {
    events.push({
      kind: "acknowledged",
      at: offGrid ? incident.updatedAt : null,
      title: "Acknowledged",
      body: offGrid ? "Someone is on it." : "Someone is on it. (The API does not record when it was acknowledged.)",
    });
  }
  // A later window that changed the incident without alerts: a healthy window counted towards
  // automatic resolution.
  if (!offGrid && updatedMs > lastMs && incident.status !== "RESOLVED") {
    events.push({
      kind: "checked",
      at: incident.updatedAt,
      title: "Last update",
      body: `${plural(Math.round((updatedMs - lastMs) / (windowSeconds * 1000)), "window")} without alerts so far; the incident resolves by itself after enough healthy windows.`,
    });
  }
  if (incident.resolvedAt) {
    const resolvedMs = Date.parse(incident.resolvedAt);
    const auto = onWindowBoundary(incident.resolvedAt, windowSeconds) && resolvedMs > lastMs;
    events.push({
      kind: "resolved",
      at: incident.resolvedAt,
      title: auto ? "Resolved by itself" : "Resolved",
      body: auto
        ? `After ${plural(Math.round((resolvedMs - lastMs) / (windowSeconds * 1000)), "healthy window")}.`
        : "Resolved by hand.",
    });
  }

  // Timed events in order; an untimed acknowledgement stays just before the resolution.
  return events
    .map((e, index) => ({ e, index }))
    .sort((a, b) => order(a.e) - order(b.e) || a.index - b.index)
    .map(({ e }) => e);

  function order(e: TimelineEvent): number {
    if (e.kind === "resolved") return Number.MAX_SAFE_INTEGER;
    if (e.at) return Date.parse(e.at);
    if (e.sortAt !== undefined) return e.sortAt;
    if (e.kind === "acknowledged") return Number.MAX_SAFE_INTEGER - 1;
    return -1;
  }
}

function Keys({ windows }: { windows: AlertWindow[] }) {
  const keys = [...new Set(windows.flatMap((w) => w.alerts.map((a) => a.model.key)))].sort();
  return (
    <>
      {keys.map((k, i) => (
        <span key={k}>
          {i > 0 ? ", " : null}
          <code>{k}</code>
        </span>
      ))}
    </>
  );
}

export function Timeline({ incident, windowSeconds }: { incident: IncidentDetail; windowSeconds: number }) {
  const events = buildTimeline(incident, windowSeconds);
  return (
    <ol className={styles.timeline} data-testid="incident-timeline">
      {events.map((e, i) =>
        e.kind === "quiet" ? (
          <li key={i} className={styles.event} data-kind={e.kind}>
            <span className={styles.dot} data-kind={e.kind} aria-hidden="true" />
            <span className={styles.quiet}>{e.title}</span>
          </li>
        ) : (
          <li key={i} className={styles.event} data-kind={e.kind} data-testid={`timeline-${e.kind}`}>
            <span className={styles.dot} data-kind={e.kind} aria-hidden="true" />
            <div className={styles.eventHead}>
              <span className={styles.eventTitle}>{e.title}</span>
              {e.at ? (
                <time className={styles.eventTime} dateTime={e.at} title={formatUtc(e.at)}>
                  {formatShortUtc(e.at)} UTC
                </time>
              ) : null}
            </div>
            {e.body ? <p className={styles.eventBody}>{e.body}</p> : null}
          </li>
        ),
      )}
    </ol>
  );
}

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
  const byEnd = new Map(windows.map((w) => [Date.parse(w.end), w]));
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
  // Slot i holds the window ending at firstEnd + i·step: an instant t sits at (t − firstEnd)/step + 1/2 slots.
  const resolvedX = incident.resolvedAt ? Math.min(W - 4, left + ((Date.parse(incident.resolvedAt) - firstEnd) / step) * slotW + slotW / 2) : null;
  const critical = incident.alerts.some((a) => a.severity === "critical");
  const warning = incident.alerts.some((a) => a.severity !== "critical");
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
    </>
  );
}
