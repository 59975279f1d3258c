// The retraining prioritization strategies: the one list (the GraphQL enum PriorityStrategy, the
// service's validation, the export endpoint and prioritize() derive from it). COMBINED fuses the
// single strategies (combined.ts); each single strategy has its own file.
export const SINGLE_STRATEGIES = ["DISAGREEMENT", "UNCERTAINTY", "LABEL_ERROR", "DRIFT", "BLAME"] as const;
export type SingleStrategy = (typeof SINGLE_STRATEGIES)[number];

/** Every strategy, in the order the API lists them (COMBINED, the default, first). */
export const PRIORITY_STRATEGIES = ["COMBINED", ...SINGLE_STRATEGIES] as const;
export type PriorityStrategy = (typeof PRIORITY_STRATEGIES)[number];

export function isPriorityStrategy(value: unknown): value is PriorityStrategy {
  return (PRIORITY_STRATEGIES as readonly unknown[]).includes(value);
}
