import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { SystemNav } from "@/components/system-nav";
import { formatInstant } from "@/components/system-map/format";
import { loadSystemPageFor, type SystemPageProps } from "@/components/system-map/load";
import { buildMapView } from "@/components/system-map/model";
import { CascadesPanel, RootCausesPanel } from "@/components/system-map/panels";
import { Timeline, TimelineSkeleton } from "@/components/system-map/timeline";
import { RemediationCard } from "@/components/remediation/remediation-card";
import { MapCard } from "./map-card";
import styles from "./page.module.css";
import { SystemHeader } from "./system-header";

export const metadata: Metadata = {
  title: "System map",
};

export default async function SystemMapPage(props: SystemPageProps) {
  const { data, failed } = await loadSystemPageFor(props, { heading: "System map", title: "Could not load this system", testId: "system-map-error", what: "the system map" });
  if (failed) return failed;

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

      <MapCard system={system} view={view} live={live} />

      <div className={styles.panels}>
        <div className="card">
          <RootCausesPanel system={system} />
        </div>
        <div className="card">
          <CascadesPanel system={system} incidents={active} live={live} />
        </div>
      </div>
      <RemediationCard systemId={system.id} />
      <p className={`muted ${styles.footnote}`}>
        Rendered {formatInstant(new Date())} from systemHealth(at: {health.windowEnd}){live ? ", the last closed window" : ""}.
      </p>
    </div>
  );
}
