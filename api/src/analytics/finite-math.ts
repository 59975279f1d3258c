// Float64 arithmetic that stays finite on any finite input, shared by the statistics.
//
// Ingestion bounds every value to |x| ≤ 1e15 (MAX_ABS_VALUE in services/ingest/validate-values.ts),
// and at that bound nothing here overflows. The statistics must nevertheless never answer
// Infinity or NaN for finite input (rows stored before the bound existed reach them too), so the
// few places that could overflow near 1.8e308 — a difference of two huge values, a square, a sum —
// use these helpers:
//   - magnitudeScale: a power of two c with max|x|·c ≤ 1 for samples beyond LARGE_MAGNITUDE, 1
//     otherwise. Multiplying by a power of two is exact, so ordinary data (|x| ≤ 2^500) is computed
//     bit for bit as before; huge data is computed in scaled units and scaled back once.
//   - clampFinite: ±Infinity (a true result beyond float64, e.g. 2·1.7e308) → ±Number.MAX_VALUE.
//   - difference / lerp: b − a and a + (b − a)·t without intermediate overflow.
//   - populationMoments: mean and population std (ddof = 0), two-pass on scaled values.

/** Samples whose largest magnitude exceeds this are scaled (2^500 ≈ 3.3e150: squares stay finite below it). */
export const LARGE_MAGNITUDE = 2 ** 500;

/** Largest |x| of `values` (NaN-free input assumed; 0 for an empty sample). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > m) m = a;
  }
  return m;
}

/** A power of two c such that max|x|·c ≤ 1 when max|x| > LARGE_MAGNITUDE, else exactly 1. */
export function magnitudeScale(largest: number): number {
  if (!(largest > LARGE_MAGNITUDE) || !Number.isFinite(largest)) return 1;
  return 2 ** -Math.ceil(Math.log2(largest));
}

/** x, with ±Infinity replaced by ±Number.MAX_VALUE (NaN is left as is: it signals a bug). */
export function clampFinite(x: number): number {
  if (x === Infinity) return Number.MAX_VALUE;
  if (x === -Infinity) return -Number.MAX_VALUE;
  return x;
}

/** b − a, clamped to ±Number.MAX_VALUE instead of overflowing. */
export function difference(b: number, a: number): number {
  return clampFinite(b - a);
}

/**
 * a + (b − a)·t for t in [0, 1], as NumPy's `_lerp` (from the upper end when t ≥ 0.5); when b − a
 * overflows, the weighted form a·(1 − t) + b·t, which cannot.
 */
export function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  if (Number.isFinite(diff)) return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  return a * (1 - t) + b * t;
}

/** Neumaier-compensated sum of f(x_i)·c (c a power of two). */
function compensatedSum(values: ArrayLike<number>, f: (x: number) => number): number {
  let s = 0;
  let comp = 0;
  for (let k = 0; k < values.length; k++) {
    const x = f(values[k]!);
    const t = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + comp;
}

/**
 * Mean and population standard deviation (`numpy.mean`, `numpy.std` ddof = 0), two-pass with
 * compensated sums, on values scaled by `magnitudeScale` (exact): both are at most max|x|, so they
 * are finite for any finite input. Empty input → { mean: 0, std: 0 }.
 */
export function populationMoments(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, std: 0 };
  const c = magnitudeScale(maxAbs(values));
  const mean = compensatedSum(values, (x) => x * c) / n;
  const ss = compensatedSum(values, (x) => {
    const d = x * c - mean;
    return d * d;
  });
  return { mean: mean / c, std: Math.sqrt(ss / n) / c };
}

/** (x − mean) / std, computed on halved operands (exact) when x − mean overflows. */
export function standardize(x: number, mean: number, std: number): number {
  const d = x - mean;
  return Number.isFinite(d) ? d / std : clampFinite((x / 2 - mean / 2) / (std / 2));
}
