import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { PageErrorState, isNotFound } from "@/components/api-error-state";
import { NotFoundState, SystemNotFoundState } from "@/components/incidents/not-found-state";
import styles from "@/components/incidents/incidents.module.css";
import { formatShortUtc, formatUtcTime } from "@/components/incidents/time";
import { AlertChart } from "@/components/incidents/alert-chart";
import { Timeline } from "@/components/incidents/timeline";
import { StatusBadge } from "@/components/status-badge";
import { Severity } from "@/components/incidents/incident-status";
import { SystemNav } from "@/components/system-nav";
import { plural } from "@/lib/format";
import {
  alertSignal,
  alertThreshold,
  alertWindows,
  fetchIncident,
  fetchIncidentContext,
  lastAlertAt,
  type IncidentContext,
  type IncidentDetail,
  type SystemInfo,
} from "@/lib/incident-queries";
import { IncidentFacts, IncidentHeader } from "./incident-header";
import { DataTable, ModelCell, ModelKeyLink } from "@/components/data-table";
import type { SearchParams } from "@/lib/search-params";
import { IncidentRemediation } from "@/components/remediation/incident-remediation";

export const metadata: Metadata = { title: "Incident" };

type Params = Promise<{ systemId: string; incidentId: string }>;

const DONE: Record<string, string> = {
  acknowledge: "Incident acknowledged.",
  resolve: "Incident resolved.",
};

export default async function IncidentPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await connection();
  const { systemId, incidentId } = await params;
  const query = await searchParams;
  const done = typeof query.done === "string" ? DONE[query.done] : undefined;
  const self = `/systems/${systemId}/incidents/${incidentId}`;

  let loaded: { system: SystemInfo | null; incident: IncidentDetail | null };
  let context: IncidentContext | null = null;
  try {
    loaded = await fetchIncident(systemId, incidentId);
    if (loaded.system && loaded.incident) context = await fetchIncidentContext(systemId, loaded.incident);
  } catch (error) {
    if (isNotFound(error)) return <SystemNotFoundState heading="Incident" />;
    console.error("[tandem-web] failed to load incident:", error);
    return <PageErrorState heading="Incident" title="Could not load this incident" error={error} retryHref={self} testId="incident-error" />;
  }
  if (!loaded.system) return <SystemNotFoundState heading="Incident" />;
  if (!loaded.incident || !context) {
    return (
      <NotFoundState heading="Incident not found" title="There is no such incident" testId="incident-not-found">
        <p>
          {loaded.system.name} has no incident with this id: the link may be mistyped or point to another system.{" "}
          <Link href={`/systems/${loaded.system.id}/incidents`}>See the incidents of {loaded.system.name}</Link>.
        </p>
      </NotFoundState>
    );
  }
  const system = loaded.system!;
  const incident = loaded.incident!;

  const now = Date.now();
  const windows = alertWindows(incident, system.windowSeconds);
  const last = lastAlertAt(incident);
  const affectedIds = new Set(incident.affected.map((m) => m.id));

  return (
    <div className="page" data-testid="incident-page" data-incident-id={incident.id} data-status={incident.status}>
      <SystemNav systemId={system.id} systemName={system.name} current="incidents" />
      <Link href={`/systems/${system.id}/incidents`} className={`${styles.back} no-print`}>
        ← All incidents of {system.name}
      </Link>
      <IncidentHeader incident={incident} systemId={system.id} />

      {done ? (
        <p className={styles.flash} role="status" data-testid="incident-flash">
          ✓ {done}
        </p>
      ) : null}

      <IncidentFacts incident={incident} systemId={system.id} windowCount={windows.length} now={now} />

      <div className={styles.grid}>
        <div>
          <RootCauseCard incident={incident} context={context} lastAlert={last} />
          <AffectedCard context={context} lastAlert={last} />
          <AlertsCard incident={incident} windowSeconds={system.windowSeconds} />
        </div>
        <div>
          <section className="card" aria-labelledby="timeline-title">
            <div className={`section-heading ${styles.sectionTitle}`}>
              <h2 id="timeline-title">Timeline</h2>
            </div>
            <AlertChart incident={incident} windowSeconds={system.windowSeconds} />
            <Timeline incident={incident} windowSeconds={system.windowSeconds} />
          </section>
          <IncidentRemediation systemId={system.id} incidentId={incident.id} />
          <BlastRadiusCard incident={incident} context={context} affectedIds={affectedIds} />
        </div>
      </div>
    </div>
  );
}

