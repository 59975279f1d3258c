// The system map page's header: name, live updates, status, score, the window shown and the open
// incidents.
import Link from "next/link";
import { LiveRefresh } from "@/components/live-refresh";
import { StatusBadge } from "@/components/status-badge";
import { formatWindow } from "@/components/system-map/format";
import { formatScore } from "@/components/system-map/model";
import { formatDuration, plural } from "@/lib/format";
import type { MapIncident, MapSystem } from "@/lib/system-queries";
import styles from "./page.module.css";

export function SystemHeader({ system, live, incidents, incidentsError }: { system: MapSystem; live: boolean; incidents: MapIncident[] | null; incidentsError: string | null }) {
  const health = system.health;
  const openCount = incidents ? incidents.filter((i) => i.status !== "RESOLVED").length : null;
  const acknowledged = incidents ? incidents.filter((i) => i.status === "ACKNOWLEDGED").length : 0;
  return (
  <header className={styles.header} data-testid="system-header">
    <div className={styles.titleRow}>
      <h1>{system.name}</h1>
      <LiveRefresh systemId={system.id} paused={!live} />
    </div>
    {system.description ? <p className={styles.description}>{system.description}</p> : null}
    <dl className={styles.facts}>
      <div>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={health.status} testId="system-status" />
        </dd>
      </div>
      <div>
        <dt title="1 − the largest anomaly score of its models (1 = all healthy)">Score</dt>
        <dd data-testid="system-score">{formatScore(health.score)}</dd>
      </div>
      <div>
        <dt>{live ? "Last closed window" : "Window shown"}</dt>
        <dd data-testid="system-window" data-window-start={health.windowStart} data-window-end={health.windowEnd} data-live={live ? "true" : "false"}>
          {formatWindow(health.windowStart, health.windowEnd)}
          <span className="muted">
            {" "}
            · {formatDuration(system.windowSeconds)} windows{health.stored ? "" : " · not evaluated yet"}
          </span>
        </dd>
      </div>
      <div>
        <dt>Open incidents</dt>
        <dd>
          {openCount === null ? (
            <span className="muted" title={incidentsError ?? undefined}>
              unavailable
            </span>
          ) : (
            <Link href={`/systems/${system.id}/incidents`} data-testid="open-incidents-link" data-count={openCount}>
              {plural(openCount, "open incident")}
              {acknowledged > 0 ? ` (${acknowledged} acknowledged)` : ""}
            </Link>
          )}
        </dd>
      </div>
    </dl>
  </header>
  );
}
