// The system map page's dependency map: the layered graph in a zoomable viewport with its legend,
// or how to add models when there are none.
import Link from "next/link";
import { formatWindow } from "@/components/system-map/format";
import { tooltipDetails } from "@/components/system-map/load";
import { MapViewport } from "@/components/system-map/map-viewport";
import type { MapView } from "@/components/system-map/model";
import { MapLegend } from "@/components/system-map/panels";
import { SystemMapSvg } from "@/components/system-map/system-map-svg";
import { plural } from "@/lib/format";
import type { MapSystem } from "@/lib/system-queries";
import styles from "./page.module.css";

export function MapCard({ system, view, live }: { system: MapSystem; view: MapView; live: boolean }) {
  const health = system.health;
  return (
  <section className={`card ${styles.mapCard}`} aria-labelledby="map-title">
    <div className={styles.mapHead}>
      <h2 id="map-title">Dependency map</h2>
      <p className="muted">
        {plural(system.models.length, "model")} · {plural(system.dependencies.length, "dependency", "dependencies")} · sources on the left, consumers to the right
      </p>
      <p className="muted" data-testid="map-wiring" data-wiring={live ? "current" : "window"}>
        {live ? "The current wiring" : "The wiring this window had"} ·{" "}
        <Link href={`/systems/${system.id}/registry`}>edit models and dependencies</Link> ·{" "}
        <Link href={`/systems/${system.id}/changes`}>change history</Link>
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
  );
}
