import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { SystemNav } from "@/components/system-nav";
import { formatInstant } from "@/components/system-map/format";
import { ApiErrorState } from "@/components/api-error-state";
import { loadSystemPage, type SystemPageData } from "@/components/system-map/load";
import { buildMapView } from "@/components/system-map/model";
import { CascadesPanel, RootCausesPanel } from "@/components/system-map/panels";
import { Timeline, TimelineSkeleton } from "@/components/system-map/timeline";
import { MapCard } from "./map-card";
import styles from "./page.module.css";
import { SystemHeader } from "./system-header";

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

  return (
    <div className="page">
      <SystemNav systemId={system.id} systemName={system.name} current="map" />

      <SystemHeader system={system} live={live} incidents={incidents} incidentsError={incidentsError} />

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

      <MapCard system={system} view={view} />

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
