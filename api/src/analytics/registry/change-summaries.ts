// The one-line summaries of registry changes (the history a user reads), and the change kinds.
// Pure: the registry services describe what they did; the words live here.

export const REGISTRY_CHANGE_KINDS = [
  "SYSTEM_CREATED", "SYSTEM_DELETED", "MODEL_REGISTERED", "MODEL_UPDATED", "MODEL_RETIRED",
  "DEPENDENCY_ADDED", "DEPENDENCY_UPDATED", "DEPENDENCY_REMOVED",
  "ALERT_RULE_CREATED", "ALERT_RULE_UPDATED", "ALERT_RULE_DELETED", "MODEL_CONFIGURED", "SYSTEM_CONFIGURED",
] as const;
export type RegistryChangeKind = (typeof REGISTRY_CHANGE_KINDS)[number];

const from = (effectiveFrom: Date | null) => (effectiveFrom === null ? "from the beginning (no window judged yet)" : `from the window starting ${effectiveFrom.toISOString()}`);

export function edgeSummary(kind: "DEPENDENCY_ADDED" | "DEPENDENCY_UPDATED" | "DEPENDENCY_REMOVED", args: { fromKey: string; toKey: string; effectiveFrom: Date | null; changes?: string[] }): string {
  const edge = `'${args.fromKey}' → '${args.toKey}'`;
  if (kind === "DEPENDENCY_ADDED") return `added the dependency ${edge}, in effect ${from(args.effectiveFrom)}`;
  if (kind === "DEPENDENCY_REMOVED") return `removed the dependency ${edge}, ${from(args.effectiveFrom)}; earlier windows keep it`;
  return `changed the dependency ${edge} (${(args.changes ?? []).join(", ")}), ${from(args.effectiveFrom)}`;
}

export function modelSummary(kind: "MODEL_REGISTERED" | "MODEL_UPDATED" | "MODEL_RETIRED", args: { key: string; effectiveFrom?: Date | null; changes?: string[] }): string {
  if (kind === "MODEL_REGISTERED") return `registered the model '${args.key}'`;
  if (kind === "MODEL_RETIRED") return `retired the model '${args.key}' ${from(args.effectiveFrom ?? null)}: it takes no new telemetry and leaves the map; its past windows stay`;
  return `updated the model '${args.key}': ${(args.changes ?? []).join("; ") || "no change"}`;
}

export function systemSummary(kind: "SYSTEM_CREATED" | "SYSTEM_DELETED", args: { name: string; windowSeconds?: number; totalRows?: number }): string {
  return kind === "SYSTEM_CREATED" ? `created the system '${args.name}' (windows of ${args.windowSeconds} s)` : `deleted the system '${args.name}' and all its data (${args.totalRows} rows)`;
}

/** A model setting changed (drift reference or configuration, forbidden features, thresholds, fairness policy). */
export function settingSummary(args: { modelKey: string; setting: string; value: unknown }): string {
  const value = args.value === null || args.value === undefined ? "cleared" : `set to ${JSON.stringify(args.value)}`;
  return `${args.setting} of '${args.modelKey}' ${value}`;
}

/** A system setting (e.g. rawRetentionDays) that was just saved. */
export function systemSettingSummary(args: { systemName: string; setting: string; value: unknown }): string {
  const value = args.value === null || args.value === undefined ? "cleared" : `set to ${JSON.stringify(args.value)}`;
  return `${args.setting} of the system '${args.systemName}' ${value}`;
}

export interface RuleText {
  metric: string;
  operator: string;
  threshold: number;
}

export function ruleSummary(kind: "ALERT_RULE_CREATED" | "ALERT_RULE_UPDATED" | "ALERT_RULE_DELETED", args: { modelKey: string; rule: RuleText; before?: RuleText }): string {
  const text = (r: RuleText) => `'${args.modelKey}': ${r.metric} ${r.operator} ${r.threshold}`;
  if (kind === "ALERT_RULE_CREATED") return `added the alert rule ${text(args.rule)}`;
  if (kind === "ALERT_RULE_DELETED") return `deleted the alert rule ${text(args.rule)}`;
  return `changed the alert rule ${text(args.before ?? args.rule)} to ${text(args.rule)}`;
}

/** The fields that differ between two versions, as "field: before → after" phrases. */
export function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(after)) {
    const was = before[field];
    if (JSON.stringify(was) !== JSON.stringify(value)) out.push(`${field}: ${show(was)} → ${show(value)}`);
  }
  return out;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "none";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}
