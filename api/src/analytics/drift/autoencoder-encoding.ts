// The encoding of a model's input rows for the autoencoder (autoencoder.ts): standardized numerics
// (clipped to ±Z_CLIP, with a 0/1 "missing" column when the reference had missing values) and
// one-hot categories (the K most frequent reference categories plus an "other" column). The encoder
// is fitted on the reference rows (encodeRows) and is a plain JSON object.
import { clampFinite, magnitudeScale, maxAbs } from "../finite-math.js";
import type { FeatureKindName } from "../feature-kinds.js";

const MODULE = "analytics/autoencoder";

/** Categories per categorical feature that get their own column (the rest share "other"). */
export const DEFAULT_TOP_CATEGORIES = 10;
/** Standard deviations below this are raised to it. */
export const STD_FLOOR = 1e-6;
/** Standardized values are clipped to ±Z_CLIP so that wild values keep the error finite in float32. */
export const Z_CLIP = 1e3;

export interface NumericEncoding {
  name: string;
  kind: "NUMERIC";
  mean: number;
  std: number;
  /** A 0/1 "missing" column follows the value column (set when the reference has missing values). */
  missingIndicator: boolean;
}

export interface CategoricalEncoding {
  name: string;
  kind: "CATEGORICAL";
  /** The most frequent reference categories, one column each, then one "other" column. */
  categories: string[];
  missingIndicator: boolean;
}

export type FeatureEncoding = NumericEncoding | CategoricalEncoding;

export interface Encoder {
  features: FeatureEncoding[];
  /** One entry per encoded column, in matrix order: the feature it belongs to and a label. */
  columns: Array<{ feature: string; label: string }>;
}

export interface EncodedMatrix {
  /** Row-major rows × columns. */
  matrix: Float32Array;
  rows: number;
  columns: number;
  /** The feature of each column. */
  columnFeature: string[];
}

/** A numeric value, or null when missing (not a finite number — as window-summary counts it). */
function numericValue(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** A category, or null when missing (not a string — as window-summary counts it). */
function categoryValue(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/**
 * Welford's mean and population std, on values scaled by a power of two (exact; 1 for ordinary
 * data, finite-math.ts) so that neither overflows on huge values; both are scaled back, clamped.
 */
function welfordMoments(values: readonly number[]): { n: number; mean: number; std: number } {
  const c = magnitudeScale(maxAbs(values));
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const raw of values) {
    const v = raw * c;
    n += 1;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  return { n, mean: clampFinite(mean / c), std: clampFinite(Math.sqrt(m2 / Math.max(n, 1)) / c) };
}

/** Builds the encoder from the reference rows: per numeric feature mean/std, per categorical feature its top categories. */
export function encodeRows(args: {
  features: ReadonlyArray<{ name: string; kind: FeatureKindName }>;
  reference: ReadonlyArray<Record<string, unknown>>;
  topCategories?: number;
}): Encoder {
  const { features, reference } = args;
  const topCategories = args.topCategories ?? DEFAULT_TOP_CATEGORIES;
  if (!Array.isArray(features) || features.length === 0) throw new Error(`${MODULE}: features must be a non-empty array`);
  if (!Array.isArray(reference) || reference.length === 0) throw new Error(`${MODULE}: reference must hold at least one row`);
  if (!Number.isInteger(topCategories) || topCategories < 1) throw new Error(`${MODULE}: topCategories must be an integer ≥ 1, got ${topCategories}`);
  const seen = new Set<string>();
  const encoded: FeatureEncoding[] = [];
  const columns: Encoder["columns"] = [];
  for (const f of features) {
    if (typeof f?.name !== "string" || f.name === "") throw new Error(`${MODULE}: every feature needs a non-empty name`);
    if (seen.has(f.name)) throw new Error(`${MODULE}: feature '${f.name}' is listed twice`);
    seen.add(f.name);
    const kind: FeatureKindName = f.kind;
    switch (kind) {
      case "NUMERIC": {
        const values: number[] = [];
        for (const row of reference) {
          const v = numericValue(row[f.name]);
          if (v !== null) values.push(v);
        }
        const { n, mean, std: rawStd } = welfordMoments(values);
        const std = n > 0 ? Math.max(rawStd, STD_FLOOR) : 1;
        const missingIndicator = n < reference.length;
        encoded.push({ name: f.name, kind, mean: n > 0 ? mean : 0, std, missingIndicator });
        columns.push({ feature: f.name, label: f.name });
        if (missingIndicator) columns.push({ feature: f.name, label: `${f.name}#missing` });
        break;
      }
      case "CATEGORICAL": {
        const counts = new Map<string, number>();
        let missing = 0;
        for (const row of reference) {
          const c = categoryValue(row[f.name]);
          if (c === null) missing += 1;
          else counts.set(c, (counts.get(c) ?? 0) + 1);
        }
        // Most frequent first; ties by name so the encoder does not depend on row order.
        const categories = [...counts.entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          .slice(0, topCategories)
          .map(([c]) => c);
        const missingIndicator = missing > 0;
        encoded.push({ name: f.name, kind, categories, missingIndicator });
        for (const c of categories) columns.push({ feature: f.name, label: `${f.name}=${c}` });
        columns.push({ feature: f.name, label: `${f.name}#other` });
        if (missingIndicator) columns.push({ feature: f.name, label: `${f.name}#missing` });
        break;
      }
      default: {
        const never: never = kind;
        throw new Error(`${MODULE}: feature '${f.name}' has unknown kind '${String(never)}' (NUMERIC or CATEGORICAL)`);
      }
    }
  }
  return { features: encoded, columns };
}

/**
 * Encodes rows with a fitted encoder. Numerics: (x − mean) / std clipped to ±Z_CLIP, missing → 0
 * (and 1 in the missing column when there is one). Categoricals: one-hot over the reference's top
 * categories, anything else (including categories never seen) → "other"; missing → the missing
 * column, or all zeros when the reference had no missing values.
 */
export function encode(args: { encoder: Encoder; rows: ReadonlyArray<Record<string, unknown>> }): EncodedMatrix {
  const { encoder, rows } = args;
  if (!Array.isArray(rows)) throw new Error(`${MODULE}: rows must be an array`);
  const d = encoder.columns.length;
  const matrix = new Float32Array(rows.length * d);
  const indexes = encoder.features.map((f) => (f.kind === "CATEGORICAL" ? new Map(f.categories.map((c, i) => [c, i])) : null));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let col = r * d;
    for (let j = 0; j < encoder.features.length; j++) {
      const f = encoder.features[j]!;
      const raw = row[f.name];
      if (f.kind === "NUMERIC") {
        const v = numericValue(raw);
        if (v !== null) matrix[col] = Math.max(-Z_CLIP, Math.min(Z_CLIP, (v - f.mean) / f.std));
        col += 1;
        if (f.missingIndicator) {
          if (v === null) matrix[col] = 1;
          col += 1;
        }
      } else {
        const c = categoryValue(raw);
        const k = f.categories.length;
        if (c !== null) matrix[col + (indexes[j]!.get(c) ?? k)] = 1;
        else if (f.missingIndicator) matrix[col + k + 1] = 1;
        col += k + 1 + (f.missingIndicator ? 1 : 0);
      }
    }
  }
  return { matrix, rows: rows.length, columns: d, columnFeature: encoder.columns.map((c) => c.feature) };
}
