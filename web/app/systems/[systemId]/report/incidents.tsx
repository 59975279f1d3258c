// The report's incidents (open now, or going on in a past window) with their root cause, then the
// window's ranked root causes and its cascades.
import { formatTime } from "@/components/system-map/format";
import { formatScore } from "@/components/system-map/model";
import type { MapIncident, MapSystemHealth } from "@/lib/system-queries";
import styles from "./report.module.css";

export function ReportIncidents({ health, live, reported, incidentsError }: { health: MapSystemHealth; live: boolean; reported: MapIncident[]; incidentsError: string | null }) {
  const explanationOf = new Map(health.rootCauses.map((rc) => [rc.model.id, rc]));
  return (
  <section className={styles.section} aria-labelledby="incidents-title" data-testid="report-incidents">
    <h2 id="incidents-title">{live ? "Open incidents" : "Incidents going on in this window"}</h2>
    {incidentsError ? <p className="muted">The incidents could not be loaded: {incidentsError}</p> : null}
    {!incidentsError && reported.length === 0 ? <p className="muted">None.</p> : null}
    {reported.map((i) => {
      const rc = i.rootCause ? explanationOf.get(i.rootCause.id) : undefined;
      return (
        <article key={i.id} className={styles.incident} data-testid={`report-incident-${i.id}`}>
          <h3>
            {i.summary} <span className={styles.incidentStatus}>{i.status.toLowerCase()}</span>
          </h3>
          <p className="muted">
            Opened {formatTime(i.openedAt)} UTC · updated {formatTime(i.updatedAt)} UTC · affected:{" "}
            {i.affected.length ? i.affected.map((a) => a.key).join(", ") : "—"}
          </p>
          <p>
            <strong>Root cause:</strong> {i.rootCause ? <code>{i.rootCause.key}</code> : "not determined"}
            {rc ? (
              <>
                {" "}
                (rank #{rc.rank}, score {formatScore(rc.score)}) — <span data-testid="report-incident-explanation">{rc.explanation}</span>
              </>
            ) : i.rootCause ? (
              <span className="muted"> — not ranked as a root cause in this window.</span>
            ) : null}
          </p>
          {i.remediationActions.length > 0 ? (
            <ul className={styles.causes} data-testid="report-incident-remediation">
              {i.remediationActions.map((a) => (
                <li key={a.id} data-status={a.status}>
                  Remediation step {a.step}: <strong>{a.kind}</strong> — {a.status.toLowerCase()}
                  {a.outcome ? <span className="muted"> ({a.outcome})</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </article>
      );
    })}

    <h3 className={styles.subTitle}>Root causes of the window</h3>
    {health.rootCauses.length === 0 ? (
      <p className="muted">None: no model turned anomalous.</p>
    ) : (
      <ol className={styles.causes} data-testid="report-root-causes">
        {health.rootCauses.slice(0, 5).map((rc) => (
          <li key={rc.model.id}>
            <strong>
              <code>{rc.model.key}</code>
            </strong>{" "}
            <span className="muted">score {formatScore(rc.score)}</span> — {rc.explanation}
          </li>
        ))}
      </ol>
    )}
    <h3 className={styles.subTitle}>Cascades</h3>
    {health.cascades.length === 0 ? (
      <p className="muted">None: trouble did not spread downstream.</p>
    ) : (
      <ul className={styles.causes}>
        {health.cascades.map((c) => (
          <li key={c.root.id}>
            <code>{c.root.key}</code> → {c.affected.map((a) => a.key).join(", ")} <span className="muted">· since {formatTime(c.startedAt)} UTC</span>
          </li>
        ))}
      </ul>
    )}
  </section>
  );
}
