// The events of an incident's timeline, from the timestamps the API exposes: openedAt, each window
// whose alerts the incident collected (alerts fire at the end of their window), updatedAt,
// resolvedAt. The API does not record when an incident was acknowledged: acknowledging sets
// updatedAt to the moment (off the window grid), later windows move updatedAt again, so the time is
// shown only when it can be told.
import type { ReactNode } from "react";
import { plural } from "@/lib/format";
import { alertWindows, lastAlertAt, onWindowBoundary, type AlertWindow, type IncidentDetail } from "@/lib/incident-queries";
import { formatUtcTime } from "./time";
import { ModelKeyLink } from "@/components/data-table";

type Kind = "opened" | "update" | "quiet" | "acknowledged" | "resolved" | "checked" | "remediation";

export interface TimelineEvent {
  kind: Kind;
  at: string | null;
  /** Where an untimed event sits (a gap sits just before the window that ends it). */
  sortAt?: number;
  title: string;
  body?: ReactNode;
}

export function buildTimeline(incident: IncidentDetail, windowSeconds: number): TimelineEvent[] {
  const [first, ...rest] = alertWindows(incident, windowSeconds);
  return sortEvents([openedEvent(incident, first), ...windowEvents(first, rest), ...statusEvents(incident, windowSeconds), ...remediationEvents(incident)]);
}

/** Each remediation action (docs/remediation.md) at the end of the window it was planned in, with its outcome. */
function remediationEvents(incident: IncidentDetail): TimelineEvent[] {
  return incident.remediationActions.map((a) => ({
    kind: "remediation",
    at: a.plannedAt,
    title: `${a.kind} on ${a.model.key} (step ${a.step}): ${a.status.toLowerCase()}`,
    body: a.outcome ?? undefined,
  }));
}

function openedEvent(incident: IncidentDetail, first: AlertWindow | undefined): TimelineEvent {
  return {
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
  };
}

/**
 * The windows after the first: consecutive windows with the same models are one "still unhealthy"
 * run; a model that comes or leaves, or a gap, starts a new event.
 */
function windowEvents(first: AlertWindow | undefined, rest: AlertWindow[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  let run: AlertWindow[] = [];
  const flush = () => {
    if (run.length > 0) events.push(runEvent(run));
    run = [];
  };
  let previous = new Set(first ? first.alerts.map((a) => a.model.key) : []);
  for (const w of rest) {
    const current = new Set(w.alerts.map((a) => a.model.key));
    if (w.quietBefore > 0) {
      flush();
      events.push({ kind: "quiet", at: null, sortAt: Date.parse(w.end) - 1, title: `${plural(w.quietBefore, "window")} without alerts` });
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
    events.push(changeEvent(w, came, left));
  }
  flush();
  return events;
}

function runEvent(run: AlertWindow[]): TimelineEvent {
  const alerts = run.reduce((n, w) => n + w.alerts.length, 0);
  const head = run[0]!;
  const tail = run[run.length - 1]!;
  return {
    kind: "update",
    at: tail.end,
    title: run.length === 1 ? "Still unhealthy" : `Still unhealthy for ${run.length} more windows`,
    body: (
      <>
        {plural(alerts, "alert")} {run.length === 1 ? "in the window" : "in the windows"} {formatUtcTime(head.start)}–{formatUtcTime(tail.end)} on <Keys windows={run} />
      </>
    ),
  };
}

/** A window where models joined, alert again, or stopped alerting. */
function changeEvent(w: AlertWindow, came: AlertWindow["joined"], left: string[]): TimelineEvent {
  const newly = came.filter((m) => w.joined.some((j) => j.id === m.id));
  const again = came.filter((m) => !newly.includes(m));
  const title = [
    newly.length ? `${newly.map((m) => m.key).join(", ")} joined` : "",
    again.length ? `${again.map((m) => m.key).join(", ")} alerting again` : "",
    left.length ? `no more alerts from ${left.join(", ")}` : "",
  ].filter(Boolean).join(" · ");
  return {
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
                <ModelKeyLink model={m} />
              </span>
            ))}
          </>
        ) : null}
      </>
    ),
  };
}

/** Acknowledged, the last update without alerts, resolved (by hand or by itself). */
function statusEvents(incident: IncidentDetail, windowSeconds: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
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
      body: auto ? `After ${plural(Math.round((resolvedMs - lastMs) / (windowSeconds * 1000)), "healthy window")}.` : "Resolved by hand.",
    });
  }
  return events;
}

/** Timed events in order; an untimed acknowledgement stays just before the resolution. */
function sortEvents(events: TimelineEvent[]): TimelineEvent[] {
  return events
    .map((e, index) => ({ e, index }))
    .sort((a, b) => order(a.e) - order(b.e) || a.index - b.index)
    .map(({ e }) => e);
}

function order(e: TimelineEvent): number {
  if (e.kind === "resolved") return Number.MAX_SAFE_INTEGER;
  if (e.at) return Date.parse(e.at);
  if (e.sortAt !== undefined) return e.sortAt;
  if (e.kind === "acknowledged") return Number.MAX_SAFE_INTEGER - 1;
  return -1;
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
