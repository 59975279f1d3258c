// What is stored of each feature of a prediction, given the privacy settings (docs/privacy.md).
// Pure: the decisions only; the keyed hash itself is computed by the ingestion service.
//
//   mode     PROFILE_ONLY when the model says so, else when its system says so, else RAW.
//   feature  pii categorical → its keyed hash is profiled, and stored unless the model is
//            profile-only and did not opt the feature in; pii numeric → profiled only, never stored;
//            other features → stored raw unless the model is profile-only and did not opt it in.
//            A profile-only model's categorical features that are not opted in are profiled as
//            their keyed hash too: no category written anywhere is a raw value.
//   reads    a "protected" numeric feature (pii, or profile-only and not opted in) is reported
//            by counts, moments, distinct counts and drift statistics, never by values that may be
//            individual raw values (min, max, quantiles, histogram cut points).
import type { FeatureKindName } from "../feature-kinds.js";

export const PRIVACY_MODES = ["RAW", "PROFILE_ONLY"] as const;
export type PrivacyMode = (typeof PRIVACY_MODES)[number];
export const PRIVACY_MODE_SOURCES = ["MODEL", "SYSTEM", "DEFAULT"] as const;
export type PrivacyModeSource = (typeof PRIVACY_MODE_SOURCES)[number];

/** How one feature's values travel: stored as sent, stored as their keyed hash, or not stored at all. */
export type FeatureDisposition = "raw" | "hashed" | "dropped";

export interface PrivacySettings {
  systemProfileOnly: boolean;
  modelProfileOnly: boolean | null;
  retainedFeatures: readonly string[];
  piiFeatures: readonly string[];
}

export function effectiveMode(s: Pick<PrivacySettings, "systemProfileOnly" | "modelProfileOnly">): { mode: PrivacyMode; source: PrivacyModeSource } {
  if (s.modelProfileOnly !== null) return { mode: s.modelProfileOnly ? "PROFILE_ONLY" : "RAW", source: "MODEL" };
  if (s.systemProfileOnly) return { mode: "PROFILE_ONLY", source: "SYSTEM" };
  return { mode: "RAW", source: "DEFAULT" };
}

export interface FeaturePlan {
  name: string;
  kind: FeatureKindName;
  /** What the stored prediction row keeps. */
  stored: FeatureDisposition;
  /** The profile counts the keyed hash (categorical PII) or the value. */
  profiledAsHash: boolean;
  /** Reads never show values that may be individual raw values of it (numeric: min, max, quantiles, cut points). */
  protectedValues: boolean;
}

/** One plan per feature; `anyChange` is false when every feature is stored raw (the fast path). */
export function featurePlan(args: { features: ReadonlyArray<{ name: string; kind: FeatureKindName }>; settings: PrivacySettings }): { plans: FeaturePlan[]; anyChange: boolean; mode: PrivacyMode } {
  const { mode } = effectiveMode(args.settings);
  const pii = new Set(args.settings.piiFeatures);
  const retained = new Set(args.settings.retainedFeatures);
  const plans = args.features.map((f): FeaturePlan => {
    const kept = mode === "RAW" || retained.has(f.name);
    const base = { name: f.name, kind: f.kind, protectedValues: pii.has(f.name) || !kept };
    if (pii.has(f.name)) {
      if (f.kind === "NUMERIC") return { ...base, stored: "dropped", profiledAsHash: false };
      return { ...base, stored: kept ? "hashed" : "dropped", profiledAsHash: true };
    }
    return { ...base, stored: kept ? "raw" : "dropped", profiledAsHash: !kept && f.kind === "CATEGORICAL" };
  });
  return { plans, anyChange: plans.some((p) => p.stored !== "raw" || p.profiledAsHash), mode };
}

/** Why a raw-row feature is unavailable for this model, or null when raw feature values are kept. */
export function rawRowsUnavailable(args: { modelKey: string; mode: PrivacyMode; what: string }): string | null {
  return args.mode === "PROFILE_ONLY"
    ? `${args.what} is unavailable for model '${args.modelKey}': it is PROFILE_ONLY, so its raw feature values are never stored (only window profiles)`
    : null;
}

/** The features whose numeric values reads must not show (protectedValues). */
export function protectedNumeric(plans: readonly FeaturePlan[]): Set<string> {
  return new Set(plans.filter((p) => p.protectedValues && p.kind === "NUMERIC").map((p) => p.name));
}

/**
 * A drift result as a read may show it: the histogram cut points of a protected numeric feature
 * (reference quantiles, possibly individual values) are withheld; counts and statistics stay.
 */
export function redactDrift<T extends { feature: string; referenceHistogram: { edges: number[] | null }; currentHistogram: { edges: number[] | null } }>(result: T, hidden: ReadonlySet<string>): T {
  if (!hidden.has(result.feature)) return result;
  return { ...result, referenceHistogram: { ...result.referenceHistogram, edges: null }, currentHistogram: { ...result.currentHistogram, edges: null } };
}
