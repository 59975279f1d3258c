// The kinds of health signal a model's window produces: the one list (the health formula's weights,
// the drift signals and the GraphQL description of HealthSignal.kind derive from it).
//   drift, data_quality      — the drift report (analytics/drift/drift-signals.ts)
//   performance              — realized metrics against their baseline
//   estimated_performance    — confidence-based estimates without labels
//   anomaly                  — the share of anomalous predictions per detector
//   metric                   — custom metrics and alert rules
//   forecast                 — a forecast breach within the horizon
//   fairness                 — disparity between the groups of a sensitive feature (analytics/fairness)
//   attribution_drift        — feature-attribution ranking against the reference (analytics/explain/attribution-drift.ts)
//   forbidden_attribution    — a forbidden feature's share of attribution mass (analytics/explain/forbidden-features.ts)
export const SIGNAL_KINDS = ["drift", "data_quality", "performance", "estimated_performance", "anomaly", "metric", "forecast", "fairness", "attribution_drift", "forbidden_attribution"] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];
