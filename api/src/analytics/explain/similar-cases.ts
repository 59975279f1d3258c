// A case-based view of one prediction: its k nearest labelled reference predictions and their
// labels ("of the 20 most similar reference cases, 3 had this label").
// Distance: Euclidean over the features, numeric values standardized by the reference's mean and
// population standard deviation (a constant feature counts 0), categorical ones 0 on an exact match
// and 1 otherwise; a value missing on either side counts 1. Ties: by prediction id.
import type { FeatureKindName } from "../feature-kinds.js";

export const SIMILAR_CASES_K = 20;

export interface LabelledCase {
  predictionId: string;
  features: Readonly<Record<string, unknown>>;
  /** The label as text: a class, or a number (binary 0/1, regression value). */
  label: string;
}

export interface SimilarCase {
  predictionId: string;
  distance: number;
  label: string;
}

export interface SimilarCases {
  k: number;
  cases: SimilarCase[];
  /** label → how many of the k cases had it, most frequent first. */
  labelCounts: Array<{ label: string; count: number }>;
}

type Spec = { name: string; kind: FeatureKindName };

function scales(features: readonly Spec[], reference: readonly LabelledCase[]): Map<string, { mean: number; std: number }> {
  const out = new Map<string, { mean: number; std: number }>();
  for (const f of features) {
    if (f.kind !== "NUMERIC") continue;
    const xs = reference.map((r) => r.features[f.name]).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
    const mean = xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
    const variance = xs.length ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length : 0;
    out.set(f.name, { mean, std: Math.sqrt(variance) });
  }
  return out;
}

export function similarCases(args: {
  features: readonly Spec[];
  query: Readonly<Record<string, unknown>>;
  reference: readonly LabelledCase[];
  k?: number;
}): SimilarCases {
  const k = args.k ?? SIMILAR_CASES_K;
  if (!Number.isInteger(k) || k < 1) throw new Error(`analytics/similar-cases: k must be a positive integer, got ${k}`);
  const scale = scales(args.features, args.reference);
  const distance = (row: Readonly<Record<string, unknown>>): number => {
    let d2 = 0;
    for (const f of args.features) {
      const a = args.query[f.name];
      const b = row[f.name];
      if (f.kind === "NUMERIC") {
        if (typeof a !== "number" || typeof b !== "number") d2 += 1;
        else {
          const s = scale.get(f.name)!;
          d2 += s.std > 0 ? ((a - b) / s.std) ** 2 : 0;
        }
      } else {
        d2 += typeof a === "string" && a === b ? 0 : 1;
      }
    }
    return Math.sqrt(d2);
  };
  const cases = args.reference
    .map((r) => ({ predictionId: r.predictionId, distance: distance(r.features), label: r.label }))
    .sort((a, b) => a.distance - b.distance || (a.predictionId < b.predictionId ? -1 : a.predictionId > b.predictionId ? 1 : 0))
    .slice(0, k);
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.label, (counts.get(c.label) ?? 0) + 1);
  const labelCounts = [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
  return { k: cases.length, cases, labelCounts };
}
