// One-sided Fisher exact test for the 2×2 table of a slice (docs/weak-slices.md):
//
//               wrong   right
//   in slice      a       b
//   outside       c       d
//
// p = P(X ≥ a) with X ~ Hypergeometric(M = a+b+c+d rows, K = a+c wrong rows, n = a+b slice rows),
// i.e. `scipy.stats.fisher_exact([[a, b], [c, d]], alternative="greater").pvalue`
// (= `scipy.stats.hypergeom.sf(a - 1, M, K, n)`).
//
// Computed without factorials: every pmf term is taken relative to the term at the mode through the
// ratio pmf(x+1)/pmf(x) = (K−x)(n−x) / ((x+1)(M−K−n+x+1)), walking both ways from the mode until
// the terms no longer change the sums (1e-17 relative). The tail and the total carry the same
// scale, so p = tail / total needs no normalising constant; a tail that underflows the walk
// (below ~1e-300 of the mode) is 0.

const WHERE = "analytics/fisher-exact";
const NEGLIGIBLE = 1e-17;

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new Error(`${WHERE}: ${name} must be a non-negative integer, got ${v}`);
}

/** P(X ≥ a), X ~ Hypergeometric(population M, K successes, n draws). */
export function hypergeometricUpperTail(args: { a: number; M: number; K: number; n: number }): number {
  const { a, M, K, n } = args;
  for (const [k, v] of [["a", a], ["M", M], ["K", K], ["n", n]] as const) checkCount(k, v);
  if (K > M || n > M) throw new Error(`${WHERE}: K and n must not exceed M (got M=${M}, K=${K}, n=${n})`);
  const lo = Math.max(0, n - (M - K));
  const hi = Math.min(K, n);
  if (a <= lo) return 1;
  if (a > hi) return 0;
  const ratio = (x: number): number => ((K - x) * (n - x)) / ((x + 1) * (M - K - n + x + 1));
  const mode = Math.min(hi, Math.max(lo, Math.floor(((n + 1) * (K + 1)) / (M + 2))));
  let total = 1;
  let above = mode >= a ? 1 : 0;
  let t = 1;
  for (let x = mode - 1; x >= lo; x--) {
    t /= ratio(x);
    total += t;
    if (x >= a) above += t;
    else if (t <= total * NEGLIGIBLE) break;
  }
  t = 1;
  for (let x = mode + 1; x <= hi; x++) {
    t *= ratio(x - 1);
    if (t === 0) break;
    total += t;
    if (x >= a) {
      above += t;
      if (t <= above * NEGLIGIBLE) break;
    }
  }
  return Math.min(1, above / total);
}

/** One-sided ("greater") Fisher exact p-value of the table [[a, b], [c, d]]. */
export function fisherExactGreater(args: { a: number; b: number; c: number; d: number }): number {
  const { a, b, c, d } = args;
  for (const [k, v] of [["a", a], ["b", b], ["c", c], ["d", d]] as const) checkCount(k, v);
  return hypergeometricUpperTail({ a, M: a + b + c + d, K: a + c, n: a + b });
}
