// The drift report of one window: a table per feature (and the model's output), the reference vs
// current histograms, multivariate drift with its top features, and segment drift.
import { HistogramLegend, HistogramPair } from "@/components/charts/histogram-pair";
import type { DriftReport, FeatureDrift } from "@/lib/model-window-queries";
import { DriftFlag, DriftTable, type DriftTableRow } from "./drift-table";
import { MultivariateDrift, SegmentDrift } from "./drift-multivariate";
import { formatWindow } from "./format";
import styles from "./model.module.css";

const REFERENCE_SOURCES: Record<string, string> = {
  default: "the model's first window with at least 100 predictions",
  setReference: "set with setReference",
  argument: "chosen for this report",
};

type Row = DriftTableRow;

/** Drifted first, then by how far the effect size is past its threshold; skipped last. */
export function sortDriftRows(report: DriftReport): Row[] {
  const rows: Row[] = report.features.map((drift) => ({ drift, output: false }));
  if (report.predictionDrift) rows.push({ drift: report.predictionDrift, output: true });
  const severity = (r: Row) => (r.drift.skipped ? -1 : r.drift.effectSize / Math.max(r.drift.threshold, 1e-9));
  return rows.sort((a, b) => Number(b.drift.drifted) - Number(a.drift.drifted) || severity(b) - severity(a));
}

export function DriftSection({ report, error, windowLabel }: { report: DriftReport | null; error: string | null; windowLabel: string }) {
  if (!report) return <DriftUnavailable error={error} windowLabel={windowLabel} />;
  const rows = sortDriftRows(report);
  const referenceLabel = formatWindow(report.reference.from, report.reference.to);
  const currentLabel = formatWindow(report.current.from, report.current.to);
  return (
    <section
      className={`card ${styles.section}`}
      aria-labelledby="drift-title"
      data-testid="drift-section"
      data-current-from={report.current.from}
      data-current-to={report.current.to}
      data-reference-from={report.reference.from}
      data-reference-to={report.reference.to}
    >
      <header className="section-heading">
        <h2 id="drift-title">Drift</h2>
        <DriftSummary report={report} />
      </header>
      <DriftWindows report={report} referenceLabel={referenceLabel} currentLabel={currentLabel} />
      {rows.length === 0 ? (
        <div className={styles.empty} data-testid="drift-empty">
          <p className={styles.emptyTitle}>This model declares no features</p>
          <p>Register its features (registerModel) to have their drift tested against the reference window.</p>
        </div>
      ) : (
        <DriftFeatures report={report} rows={rows} referenceLabel={referenceLabel} currentLabel={currentLabel} />
      )}
      <MultivariateDrift report={report} />
      <SegmentDrift report={report} />
    </section>
  );
}

function DriftUnavailable({ error, windowLabel }: { error: string | null; windowLabel: string }) {
  return (
    <section className={`card ${styles.section}`} aria-labelledby="drift-title" data-testid="drift-section">
      <h2 id="drift-title">Drift</h2>
      <div className={`${styles.empty} ${styles.emptyError}`} role="alert" data-testid="drift-error">
        <p className={styles.emptyTitle}>The drift report for {windowLabel} could not be computed</p>
        <p className={styles.mono}>{error ?? "unknown error"}</p>
      </div>
    </section>
  );
}

/** "2 of 5 features drifted · output stable · multivariate drifted". */
function DriftSummary({ report }: { report: DriftReport }) {
  const featureDrifted = report.features.filter((f) => f.drifted).length;
  if (report.currentCount === 0) {
    return (
      <p className={styles.sectionSummary} data-testid="drift-summary">
        No predictions in the current window.
      </p>
    );
  }
  return (
    <p className={styles.sectionSummary} data-testid="drift-summary">
      <strong className={featureDrifted > 0 ? styles.bad : styles.good}>
        {featureDrifted} of {report.features.length} feature{report.features.length === 1 ? "" : "s"} drifted
      </strong>
      {report.predictionDrift ? (
        <>
          {" · output "}
          <strong className={report.predictionDrift.drifted ? styles.bad : styles.good}>{report.predictionDrift.drifted ? "drifted" : "stable"}</strong>
        </>
      ) : null}
      {report.multivariate ? (
        <>
          {" · multivariate "}
          <strong className={report.multivariate.drifted ? styles.bad : styles.good}>{report.multivariate.drifted ? "drifted" : "stable"}</strong>
        </>
      ) : null}
    </p>
  );
}

