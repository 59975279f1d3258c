// One piece of evidence per feature for the system graph (pure). A feature's drift and data-quality
// checks breach together: counting them as independent signals made a consumer that a fault reaches
// through one input look like a spurious alarm (2 of 13 checks breached).

/** What the grouping reads of a signal. */
export interface SignalLike {
  kind: string;
  name: string;
  threshold: number | null;
  breached: boolean;
}

/**
 * The evidence the graph weighs for a model (how many of its signals breached): one entry per
 * feature — its drift and its data-quality checks (missing rate, out of range, unseen categories)
 * breach together, one piece of evidence rather than independent ones, which the graph's signal
 * count assumes — and one per other signal (anomaly shares, performance, forecast, rules). The
 * entry of a feature is its breached signal if any. Signals that cannot breach (no threshold) are
 * left out, as the graph ignores them.
 */
export function evidencePerFeature<T extends SignalLike>(signals: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const s of signals) {
    if (s.threshold === null) continue;
    const dot = s.name.lastIndexOf(".");
    // Attribution drift's nDCG and the importance shifts it names breach together: one piece of evidence.
    const key = s.kind === "drift" ? `feature:${s.name}` : s.kind === "data_quality" && dot > 0 ? `feature:${s.name.slice(0, dot)}` : s.kind === "attribution_drift" ? s.kind : `${s.kind}:${s.name}`;
    const current = byKey.get(key);
    if (current === undefined || (!current.breached && s.breached)) byKey.set(key, s);
  }
  return [...byKey.values()];
}
