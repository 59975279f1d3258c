// The report's top drifted features of the unhealthy models (one drift report per model, streamed).
import { Suspense, type ReactNode } from "react";
import { formatTime } from "@/components/system-map/format";
import type { NodeView } from "@/components/system-map/model";
import { fetchDrift, type MapSystemHealth } from "@/lib/system-queries";
import styles from "./report.module.css";
import { DataTable } from "@/components/data-table";

/** Drift is fetched for the unhealthy models of the window, at most this many (one request each). */
const DRIFT_MODELS = 12;
const TOP_FEATURES = 3;

export function ReportDrift({ health, unhealthy }: { health: MapSystemHealth; unhealthy: NodeView[] }) {
  return (
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
  );
}

async function DriftTable({ models, from, to }: { models: { id: string; key: string; status: string }[]; from: string; to: string }) {
  const reports = await Promise.all(models.map((m) => fetchDrift(m.id, from, to)));
  return (
    <DataTable
      className={styles.table}
      testId="report-drift-table"
      columns={[
        { label: "Model" },
        { label: "Feature" },
        { label: "Test" },
        { label: "Effect size", className: styles.num },
        { label: "Adj. p", className: styles.num },
        { label: "Drifted" },
      ]}
    >
      {models.map((m, k) => {
        const r = reports[k]!;
        if ("error" in r) {
          return <NoDriftRow key={m.id} modelKey={m.key}>No drift report: {r.error}</NoDriftRow>;
        }
        const all = [...r.features, ...(r.predictionDrift ? [r.predictionDrift] : [])].filter((f) => !f.skipped);
        const drifted = all.filter((f) => f.drifted).sort((a, b) => b.effectSize / (b.threshold || 1) - a.effectSize / (a.threshold || 1));
        const rows = drifted.slice(0, TOP_FEATURES);
        if (rows.length === 0) {
          return (
            <NoDriftRow key={m.id} modelKey={m.key}>
              No drifted feature ({r.currentCount} predictions in the window, reference {formatTime(r.reference.from)}–{formatTime(r.reference.to).slice(-5)} UTC).
            </NoDriftRow>
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
    </DataTable>
  );
}

/** A model's one row when it has no drifted feature to list: why, across the other columns. */
function NoDriftRow({ modelKey, children }: { modelKey: string; children: ReactNode }) {
  return (
    <tr data-testid={`report-drift-${modelKey}`}>
      <th scope="row">
        <code>{modelKey}</code>
      </th>
      <td colSpan={5} className="muted">
        {children}
      </td>
    </tr>
  );
}
