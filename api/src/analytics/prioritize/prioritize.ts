// Entry point of the retraining prioritization strategies (issue 6, item 1; docs/retraining.md
// "Retraining"): `prioritize({ strategy, candidates, first, ...options })` runs one strategy and
// keeps the `first` samples (all when omitted). See each strategy's file for its definition.
export * from "./candidates.js";
export { combined, DEFAULT_EPSILON, featureDistance, RRF_K, SINGLE_STRATEGIES, standardisedFeatures, suppressNearDuplicates } from "./combined.js";
export type { CombinedArgs, SingleStrategy, StrategyArgs } from "./combined.js";
export { disagreement, HIGH_CONFIDENCE } from "./disagreement.js";
export type { DisagreementArgs } from "./disagreement.js";
export { blame, drift, MAX_REGION_REASONS } from "./drift-blame.js";
export { DEFAULT_MIN_EXCESS, describeHit, driftedRegions, regionHits } from "./drift-regions.js";
export type { DriftedFeatureInput, DriftedRegions, DriftHistogram, DriftRegionHit } from "./drift-regions.js";
export type { BlameArgs, DriftArgs } from "./drift-blame.js";
export { classThresholds, labelError } from "./label-error.js";
export type { LabelErrorArgs } from "./label-error.js";
export { uncertainty } from "./uncertainty.js";
export type { UncertaintyArgs } from "./uncertainty.js";

import { fail, type Prioritized } from "./candidates.js";
import { combined, type CombinedArgs, runSingleStrategy, validateFirst } from "./combined.js";

import type { PriorityStrategy } from "./strategies.js";

export { isPriorityStrategy, PRIORITY_STRATEGIES, type PriorityStrategy } from "./strategies.js";
export type Strategy = PriorityStrategy;

export interface PrioritizeArgs extends CombinedArgs {
  strategy: Strategy;
}

export function prioritize(args: PrioritizeArgs): Prioritized[] {
  if (args == null || typeof args !== "object") fail("prioritize needs an args object");
  validateFirst(args.first);
  const { strategy } = args;
  let ranked: Prioritized[];
  switch (strategy) {
    case "COMBINED":
      return combined(args);
    case "DISAGREEMENT":
    case "UNCERTAINTY":
    case "LABEL_ERROR":
    case "DRIFT":
    case "BLAME":
      ranked = runSingleStrategy(strategy, args);
      break;
    default: {
      const never: never = strategy;
      return fail(`unknown strategy ${String(never)}`);
    }
  }
  return args.first === undefined ? ranked : ranked.slice(0, args.first);
}
