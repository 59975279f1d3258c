// A drift report as health signals (the input of model health): one "drift" signal per feature,
// for the output, per segment and for the multivariate detector, and "data_quality" signals for
// missing values that appeared, unseen categories and values outside the reference range.
import type { SignalKind } from "../health/signal-kinds.js";
import type { DriftReportResult } from "./drift-report.js";

export interface HealthSignalValue {
  kind: Extract<SignalKind, "drift" | "data_quality">;
  name: string;
  value: number;
  threshold: number | null;
  breached: boolean;
}

/** Data-quality thresholds: a rise of the missing-value rate, and a share of unseen / out-of-range values. */
export const DATA_QUALITY_THRESHOLDS = { missingRateIncrease: 0.05, unseenShare: 0.05 } as const;

export function driftSignals(args: {
  report: DriftReportResult;
  multivariate?: { score: number; threshold: number; drifted: boolean } | null;
}): HealthSignalValue[] {
  const { report } = args;
  const signals: HealthSignalValue[] = [];
  const all = report.predictionDrift ? [...report.features, report.predictionDrift] : report.features;
  for (const f of all) {
    if (f.skipped === null) signals.push({ kind: "drift", name: f.feature, value: f.effectSize, threshold: f.threshold, breached: f.drifted });
    const rise = f.missingRateCurrent - f.missingRateReference;
    signals.push({
      kind: "data_quality",
      name: `${f.feature}.missing_rate_increase`,
      value: rise,
      threshold: DATA_QUALITY_THRESHOLDS.missingRateIncrease,
      breached: rise > DATA_QUALITY_THRESHOLDS.missingRateIncrease,
    });
    signals.push({
      kind: "data_quality",
      name: f.kind === "CATEGORICAL" ? `${f.feature}.unseen_categories` : `${f.feature}.out_of_range`,
      value: f.unseenShare,
      threshold: DATA_QUALITY_THRESHOLDS.unseenShare,
      breached: f.unseenShare > DATA_QUALITY_THRESHOLDS.unseenShare,
    });
  }
  for (const s of report.segments) {
    signals.push({ kind: "drift", name: `segment:${s.segment}`, value: s.effectSize, threshold: s.threshold, breached: s.drifted });
  }
  if (args.multivariate) {
    signals.push({ kind: "drift", name: "multivariate", value: args.multivariate.score, threshold: args.multivariate.threshold, breached: args.multivariate.drifted });
  }
  return signals;
}
