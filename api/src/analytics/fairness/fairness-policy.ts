// A model's fairness policy (docs/fairness.md): which of its features are sensitive, how numeric
// ones are grouped, which outcome is favorable, and the limits that make the parity figures health
// signals. Defaults: the four-fifths rule (demographic-parity ratio ≥ 0.8), no limit on the
// differences, favorable label "1", 4 quantile groups for a numeric feature without declared
// bins, groups of fewer than 30 rows left out of the figures. Pure: `fairnessPolicyProblem` names
// the first field that is wrong (the service maps it to BAD_USER_INPUT).
import type { ModelTaskName } from "../model-tasks.js";

export interface FairnessBins {
  feature: string;
  /** Strictly increasing cut points: groups < e0, [e0, e1), …, ≥ en. */
  edges: number[];
}

export interface FairnessPolicy {
  sensitiveFeatures: string[];
  /** Demographic-parity ratio (min / max) below this breaches; null: no limit. */
  minParityRatio: number | null;
  /** Demographic-parity difference (max − min) above this breaches; null: no limit. */
  maxParityDifference: number | null;
  /** Equalized-odds difference above this breaches; null: no limit. */
  maxEqualizedOddsDifference: number | null;
  /** Classification: the favorable predicted class ("1" of a binary model, or a class name). */
  favorableLabel: string;
  /** Declared bins of numeric sensitive features (others: quantiles of the window). */
  bins: FairnessBins[];
  /** Quantile groups of a numeric sensitive feature without declared bins. */
  quantiles: number;
  /** Groups with fewer rows (fewer labelled rows for TPR/FPR/MAE) are shown but left out of the figures. */
  minGroupSize: number;
}

export const FAIRNESS_DEFAULTS = {
  minParityRatio: 0.8,
  maxParityDifference: null,
  maxEqualizedOddsDifference: null,
  favorableLabel: "1",
  bins: [],
  quantiles: 4,
  minGroupSize: 30,
} as const satisfies Omit<FairnessPolicy, "sensitiveFeatures">;

export const FAIRNESS_LIMITS = { sensitiveFeatures: 10, edges: 50, quantiles: { min: 2, max: 10 }, minGroupSize: { min: 1, max: 1_000_000 } } as const;

export interface PolicyProblem {
  field: string;
  message: string;
}

type FeatureLike = { name: string; kind: string; deprecated?: boolean };

const problem = (field: string, message: string): PolicyProblem => ({ field, message });

function limitProblem(args: { policy: FairnessPolicy }): PolicyProblem | null {
  const { minParityRatio, maxParityDifference, maxEqualizedOddsDifference } = args.policy;
  if (minParityRatio !== null && !(Number.isFinite(minParityRatio) && minParityRatio > 0 && minParityRatio <= 1)) {
    return problem("minParityRatio", `minParityRatio must be in (0, 1], got ${minParityRatio}`);
  }
  if (maxParityDifference !== null && !(Number.isFinite(maxParityDifference) && maxParityDifference >= 0)) {
    return problem("maxParityDifference", `maxParityDifference must be a finite number ≥ 0, got ${maxParityDifference}`);
  }
  if (maxEqualizedOddsDifference !== null && !(Number.isFinite(maxEqualizedOddsDifference) && maxEqualizedOddsDifference >= 0 && maxEqualizedOddsDifference <= 1)) {
    return problem("maxEqualizedOddsDifference", `maxEqualizedOddsDifference must be in [0, 1], got ${maxEqualizedOddsDifference}`);
  }
  return null;
}

function featuresProblem(args: { policy: FairnessPolicy; features: readonly FeatureLike[] }): PolicyProblem | null {
  const names = args.policy.sensitiveFeatures;
  if (names.length === 0) return problem("sensitiveFeatures", "sensitiveFeatures must name at least one feature");
  if (names.length > FAIRNESS_LIMITS.sensitiveFeatures) return problem("sensitiveFeatures", `sensitiveFeatures takes at most ${FAIRNESS_LIMITS.sensitiveFeatures} features, got ${names.length}`);
  const seen = new Set<string>();
  for (const name of names) {
    const spec = args.features.find((f) => f.name === name && !f.deprecated);
    if (!spec) return problem("sensitiveFeatures", `sensitiveFeatures: '${name}' is not a declared feature of the model`);
    if (seen.has(name)) return problem("sensitiveFeatures", `sensitiveFeatures: '${name}' is named twice`);
    seen.add(name);
  }
  return null;
}

function binsProblem(args: { policy: FairnessPolicy; features: readonly FeatureLike[] }): PolicyProblem | null {
  const { policy } = args;
  const seen = new Set<string>();
  for (const b of policy.bins) {
    if (!policy.sensitiveFeatures.includes(b.feature)) return problem("bins", `bins: '${b.feature}' is not one of the sensitive features`);
    if (args.features.find((f) => f.name === b.feature)?.kind !== "NUMERIC") return problem("bins", `bins: '${b.feature}' is not a numeric feature`);
    if (seen.has(b.feature)) return problem("bins", `bins: '${b.feature}' is binned twice`);
    seen.add(b.feature);
    if (b.edges.length === 0 || b.edges.length > FAIRNESS_LIMITS.edges) return problem("bins", `bins: '${b.feature}' needs 1 to ${FAIRNESS_LIMITS.edges} edges, got ${b.edges.length}`);
    if (!b.edges.every((e, i) => Number.isFinite(e) && (i === 0 || e > b.edges[i - 1]!))) return problem("bins", `bins: the edges of '${b.feature}' must be finite and strictly increasing`);
  }
  const { min, max } = FAIRNESS_LIMITS.quantiles;
  if (!Number.isInteger(policy.quantiles) || policy.quantiles < min || policy.quantiles > max) return problem("quantiles", `quantiles must be an integer from ${min} to ${max}, got ${policy.quantiles}`);
  const size = FAIRNESS_LIMITS.minGroupSize;
  if (!Number.isInteger(policy.minGroupSize) || policy.minGroupSize < size.min || policy.minGroupSize > size.max) {
    return problem("minGroupSize", `minGroupSize must be an integer from ${size.min} to ${size.max}, got ${policy.minGroupSize}`);
  }
  return null;
}

function labelProblem(args: { policy: FairnessPolicy; task: ModelTaskName }): PolicyProblem | null {
  const label = args.policy.favorableLabel;
  if (args.task === "BINARY_CLASSIFICATION" && label !== "0" && label !== "1") return problem("favorableLabel", `favorableLabel of a binary model must be "0" or "1", got '${label}'`);
  if (args.task === "MULTICLASS_CLASSIFICATION" && label.trim() === "") return problem("favorableLabel", "favorableLabel must name a class");
  return null;
}

/** The first thing wrong with `policy` for a model with these features and task, or null. */
export function fairnessPolicyProblem(args: { policy: FairnessPolicy; features: readonly FeatureLike[]; task: ModelTaskName }): PolicyProblem | null {
  return featuresProblem(args) ?? limitProblem(args) ?? labelProblem(args) ?? binsProblem(args);
}
