// The registry of drift tests: each has a name, the feature kinds it applies to, its role
// (a significance test gives a p-value; an effect size says whether the change is material) and,
// for effect sizes, the default materiality threshold. Reports use the defaults unless a
// feature's configuration names another test or threshold.

import { FEATURE_KINDS, type FeatureKindName } from "../feature-kinds.js";

export type { FeatureKindName };
/** Every drift test, in the order the API lists them; DRIFT_TESTS describes each. */
export const DRIFT_TEST_NAMES = ["KS", "CHI_SQUARE", "JENSEN_SHANNON", "PSI", "WASSERSTEIN", "HELLINGER"] as const;
export type DriftTestName = (typeof DRIFT_TEST_NAMES)[number];

export interface DriftTestInfo {
  name: DriftTestName;
  role: "significance" | "effect";
  kinds: readonly FeatureKindName[];
  /** Materiality threshold on the effect size (effect tests only). */
  defaultThreshold: number | null;
  description: string;
}

export const DRIFT_TESTS: Readonly<Record<DriftTestName, DriftTestInfo>> = {
  KS: { name: "KS", role: "significance", kinds: ["NUMERIC"], defaultThreshold: null, description: "two-sample Kolmogorov–Smirnov (SciPy ks_2samp, method auto)" },
  CHI_SQUARE: { name: "CHI_SQUARE", role: "significance", kinds: FEATURE_KINDS, defaultThreshold: null, description: "Pearson χ² on the 2×K table (SciPy chi2_contingency); numeric features use the reference-decile bins" },
  WASSERSTEIN: { name: "WASSERSTEIN", role: "effect", kinds: ["NUMERIC"], defaultThreshold: 0.1, description: "Wasserstein-1 distance / max(std_ref, 0.001)" },
  JENSEN_SHANNON: { name: "JENSEN_SHANNON", role: "effect", kinds: FEATURE_KINDS, defaultThreshold: 0.1, description: "Jensen–Shannon distance, base 2, on the bins" },
  PSI: { name: "PSI", role: "effect", kinds: FEATURE_KINDS, defaultThreshold: 0.2, description: "population stability index on the bins (zero proportions → 1e-4)" },
  HELLINGER: { name: "HELLINGER", role: "effect", kinds: FEATURE_KINDS, defaultThreshold: 0.1, description: "Hellinger distance on the bins" },
};

export const DEFAULT_SIGNIFICANCE: Readonly<Record<FeatureKindName, DriftTestName>> = { NUMERIC: "KS", CATEGORICAL: "CHI_SQUARE" };
export const DEFAULT_EFFECT: Readonly<Record<FeatureKindName, DriftTestName>> = { NUMERIC: "WASSERSTEIN", CATEGORICAL: "JENSEN_SHANNON" };
/** Significance level on the Benjamini–Hochberg adjusted p-value. */
export const ALPHA = 0.05;

/** Per-feature configuration (all optional). */
export interface FeatureDriftConfig {
  test?: DriftTestName;
  effectSize?: DriftTestName;
  threshold?: number;
}

export interface ResolvedDriftConfig {
  test: DriftTestName;
  effectSize: DriftTestName;
  threshold: number;
}

/** The test, effect size and threshold a feature of `kind` uses; throws on a test that does not fit. */
export function resolveDriftConfig(args: { feature: string; kind: FeatureKindName; config?: FeatureDriftConfig }): ResolvedDriftConfig {
  const { feature, kind, config = {} } = args;
  const test = config.test ?? DEFAULT_SIGNIFICANCE[kind];
  const effectSize = config.effectSize ?? DEFAULT_EFFECT[kind];
  const t = DRIFT_TESTS[test];
  const e = DRIFT_TESTS[effectSize];
  if (!t || t.role !== "significance" || !t.kinds.includes(kind)) {
    throw new Error(`analytics/drift-tests: ${feature}: ${test} is not a significance test for ${kind.toLowerCase()} features (use ${Object.values(DRIFT_TESTS).filter((d) => d.role === "significance" && d.kinds.includes(kind)).map((d) => d.name).join(" or ")})`);
  }
  if (!e || e.role !== "effect" || !e.kinds.includes(kind)) {
    throw new Error(`analytics/drift-tests: ${feature}: ${effectSize} is not an effect size for ${kind.toLowerCase()} features (use ${Object.values(DRIFT_TESTS).filter((d) => d.role === "effect" && d.kinds.includes(kind)).map((d) => d.name).join(", ")})`);
  }
  const threshold = config.threshold ?? e.defaultThreshold!;
  if (!Number.isFinite(threshold) || threshold < 0) throw new Error(`analytics/drift-tests: ${feature}: threshold must be a finite number ≥ 0, got ${threshold}`);
  return { test, effectSize, threshold };
}
