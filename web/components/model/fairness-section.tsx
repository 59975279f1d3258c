// Fairness on the model page: for each sensitive feature of the model's policy, the headline
// disparity over the last windows (demographic-parity ratio against its limit; regression: the
// parity difference of mean predictions), the selected window's figures with the signals they
// raised, and its groups. Fetches its own data (fairnessHistory); without a policy it says how to
// declare one. docs/fairness.md.
import { LineChart, LineChartLegend, type LinePoint } from "@/components/charts/line-chart";
import { formatNumber } from "@/components/charts/scale";
import { fetchFairnessHistory, FAIRNESS_WINDOWS, type FairnessWindow, type FeatureFairness } from "@/lib/fairness-queries";
import { FairnessGroupsTable, isRegression } from "./fairness-groups-table";
import { formatStat, formatWindow } from "./format";
import styles from "./model.module.css";

type FigureKey = "demographicParityRatio" | "demographicParityDifference" | "equalizedOddsDifference" | "meanAbsoluteErrorDifference";

const FIGURES: ReadonlyArray<{ key: FigureKey; label: string; signal: string | null; regression: boolean | null }> = [
  { key: "demographicParityRatio", label: "Demographic-parity ratio", signal: "demographic_parity_ratio", regression: null },
  { key: "demographicParityDifference", label: "Demographic-parity difference", signal: "demographic_parity_difference", regression: null },
  { key: "equalizedOddsDifference", label: "Equalized-odds difference", signal: "equalized_odds_difference", regression: false },
  { key: "meanAbsoluteErrorDifference", label: "MAE difference", signal: null, regression: true },
];

export async function FairnessSection({ modelId, at, task }: { modelId: string; at: string; task: string }) {
  let history: FairnessWindow[];
  try {
    history = await fetchFairnessHistory(modelId, at);
  } catch (error) {
    return (
      <section className={`card ${styles.section}`} data-testid="fairness-section" data-state="error">
        <h2>Fairness</h2>
        <p className="notice-warning">Could not load fairness: {error instanceof Error ? error.message : String(error)}</p>
      </section>
    );
  }
  const selected = history[history.length - 1]!;
  const policy = selected.policy;
  if (!policy) {
    return (
      <section className={`card ${styles.section}`} data-testid="fairness-section" data-state="no-policy">
        <h2>Fairness</h2>
        <p className="muted">
          This model declares no sensitive features. An ADMIN key declares them with <code>setFairnessPolicy(modelId, sensitiveFeatures: [...])</code>; group
          metrics and parity figures then show here, and breaches of the limits (default: the four-fifths rule) count in the model&apos;s health.
        </p>
      </section>
    );
  }
  const breached = selected.signals.filter((s) => s.breached);
  return (
    <section className={`card ${styles.section}`} aria-labelledby="fairness-title" data-testid="fairness-section" data-state="policy" data-window-start={selected.windowStart} data-breached={String(breached.length)}>
      <header className="section-heading">
        <h2 id="fairness-title">Fairness</h2>
      </header>
      <p className={styles.sectionSummary}>
        {formatWindow(selected.windowStart, selected.windowEnd)}: {selected.predictions.toLocaleString("en-US")} predictions
        {selected.rows < selected.predictions ? ` (${selected.rows.toLocaleString("en-US")} sampled)` : ""}. Sensitive: {policy.sensitiveFeatures.join(", ")}.
        {policy.minParityRatio !== null ? ` Parity ratio ≥ ${formatNumber(policy.minParityRatio)}.` : ""}
        {policy.maxParityDifference !== null ? ` Parity difference ≤ ${formatNumber(policy.maxParityDifference)}.` : ""}
        {policy.maxEqualizedOddsDifference !== null ? ` Equalized-odds difference ≤ ${formatNumber(policy.maxEqualizedOddsDifference)}.` : ""}
        {breached.length > 0 ? ` ${breached.length} limit${breached.length > 1 ? "s" : ""} breached.` : " No limit breached."}
      </p>
      {selected.features.map((f) => (
        <FeaturePanel key={f.feature} feature={f} history={history} selected={selected} task={task} minGroupSize={policy.minGroupSize} threshold={policy.minParityRatio} />
      ))}
    </section>
  );
}

