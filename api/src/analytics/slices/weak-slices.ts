// Weak slices: where a model is wrong (issue 15 item 5, docs/weak-slices.md).
//
// A slice is one level of one feature (a category, a reference-quantile bin) or a pair of levels of
// two features. Every slice with at least `minSupport` rows inside and outside is tested one-sided
// — is the loss inside greater than outside? — and the p-values of all slices tested are adjusted
// together with Benjamini–Hochberg. Reported: the slices with adjusted p ≤ `alpha`, most
// significant first (ties — p-values that underflow to 0 — by the larger gap, then the larger
// support), at most `maxSlices`.
//
//   FISHER: loss is 0/1 (the prediction was wrong); one-sided Fisher exact test (fisher-exact.ts);
//           the metric is the error rate.
//   WELCH:  loss is any number ≥ 0 (absolute error; expected error when estimated); one-sided Welch
//           t-test (welch-test.ts); the metric is the mean loss.
//
// A pair whose rows are exactly those of one of its two levels adds nothing and is not tested.
// Counting is one pass over the rows per feature and per pair of features, on 8-bit level codes.
import { benjaminiHochberg } from "../drift/benjamini-hochberg.js";
import { fisherExactGreater } from "./fisher-exact.js";
import { NONE, type EncodedFeature, type SliceLevel } from "./slice-features.js";
import { summaryFromSums, welchGreater } from "./welch-test.js";

const WHERE = "analytics/weak-slices";

export const SLICE_TESTS = ["FISHER", "WELCH"] as const;
export type SliceTest = (typeof SLICE_TESTS)[number];

export const WEAK_SLICE_DEFAULTS = { minSupport: 30, alpha: 0.05, maxSlices: 10, pairs: true } as const;

export type SliceCondition = { feature: string } & SliceLevel;

export interface WeakSlice {
  conditions: SliceCondition[];
  support: number;
  /** Error rate (FISHER) or mean loss (WELCH) inside the slice, and over the other rows. */
  inSlice: number;
  outside: number;
  pValue: number;
  adjustedPValue: number;
}

export interface WeakSliceResult {
  rows: number;
  /** Slices tested (the m of Benjamini–Hochberg). */
  tested: number;
  slices: WeakSlice[];
}

interface Cells {
  n: Float64Array;
  sum: Float64Array;
  squares: Float64Array;
}

interface Candidate {
  levels: Array<[feature: number, level: number]>;
  n: number;
  sum: number;
  squares: number;
}

function countCells(a: EncodedFeature, b: EncodedFeature | null, loss: Float64Array, withSquares: boolean): Cells {
  const width = b ? b.levels.length : 1;
  const size = a.levels.length * width;
  const n = new Float64Array(size);
  const sum = new Float64Array(size);
  const squares = new Float64Array(withSquares ? size : 0);
  const ca = a.codes;
  const cb = b ? b.codes : null;
  const rows = ca.length;
  for (let i = 0; i < rows; i++) {
    const x = ca[i]!;
    if (x === NONE) continue;
    let cell = x;
    if (cb !== null) {
      const y = cb[i]!;
      if (y === NONE) continue;
      cell = x * width + y;
    }
    const l = loss[i]!;
    n[cell]! += 1;
    sum[cell]! += l;
    if (withSquares) squares[cell]! += l * l;
  }
  return { n, sum, squares };
}

function candidates(features: readonly EncodedFeature[], loss: Float64Array, pairs: boolean, withSquares: boolean): Candidate[] {
  const out: Candidate[] = [];
  const singles = features.map((f) => countCells(f, null, loss, withSquares));
  singles.forEach((c, f) => {
    for (let l = 0; l < c.n.length; l++) out.push({ levels: [[f, l]], n: c.n[l]!, sum: c.sum[l]!, squares: c.squares[l] ?? 0 });
  });
  if (!pairs) return out;
  for (let f = 0; f < features.length; f++) {
    for (let g = f + 1; g < features.length; g++) {
      const c = countCells(features[f]!, features[g]!, loss, withSquares);
      const width = features[g]!.levels.length;
      for (let cell = 0; cell < c.n.length; cell++) {
        const n = c.n[cell]!;
        const lf = Math.floor(cell / width);
        const lg = cell % width;
        if (n === 0 || n === singles[f]!.n[lf] || n === singles[g]!.n[lg]) continue;
        out.push({ levels: [[f, lf], [g, lg]], n, sum: c.sum[cell]!, squares: c.squares[cell] ?? 0 });
      }
    }
  }
  return out;
}

