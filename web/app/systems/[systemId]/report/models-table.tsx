// The report's table of models, worst status first: scores, root-cause rank, breached signals.
import { StatusBadge } from "@/components/status-badge";
import { badgeOf, formatScore, type NodeView } from "@/components/system-map/model";
import styles from "./report.module.css";
import { DataTable, ModelCell } from "@/components/data-table";

export function ReportModels({ models }: { models: NodeView[] }) {
  return (
  <section className={`${styles.section} ${styles.pageBreak}`} aria-labelledby="models-title" data-testid="report-models">
    <h2 id="models-title">Models</h2>
    <DataTable
      className={styles.table}
      columns={[
        { label: "Model" },
        { label: "Status" },
        { label: "Anomaly", className: styles.num },
        { label: "Propagated", className: styles.num },
        { label: "Root cause" },
        { label: "Breached signals" },
      ]}
    >
      {models.map((m) => {
        const badge = badgeOf(m);
        return (
          <tr key={m.id} data-testid={`report-model-${m.key}`} data-status={m.status}>
            <ModelCell model={m}>
              {m.name && m.name !== m.key ? <div className="muted">{m.name}</div> : null}
            </ModelCell>
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
    </DataTable>
  </section>
  );
}
