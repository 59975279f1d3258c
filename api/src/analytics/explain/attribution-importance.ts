// Global feature importance of a set of predictions from their logged attributions:
//   importance(f) = mean over the predictions that carry attributions of |attribution_f|
// (a feature a prediction does not attribute counts 0 for it), and its share of the mass
//   share(f) = importance(f) / Σ_g importance(g).

export interface AttributionImportance {
  /** Predictions that carried attributions. */
  count: number;
  /** feature → mean |attribution|. */
  meanAbs: Record<string, number>;
  /** feature → share of Σ mean |attribution| (all 0 when the mass is 0). */
  share: Record<string, number>;
}

/** From per-feature sums of |attribution| over `count` predictions (what the database aggregates). */
export function importanceFromSums(args: { count: number; sumAbs: Readonly<Record<string, number>>; features: readonly string[] }): AttributionImportance {
  const { count, sumAbs, features } = args;
  const meanAbs: Record<string, number> = {};
  for (const f of features) meanAbs[f] = count > 0 ? (sumAbs[f] ?? 0) / count : 0;
  let total = 0;
  for (const f of features) total += meanAbs[f]!;
  const share: Record<string, number> = {};
  for (const f of features) share[f] = total > 0 ? meanAbs[f]! / total : 0;
  return { count, meanAbs, share };
}

/** From the attributions themselves (tests, and small sets). */
export function importanceOf(args: { attributions: ReadonlyArray<Readonly<Record<string, number>>>; features: readonly string[] }): AttributionImportance {
  const sumAbs: Record<string, number> = {};
  for (const a of args.attributions) for (const [f, v] of Object.entries(a)) sumAbs[f] = (sumAbs[f] ?? 0) + Math.abs(v);
  return importanceFromSums({ count: args.attributions.length, sumAbs, features: args.features });
}
