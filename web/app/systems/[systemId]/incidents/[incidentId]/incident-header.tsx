// The incident page's header (status, severity, summary) and its facts (when it opened, changed,
// was resolved, how long it lasted, its alerts and affected models) with Acknowledge and Resolve.
import Link from "next/link";
import { IncidentActions } from "@/components/incidents/incident-actions";
import { IncidentStatusBadge, Severity } from "@/components/incidents/incident-status";
import styles from "@/components/incidents/incidents.module.css";
import { Time, formatSpan } from "@/components/incidents/time";
import { LiveRefresh } from "@/components/live-refresh";
import { plural } from "@/lib/format";
import { incidentSeverity, type IncidentDetail } from "@/lib/incident-queries";
import { changeIncidentStatusAction } from "./actions";

export function IncidentHeader({ incident, systemId }: { incident: IncidentDetail; systemId: string }) {
  return (
  <div className="page-header">
    <div>
      <div className={styles.headerLine}>
        <IncidentStatusBadge status={incident.status} testId="incident-status" />
        <Severity severity={incidentSeverity(incident.alerts)} />
        <span className="muted">
          Incident <code>{incident.id.slice(0, 8)}</code>
        </span>
      </div>
      <h1 data-testid="incident-summary">{incident.summary}</h1>
      {incident.mergedInto ? (
        <p className="notice-warning" data-testid="incident-merged-into">
          Merged: a later window explained its root cause by another incident&apos;s root, which now holds its models and alerts —{" "}
          <Link href={`/systems/${systemId}/incidents/${incident.mergedInto.id}`}>{incident.mergedInto.summary}</Link>
        </p>
      ) : null}
    </div>
    <p className="page-header__meta">
      <LiveRefresh systemId={systemId} />
    </p>
  </div>
  );
}

export function IncidentFacts({ incident, systemId, windowCount, now }: { incident: IncidentDetail; systemId: string; windowCount: number; now: number }) {
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now;
  return (
  <section className="card" aria-label="Facts and actions">
    <dl className={styles.facts}>
      <div>
        <dt>Opened</dt>
        <dd>
          <Time iso={incident.openedAt} nowMs={now} />
        </dd>
      </div>
      <div>
        <dt>Last update</dt>
        <dd>
          <Time iso={incident.updatedAt} nowMs={now} />
        </dd>
      </div>
      <div>
        <dt>Resolved</dt>
        <dd>{incident.resolvedAt ? <Time iso={incident.resolvedAt} nowMs={now} /> : "not yet"}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd data-testid="incident-duration">
          {formatSpan(incident.openedAt, end)}
          {incident.resolvedAt ? "" : " (ongoing)"}
        </dd>
      </div>
      <div>
        <dt>Alerts</dt>
        <dd>
          {incident.alerts.length} in {plural(windowCount, "window")}
        </dd>
      </div>
      <div>
        <dt>Affected models</dt>
        <dd>{incident.affected.length}</dd>
      </div>
    </dl>
    {incident.status !== "RESOLVED" ? (
      <div style={{ marginTop: "1rem" }}>
        <IncidentActions action={changeIncidentStatusAction} systemId={systemId} incidentId={incident.id} status={incident.status} />
      </div>
    ) : null}
  </section>
  );
}
