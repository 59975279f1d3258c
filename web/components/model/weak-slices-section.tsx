// The model page's weak slices (docs/weak-slices.md): where the model is wrong in the selected
// window — slices whose error is significantly worse than the rest — streamed behind a spinner.
import { Suspense } from "react";
import { DataTable } from "@/components/data-table";
import { fetchWeakSlices, formatPValue, formatSlice, formatSliceMetric, type WeakSliceReport } from "@/lib/weak-slice-queries";
import { formatWindow } from "./format";
import styles from "./model.module.css";

/** Slices shown on the model page at most. */
export const MODEL_PAGE_SLICES = 5;

export function WeakSlicesSection({ modelId, at }: { modelId: string; at: string | null }) {
  return (
    <section className={`card ${styles.section}`} aria-labelledby="weak-slices-title" data-testid="weak-slices-section">
      <header className="section-heading">
        <h2 id="weak-slices-title">Where the model is wrong</h2>
      </header>
      <Suspense
        fallback={
          <p className="muted" role="status" data-testid="weak-slices-loading">
            <span className="spinner" aria-hidden="true" /> Searching slices…
          </p>
        }
      >
        <WeakSlicesBody modelId={modelId} at={at} />
      </Suspense>
    </section>
  );
}

async function WeakSlicesBody({ modelId, at }: { modelId: string; at: string | null }) {
  const report = await fetchWeakSlices(modelId, at, MODEL_PAGE_SLICES);
  if ("error" in report) {
    return (
      <p className="notice-warning" role="status" data-testid="weak-slices-error">
        Could not search slices: {report.error}
      </p>
    );
  }
  return (
    <>
      <p className={styles.sectionSummary} data-testid="weak-slices-summary" data-estimated={report.estimated ? "true" : "false"}>
        {formatWindow(report.windowStart, report.windowEnd)} · {summary(report)}
      </p>
      {report.slices.length === 0 ? (
        <div className={styles.empty} data-testid="weak-slices-empty">
          <p className={styles.emptyTitle}>No slice is significantly worse than the rest</p>
          <p className="muted">{report.reason ?? "Every category, quantile bin and pair of them was tested (Benjamini–Hochberg, 5%)."}</p>
        </div>
      ) : (
        <WeakSlicesTable report={report} />
      )}
    </>
  );
}

function summary(report: WeakSliceReport): string {
  if (report.metric === null) return report.reason ?? "nothing to search";
  const source = report.estimated ? "estimated errors (no labels)" : "labelled predictions";
  return `${report.rows.toLocaleString("en-US")} ${source}, ${report.tested.toLocaleString("en-US")} slices tested`;
}

function WeakSlicesTable({ report }: { report: WeakSliceReport }) {
  const metric = report.metric ?? "";
  const label = metric === "mae" ? "MAE" : report.estimated ? "Est. error" : "Error";
  return (
    <DataTable
      className={styles.table}
      testId="weak-slices-table"
      caption="Weak slices, most significant first"
      columns={[
        { label: "Slice" },
        { label: "Rows", className: styles.num },
        { label: `${label} in slice`, className: styles.num },
        { label: `${label} elsewhere`, className: styles.num },
        { label: "Adj. p", className: styles.num },
      ]}
    >
      {report.slices.map((s, i) => (
        <tr key={i} data-testid="weak-slice-row" data-slice={formatSlice(s)} data-estimated={s.estimated ? "true" : "false"}>
          <th scope="row">
            {formatSlice(s)}
            {s.estimated ? <abbr title="From label-free estimated errors"> (est.)</abbr> : null}
          </th>
          <td className={styles.num} data-testid="weak-slice-support">{s.support.toLocaleString("en-US")}</td>
          <td className={styles.num}>{formatSliceMetric(s.metric, s.inSlice)}</td>
          <td className={styles.num}>{formatSliceMetric(s.metric, s.outside)}</td>
          <td className={styles.num} title={`p = ${s.pValue}`}>{formatPValue(s.adjustedPValue)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
