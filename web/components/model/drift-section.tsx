// The drift report of one window: a table per feature (and the model's output), the reference vs
// current histograms, multivariate drift with its top features, and segment drift.
import { HistogramLegend, HistogramPair } from "@/components/charts/histogram-pair";
import type { DriftReport, FeatureDrift } from "@/lib/model-window-queries";
import { formatPValue, formatStat, formatWindow, testName, testShort } from "./format";
import styles from "./model.module.css";

const REFERENCE_SOURCES: Record<string, string> = {
  default: "the model's first window with at least 100 predictions",
  setReference: "set with setReference",
  argument: "chosen for this report",
};

interface Row {
  drift: FeatureDrift;
  output: boolean;
}

/** Drifted first, then by how far the effect size is past its threshold; skipped last. */
export function sortDriftRows(report: DriftReport): Row[] {
  const rows: Row[] = report.features.map((drift) => ({ drift, output: false }));
  if (report.predictionDrift) rows.push({ drift: report.predictionDrift, output: true });
  const severity = (r: Row) => (r.drift.skipped ? -1 : r.drift.effectSize / Math.max(r.drift.threshold, 1e-9));
  return rows.sort((a, b) => Number(b.drift.drifted) - Number(a.drift.drifted) || severity(b) - severity(a));
}

export function DriftSection({ report, error, windowLabel }: { report: DriftReport | null; error: string | null; windowLabel: string }) {
  if (!report) {
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

  const rows = sortDriftRows(report);
  const featureDrifted = report.features.filter((f) => f.drifted).length;
  const tested = rows.filter((r) => !r.drift.skipped).length;
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
      <header className={styles.sectionHeader}>
        <h2 id="drift-title">Drift</h2>
        <p className={styles.sectionSummary} data-testid="drift-summary">
          {report.currentCount === 0 ? (
            <>No predictions in the current window.</>
          ) : (
            <>
              <strong className={featureDrifted > 0 ? styles.bad : styles.good}>
                {featureDrifted} of {report.features.length} feature{report.features.length === 1 ? "" : "s"} drifted
              </strong>
              {report.predictionDrift ? (
                <>
                  {" · output "}
                  <strong className={report.predictionDrift.drifted ? styles.bad : styles.good}>
                    {report.predictionDrift.drifted ? "drifted" : "stable"}
                  </strong>
                </>
              ) : null}
              {report.multivariate ? (
                <>
                  {" · multivariate "}
                  <strong className={report.multivariate.drifted ? styles.bad : styles.good}>
                    {report.multivariate.drifted ? "drifted" : "stable"}
                  </strong>
                </>
              ) : null}
            </>
          )}
        </p>
      </header>

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
      </dl>

      {rows.length === 0 ? (
        <div className={styles.empty} data-testid="drift-empty">
          <p className={styles.emptyTitle}>This model declares no features</p>
          <p>Register its features (registerModel) to have their drift tested against the reference window.</p>
        </div>
      ) : (
        <>
          {report.currentCount === 0 ? (
            <div className={styles.empty} data-testid="drift-empty">
              <p className={styles.emptyTitle}>No data in {currentLabel}</p>
              <p>
                Nothing to compare with the reference window ({referenceLabel}). Pick a window with predictions above, or wait for
                this one to fill.
              </p>
            </div>
          ) : tested > 0 && featureDrifted === 0 && !report.predictionDrift?.drifted ? (
            <p className={styles.calm} data-testid="drift-none">
              <span aria-hidden="true">●</span> No drift: every feature of {currentLabel} matches the reference window ({referenceLabel}).
            </p>
          ) : null}
          <div className="table-scroll">
            <table className={styles.table} data-testid="drift-table">
              <caption className="visually-hidden">
                Drift per feature between the reference window ({referenceLabel}) and the current window ({currentLabel}), drifted first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">Test</th>
                  <th scope="col" className={styles.num}>
                    Statistic
                  </th>
                  <th scope="col" className={styles.num}>
                    <abbr title="Benjamini–Hochberg adjusted p-value (raw p-value below)">p (adj.)</abbr>
                  </th>
                  <th scope="col" className={styles.num}>
                    Effect size
                  </th>
                  <th scope="col" className={styles.num}>
                    Threshold
                  </th>
                  <th scope="col">Drifted</th>
                  <th scope="col">Data quality</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ drift, output }) => (
                  <DriftRow key={`${output ? "output" : "feature"}-${drift.feature}`} drift={drift} output={output} />
                ))}
              </tbody>
            </table>
          </div>
          <p className={styles.footnote}>
            Drifted = adjusted p &lt; 0.05 and effect size ≥ its threshold. Numeric features: Kolmogorov–Smirnov with the normalized
            Wasserstein distance; categorical: χ² with the Jensen–Shannon distance (unless configured otherwise).
          </p>

          <h3 className={styles.subTitle}>Distributions: reference vs current</h3>
          <HistogramLegend reference={`reference (${referenceLabel})`} current={`current (${currentLabel})`} />
          <div className={styles.histGrid} data-testid="histograms">
            {rows.map(({ drift, output }) => (
              <div
                key={`${output ? "output" : "feature"}-${drift.feature}`}
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
            ))}
          </div>
        </>
      )}

      <MultivariateDrift report={report} />
      <SegmentDrift report={report} />
    </section>
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

function DriftFlag({ drift, compact = false }: { drift: FeatureDrift; compact?: boolean }) {
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

function pct(share: number): string {
  const p = share * 100;
  return p === 0 ? "0%" : p < 1 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

function MultivariateDrift({ report }: { report: DriftReport }) {
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

function SegmentDrift({ report }: { report: DriftReport }) {
  if (report.segments.length === 0) return null;
  const segments = [...report.segments].sort((a, b) => Number(b.drifted) - Number(a.drifted) || b.effectSize - a.effectSize);
  return (
    <div className={styles.subSection} data-testid="segments">
      <h3 className={styles.subTitle}>Output mix per segment</h3>
      <div className="table-scroll">
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col">Output</th>
              <th scope="col" className={styles.num}>
                Effect size
              </th>
              <th scope="col" className={styles.num}>
                Threshold
              </th>
              <th scope="col" className={styles.num}>
                Predictions (ref. / cur.)
              </th>
              <th scope="col">Drifted</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
    </div>
  );
}
