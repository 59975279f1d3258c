// The pure signal builders of a window evaluation: performance thresholds, estimated accuracy, alert
// severities and messages, rules, the forecast signal's target and anomaly shares. Expected values
// are derived by hand from the formulas in the modules' headers.
import { describe, expect, it } from "vitest";
import {
  estimatedAccuracySignal, estimationBaseline, MIN_LABELED, performanceBreached, performanceThreshold, realizedPerformanceSignals,
} from "../../../api/src/analytics/health/performance-signals.js";
import { formatAlertValue, ruleAlerts, statusAlerts, statusSeverity } from "../../../api/src/analytics/health/alert-signals.js";
import { FORECAST_HORIZON_WINDOWS, forecastSignal, forecastTarget } from "../../../api/src/analytics/health/forecast-signal.js";
import { anomalySeed, anomalyShareSignals } from "../../../api/src/analytics/health/anomaly-signals.js";

const TOL = 1e-12;
const perf = (count: number, metrics: Record<string, number | null>) => ({ count, metrics });

describe("performance thresholds", () => {
  const cases: Array<{ name: string; metric: string; baseline: number; threshold: number; value: number; breached: boolean }> = [
    { name: "higher is better: 10% below the reference", metric: "accuracy", baseline: 0.9, threshold: 0.81, value: 0.8, breached: true },
    { name: "higher is better: at the threshold is not breached", metric: "accuracy", baseline: 0.9, threshold: 0.81, value: 0.81, breached: false },
    { name: "lower is better: 10% above the reference", metric: "rmse", baseline: 2, threshold: 2.2, value: 2.3, breached: true },
    { name: "lower is better: under the threshold", metric: "mae", baseline: 1, threshold: 1.1, value: 1.05, breached: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const threshold = performanceThreshold({ metric: c.metric, baseline: c.baseline });
      expect(threshold).toBeCloseTo(c.threshold, 12);
      expect(performanceBreached({ metric: c.metric, value: c.value, threshold: c.threshold })).toBe(c.breached);
    });
  }
  it("no threshold, never breached", () => expect(performanceBreached({ metric: "accuracy", value: 0, threshold: null })).toBe(false));
});

describe("realizedPerformanceSignals", () => {
  it("too few labels in the window: null", () => {
    expect(realizedPerformanceSignals({ task: "BINARY_CLASSIFICATION", current: perf(MIN_LABELED - 1, { accuracy: 0.5 }), reference: perf(100, { accuracy: 0.9 }) })).toBeNull();
  });
  it("headline metrics against the reference, every metric as a value", () => {
    const r = realizedPerformanceSignals({
      task: "BINARY_CLASSIFICATION",
      current: perf(MIN_LABELED, { accuracy: 0.7, roc_auc: 0.85, f1: 0.6, brier: null }),
      reference: perf(200, { accuracy: 0.9, roc_auc: 0.9 }),
    })!;
    expect(r.signals.map((s) => [s.kind, s.name, s.value, s.breached])).toEqual([["performance", "accuracy", 0.7, true], ["performance", "roc_auc", 0.85, false]]);
    expect(r.signals[0]!.threshold).toBeCloseTo(0.81, 12);
    expect(r.signals[1]!.threshold).toBeCloseTo(0.81, 12);
    expect([...r.values]).toEqual([["accuracy", 0.7], ["roc_auc", 0.85], ["f1", 0.6]]);
  });
  it("a reference with too few labels gives no threshold", () => {
    const r = realizedPerformanceSignals({ task: "REGRESSION", current: perf(50, { rmse: 3, mae: 2 }), reference: perf(MIN_LABELED - 1, { rmse: 1, mae: 1 }) })!;
    expect(r.signals).toEqual([{ kind: "performance", name: "rmse", value: 3, threshold: null, breached: false }, { kind: "performance", name: "mae", value: 2, threshold: null, breached: false }]);
  });
});

describe("estimated accuracy", () => {
  const ref = perf(MIN_LABELED, { accuracy: 0.8 });
  it.each([
    { name: "binary, scored reference", task: "BINARY_CLASSIFICATION" as const, reference: ref, scored: true, expected: 0.8 },
    { name: "not binary", task: "REGRESSION" as const, reference: ref, scored: true, expected: null },
    { name: "reference rows without scores", task: "BINARY_CLASSIFICATION" as const, reference: ref, scored: false, expected: null },
    { name: "too few reference labels", task: "BINARY_CLASSIFICATION" as const, reference: perf(MIN_LABELED - 1, { accuracy: 0.8 }), scored: true, expected: null },
    { name: "no reference accuracy", task: "BINARY_CLASSIFICATION" as const, reference: perf(MIN_LABELED, { accuracy: null }), scored: true, expected: null },
  ])("baseline: $name", ({ task, reference, scored, expected }) => expect(estimationBaseline({ task, reference, referenceScored: scored })).toBe(expected));
  it("breached below 90% of the reference's accuracy", () => {
    const s = estimatedAccuracySignal({ expectedAccuracy: 0.7, referenceAccuracy: 0.8 });
    expect(s.kind).toBe("estimated_performance");
    expect(Math.abs(s.threshold! - 0.72)).toBeLessThan(TOL);
    expect(s.breached).toBe(true);
    expect(estimatedAccuracySignal({ expectedAccuracy: 0.75, referenceAccuracy: 0.8 }).breached).toBe(false);
  });
});

