// The alerts of a model's window and their words. A rule (`metric operator threshold`) fires when
// the comparison holds for the window's value: a "metric" signal and a critical alert. A model that
// turns DEGRADED or FAILING raises one alert per breached signal (severity: critical when FAILING,
// warning when DEGRADED), except metric signals whose rule already fired. Pure.
import { ruleFires, type HealthStatusValue, type RuleOperator, type Signal } from "./model-health.js";
import type { TimeWindow } from "./time-window.js";

export type AlertSeverity = "critical" | "warning";

export interface AlertDraft {
  modelId: string;
  rule: string;
  severity: AlertSeverity;
  message: string;
  value: number;
}

export interface AlertRule {
  metric: string;
  operator: RuleOperator;
  threshold: number;
}

/** A number as alert messages print it: 4 significant digits, no trailing zeros. */
export function formatAlertValue(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

/** The severity of a status alert (null: the status raises none). */
export function statusSeverity(status: HealthStatusValue): AlertSeverity | null {
  switch (status) {
    case "FAILING":
      return "critical";
    case "DEGRADED":
      return "warning";
    case "HEALTHY":
    case "UNKNOWN":
      return null;
    default: {
      const never: never = status;
      throw new Error(`analytics/alert-signals: unknown status ${String(never)}`);
    }
  }
}

/** The model's rules evaluated on the window's metric values: one signal per rule with a value, an alert per rule that fired. */
export function ruleAlerts(args: { modelId: string; modelKey: string; rules: readonly AlertRule[]; values: ReadonlyMap<string, number>; window: TimeWindow }): { signals: Signal[]; fired: AlertDraft[] } {
  const signals: Signal[] = [];
  const fired: AlertDraft[] = [];
  for (const rule of args.rules) {
    const value = args.values.get(rule.metric);
    if (value === undefined) continue;
    const fires = ruleFires({ operator: rule.operator, threshold: rule.threshold, value });
    const text = `${rule.metric} ${rule.operator} ${rule.threshold}`;
    signals.push({ kind: "metric", name: text, value, threshold: rule.threshold, breached: fires });
    if (!fires) continue;
    fired.push({
      modelId: args.modelId, rule: text, severity: "critical", value,
      message: `${args.modelKey}: ${rule.metric} = ${formatAlertValue(value)} ${rule.operator} ${rule.threshold} in the window ${args.window.from.toISOString()} – ${args.window.to.toISOString()}`,
    });
  }
  return { signals, fired };
}

/** The alerts of a model that turned DEGRADED or FAILING: one per breached signal not already alerted by a fired rule. */
export function statusAlerts(args: { modelId: string; modelKey: string; status: HealthStatusValue; signals: readonly Signal[]; firedRules: readonly string[] }): AlertDraft[] {
  const severity = statusSeverity(args.status);
  if (severity === null) return [];
  const out: AlertDraft[] = [];
  for (const sig of args.signals) {
    if (!sig.breached || (sig.kind === "metric" && args.firedRules.includes(sig.name))) continue;
    out.push({
      modelId: args.modelId, rule: `${sig.kind}:${sig.name}`, severity, value: sig.value,
      message: `${args.modelKey} is ${args.status.toLowerCase()}: ${sig.kind} ${sig.name} = ${formatAlertValue(sig.value)}${sig.threshold === null ? "" : ` (threshold ${formatAlertValue(sig.threshold)})`}`,
    });
  }
  return out;
}
