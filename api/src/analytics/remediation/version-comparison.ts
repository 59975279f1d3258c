// Health before and after a rollout (pure), from the stored predictions of each version: the
// task's metrics on the labelled ones (analytics/performance/window-performance.ts), and the drift
// of every numeric feature and of the output between the two versions' predictions (two-sample
// Kolmogorov–Smirnov, analytics/drift/ks-test.ts; drifted at p < alpha). The sentence names what
// changed: "since 3.2 went live, accuracy fell from 0.91 to 0.84; drift in speed (D = 0.41)".
import { windowPerformance, lowerIsBetter, type LabeledPrediction } from "../performance/window-performance.js";
import { ksTwoSample } from "../drift/ks-test.js";
import type { ModelTaskName } from "../model-tasks.js";

export interface VersionSample {
  version: string;
  rows: ReadonlyArray<LabeledPrediction & { features: Record<string, unknown> }>;
}

export interface MetricChange {
  metric: string;
  before: number | null;
  after: number | null;
  /** after − before (null when either is undefined). */
  delta: number | null;
  /** The change is for the worse (by the metric's direction) by more than `tolerance`. */
  worse: boolean;
}

export interface FeatureShift {
  feature: string;
  statistic: number;
  pValue: number;
  drifted: boolean;
}

export interface VersionComparison {
  before: { version: string; predictions: number; labeled: number };
  after: { version: string; predictions: number; labeled: number };
  metrics: MetricChange[];
  shifts: FeatureShift[];
  /** Some metric got worse, or some feature (or the output) drifted. */
  regressed: boolean;
  sentence: string;
}

export const VERSION_COMPARISON_DEFAULTS = { alpha: 0.01, tolerance: 0.02, minRows: 20 } as const;

const OUTPUT = "prediction";

function numbers(rows: VersionSample["rows"], feature: string): number[] {
  const out: number[] = [];
  for (const r of rows) {
    const v = feature === OUTPUT ? r.score : r.features[feature];
    if (typeof v === "number" && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function shiftsOf(before: VersionSample, after: VersionSample, features: readonly string[], alpha: number, minRows: number): FeatureShift[] {
  const shifts: FeatureShift[] = [];
  for (const feature of [...features, OUTPUT]) {
    const x = numbers(before.rows, feature);
    const y = numbers(after.rows, feature);
    if (x.length < minRows || y.length < minRows) continue;
    const ks = ksTwoSample({ reference: x, current: y });
    shifts.push({ feature, statistic: ks.statistic, pValue: ks.pValue, drifted: ks.pValue < alpha });
  }
  return shifts;
}

const fmt = (v: number | null) => (v === null ? "n/a" : Number(v.toFixed(3)).toString());

function sentenceOf(after: string, metrics: MetricChange[], shifts: FeatureShift[]): string {
  const parts: string[] = [];
  for (const m of metrics) {
    if (m.delta === null || m.delta === 0) continue;
    if (!m.worse && Math.abs(m.delta) < 1e-9) continue;
    parts.push(`${m.metric} ${m.delta < 0 ? "fell" : "rose"} from ${fmt(m.before)} to ${fmt(m.after)}`);
  }
  const drifted = shifts.filter((s) => s.drifted).sort((a, b) => b.statistic - a.statistic);
  if (drifted.length > 0) parts.push(`drift in ${drifted.map((s) => `${s.feature} (D = ${fmt(s.statistic)})`).join(", ")}`);
  return parts.length === 0 ? `since ${after} went live, no metric or input changed` : `since ${after} went live, ${parts.join("; ")}`;
}

export function compareVersions(args: { task: ModelTaskName; features: readonly string[]; before: VersionSample; after: VersionSample; alpha?: number; tolerance?: number; minRows?: number }): VersionComparison {
  const alpha = args.alpha ?? VERSION_COMPARISON_DEFAULTS.alpha;
  const tolerance = args.tolerance ?? VERSION_COMPARISON_DEFAULTS.tolerance;
  const minRows = args.minRows ?? VERSION_COMPARISON_DEFAULTS.minRows;
  if (args.before.version === args.after.version) throw new Error(`analytics/remediation/version-comparison: both sides are version '${args.before.version}'`);
  const pb = windowPerformance({ task: args.task, rows: args.before.rows });
  const pa = windowPerformance({ task: args.task, rows: args.after.rows });
  const enough = pb.count >= minRows && pa.count >= minRows;
  const metrics: MetricChange[] = Object.keys(pa.metrics).map((metric) => {
    const before = enough ? pb.metrics[metric] ?? null : null;
    const after = enough ? pa.metrics[metric] ?? null : null;
    const delta = before === null || after === null ? null : after - before;
    const worse = delta !== null && (lowerIsBetter(metric) ? delta > tolerance * Math.max(Math.abs(before!), 1e-9) : delta < -tolerance);
    return { metric, before, after, delta, worse };
  });
  const shifts = shiftsOf(args.before, args.after, args.features, alpha, minRows);
  return {
    before: { version: args.before.version, predictions: args.before.rows.length, labeled: pb.count },
    after: { version: args.after.version, predictions: args.after.rows.length, labeled: pa.count },
    metrics,
    shifts,
    regressed: metrics.some((m) => m.worse) || shifts.some((s) => s.drifted),
    sentence: sentenceOf(args.after.version, metrics.filter((m) => m.worse || m.metric === "accuracy"), shifts),
  };
}
