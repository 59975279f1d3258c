// Valid reasons (docs/explanations.md): features a model declares must not drive its decisions
// (a protected attribute, a hospital or device id, a leakage column), each with the largest share of
// the window's attribution mass it may take. A signal per forbidden feature (kind
// "forbidden_attribution"): value = its share of Σ mean |attribution| in the window, breached when
// the share exceeds maxShare. And, for one prediction, which of its top reasons are forbidden.
import type { AttributionImportance } from "./attribution-importance.js";

export interface ForbiddenFeature {
  name: string;
  /** Largest allowed share of the attribution mass, in [0, 1). */
  maxShare: number;
}

/** Predictions with attributions a window needs before its shares are judged. */
export const FORBIDDEN_MIN_PREDICTIONS = 30;
/** How many of a prediction's reasons (by |attribution|) count as its top reasons. */
export const TOP_REASONS = 3;

export interface ForbiddenSignal {
  kind: "forbidden_attribution";
  name: string;
  value: number;
  threshold: number;
  breached: boolean;
}

/** The reason a declaration is invalid, naming the field (`features[1].maxShare: …`), or null. */
export function forbiddenFeaturesProblem(args: { declared: readonly ForbiddenFeature[]; features: readonly string[] }): string | null {
  const seen = new Set<string>();
  for (const [i, f] of args.declared.entries()) {
    if (!args.features.includes(f.name)) return `features[${i}].name: '${f.name}' is not a feature of the model (declared: ${args.features.join(", ") || "none"})`;
    if (seen.has(f.name)) return `features[${i}].name: '${f.name}' is listed twice`;
    seen.add(f.name);
    if (!Number.isFinite(f.maxShare) || f.maxShare < 0 || f.maxShare >= 1) return `features[${i}].maxShare: expected a share in [0, 1), got ${f.maxShare}`;
  }
  return null;
}

export function forbiddenSignals(args: { forbidden: readonly ForbiddenFeature[]; importance: AttributionImportance }): ForbiddenSignal[] {
  if (args.importance.count < FORBIDDEN_MIN_PREDICTIONS) return [];
  return args.forbidden.map((f) => {
    const share = args.importance.share[f.name] ?? 0;
    return { kind: "forbidden_attribution", name: f.name, value: share, threshold: f.maxShare, breached: share > f.maxShare };
  });
}

/** The forbidden features among a prediction's top reasons (ranked attributions, largest |value| first). */
export function forbiddenInTopReasons(args: { ranked: ReadonlyArray<{ feature: string; value: number }>; forbidden: readonly ForbiddenFeature[] }): string[] {
  const names = new Set(args.forbidden.map((f) => f.name));
  return args.ranked.slice(0, TOP_REASONS).filter((r) => r.value !== 0 && names.has(r.feature)).map((r) => r.feature);
}