function checkArgs(args: { features: readonly EncodedFeature[]; loss: ArrayLike<number>; test: SliceTest; minSupport: number; alpha: number; maxSlices: number }): Float64Array {
  const { features, test, minSupport, alpha, maxSlices } = args;
  if (!SLICE_TESTS.includes(test)) throw new Error(`${WHERE}: test must be one of ${SLICE_TESTS.join(", ")}, got ${String(test)}`);
  if (!Number.isInteger(minSupport) || minSupport < 2) throw new Error(`${WHERE}: minSupport must be an integer ≥ 2, got ${minSupport}`);
  if (!(alpha > 0 && alpha < 1)) throw new Error(`${WHERE}: alpha must be in (0, 1), got ${alpha}`);
  if (!Number.isInteger(maxSlices) || maxSlices < 0) throw new Error(`${WHERE}: maxSlices must be an integer ≥ 0, got ${maxSlices}`);
  const loss = Float64Array.from(args.loss);
  for (let i = 0; i < loss.length; i++) {
    const l = loss[i]!;
    if (test === "FISHER" ? l !== 0 && l !== 1 : !(Number.isFinite(l) && l >= 0)) {
      throw new Error(`${WHERE}: loss[${i}] must be ${test === "FISHER" ? "0 or 1" : "a finite number ≥ 0"}, got ${l}`);
    }
  }
  for (const f of features) if (f.codes.length !== loss.length) throw new Error(`${WHERE}: feature '${f.name}' has ${f.codes.length} rows, loss has ${loss.length}`);
  return loss;
}

function pValueOf(test: SliceTest, c: Candidate, total: Candidate): number {
  const n2 = total.n - c.n;
  if (test === "FISHER") {
    const a = Math.round(c.sum);
    const cOut = Math.round(total.sum) - a;
    return fisherExactGreater({ a, b: c.n - a, c: cOut, d: n2 - cOut });
  }
  return welchGreater({ inside: summaryFromSums(c.n, c.sum, c.squares), outside: summaryFromSums(n2, total.sum - c.sum, total.squares - c.squares) });
}

export function findWeakSlices(args: {
  features: readonly EncodedFeature[];
  /** Per row: 0/1 wrong (FISHER) or a loss ≥ 0 (WELCH). */
  loss: ArrayLike<number>;
  test: SliceTest;
  minSupport?: number;
  alpha?: number;
  maxSlices?: number;
  pairs?: boolean;
}): WeakSliceResult {
  const minSupport = args.minSupport ?? WEAK_SLICE_DEFAULTS.minSupport;
  const alpha = args.alpha ?? WEAK_SLICE_DEFAULTS.alpha;
  const maxSlices = args.maxSlices ?? WEAK_SLICE_DEFAULTS.maxSlices;
  const loss = checkArgs({ ...args, minSupport, alpha, maxSlices });
  const total: Candidate = { levels: [], n: loss.length, sum: 0, squares: 0 };
  for (const l of loss) {
    total.sum += l;
    total.squares += l * l;
  }
  const tested = candidates(args.features, loss, args.pairs ?? WEAK_SLICE_DEFAULTS.pairs, args.test === "WELCH").filter((c) => c.n >= minSupport && total.n - c.n >= minSupport);
  const pValues = tested.map((c) => pValueOf(args.test, c, total));
  const adjusted = benjaminiHochberg({ pValues });
  const slices: WeakSlice[] = [];
  tested.forEach((c, i) => {
    const inSlice = c.sum / c.n;
    const outside = (total.sum - c.sum) / (total.n - c.n);
    if (adjusted[i]! > alpha || !(inSlice > outside)) return;
    const conditions = c.levels.map(([f, l]) => ({ feature: args.features[f]!.name, ...args.features[f]!.levels[l]! }));
    slices.push({ conditions, support: c.n, inSlice, outside, pValue: pValues[i]!, adjustedPValue: adjusted[i]! });
  });
  slices.sort((x, y) => x.pValue - y.pValue || y.inSlice - y.outside - (x.inSlice - x.outside) || y.support - x.support);
  return { rows: loss.length, tested: tested.length, slices: slices.slice(0, maxSlices) };
}
