// The group of each row for one sensitive feature. A categorical feature: its value (as text). A
// numeric feature: the bin of its value among cut points — the declared edges, else the window's
// quantiles at k/q (k = 1 … q − 1, NumPy's default linear method, equal cut points merged) — named
// "< e0", "[e0, e1)", …, ">= en" (a value equal to a cut point goes up, numpy.searchsorted "right").
// A missing or unusable value is the group "(missing)". Pure.
import { binIndex } from "../bin-index.js";
import { lerp } from "../finite-math.js";

export const MISSING_GROUP = "(missing)";
export const BINNINGS = ["CATEGORY", "DECLARED_BINS", "QUANTILES"] as const;
export type Binning = (typeof BINNINGS)[number];

export interface SensitiveGrouping {
  binning: Binning;
  /** Cut points (numeric features), else empty. */
  edges: number[];
  /** The group of each row, in row order. */
  groups: string[];
  /** Group names in display order: categories sorted, bins low to high, "(missing)" last; only groups with rows. */
  order: string[];
}

/** The cut points of `values` at k/q, k = 1 … q − 1 (numpy.quantile, linear), ascending and distinct. */
export function quantileEdges(args: { values: readonly number[]; quantiles: number }): number[] {
  const sorted = [...args.values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const out: number[] = [];
  for (let k = 1; k < args.quantiles; k++) {
    const h = ((n - 1) * k) / args.quantiles;
    const lo = Math.floor(h);
    const cut = lo + 1 < n ? lerp(sorted[lo]!, sorted[lo + 1]!, h - lo) : sorted[n - 1]!;
    if (out.length === 0 || cut > out[out.length - 1]!) out.push(cut);
  }
  return out;
}

/** Bin names for cut points, as JavaScript writes the numbers. */
export function binNames(edges: readonly number[]): string[] {
  if (edges.length === 0) return ["all"];
  const names = [`< ${edges[0]}`];
  for (let i = 0; i + 1 < edges.length; i++) names.push(`[${edges[i]}, ${edges[i + 1]})`);
  names.push(`>= ${edges[edges.length - 1]}`);
  return names;
}

function numericValue(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function categoryOf(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return MISSING_GROUP;
}

function inOrder(groups: readonly string[], known: readonly string[] | null): string[] {
  const present = new Set(groups);
  const head = known === null ? [...present].filter((g) => g !== MISSING_GROUP).sort() : known.filter((g) => present.has(g));
  return present.has(MISSING_GROUP) ? [...head, MISSING_GROUP] : head;
}

/** Groups the rows' values of one sensitive feature (`kind` as declared; `edges` declared bins or null). */
export function sensitiveGroups(args: { values: readonly unknown[]; kind: string; edges: readonly number[] | null; quantiles: number }): SensitiveGrouping {
  if (args.kind !== "NUMERIC") {
    const groups = args.values.map(categoryOf);
    return { binning: "CATEGORY", edges: [], groups, order: inOrder(groups, null) };
  }
  const numbers = args.values.map(numericValue);
  const edges = args.edges !== null ? [...args.edges] : quantileEdges({ values: numbers.filter((v): v is number => v !== null), quantiles: args.quantiles });
  const names = binNames(edges);
  const groups = numbers.map((v) => (v === null ? MISSING_GROUP : names[edges.length === 0 ? 0 : binIndex(edges, v)]!));
  return { binning: args.edges !== null ? "DECLARED_BINS" : "QUANTILES", edges, groups, order: inOrder(groups, names) };
}
