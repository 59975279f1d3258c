// One prediction explained (docs/explanations.md): its logged attributions ranked by |value|, each
// feature's value placed in the reference window (feature-context.ts), the forbidden features among
// its top reasons, a case-based view when no attributions were logged (similar-cases.ts), and one
// plain sentence.
import type { FeatureKindName } from "../feature-kinds.js";
import { featureContext, type FeatureBins, type FeatureContext } from "./feature-context.js";
import { forbiddenInTopReasons, TOP_REASONS, type ForbiddenFeature } from "./forbidden-features.js";
import type { SimilarCases } from "./similar-cases.js";

export interface RankedAttribution {
  feature: string;
  value: number;
  /** |value| / Σ |values| of the prediction (0 when all are 0). */
  share: number;
  forbidden: boolean;
}

export interface PredictionExplanation {
  attributions: RankedAttribution[];
  features: FeatureContext[];
  forbiddenInTopReasons: string[];
  /** The label the prediction stands for ("1", a class; null for regression and ranking). */
  predictedLabel: string | null;
  similarCases: SimilarCases | null;
  /** How many of the similar cases had the predicted label (null: no case-based view or no label). */
  sameLabelCount: number | null;
  sentence: string;
}

type Spec = { name: string; kind: FeatureKindName };

export function rankAttributions(args: { attributions: Readonly<Record<string, number>>; forbidden: readonly ForbiddenFeature[] }): RankedAttribution[] {
  const names = new Set(args.forbidden.map((f) => f.name));
  const entries = Object.entries(args.attributions);
  const total = entries.reduce((s, [, v]) => s + Math.abs(v), 0);
  return entries
    .map(([feature, value]) => ({ feature, value, share: total > 0 ? Math.abs(value) / total : 0, forbidden: names.has(feature) }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.feature < b.feature ? -1 : 1));
}

/** The label a prediction stands for: its class, or for a binary score the class at 0.5. */
export function predictedLabel(args: { task: string; score: number | null; predictedClass: string | null }): string | null {
  if (args.predictedClass !== null) return args.predictedClass;
  if (args.task === "BINARY_CLASSIFICATION" && args.score !== null) return args.score >= 0.5 ? "1" : "0";
  return null;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2));
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${fmt(Math.abs(x))}`;
const list = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

function placement(c: FeatureContext): string | null {
  if (c.outOfReferenceRange) return c.kind === "NUMERIC" ? `${c.feature} = ${fmt(c.value as number)} is outside the reference range` : `${c.feature} = "${c.value}" never occurs in the reference`;
  if (c.percentile !== null && (c.percentile >= 95 || c.percentile <= 5)) return `${c.feature} = ${fmt(c.value as number)} is at the ${Math.round(c.percentile)}th percentile of the reference`;
  if (c.inDriftedBin) return `${c.feature} falls in a drifted bin`;
  return null;
}

export function explanationSentence(e: Omit<PredictionExplanation, "sentence">): string {
  const parts: string[] = [];
  if (e.attributions.length > 0) {
    const top = e.attributions.slice(0, TOP_REASONS).filter((a) => a.value !== 0);
    parts.push(top.length ? `Driven mostly by ${list(top.map((a) => `${a.feature} (${signed(a.value)})`))}.` : "All logged attributions are 0.");
  } else if (e.similarCases && e.similarCases.k > 0) {
    const k = e.similarCases.k;
    if (e.predictedLabel !== null) parts.push(`No attributions were logged. Of the ${k} most similar reference cases, ${e.sameLabelCount ?? 0} had this label (${e.predictedLabel}).`);
    else parts.push(`No attributions were logged. The ${k} most similar reference cases had labels ${list(e.similarCases.labelCounts.slice(0, 3).map((l) => `${l.label} (${l.count})`))}.`);
  } else {
    parts.push("No attributions were logged and the reference has no labelled cases to compare with.");
  }
  const unusual = e.features.map(placement).filter((p): p is string => p !== null).slice(0, 2);
  if (unusual.length) parts.push(`Unusual values: ${list(unusual)}.`);
  if (e.forbiddenInTopReasons.length) parts.push(`Forbidden feature${e.forbiddenInTopReasons.length > 1 ? "s" : ""} ${list(e.forbiddenInTopReasons)} ${e.forbiddenInTopReasons.length > 1 ? "are" : "is"} among its top reasons: this decision may rest on an invalid reason.`);
  return parts.join(" ");
}

export function explainPrediction(args: {
  task: string;
  features: readonly Spec[];
  prediction: { features: Readonly<Record<string, unknown>>; attributions: Readonly<Record<string, number>> | null; score: number | null; predictedClass: string | null };
  /** The reference's feature values (a sample). */
  reference: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** feature → its bins in the drift report of the prediction's window (absent: none). */
  bins: ReadonlyMap<string, FeatureBins> | null;
  forbidden: readonly ForbiddenFeature[];
  similarCases: SimilarCases | null;
}): PredictionExplanation {
  const attributions = args.prediction.attributions ? rankAttributions({ attributions: args.prediction.attributions, forbidden: args.forbidden }) : [];
  const rank = new Map(attributions.map((a, i) => [a.feature, i]));
  const features = args.features
    .map((f) => featureContext({ feature: f.name, kind: f.kind, value: args.prediction.features[f.name] ?? null, reference: args.reference.map((r) => r[f.name]), bins: args.bins?.get(f.name) ?? null }))
    .sort((a, b) => (rank.get(a.feature) ?? Infinity) - (rank.get(b.feature) ?? Infinity));
  const label = predictedLabel({ task: args.task, score: args.prediction.score, predictedClass: args.prediction.predictedClass });
  const sameLabelCount = args.similarCases && label !== null ? args.similarCases.cases.filter((c) => c.label === label).length : null;
  const partial = {
    attributions, features, forbiddenInTopReasons: forbiddenInTopReasons({ ranked: attributions, forbidden: args.forbidden }),
    predictedLabel: label, similarCases: args.similarCases, sameLabelCount,
  };
  return { ...partial, sentence: explanationSentence(partial) };
}