function RootCauseCard({ incident, context, lastAlert }: { incident: IncidentDetail; context: IncidentContext; lastAlert: string | null }) {
  const root = incident.rootCause;
  const cause = context.rootCause;
  return (
    <section className={`card ${styles.rootCause}`} aria-labelledby="root-title" data-testid="incident-root-cause">
      <div className={`section-heading ${styles.sectionTitle}`}>
        <h2 id="root-title">Root cause</h2>
        {cause ? (
          <span className="muted">
            ranked #{cause.rank} (score {cause.score.toFixed(2)}){lastAlert ? <> in the window ending {formatShortUtc(lastAlert)} UTC</> : null}
          </span>
        ) : null}
      </div>
      {root ? (
        <>
          <p className={styles.rootKey}>
            <Link href={`/models/${root.id}`} data-testid="incident-root-cause-link">
              <code>{root.key}</code>
            </Link>
            {root.name && root.name !== root.key ? <span className="muted"> · {root.name}</span> : null}
          </p>
          <p className={styles.explanation} data-testid="incident-explanation">
            {cause ? cause.explanation : <span className="muted">{incident.summary}. The API gave no explanation for the incident’s windows.</span>}
          </p>
          {cause && cause.evidence.some((e) => e.breached) ? (
            <>
              <h3 className="visually-hidden">Evidence</h3>
              <ul className={styles.evidence} aria-label="Breached signals">
                {cause.evidence
                  .filter((e) => e.breached)
                  .slice(0, 8)
                  .map((e) => (
                    <li key={`${e.kind}:${e.name}`}>
                      {e.kind.replace(/_/g, " ")} <code>{e.name}</code> {fmt(e.value)}
                      {e.threshold !== null ? <span className="muted"> / {fmt(e.threshold)}</span> : null}
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
        </>
      ) : (
        <p className={styles.explanation} data-testid="incident-explanation">
          No single model was found to have started it. {incident.summary}.
        </p>
      )}
    </section>
  );
}

function AffectedCard({ context, lastAlert }: { context: IncidentContext; lastAlert: string | null }) {
  return (
    <section className="card" aria-labelledby="affected-title" data-testid="incident-affected">
      <div className={`section-heading ${styles.sectionTitle}`}>
        <h2 id="affected-title">Affected models</h2>
        <span className="muted">{plural(context.affected.length, "model")}</span>
      </div>
      {context.affected.length === 0 ? (
        <p className="muted">No model is listed as affected.</p>
      ) : (
        <DataTable
          className={styles.table}
          columns={[
            { label: "Model" },
            { label: lastAlert ? `At ${formatUtcTime(lastAlert)} (last alerts)` : "During the incident" },
            { label: "Now" },
          ]}
        >
          {context.affected.map((m) => (
            <tr key={m.id} data-testid={`affected-${m.key}`}>
              <ModelCell model={m}>
                {m.name && m.name !== m.key ? <span className={styles.sub}>{m.name}</span> : null}
              </ModelCell>
              <td>{m.then ? <StatusBadge status={m.then.status} /> : <span className="muted">—</span>}</td>
              <td>
                <StatusBadge status={m.now.status} testId="affected-status" />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function AlertsCard({ incident, windowSeconds }: { incident: IncidentDetail; windowSeconds: number }) {
  const windows = alertWindows(incident, windowSeconds).reverse();
  return (
    <section className="card" aria-labelledby="alerts-title" data-testid="incident-alerts">
      <div className={`section-heading ${styles.sectionTitle}`}>
        <h2 id="alerts-title">Alerts</h2>
        <span className="muted">
          {plural(incident.alerts.length, "alert")} · newest window first
        </span>
      </div>
      {windows.length === 0 ? <p className="muted">This incident holds no alerts.</p> : null}
      {windows.map((w, i) => (
        <details key={w.end} className={styles.window} open={i === 0}>
          <summary>
            <strong>
              {formatShortUtc(w.start)}–{formatUtcTime(w.end)}
            </strong>
            <span className="muted">
              {plural(w.alerts.length, "alert")} on {[...new Set(w.alerts.map((a) => a.model.key))].join(", ")}
            </span>
          </summary>
          <DataTable
            className={styles.table}
            scrollStyle={{ border: 0 }}
            columns={[
              { label: "Model" },
              { label: "Signal" },
              { label: "Value / threshold" },
              { label: "Severity" },
            ]}
          >
            {w.alerts.map((a) => {
              const signal = alertSignal(a.rule);
              const threshold = alertThreshold(a.message);
              return (
                <tr key={a.id} data-testid="incident-alert" title={a.message}>
                  <td>
                    <ModelKeyLink model={a.model} />
                  </td>
                  <td>
                    {signal.kind ? <span className="muted">{signal.kind} </span> : null}
                    <code>{signal.name}</code>
                  </td>
                  <td className={styles.value}>
                    <span className={styles.over}>{fmt(a.value)}</span>
                    {threshold !== null ? <span className="muted"> vs {fmt(threshold)}</span> : null}
                  </td>
                  <td>
                    <Severity severity={a.severity} />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </details>
      ))}
    </section>
  );
}

function BlastRadiusCard({ incident, context, affectedIds }: { incident: IncidentDetail; context: IncidentContext; affectedIds: Set<string> }) {
  if (!incident.rootCause) return null;
  return (
    <section className="card" aria-labelledby="blast-title" data-testid="incident-blast-radius">
      <div className={`section-heading ${styles.sectionTitle}`}>
        <h2 id="blast-title">Blast radius</h2>
        <span className="muted">
          downstream of <code>{incident.rootCause.key}</code>
        </span>
      </div>
      {context.blastRadius.length === 0 ? (
        <p className="muted">No model depends on {incident.rootCause.key}: its trouble cannot spread.</p>
      ) : (
        <DataTable
          className={styles.table}
          columns={[
            { label: "Model" },
            { label: "Risk" },
            { label: "Hops" },
            { label: "Now" },
          ]}
        >
          {context.blastRadius.map((m) => (
            <tr key={m.model.id} data-testid={`blast-${m.model.key}`}>
              <ModelCell model={m.model}>
                {affectedIds.has(m.model.id) ? <span className={styles.tag}>affected</span> : null}
              </ModelCell>
              <td>
                <span className={styles.risk}>
                  <span className="meter-bar" role="img" aria-label={`risk ${Math.round(m.risk * 100)}%`}>
                    <span className={`meter-bar__fill ${styles.riskFill}`} style={{ width: `${Math.max(0, Math.min(1, m.risk)) * 100}%`, opacity: 0.35 + 0.65 * m.risk }} />
                  </span>
                  <span className={styles.riskValue}>{Math.round(m.risk * 100)}%</span>
                </span>
              </td>
              <td className={styles.number}>{m.hops}</td>
              <td>
                <StatusBadge status={m.model.health.status} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e6)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}
