// One verdict per model and window from its signals. Each breached signal contributes a severity
// s = 0.5 + 0.5·min(1, relative excess over its threshold), weighted by how directly its kind
// speaks of the model's health; the anomaly score combines them like independent alarms:
//   anomalyScore = 1 − Π (1 − w_kind · s)      (in [0, 1]; 0 when nothing is breached)
// status: UNKNOWN without data in the window; FAILING from 0.75; DEGRADED from 0.4; else HEALTHY.

import type { SignalKind } from "./signal-kinds.js";

/** A model's (or system's) verdict for a window; UNKNOWN: no data in the window. */
export const HEALTH_STATUSES = ["HEALTHY", "DEGRADED", "FAILING", "UNKNOWN"] as const;
export type HealthStatusValue = (typeof HEALTH_STATUSES)[number];

export interface Signal {
  kind: string;
  name: string;
  value: number;
  threshold: number | null;
  breached: boolean;
}

/** Weight of a breached signal by kind (unknown kinds weigh 0.5). */
export const SIGNAL_WEIGHTS: Readonly<Record<SignalKind, number>> = {
  performance: 0.9,
  metric: 0.9,
  estimated_performance: 0.8,
  anomaly: 0.7,
  drift: 0.6,
  data_quality: 0.5,
  forecast: 0.4,
  fairness: 0.6,
  attribution_drift: 0.6,
  forbidden_attribution: 0.7,
};

export const STATUS_THRESHOLDS = { degraded: 0.4, failing: 0.75 } as const;

export function signalSeverity(signal: Signal): number {
  if (!signal.breached) return 0;
  if (signal.threshold === null) return 1;
  const excess = Math.abs(signal.value - signal.threshold) / Math.max(Math.abs(signal.threshold), 1e-9);
  return 0.5 + 0.5 * Math.min(1, Number.isFinite(excess) ? excess : 1);
}

export function modelHealth(args: { signals: readonly Signal[]; hasData: boolean }): { status: HealthStatusValue; anomalyScore: number } {
  if (!args.hasData) return { status: "UNKNOWN", anomalyScore: 0 };
  let healthy = 1;
  for (const s of args.signals) {
    const w = (SIGNAL_WEIGHTS as Readonly<Record<string, number>>)[s.kind] ?? 0.5;
    healthy *= 1 - w * signalSeverity(s);
  }
  const anomalyScore = Math.min(1, Math.max(0, 1 - healthy));
  const status: HealthStatusValue = anomalyScore >= STATUS_THRESHOLDS.failing ? "FAILING" : anomalyScore >= STATUS_THRESHOLDS.degraded ? "DEGRADED" : "HEALTHY";
  return { status, anomalyScore };
}

const ORDER: Record<HealthStatusValue, number> = { UNKNOWN: 0, HEALTHY: 1, DEGRADED: 2, FAILING: 3 };

/** A system is as healthy as its worst known model; score = 1 − the largest anomaly score (1 = all healthy). */
export function systemHealth(args: { models: ReadonlyArray<{ status: HealthStatusValue; anomalyScore: number }> }): { status: HealthStatusValue; score: number } {
  const known = args.models.filter((m) => m.status !== "UNKNOWN");
  if (known.length === 0) return { status: "UNKNOWN", score: 1 };
  const worst = known.reduce((a, m) => (ORDER[m.status] > ORDER[a.status] ? m : a));
  return { status: worst.status, score: 1 - Math.max(...known.map((m) => m.anomalyScore)) };
}

/** The comparisons of an alert rule (`metric operator threshold`); the one list. */
export const RULE_OPERATORS = ["<", "<=", ">", ">="] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export function isRuleOperator(value: string): value is RuleOperator {
  return (RULE_OPERATORS as readonly string[]).includes(value);
}

/** Whether a rule `metric operator threshold` fires for a value (it fires when the comparison holds). */
export function ruleFires(args: { operator: RuleOperator; threshold: number; value: number }): boolean {
  const { operator, threshold, value } = args;
  switch (operator) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    default: {
      const never: never = operator;
      throw new Error(`analytics/model-health: unknown operator ${String(never)}`);
    }
  }
}
