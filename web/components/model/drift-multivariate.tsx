// Multivariate drift (the autoencoder's reconstruction error and its top features) and the output
// mix per segment, under the drift table.
import type { DriftReport } from "@/lib/model-window-queries";
import { pct } from "./drift-table";
import { formatStat, testShort } from "./format";
import styles from "./model.module.css";
import { DataTable } from "@/components/data-table";

export function MultivariateDrift({ report }: { report: DriftReport }) {
  const mv = report.multivariate;
  return (
    <div className={styles.subSection} data-testid="multivariate">
      <h3 className={styles.subTitle}>Multivariate drift</h3>
      {!mv ? (
        <div className={styles.empty} data-testid="multivariate-empty">
          <p className={styles.emptyTitle}>{multivariateHeadline(report.multivariateStatus)}</p>
          <p className="muted">{report.multivariateStatus}</p>
        </div>
      ) : (
        <div className={styles.mvGrid}>
          <div>
            <p>
              <span className={mv.drifted ? styles.flagDrifted : styles.flagStable} data-testid="multivariate-flag" data-drifted={String(mv.drifted)}>
                <span aria-hidden="true">{mv.drifted ? "▲" : "●"}</span> {mv.drifted ? "Drifted" : "No multivariate drift"}
              </span>
            </p>
            <dl className={styles.factList}>
              <div>
                <dt>Reconstruction error</dt>
                <dd>{formatStat(mv.score)}</dd>
              </div>
              <div>
                <dt>Threshold</dt>
                <dd>{formatStat(mv.threshold)}</dd>
              </div>
              <div>
                <dt>On held-out reference rows</dt>
                <dd>{formatStat(mv.referenceScore)}</dd>
              </div>
              <div>
                <dt>Method</dt>
                <dd>{mv.method}</dd>
              </div>
            </dl>
          </div>
          <div>
            <p className={styles.barsTitle}>Top contributing features</p>
            {mv.topFeatures.length === 0 ? (
              <p className="muted">The reconstruction error did not rise: no feature stands out.</p>
            ) : (
              <Bars items={mv.topFeatures.map((f) => ({ label: f.feature, value: f.contribution }))} testId="multivariate-feature" />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function multivariateHeadline(status: string): string {
  if (status.startsWith("training")) return "The multivariate detector is being trained";
  if (status.startsWith("failed")) return "The multivariate detector failed";
  return "Multivariate drift is unavailable for this window";
}

/** Horizontal bars of shares in [0, 1] (HTML, so the labels wrap and print). */
export function Bars({ items, testId }: { items: { label: string; value: number }[]; testId?: string }) {
  return (
    <ul className={styles.bars}>
      {items.map((item) => (
        <li key={item.label} data-testid={testId} data-feature={item.label}>
          <code className={styles.barLabel}>{item.label}</code>
          <span className={styles.barTrack} aria-hidden="true">
            <span className={styles.barFill} style={{ width: `${Math.max(0, Math.min(1, item.value)) * 100}%` }} />
          </span>
          <span className={styles.barValue}>{pct(item.value)}</span>
        </li>
      ))}
    </ul>
  );
}

export function SegmentDrift({ report }: { report: DriftReport }) {
  if (report.segments.length === 0) return null;
  const segments = [...report.segments].sort((a, b) => Number(b.drifted) - Number(a.drifted) || b.effectSize - a.effectSize);
  return (
    <div className={styles.subSection} data-testid="segments">
      <h3 className={styles.subTitle}>Output mix per segment</h3>
      <DataTable
        className={styles.table}
        columns={[
          { label: "Segment" },
          { label: "Output" },
          { label: "Effect size", className: styles.num },
          { label: "Threshold", className: styles.num },
          { label: "Predictions (ref. / cur.)", className: styles.num },
          { label: "Drifted" },
        ]}
      >
        {segments.map((s) => (
          <tr key={`${s.segment}-${s.output}`}>
            <th scope="row">
              <code>{s.segment}</code>
            </th>
            <td>{s.output}</td>
            <td className={styles.num}>
              {formatStat(s.effectSize)} <span className={styles.kind}>{testShort(s.effectSizeMetric)}</span>
            </td>
            <td className={styles.num}>{formatStat(s.threshold)}</td>
            <td className={styles.num}>
              {s.referenceCount} / {s.currentCount}
            </td>
            <td>
              {s.drifted ? (
                <span className={styles.flagDrifted}>
                  <span aria-hidden="true">▲</span> Yes
                </span>
              ) : (
                <span className={styles.flagStable}>
                  <span aria-hidden="true">●</span> No
                </span>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
