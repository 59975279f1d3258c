// The drift table of one window: a row per feature (and the model's output) with its test,
// statistic, p-values, effect size, threshold, verdict and data-quality notes.
import type { FeatureDrift } from "@/lib/model-window-queries";
import { formatPValue, formatStat, testName, testShort } from "./format";
import styles from "./model.module.css";
import { DataTable } from "@/components/data-table";

export interface DriftTableRow {
  drift: FeatureDrift;
  output: boolean;
}

export function DriftTable({ rows, referenceLabel, currentLabel }: { rows: DriftTableRow[]; referenceLabel: string; currentLabel: string }) {
  return (
    <DataTable
      className={styles.table}
      testId="drift-table"
      caption={<>Drift per feature between the reference window ({referenceLabel}) and the current window ({currentLabel}), drifted first</>}
      columns={[
        { label: "Feature" },
        { label: "Test" },
        { label: "Statistic", className: styles.num },
        { label: <abbr title="Benjamini–Hochberg adjusted p-value (raw p-value below)">p (adj.)</abbr>, className: styles.num },
        { label: "Effect size", className: styles.num },
        { label: "Threshold", className: styles.num },
        { label: "Drifted" },
        { label: "Data quality" },
      ]}
    >
      {rows.map(({ drift, output }) => (
        <DriftRow key={`${output ? "output" : "feature"}-${drift.feature}`} drift={drift} output={output} />
      ))}
    </DataTable>
  );
}

function DriftRow({ drift, output }: { drift: FeatureDrift; output: boolean }) {
  const skipped = drift.skipped != null;
  return (
    <tr data-testid="drift-row" data-feature={drift.feature} data-output={output ? "true" : undefined} data-drifted={String(drift.drifted)}>
      <th scope="row">
        <code>{drift.feature}</code>
        <span className={styles.kind}>{output ? "model output" : drift.kind.toLowerCase()}</span>
      </th>
      <td>
        <abbr title={testName(drift.test)}>{testShort(drift.test)}</abbr>
        {drift.sampled ? (
          <span className={styles.kind} title={`Tested on samples of ${drift.referenceSampleSize ?? "?"} / ${drift.currentSampleSize ?? "?"} values`}>
            sampled
          </span>
        ) : null}
      </td>
      <td className={styles.num}>{skipped ? "—" : formatStat(drift.statistic)}</td>
      <td className={styles.num}>
        {skipped ? (
          "—"
        ) : (
          <>
            {formatPValue(drift.adjustedPValue)}
            <span className={styles.kind}>raw {formatPValue(drift.pValue)}</span>
          </>
        )}
      </td>
      <td className={styles.num}>
        {skipped ? (
          "—"
        ) : (
          <>
            {formatStat(drift.effectSize)}
            <span className={styles.kind}>{testShort(drift.effectSizeMetric)}</span>
          </>
        )}
      </td>
      <td className={styles.num}>{formatStat(drift.threshold)}</td>
      <td data-testid="drift-flag">
        <DriftFlag drift={drift} />
      </td>
      <td className={styles.quality}>
        <DataQuality drift={drift} />
      </td>
    </tr>
  );
}

export function DriftFlag({ drift, compact = false }: { drift: FeatureDrift; compact?: boolean }) {
  if (drift.skipped) {
    return (
      <span className={styles.flagSkipped} title={drift.skipped}>
        <span aria-hidden="true">○</span> Not tested
        {compact ? null : <span className={styles.kind}>{drift.skipped}</span>}
      </span>
    );
  }
  return drift.drifted ? (
    <span className={styles.flagDrifted}>
      <span aria-hidden="true">▲</span> {compact ? "Drifted" : "Yes, drifted"}
    </span>
  ) : (
    <span className={styles.flagStable}>
      <span aria-hidden="true">●</span> {compact ? "Stable" : "No"}
    </span>
  );
}

function DataQuality({ drift }: { drift: FeatureDrift }) {
  const notes: string[] = [];
  if (drift.missingRateCurrent > 0 || drift.missingRateReference > 0) {
    notes.push(`missing ${pct(drift.missingRateCurrent)} (ref. ${pct(drift.missingRateReference)})`);
  }
  if (drift.unseenShare > 0) {
    notes.push(drift.kind === "NUMERIC" ? `${pct(drift.unseenShare)} out of the reference range` : `${pct(drift.unseenShare)} in unseen categories`);
  }
  if (drift.unseenCategories.length > 0) {
    const shown = drift.unseenCategories.slice(0, 3).join(", ");
    notes.push(`new: ${shown}${drift.unseenCategories.length > 3 ? ` +${drift.unseenCategories.length - 3}` : ""}`);
  }
  if (notes.length === 0) return <span className="muted">OK</span>;
  return (
    <ul className={styles.notes}>
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

export function pct(share: number): string {
  const p = share * 100;
  return p === 0 ? "0%" : p < 1 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}
