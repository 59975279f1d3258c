// Per-sample drift evidence for the DRIFT strategy (issue 6): which histogram bins of a drift report
// drifted, and which of them a sample falls in.
//
// A drift report (analytics/drift) gives, per feature (and for the model's output), the reference
// and current histograms on the same bins and whether the feature drifted. Within a DRIFTED feature,
// a bin is a drifted region when the current window over-represents it: with shares r (reference)
// and c (current), its excess e = (c − r) / c — the share of the current mass in the bin that the
// reference does not explain — is at least `minExcess` (default 1/3, i.e. c ≥ 1.5 · r). A bin the
// reference never saw (r = 0: a new category, or mass where the reference had none) has e = 1.
// A sample is in a drifted region when one of its values falls in such a bin; its region score is
// the largest excess among them (how surely the sample belongs to the shifted part of the data).
//
// Numeric bins follow analytics/drift/bins.ts: cut points c1 < … < cm make the bins (−∞, c1),
// [c1, c2), …, [cm, +∞); a value v falls in bin = number of cut points ≤ v. Categorical: one bin per
// category. Shapes are structural so this module does not depend on analytics/drift (both take the
// bin of a value from analytics/bin-index.ts).
import type { FeatureKindName } from "../feature-kinds.js";
import { binIndex } from "../bin-index.js";
import { fail, fmt } from "./candidates.js";

export interface DriftHistogram {
  edges: readonly number[] | null;
  categories: readonly string[] | null;
  counts: readonly number[];
}

/** The part of a drift report's feature entry this module reads. */
export interface DriftedFeatureInput {
  feature: string;
  kind: FeatureKindName;
  drifted: boolean;
  referenceHistogram: DriftHistogram;
  currentHistogram: DriftHistogram;
}

export interface DriftedBin {
  /** Readable bin: "[10, 20)", "(−∞, 3.5)", "\"DE\"". */
  bin: string;
  referenceShare: number;
  currentShare: number;
  excess: number;
}

export interface DriftedFeatureRegions {
  feature: string;
  kind: FeatureKindName;
  edges: readonly number[];
  /** Categorical: category → drifted bin. Numeric: bin index → drifted bin. */
  byCategory: ReadonlyMap<string, DriftedBin>;
  byIndex: ReadonlyMap<number, DriftedBin>;
}

export interface DriftedRegions {
  features: readonly DriftedFeatureRegions[];
}

/** One drifted bin a sample falls in. */
export interface DriftRegionHit {
  feature: string;
  value: string;
  bin: string;
  referenceShare: number;
  currentShare: number;
  excess: number;
}

export const DEFAULT_MIN_EXCESS = 1 / 3;

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

function numericBinLabel(edges: readonly number[], i: number): string {
  const lo = i === 0 ? "−∞" : String(edges[i - 1]);
  const hi = i === edges.length ? "+∞" : String(edges[i]);
  return `${i === 0 ? "(" : "["}${lo}, ${hi})`;
}

/** The drifted bins of the drifted features of a report (see the header). */
export function driftedRegions(args: { features: readonly DriftedFeatureInput[]; minExcess?: number }): DriftedRegions {
  if (args == null || !Array.isArray(args.features)) fail("driftedRegions needs { features: [...] }");
  const minExcess = args.minExcess ?? DEFAULT_MIN_EXCESS;
  if (typeof minExcess !== "number" || !(minExcess > 0 && minExcess <= 1)) fail(`minExcess must be in (0, 1], got ${String(args.minExcess)}`);
  const out: DriftedFeatureRegions[] = [];
  for (const f of args.features) {
    if (!f.drifted) continue;
    const ref = f.referenceHistogram;
    const cur = f.currentHistogram;
    if (ref.counts.length !== cur.counts.length) fail(`feature "${f.feature}": reference and current histograms have different bins`);
    const r = shares(ref.counts);
    const c = shares(cur.counts);
    const byIndex = new Map<number, DriftedBin>();
    const byCategory = new Map<string, DriftedBin>();
    const categories = cur.categories ?? ref.categories ?? [];
    const edges = cur.edges ?? ref.edges ?? [];
    if (f.kind === "NUMERIC" && edges.length + 1 !== cur.counts.length) {
      fail(`feature "${f.feature}": ${edges.length} cut points need ${edges.length + 1} bins, got ${cur.counts.length}`);
    }
    if (f.kind === "CATEGORICAL" && categories.length !== cur.counts.length) fail(`feature "${f.feature}": ${categories.length} categories for ${cur.counts.length} bins`);
    for (let i = 0; i < c.length; i++) {
      const ci = c[i]!;
      const ri = r[i]!;
      if (!(ci > 0)) continue;
      const excess = Math.max(0, (ci - ri) / ci);
      if (excess < minExcess) continue;
      if (f.kind === "NUMERIC") {
        byIndex.set(i, { bin: numericBinLabel(edges, i), referenceShare: ri, currentShare: ci, excess });
      } else {
        const cat = categories[i]!;
        byCategory.set(cat, { bin: JSON.stringify(cat), referenceShare: ri, currentShare: ci, excess });
      }
    }
    if (byIndex.size > 0 || byCategory.size > 0) out.push({ feature: f.feature, kind: f.kind, edges, byIndex, byCategory });
  }
  return { features: out };
}

/** The drifted bins the sample's values fall in, most excessive first. */
export function regionHits(args: { regions: DriftedRegions; values: Readonly<Record<string, unknown>> }): DriftRegionHit[] {
  const hits: DriftRegionHit[] = [];
  for (const f of args.regions.features) {
    const v = args.values[f.feature];
    let bin: DriftedBin | undefined;
    if (f.kind === "NUMERIC") {
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      bin = f.byIndex.get(binIndex(f.edges, v));
    } else {
      if (typeof v !== "string") continue;
      bin = f.byCategory.get(v);
    }
    if (bin) hits.push({ feature: f.feature, value: typeof v === "number" ? fmtValue(v) : JSON.stringify(v), ...bin });
  }
  return hits.sort((a, b) => b.excess - a.excess || (a.feature < b.feature ? -1 : 1));
}

function fmtValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e4) / 1e4);
}

/** "feature "amount" = 87.2 is in the drifted bin [80, 95): 31% of the current window vs 10% of the reference". */
export function describeHit(h: DriftRegionHit): string {
  const pct = (x: number) => `${x >= 0.1 || x === 0 ? Math.round(100 * x) : fmt(100 * x)}%`;
  const what = h.feature === "prediction" ? "the prediction" : `feature "${h.feature}"`;
  return `${what} = ${h.value} is in the drifted bin ${h.bin}: ${pct(h.currentShare)} of the current window vs ${pct(h.referenceShare)} of the reference`;
}
