// What a drift report needs to know about a window of a model, built from its rows (or a uniform
// sample of them): per feature the count of values and of missing values, the range, a bounded
// uniform sample of numeric values (reservoir) and category counts (bounded cardinality); the
// same for the model's output and per segment. Pure: randomness comes from a seeded PRNG.
import type { FeatureKindName } from "../feature-kinds.js";
import { seededRandom } from "../seeded-random.js";

export const DEFAULT_SAMPLE_CAP = 20_000;
/** Distinct categories kept per feature and window; the rest are counted under OTHER_CATEGORY. */
export const MAX_CATEGORIES = 1_000;
export const OTHER_CATEGORY = "__other__";

export interface NumericSummary {
  kind: "NUMERIC";
  /** Non-missing values seen. */
  count: number;
  missing: number;
  min: number | null;
  max: number | null;
  /** Uniform sample of the non-missing values, at most the cap. */
  sample: number[];
}

export interface CategoricalSummary {
  kind: "CATEGORICAL";
  count: number;
  missing: number;
  counts: Record<string, number>;
}

export type FeatureSummary = NumericSummary | CategoricalSummary;

export interface WindowSummary {
  /** Predictions in the window. */
  rows: number;
  /** Of which summarised (a uniform sample when fewer than `rows`). */
  sampledRows: number;
  sampleCap: number;
  features: Record<string, FeatureSummary>;
  /** The model's output: the score (numeric) and the predicted class (categorical), when sent. */
  output: { score: NumericSummary; predictedClass: CategoricalSummary };
  /** Output per segment (the predicted class, or the score when there is no class). */
  segments: Record<string, { score: NumericSummary; predictedClass: CategoricalSummary }>;
}

/** Seeded randomness (api/src/analytics/seeded-random.ts), re-exported for the modules that sample. */
export { seededRandom };

export function emptyNumeric(): NumericSummary {
  return { kind: "NUMERIC", count: 0, missing: 0, min: null, max: null, sample: [] };
}

export function emptyCategorical(): CategoricalSummary {
  return { kind: "CATEGORICAL", count: 0, missing: 0, counts: {} };
}

/** Adds one value (null = missing) with reservoir sampling (Algorithm R). */
export function addNumeric(summary: NumericSummary, value: number | null | undefined, cap: number, random: () => number): void {
  if (value === null || value === undefined || typeof value !== "number" || !Number.isFinite(value)) {
    summary.missing += 1;
    return;
  }
  summary.count += 1;
  summary.min = summary.min === null || value < summary.min ? value : summary.min;
  summary.max = summary.max === null || value > summary.max ? value : summary.max;
  if (summary.sample.length < cap) summary.sample.push(value);
  else {
    const j = Math.floor(random() * summary.count);
    if (j < cap) summary.sample[j] = value;
  }
}

export function addCategory(summary: CategoricalSummary, value: string | null | undefined): void {
  if (value === null || value === undefined || typeof value !== "string") {
    summary.missing += 1;
    return;
  }
  summary.count += 1;
  const counts = summary.counts;
  if (counts[value] !== undefined) counts[value] += 1;
  else if (Object.keys(counts).length < MAX_CATEGORIES) counts[value] = 1;
  else counts[OTHER_CATEGORY] = (counts[OTHER_CATEGORY] ?? 0) + 1;
}

export interface SummaryRow {
  features: Record<string, unknown>;
  score: number | null;
  predictedClass: string | null;
  segment: string | null;
}

/** Incrementally builds a WindowSummary from rows (feed them with add, read with result). */
export function createSummaryBuilder(args: { features: ReadonlyArray<{ name: string; kind: FeatureKindName }>; sampleCap: number; seed: number }) {
  const random = seededRandom(args.seed);
  const summary: WindowSummary = {
    rows: 0,
    sampledRows: 0,
    sampleCap: args.sampleCap,
    features: Object.fromEntries(args.features.map((f) => [f.name, f.kind === "NUMERIC" ? emptyNumeric() : emptyCategorical()])),
    output: { score: emptyNumeric(), predictedClass: emptyCategorical() },
    segments: {},
  };
  const specs = args.features;
  return {
    add(row: SummaryRow): void {
      summary.rows += 1;
      summary.sampledRows += 1;
      for (const f of specs) {
        const s = summary.features[f.name]!;
        const v = row.features[f.name];
        if (s.kind === "NUMERIC") addNumeric(s, v as number | null, args.sampleCap, random);
        else addCategory(s, v as string | null);
      }
      addNumeric(summary.output.score, row.score, args.sampleCap, random);
      addCategory(summary.output.predictedClass, row.predictedClass);
      if (row.segment !== null) {
        const seg = (summary.segments[row.segment] ??= { score: emptyNumeric(), predictedClass: emptyCategorical() });
        addNumeric(seg.score, row.score, Math.min(args.sampleCap, 2_000), random);
        addCategory(seg.predictedClass, row.predictedClass);
      }
    },
    result(): WindowSummary {
      return summary;
    },
  };
}
