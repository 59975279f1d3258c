import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { StatusBadge } from "@/components/status-badge";
import { SystemNav } from "@/components/system-nav";
import { formatInstant, formatTime, formatWindow } from "@/components/system-map/format";
import { ApiErrorState } from "@/components/api-error-state";
import { loadSystemPage, type SystemPageData } from "@/components/system-map/load";
import { badgeOf, buildMapView, formatScore } from "@/components/system-map/model";
import { MapLegend } from "@/components/system-map/panels";
import { SystemMapSvg } from "@/components/system-map/system-map-svg";
import { formatDuration, plural } from "@/lib/format";
import { statusLook, statusRank } from "@/lib/status";
import { fetchDrift, unresolved, type MapSystem } from "@/lib/system-queries";
import { PrintButton } from "./print-button";
import styles from "./report.module.css";

export const metadata: Metadata = {
  title: "Report",
};

/** Drift is fetched for the unhealthy models of the window, at most this many (one request each). */
const DRIFT_MODELS = 12;
const TOP_FEATURES = 3;

type Props = {
  params: Promise<{ systemId: string }>;
  searchParams: Promise<{ at?: string | string[] }>;
};

export default async function SystemReportPage({ params, searchParams }: Props) {
  await connection();
  const { systemId } = await params;
  const { at } = await searchParams;

  let data: SystemPageData | null;
  try {
    data = await loadSystemPage(systemId, at);
  } catch (error) {
    console.error("[tandem-web] failed to load the system report:", error);
    return (
      <div className="page">
        <div className="page-header">
          <h1>Report</h1>
        </div>
        <ApiErrorState title="Could not load this system's report" error={error} testId="report-error" />
      </div>
    );
  }
  if (!data) notFound();

  const { system, live, incidents, incidentsError } = data;
  const health = system.health;
  const generated = new Date();
  // Live: the incidents not resolved yet; a past window: those going on then.
  const reported = live ? unresolved(incidents ?? []) : data.active;
  const view = buildMapView(system, reported);
  const models = [...view.nodes].sort((a, b) => statusRank(a.status) - statusRank(b.status) || a.key.localeCompare(b.key));
  const unhealthy = models.filter((m) => m.status === "DEGRADED" || m.status === "FAILING");
  const explanationOf = new Map(health.rootCauses.map((rc) => [rc.model.id, rc]));
  const top = health.rootCauses[0];

  return (
    <div className={`page ${styles.report}`} data-testid="report">
      <style>{"@page { size: A4; margin: 14mm 12mm; }"}</style>
      <SystemNav systemId={system.id} systemName={system.name} current="report" />

      <header className={styles.head}>
        <div>
          <p className={styles.kicker}>Tandem · system health report</p>
          <h1>{system.name}</h1>
          {system.description ? <p className="muted">{system.description}</p> : null}
        </div>
        <div className={`${styles.actions} no-print`}>
          <PrintButton />
          {!live ? <Link href={`/systems/${system.id}/report`}>Report on now</Link> : null}
        </div>
      </header>

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
            <dd data-testid="report-incident-count">{incidents ? reported.length : <span className="muted">unavailable</span>}</dd>
          </div>
          <div>
            <dt>Generated</dt>
            <dd>{formatInstant(generated)}</dd>
          </div>
        </dl>
        <p className={styles.verdict} data-testid="report-verdict">
          {verdict(system, unhealthy.length)}
          {top ? (
            <>
              {" "}
              Most likely origin: <strong>{top.model.key}</strong> — {top.explanation}.
            </>
          ) : null}
        </p>
      </section>

      <section className={styles.section} aria-labelledby="map-title" data-testid="report-map">
        <h2 id="map-title">Dependency map</h2>
        {system.models.length === 0 ? (
          <p className="muted">This system has no models yet.</p>
        ) : (
          <div className={styles.map}>
            <SystemMapSvg
              view={view}
              idPrefix="report-map"
              interactive={false}
              testId="report-map-svg"
              title={`Dependency map of ${system.name}, ${formatWindow(health.windowStart, health.windowEnd)}`}
            />
            <MapLegend compact={view.geometry.compact} hasFeedback={view.edges.some((e) => e.feedback)} />
          </div>
        )}
      </section>

      <section className={`${styles.section} ${styles.pageBreak}`} aria-labelledby="models-title" data-testid="report-models">
        <h2 id="models-title">Models</h2>
        <div className="table-scroll">
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
                <th scope="col" className={styles.num}>
                  Anomaly
                </th>
                <th scope="col" className={styles.num}>
                  Propagated
                </th>
                <th scope="col">Root cause</th>
                <th scope="col">Breached signals</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => {
                const badge = badgeOf(m);
                return (
                  <tr key={m.id} data-testid={`report-model-${m.key}`} data-status={m.status}>
                    <th scope="row">
                      <Link href={`/models/${m.id}`}>
                        <code>{m.key}</code>
                      </Link>
                      {m.name && m.name !== m.key ? <div className="muted">{m.name}</div> : null}
                    </th>
                    <td>
                      <StatusBadge status={m.status} />
                    </td>
                    <td className={styles.num}>{formatScore(m.anomalyScore)}</td>
                    <td className={styles.num}>{formatScore(m.propagatedScore)}</td>
                    <td>{m.rootCauseRank ? `#${m.rootCauseRank}${badge ? "" : " (low)"}` : m.incidentRoot ? "incident root" : "—"}</td>
                    <td className={styles.signals}>
                      {m.breached.length === 0 ? "—" : `${m.breached.length}: ${m.breached.slice(0, 3).join(", ")}${m.breached.length > 3 ? ", …" : ""}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

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

      <section className={`${styles.section} ${styles.pageBreak}`} aria-labelledby="drift-title" data-testid="report-drift">
        <h2 id="drift-title">Top drifted features</h2>
        <p className="muted">
          Drift of the unhealthy models&apos; inputs in this window against their reference
          {unhealthy.length > DRIFT_MODELS ? ` (the ${DRIFT_MODELS} worst of ${unhealthy.length})` : ""}.
        </p>
        {unhealthy.length === 0 ? (
          <p data-testid="report-drift-none">Every model is healthy (or has no data) in this window: no drift to report.</p>
        ) : (
          <Suspense
            fallback={
              <p className="muted" role="status" data-testid="report-drift-loading">
                <span className="spinner" aria-hidden="true" /> Computing drift reports…
              </p>
            }
          >
            <DriftTable models={unhealthy.slice(0, DRIFT_MODELS)} from={health.windowStart} to={health.windowEnd} />
          </Suspense>
        )}
      </section>

      <footer className={styles.footer}>
        Tandem · {system.name} · window {formatWindow(health.windowStart, health.windowEnd)} · generated {formatInstant(generated)}
      </footer>
    </div>
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

async function DriftTable({ models, from, to }: { models: { id: string; key: string; status: string }[]; from: string; to: string }) {
  const reports = await Promise.all(models.map((m) => fetchDrift(m.id, from, to)));
  return (
    <div className="table-scroll">
      <table className={styles.table} data-testid="report-drift-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Feature</th>
            <th scope="col">Test</th>
            <th scope="col" className={styles.num}>
              Effect size
            </th>
            <th scope="col" className={styles.num}>
              Adj. p
            </th>
            <th scope="col">Drifted</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m, k) => {
            const r = reports[k]!;
            if ("error" in r) {
              return (
                <tr key={m.id} data-testid={`report-drift-${m.key}`}>
                  <th scope="row">
                    <code>{m.key}</code>
                  </th>
                  <td colSpan={5} className="muted">
                    No drift report: {r.error}
                  </td>
                </tr>
              );
            }
            const all = [...r.features, ...(r.predictionDrift ? [r.predictionDrift] : [])].filter((f) => !f.skipped);
            const drifted = all.filter((f) => f.drifted).sort((a, b) => b.effectSize / (b.threshold || 1) - a.effectSize / (a.threshold || 1));
            const rows = drifted.slice(0, TOP_FEATURES);
            if (rows.length === 0) {
              return (
                <tr key={m.id} data-testid={`report-drift-${m.key}`}>
                  <th scope="row">
                    <code>{m.key}</code>
                  </th>
                  <td colSpan={5} className="muted">
                    No drifted feature ({r.currentCount} predictions in the window, reference {formatTime(r.reference.from)}–{formatTime(r.reference.to).slice(-5)} UTC).
                  </td>
                </tr>
              );
            }
            return rows.map((f, i) => (
              <tr key={`${m.id}-${f.feature}`} data-testid={i === 0 ? `report-drift-${m.key}` : undefined} className={i > 0 ? styles.continued : undefined}>
                {i === 0 ? (
                  <th scope="row" rowSpan={rows.length}>
                    <code>{m.key}</code>
                    <div className="muted">
                      {r.driftedFeatures} drifted
                      {drifted.length > rows.length ? `, top ${rows.length}` : ""}
                    </div>
                  </th>
                ) : null}
                <td>
                  <code>{f.feature}</code>
                </td>
                <td>{f.test}</td>
                <td className={styles.num}>
                  {f.effectSize.toFixed(3)} <span className="muted">{f.effectSizeMetric.toLowerCase().replace("_", "-")}</span>
                </td>
                <td className={styles.num}>{f.adjustedPValue === null ? "—" : f.adjustedPValue < 1e-4 ? f.adjustedPValue.toExponential(1) : f.adjustedPValue.toFixed(4)}</td>
                <td>{f.drifted ? "yes" : "no"}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
    </div>
  );
}