describe("alerts", () => {
  const window = { from: new Date("2026-01-05T10:00:00Z"), to: new Date("2026-01-05T11:00:00Z") };
  it("severity by status", () => {
    expect(["FAILING", "DEGRADED", "HEALTHY", "UNKNOWN"].map((s) => statusSeverity(s as never))).toEqual(["critical", "warning", null, null]);
  });
  it("formats values with 4 significant digits", () => {
    expect([0.123456, 1234567, 0.5, 2].map(formatAlertValue)).toEqual(["0.1235", "1235000", "0.5", "2"]);
  });
  it("rules: a signal per rule with a value, a critical alert per rule that fires", () => {
    const r = ruleAlerts({
      modelId: "m1", modelKey: "ranker", window, values: new Map([["ctr", 0.0123456]]),
      rules: [{ metric: "ctr", operator: "<", threshold: 0.02 }, { metric: "ctr", operator: ">", threshold: 0.5 }, { metric: "latency", operator: ">", threshold: 1 }],
    });
    expect(r.signals).toEqual([
      { kind: "metric", name: "ctr < 0.02", value: 0.0123456, threshold: 0.02, breached: true },
      { kind: "metric", name: "ctr > 0.5", value: 0.0123456, threshold: 0.5, breached: false },
    ]);
    expect(r.fired).toEqual([{ modelId: "m1", rule: "ctr < 0.02", severity: "critical", value: 0.0123456, message: "ranker: ctr = 0.01235 < 0.02 in the window 2026-01-05T10:00:00.000Z – 2026-01-05T11:00:00.000Z" }]);
  });
  it("status alerts: one per breached signal, not for a rule that fired, none when healthy", () => {
    const signals = [
      { kind: "drift", name: "x", value: 0.31234, threshold: 0.2, breached: true },
      { kind: "drift", name: "y", value: 0.1, threshold: 0.2, breached: false },
      { kind: "metric", name: "ctr < 0.02", value: 0.01, threshold: 0.02, breached: true },
      { kind: "anomaly", name: "custom", value: 3, threshold: null, breached: true },
    ];
    expect(statusAlerts({ modelId: "m1", modelKey: "ranker", status: "DEGRADED", signals, firedRules: ["ctr < 0.02"] })).toEqual([
      { modelId: "m1", rule: "drift:x", severity: "warning", value: 0.31234, message: "ranker is degraded: drift x = 0.3123 (threshold 0.2)" },
      { modelId: "m1", rule: "anomaly:custom", severity: "warning", value: 3, message: "ranker is degraded: anomaly custom = 3" },
    ]);
    expect(statusAlerts({ modelId: "m1", modelKey: "ranker", status: "FAILING", signals, firedRules: [] }).map((a) => [a.rule, a.severity])).toEqual([
      ["drift:x", "critical"], ["metric:ctr < 0.02", "critical"], ["anomaly:custom", "critical"],
    ]);
    expect(statusAlerts({ modelId: "m1", modelKey: "ranker", status: "HEALTHY", signals, firedRules: [] })).toEqual([]);
  });
});

describe("forecast and anomaly signals", () => {
  it("the forecast follows the first unbreached performance signal with a threshold", () => {
    const s = [
      { kind: "performance", name: "accuracy", value: 0.7, threshold: 0.81, breached: true },
      { kind: "performance", name: "roc_auc", value: 0.9, threshold: null, breached: false },
      { kind: "performance", name: "rmse", value: 1, threshold: 1.1, breached: false },
    ];
    expect(forecastTarget(s)?.name).toBe("rmse");
    expect(forecastTarget(s.slice(0, 2))).toBeNull();
  });
  it("a straight decline 0.01 per window from 0.95 reaches 0.81 within the horizon", () => {
    const H = 3_600_000;
    const T0 = Date.UTC(2026, 0, 5);
    const history = Array.from({ length: 10 }, (_, k) => ({ windowStart: new Date(T0 + k * H), windowEnd: new Date(T0 + (k + 1) * H), signals: [{ kind: "performance", name: "accuracy", value: 0.95 - 0.01 * k, threshold: 0.81, breached: false }] }));
    const window = { from: new Date(T0 + 10 * H), to: new Date(T0 + 11 * H) };
    const s = forecastSignal({ target: { kind: "performance", name: "accuracy", value: 0.85, threshold: 0.81, breached: false }, window, history })!;
    // The value at window k is 0.95 − 0.01·k; 0.81 is reached at k = 14, 4 windows after this one (k = 10).
    expect(s.kind).toBe("forecast");
    expect(s.name).toBe("accuracy breach in windows");
    expect(s.threshold).toBe(FORECAST_HORIZON_WINDOWS);
    expect(Math.abs(s.value - 4)).toBeLessThanOrEqual(1);
    expect(s.breached).toBe(true);
  });
  it("anomaly shares breach above 10%; the seed is the reference start in seconds", () => {
    expect(anomalyShareSignals([{ detector: "isolation_forest", share: 0.1, threshold: 0.05, rows: 10 }, { detector: "autoencoder", share: 0.11, threshold: 0.05, rows: 10 }]).map((s) => [s.name, s.threshold, s.breached])).toEqual([
      ["isolation_forest_share", 0.1, false], ["autoencoder_share", 0.1, true],
    ]);
    expect(anomalySeed({ from: new Date(1_767_571_200_999), to: new Date(0) })).toBe(1_767_571_200 % 2_147_483_647);
  });
});
