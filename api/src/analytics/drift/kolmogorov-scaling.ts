// Scaling helpers of the Kolmogorov–Smirnov distributions (ported from SciPy's _ksstats.py): the
// powers 2^±128 used to rescale intermediate products, x·2^e without intermediate overflow or
// underflow (np.ldexp), and clipping a probability to [0, 1] (np.clip). Pure.

export const E128 = 128;
export const EP128 = 2 ** 128;
export const EM128 = 2 ** -128;

export /** x * 2^e without intermediate overflow/underflow (np.ldexp). */
function ldexp(x: number, e: number): number {
  let r = x;
  let k = e;
  while (k > 1000) {
    r *= 2 ** 1000;
    k -= 1000;
    if (!Number.isFinite(r)) return r;
  }
  while (k < -1000) {
    r *= 2 ** -1000;
    k += 1000;
    if (r === 0) return r;
  }
  return r * 2 ** k;
}

export function clip01(p: number): number {
  // np.clip(p, 0, 1); NaN stays NaN.
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