function DriftWindows({ report, referenceLabel, currentLabel }: { report: DriftReport; referenceLabel: string; currentLabel: string }) {
  return (
    <dl className={styles.windows} data-testid="drift-windows">
      <div>
        <dt>Reference</dt>
        <dd>
          <span data-testid="drift-reference">{referenceLabel}</span>
          <span className="muted">
            {" "}
            · {report.referenceCount.toLocaleString("en-US")} predictions · {REFERENCE_SOURCES[report.referenceSource] ?? report.referenceSource}
          </span>
        </dd>
      </div>
      <div>
        <dt>Current</dt>
        <dd>
          <span data-testid="drift-current">{currentLabel}</span>
          <span className="muted"> · {report.currentCount.toLocaleString("en-US")} predictions</span>
        </dd>
      </div>
      <div>
        <dt>Computed from</dt>
        <dd data-testid="drift-path" title={report.pathReason}>
          {report.path === "PROFILE" ? `window profiles of every row (KS D within ±${(report.errorBound ?? 0).toFixed(4)})` : "raw rows"}
        </dd>
      </div>
    </dl>
  );
}

function DriftFeatures({ report, rows, referenceLabel, currentLabel }: { report: DriftReport; rows: Row[]; referenceLabel: string; currentLabel: string }) {
  const featureDrifted = report.features.filter((f) => f.drifted).length;
  const tested = rows.filter((r) => !r.drift.skipped).length;
  return (
    <>
      {report.currentCount === 0 ? (
        <div className={styles.empty} data-testid="drift-empty">
          <p className={styles.emptyTitle}>No data in {currentLabel}</p>
          <p>
            Nothing to compare with the reference window ({referenceLabel}). Pick a window with predictions above, or wait for this one to
            fill.
          </p>
        </div>
      ) : tested > 0 && featureDrifted === 0 && !report.predictionDrift?.drifted ? (
        <p className={styles.calm} data-testid="drift-none">
          <span aria-hidden="true">●</span> No drift: every feature of {currentLabel} matches the reference window ({referenceLabel}).
        </p>
      ) : null}
      <DriftTable rows={rows} referenceLabel={referenceLabel} currentLabel={currentLabel} />
      <p className={styles.footnote}>
        Drifted = adjusted p &lt; 0.05 and effect size ≥ its threshold. Numeric features: Kolmogorov–Smirnov with the normalized Wasserstein
        distance; categorical: χ² with the Jensen–Shannon distance (unless configured otherwise).
      </p>
      <h3 className={styles.subTitle}>Distributions: reference vs current</h3>
      <HistogramLegend reference={`reference (${referenceLabel})`} current={`current (${currentLabel})`} />
      <div className={styles.histGrid} data-testid="histograms">
        {rows.map(({ drift, output }) => (
          <HistogramCard key={`${output ? "output" : "feature"}-${drift.feature}`} drift={drift} output={output} />
        ))}
      </div>
    </>
  );
}

function HistogramCard({ drift, output }: Row) {
  return (
    <div
      className={`${styles.histCard} ${drift.drifted ? styles.histCardDrifted : ""}`}
      data-testid="histogram-card"
      data-feature={drift.feature}
      data-output={output ? "true" : undefined}
    >
      <p className={styles.histTitle}>
        <span>
          <code>{drift.feature}</code>
          {output ? <span className="muted"> (output)</span> : null}
        </span>
        <DriftFlag drift={drift} compact />
      </p>
      <HistogramPair
        title={`${drift.feature}${output ? " (model output)" : ""}: share of values per ${drift.kind === "NUMERIC" ? "bin" : "category"}, reference vs current window`}
        reference={drift.referenceHistogram}
        current={drift.currentHistogram}
        testId="histogram"
        dataAttributes={{ "data-feature": drift.feature }}
      />
    </div>
  );
}