function FeaturePanel(props: { feature: FeatureFairness; history: FairnessWindow[]; selected: FairnessWindow; task: string; minGroupSize: number; threshold: number | null }) {
  const { feature: f, history, selected, task } = props;
  const regression = isRegression(task);
  const signalOf = (figure: string | null) => (figure === null ? undefined : selected.signals.find((s) => s.name === `${f.feature}.${figure}`));
  const figures = FIGURES.filter((x) => x.regression === null || x.regression === regression);
  return (
    <div className={styles.subSection} data-testid="fairness-feature" data-feature={f.feature} data-binning={f.binning}>
      <h3 className={styles.subTitle}>
        {f.feature} <span className="muted">({binningLabel(f)})</span>
      </h3>
      <dl className={styles.windows}>
        {figures.map((x) => {
          const signal = signalOf(x.signal);
          return (
            <div key={x.key} data-testid="fairness-figure" data-figure={x.key} data-value={f[x.key] === null ? "" : String(f[x.key])} data-breached={signal ? String(signal.breached) : ""}>
              <dt>{x.label}</dt>
              <dd>
                {formatStat(f[x.key])}
                {signal ? (signal.breached ? ` — breached (limit ${formatNumber(signal.threshold ?? 0)})` : ` — within limit ${formatNumber(signal.threshold ?? 0)}`) : ""}
              </dd>
            </div>
          );
        })}
      </dl>
      <FigureOverTime feature={f.feature} history={history} regression={regression} threshold={regression ? null : props.threshold} />
      <FairnessGroupsTable feature={f.feature} groups={f.groups} task={task} minGroupSize={props.minGroupSize} />
    </div>
  );
}

function FigureOverTime({ feature, history, regression, threshold }: { feature: string; history: FairnessWindow[]; regression: boolean; threshold: number | null }) {
  const key: FigureKey = regression ? "demographicParityDifference" : "demographicParityRatio";
  const label = regression ? "Mean-prediction parity difference" : "Demographic-parity ratio";
  const points: LinePoint[] = [];
  for (const w of history) {
    const value = w.features.find((x) => x.feature === feature)?.[key];
    if (value !== null && value !== undefined) points.push({ x: Date.parse(w.windowEnd), y: value, kind: "realized", note: `${w.predictions} predictions` });
  }
  if (points.length === 0) return <p className="muted">No figure in the last {FAIRNESS_WINDOWS} windows (fewer than two groups large enough).</p>;
  const first = history[0]!;
  const last = history[history.length - 1]!;
  const windowMs = Date.parse(last.windowEnd) - Date.parse(last.windowStart);
  return (
    <>
      <LineChart
        title={`${label} of ${feature} per window`}
        description={`${label} of ${feature} in ${points.length} of the last ${history.length} windows${threshold !== null ? `, against the limit ${formatNumber(threshold)}` : ""}.`}
        points={points}
        thresholds={threshold !== null ? [{ y: threshold, label: `limit ${formatNumber(threshold)}` }] : []}
        xDomain={[Date.parse(first.windowStart), Date.parse(last.windowEnd)]}
        yLabel={label}
        maxGap={windowMs * 1.5}
        testId={`fairness-chart-${feature}`}
        dataAttributes={{ "data-points": String(points.length) }}
      />
      <LineChartLegend realized={label} />
    </>
  );
}

function binningLabel(f: FeatureFairness): string {
  switch (f.binning) {
    case "CATEGORY":
      return "by category";
    case "DECLARED_BINS":
      return `declared bins at ${f.edges.map((e) => formatNumber(e)).join(", ")}`;
    case "QUANTILES":
      return `quantile bins at ${f.edges.map((e) => formatNumber(e)).join(", ")}`;
    default: {
      const never: never = f.binning;
      return String(never);
    }
  }
}
