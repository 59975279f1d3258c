// The report's weak slices (docs/weak-slices.md): for each model with data in the window, the
// slices whose error is significantly worse than the rest, one request per model, streamed.
import { Suspense } from "react";
import { DataTable } from "@/components/data-table";
import type { NodeView } from "@/components/system-map/model";
import type { MapSystemHealth } from "@/lib/system-queries";
import { fetchWeakSlices, formatPValue, formatSlice, formatSliceMetric } from "@/lib/weak-slice-queries";
import styles from "./report.module.css";

/** Models searched at most (the worst first), and slices listed per model. */
const SLICE_MODELS = 12;
const TOP_SLICES = 3;

export function ReportWeakSlices({ health, models }: { health: MapSystemHealth; models: NodeView[] }) {
  const withData = models.filter((m) => m.status !== "UNKNOWN");
  return (
    <section className={styles.section} aria-labelledby="weak-slices-title" data-testid="report-weak-slices">
      <h2 id="weak-slices-title">Where the models are wrong</h2>
      <p className="muted">
        Slices of this window (categories, quantile bins and pairs of them) whose error is significantly worse than the rest (Benjamini–Hochberg, 5%)
        {withData.length > SLICE_MODELS ? `, for the ${SLICE_MODELS} worst of ${withData.length} models` : ""}.
      </p>
      {withData.length === 0 ? (
        <p data-testid="report-weak-slices-none">No model has data in this window.</p>
      ) : (
        <Suspense
          fallback={
            <p className="muted" role="status">
              <span className="spinner" aria-hidden="true" /> Searching slices…
            </p>
          }
        >
          <SlicesTable models={withData.slice(0, SLICE_MODELS)} at={health.windowEnd} />
        </Suspense>
      )}
    </section>
  );
}

async function SlicesTable({ models, at }: { models: { id: string; key: string }[]; at: string }) {
  const reports = await Promise.all(models.map((m) => fetchWeakSlices(m.id, at, TOP_SLICES)));
  return (
    <DataTable
      className={styles.table}
      testId="report-weak-slices-table"
      columns={[{ label: "Model" }, { label: "Slice" }, { label: "Rows", className: styles.num }, { label: "In slice", className: styles.num }, { label: "Elsewhere", className: styles.num }, { label: "Adj. p", className: styles.num }]}
    >
      {models.map((m, k) => {
        const r = reports[k]!;
        const why = "error" in r ? `Not searched: ${r.error}` : r.slices.length === 0 ? (r.reason ?? "No weak slice.") : null;
        if ("error" in r || why !== null) {
          return (
            <tr key={m.id} data-testid={`report-weak-slices-${m.key}`}>
              <th scope="row"><code>{m.key}</code></th>
              <td colSpan={5} className="muted">{why}</td>
            </tr>
          );
        }
        return r.slices.map((s, i) => (
          <tr key={`${m.id}-${i}`} data-testid={i === 0 ? `report-weak-slices-${m.key}` : undefined} data-slice={formatSlice(s)} className={i > 0 ? styles.continued : undefined}>
            {i === 0 ? (
              <th scope="row" rowSpan={r.slices.length}>
                <code>{m.key}</code>
                <div className="muted">{r.estimated ? "estimated error" : r.metric === "mae" ? "MAE" : "error rate"}</div>
              </th>
            ) : null}
            <td>{formatSlice(s)}</td>
            <td className={styles.num}>{s.support.toLocaleString("en-US")}</td>
            <td className={styles.num}>{formatSliceMetric(s.metric, s.inSlice)}</td>
            <td className={styles.num}>{formatSliceMetric(s.metric, s.outside)}</td>
            <td className={styles.num}>{formatPValue(s.adjustedPValue)}</td>
          </tr>
        ));
      })}
    </DataTable>
  );
}
