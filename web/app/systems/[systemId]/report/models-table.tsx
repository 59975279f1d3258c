// The report's table of models, worst status first: scores, root-cause rank, breached signals.
import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { badgeOf, formatScore, type NodeView } from "@/components/system-map/model";
import styles from "./report.module.css";

export function ReportModels({ models }: { models: NodeView[] }) {
  return (
  <section className={`${styles.section} ${styles.pageBreak}`} aria-labelledby="models-title" data-testid="report-models">
    <h2 id="models-title">Models</h2>
    <div className="table-scroll">
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col" className={styles.num}>
              Anomaly
            </th>
            <th scope="col" className={styles.num}>
              Propagated
            </th>
            <th scope="col">Root cause</th>
            <th scope="col">Breached signals</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const badge = badgeOf(m);
            return (
              <tr key={m.id} data-testid={`report-model-${m.key}`} data-status={m.status}>
                <th scope="row">
                  <Link href={`/models/${m.id}`}>
                    <code>{m.key}</code>
                  </Link>
                  {m.name && m.name !== m.key ? <div className="muted">{m.name}</div> : null}
                </th>
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
        </tbody>
      </table>
    </div>
  </section>
  );
}
