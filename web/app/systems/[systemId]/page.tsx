import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { LiveRefresh } from "@/components/live-refresh";
import { StatusBadge } from "@/components/status-badge";
import { SystemNav } from "@/components/system-nav";
import { formatInstant, formatWindow } from "@/components/system-map/format";
import { ApiErrorState } from "@/components/api-error-state";
import { loadSystemPage, tooltipDetails, type SystemPageData } from "@/components/system-map/load";
import { MapViewport } from "@/components/system-map/map-viewport";
import { buildMapView, formatScore } from "@/components/system-map/model";
import { CascadesPanel, MapLegend, RootCausesPanel } from "@/components/system-map/panels";
import { SystemMapSvg } from "@/components/system-map/system-map-svg";
import { Timeline, TimelineSkeleton } from "@/components/system-map/timeline";
import { formatDuration, plural } from "@/lib/format";
import styles from "./page.module.css";

export const metadata: Metadata = {
  title: "System map",
};

type Props = {
  params: Promise<{ systemId: string }>;
  searchParams: Promise<{ at?: string | string[] }>;
};

export default async function SystemMapPage({ params, searchParams }: Props) {
  await connection();
  const { systemId } = await params;
  const { at } = await searchParams;

  let data: SystemPageData | null;
  try {
    data = await loadSystemPage(systemId, at);
  } catch (error) {
    console.error("[tandem-web] failed to load the system map:", error);
    return (
      <div className="page">
        <div className="page-header">
          <h1>System map</h1>
        </div>
        <ApiErrorState title="Could not load this system" error={error} testId="system-map-error" />
      </div>
    );
  }
  if (!data) notFound();

  const { system, live, active, incidents, incidentsError, invalidAt } = data;
  const health = system.health;
  const view = buildMapView(system, active);
  const openCount = incidents ? incidents.filter((i) => i.status !== "RESOLVED").length : null;
  const acknowledged = incidents ? incidents.filter((i) => i.status === "ACKNOWLEDGED").length : 0;

  return (
    <div className="page">
      <SystemNav systemId={system.id} systemName={system.name} current="map" />

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

      {invalidAt ? (
        <p className={styles.warning} role="alert">
          <code>at={invalidAt}</code> is not a date: showing the current window instead.
        </p>
      ) : null}

      <section className={`card ${styles.sliderCard} no-print`} aria-label="Time">
        <Suspense fallback={<TimelineSkeleton />}>
          <Timeline systemId={system.id} windowSeconds={system.windowSeconds} modelCount={system.models.length} shown={health} live={live} incidents={incidents ?? []} />
        </Suspense>
        {!live ? (
          <p className={styles.pastNote} data-testid="map-past-note">
            Viewing the past: live updates are paused. <Link href={`/systems/${system.id}`}>Back to now</Link> ·{" "}
            <Link href={`/systems/${system.id}/report?at=${encodeURIComponent(health.windowEnd)}`} data-testid="map-past-report-link">
              Report on this window
            </Link>
          </p>
        ) : null}
      </section>

      <section className={`card ${styles.mapCard}`} aria-labelledby="map-title">
        <div className={styles.mapHead}>
          <h2 id="map-title">Dependency map</h2>
          <p className="muted">
            {plural(system.models.length, "model")} · {plural(system.dependencies.length, "dependency", "dependencies")} · sources on the left, consumers to the right
          </p>
        </div>
        {system.models.length === 0 ? (
          <div className="state" data-testid="system-map-empty">
            <h3>No models yet</h3>
            <p>
              Register models with the <code>registerModel</code> mutation and connect them with <code>addDependency</code>: the map draws
              them here.
            </p>
          </div>
        ) : (
          <>
            <MapViewport details={tooltipDetails(view)} naturalWidth={view.viewBox.width} compact={view.geometry.compact}>
              <SystemMapSvg view={view} idPrefix="map" title={`Dependency map of ${system.name}, ${formatWindow(health.windowStart, health.windowEnd)}`} />
            </MapViewport>
            <MapLegend compact={view.geometry.compact} hasFeedback={view.edges.some((e) => e.feedback)} />
          </>
        )}
      </section>

      <div className={styles.panels}>
        <div className="card">
          <RootCausesPanel system={system} />
        </div>
        <div className="card">
          <CascadesPanel system={system} incidents={active} live={live} />
        </div>
      </div>
      <p className={`muted ${styles.footnote}`}>
        Rendered {formatInstant(new Date())} from systemHealth(at: {health.windowEnd}){live ? ", the last closed window" : ""}.
      </p>
    </div>
  );
}
