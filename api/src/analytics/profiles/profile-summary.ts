// What a read shows of one column profile: counts, missing, mean and standard deviation (exact,
// Chan), the distinct-count estimate (HyperLogLog) and, unless the column's values are protected
// (privacy-rules.ts), min, max and the quantiles 1, 5, 25, 50, 75, 95, 99 % with their rank-error
// bound; for categories, the most frequent ones (keyed hashes for PII and profile-only features).
// Pure: no I/O, no clock.
import type { ColumnProfile } from "./column-profile.js";
import { hllEstimate } from "./hyperloglog.js";
import { quantileOf } from "./kll-sketch.js";
import { populationStd } from "./moments.js";
import { distributionView, sketchRankError } from "./profile-drift.js";

export const SUMMARY_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
export const TOP_CATEGORIES = 20;

export interface ColumnSummary {
  column: string;
  kind: ColumnProfile["kind"];
  count: number;
  missing: number;
  distinctEstimate: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  quantiles: Array<{ q: number; value: number }> | null;
  quantileRankError: number | null;
  topCategories: Array<{ category: string; count: number }> | null;
  /** Categorical: how much any listed count may be under (0 while exact). */
  countError: number | null;
  /** True when values that may be individual raw values are withheld. */
  valuesWithheld: boolean;
}

export function summarizeColumn(args: { column: string; profile: ColumnProfile; protectedValues: boolean }): ColumnSummary {
  const { column, profile: p, protectedValues } = args;
  const base = { column, kind: p.kind, count: p.count, missing: p.missing, distinctEstimate: Math.round(hllEstimate(p.distinct)) };
  if (p.kind === "CATEGORICAL") {
    const top = [...p.items.counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_CATEGORIES);
    return {
      ...base, mean: null, std: null, min: null, max: null, quantiles: null, quantileRankError: null,
      topCategories: top.map(([category, count]) => ({ category, count })), countError: p.items.maxError, valuesWithheld: false,
    };
  }
  const withheld = protectedValues || p.count === 0;
  const view = withheld ? null : distributionView(p);
  return {
    ...base, mean: p.count ? p.moments.mean : null, std: p.count ? populationStd(p.moments) : null,
    min: withheld ? null : p.min, max: withheld ? null : p.max,
    quantiles: view ? SUMMARY_QUANTILES.map((q) => ({ q, value: quantileOf(view, q) })) : null,
    quantileRankError: view ? sketchRankError(p) : null, topCategories: null, countError: null, valuesWithheld: protectedValues,
  };
}
