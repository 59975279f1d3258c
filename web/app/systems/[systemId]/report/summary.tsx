// The report's summary: status, score, window, counts, and a one-sentence verdict with the most
// likely origin.
import { StatusBadge } from "@/components/status-badge";
import { formatInstant, formatWindow } from "@/components/system-map/format";
import { formatScore } from "@/components/system-map/model";
import { formatDuration, plural } from "@/lib/format";
import { statusLook } from "@/lib/status";
import type { MapSystem } from "@/lib/system-queries";
import styles from "./report.module.css";

export function ReportSummary({ system, live, reportedCount, generated, unhealthy }: { system: MapSystem; live: boolean; reportedCount: number | null; generated: Date; unhealthy: number }) {
  const health = system.health;
  const top = health.rootCauses[0];
  return (
  <section className={styles.section} aria-labelledby="summary-title" data-testid="report-summary">
    <h2 id="summary-title">Summary</h2>
    <dl className={styles.facts}>
      <div>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={health.status} testId="report-status" />
        </dd>
      </div>
      <div>
        <dt>Score</dt>
        <dd data-testid="report-score">{formatScore(health.score)}</dd>
      </div>
      <div>
        <dt>Window</dt>
        <dd data-testid="report-window" data-window-end={health.windowEnd}>
          {formatWindow(health.windowStart, health.windowEnd)} ({formatDuration(system.windowSeconds)}
          {live ? ", current" : ""}
          {health.stored ? "" : ", not evaluated yet"})
        </dd>
      </div>
      <div>
        <dt>Models</dt>
        <dd>
          {system.models.length} · {plural(system.dependencies.length, "dependency", "dependencies")}
        </dd>
      </div>
      <div>
        <dt>{live ? "Open incidents" : "Incidents then"}</dt>
        <dd data-testid="report-incident-count">{reportedCount !== null ? reportedCount : <span className="muted">unavailable</span>}</dd>
      </div>
      <div>
        <dt>Generated</dt>
        <dd>{formatInstant(generated)}</dd>
      </div>
    </dl>
    <p className={styles.verdict} data-testid="report-verdict">
      {verdict(system, unhealthy)}
      {top ? (
        <>
          {" "}
          Most likely origin: <strong>{top.model.key}</strong> — {top.explanation}.
        </>
      ) : null}
    </p>
  </section>
  );
}

function verdict(system: MapSystem, unhealthy: number): string {
  const n = system.models.length;
  const label = statusLook(system.health.status).label.toLowerCase();
  if (n === 0) return "The system has no models yet.";
  if (system.health.status === "UNKNOWN") return `No data in this window for any of the ${n} models.`;
  if (unhealthy === 0) return `All ${n} models with data are healthy.`;
  return `The system is ${label}: ${unhealthy} of ${n} models are degraded or failing.`;
}
