import type { Metadata } from "next";
import Link from "next/link";
import { SystemNav } from "@/components/system-nav";
import { formatInstant, formatWindow } from "@/components/system-map/format";
import { loadSystemPageFor, type SystemPageProps } from "@/components/system-map/load";
import { buildMapView } from "@/components/system-map/model";
import { MapLegend } from "@/components/system-map/panels";
import { SystemMapSvg } from "@/components/system-map/system-map-svg";
import { statusRank } from "@/lib/status";
import { unresolved } from "@/lib/system-queries";
import { ReportDrift } from "./drift";
import { ReportFairness } from "./fairness";
import { ReportIncidents } from "./incidents";
import { ReportModels } from "./models-table";
import { PrintButton } from "./print-button";
import { ReportSummary } from "./summary";
import { ReportWeakSlices } from "./weak-slices";
import styles from "./report.module.css";

export const metadata: Metadata = {
  title: "Report",
};

export default async function SystemReportPage(props: SystemPageProps) {
  const { data, failed } = await loadSystemPageFor(props, { heading: "Report", title: "Could not load this system's report", testId: "report-error", what: "the system report" });
  if (failed) return failed;

  const { system, live, incidents, incidentsError } = data;
  const health = system.health;
  const generated = new Date();
  // Live: the incidents not resolved yet; a past window: those going on then.
  const reported = live ? unresolved(incidents ?? []) : data.active;
  const view = buildMapView(system, reported);
  const models = [...view.nodes].sort((a, b) => statusRank(a.status) - statusRank(b.status) || a.key.localeCompare(b.key));
  const unhealthy = models.filter((m) => m.status === "DEGRADED" || m.status === "FAILING");

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

      <ReportSummary system={system} live={live} reportedCount={incidents ? reported.length : null} generated={generated} unhealthy={unhealthy.length} />

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

      <ReportModels models={models} />
      <ReportIncidents health={health} live={live} reported={reported} incidentsError={incidentsError} />
      <ReportDrift health={health} unhealthy={unhealthy} />
      <ReportWeakSlices health={health} models={models} />
      <ReportFairness models={models} at={health.windowEnd} />

      <footer className={styles.footer}>
        Tandem · {system.name} · window {formatWindow(health.windowStart, health.windowEnd)} · generated {formatInstant(generated)}
      </footer>
    </div>
  );
}
