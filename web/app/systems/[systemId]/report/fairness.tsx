// The report's fairness: for each model with a fairness policy, each sensitive feature's groups and
// parity figures in the report's window, with the limits breached (one request for all models).
import { Suspense } from "react";
import { formatNumber } from "@/components/charts/scale";
import { DataTable } from "@/components/data-table";
import type { NodeView } from "@/components/system-map/model";
import { fetchSystemFairness } from "@/lib/fairness-queries";
import styles from "./report.module.css";

export function ReportFairness({ models, at }: { models: NodeView[]; at: string }) {
  return (
    <section className={`${styles.section} ${styles.pageBreak}`} aria-labelledby="fairness-title" data-testid="report-fairness" data-at={at}>
      <h2 id="fairness-title">Fairness</h2>
      <p className="muted">Disparity between the groups of each declared sensitive feature in this window (docs/fairness.md).</p>
      <Suspense
        fallback={
          <p className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> Computing fairness…
          </p>
        }
      >
        <FairnessTable models={models} at={at} />
      </Suspense>
    </section>
  );
}

const figure = (v: number | null) => (v === null ? "—" : formatNumber(v));

async function FairnessTable({ models, at }: { models: NodeView[]; at: string }) {
  let windows;
  try {
    windows = await fetchSystemFairness(models.map((m) => m.id), at);
  } catch (error) {
    return <p className="notice-warning">Could not load fairness: {error instanceof Error ? error.message : String(error)}</p>;
  }
  const keyOf = new Map(models.map((m) => [m.id, m.key]));
  const rows = windows.filter((w) => w.policy !== null).flatMap((w) => w.features.map((f) => ({ w, f })));
  if (rows.length === 0) return <p data-testid="report-fairness-none">No model of this system declares sensitive features.</p>;
  return (
    <DataTable
      className={styles.table}
      columns={[
        { label: "Model" },
        { label: "Feature" },
        { label: "Groups", className: styles.num },
        { label: "Parity ratio", className: styles.num },
        { label: "Parity difference", className: styles.num },
        { label: "Equalized odds", className: styles.num },
        { label: "Breached" },
      ]}
    >
      {rows.map(({ w, f }) => {
        const breached = w.signals.filter((s) => s.breached && s.name.startsWith(`${f.feature}.`)).map((s) => s.name.slice(f.feature.length + 1).replaceAll("_", " "));
        return (
          <tr key={`${w.modelId}-${f.feature}`} data-testid="report-fairness-row" data-model={keyOf.get(w.modelId) ?? w.modelId} data-feature={f.feature} data-ratio={f.demographicParityRatio === null ? "" : String(f.demographicParityRatio)} data-breached={String(breached.length)}>
            <td>{keyOf.get(w.modelId) ?? w.modelId}</td>
            <td>{f.feature}</td>
            <td className={styles.num}>{f.groups.length}</td>
            <td className={styles.num}>{figure(f.demographicParityRatio)}</td>
            <td className={styles.num}>{figure(f.demographicParityDifference)}</td>
            <td className={styles.num}>{figure(f.equalizedOddsDifference)}</td>
            <td className={styles.signals}>{breached.length === 0 ? "—" : breached.join(", ")}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
