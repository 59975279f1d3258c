// One-sided Smirnov distribution: cephes kolmogorov.c::_smirnov3 (van Mulbregt 2018), as SciPy's
// `scipy.special.smirnov`; kolmogorov-distribution.ts uses it for the two-sided tail.
//   Pr(D_n^+ > x) = x * sum_{v=0}^{floor(n(1-x))} C(n,v) (x+v/n)^(v-1) (1-x-v/n)^(n-v)
// Pure.
import { clip01 } from "./kolmogorov-scaling.js";

const DBL_EPSILON = 2 ** -52;
const CEPHES_MINLOG = -7.08396418532264106224e2; // cephes MINLOG = log(2^-1022)
const SMIRNOV_MAX_COMPUTE_N = 1_000_000; // kolmogorov.c
const SM_UPPER_MAX_TERMS = 3; // kolmogorov.c
const SM_UPPERSUM_MIN_N = 10; // kolmogorov.c

export interface SfCdf {
  sf: number;
  cdf: number;
}

/** Veltkamp/Dekker: the exact rounding error of a*b (a*b = p + err). */
function twoProductError(a: number, b: number, p: number): number {
  const SPLIT = 134217729; // 2^27 + 1
  let t = SPLIT * a;
  const ahi = t - (t - a);
  const alo = a - ahi;
  t = SPLIT * b;
  const bhi = t - (t - b);
  const blo = b - bhi;
  return ((ahi * bhi - p) + ahi * blo + alo * bhi) + alo * blo;
}

/** kolmogorov.c::modNX — floor(n*x) and the remainder alpha in [0, 1), computed exactly. */
function modNX(n: number, x: number): { nxfl: number; alpha: number; nx: number } {
  const hi = n * x;
  const lo = twoProductError(n, x, hi);
  let nxfl = Math.floor(hi);
  if (nxfl === hi && lo < 0) nxfl -= 1;
  let alpha = hi - nxfl + lo;
  if (alpha >= 1) {
    nxfl += 1;
    alpha = 0;
  }
  if (alpha < 0) alpha = 0;
  return { nxfl, alpha, nx: hi };
}

export function smirnov3(n: number, x: number): SfCdf {
  if (!(n > 0 && x >= 0 && x <= 1)) return { sf: NaN, cdf: NaN };
  if (n === 1) return { sf: 1 - x, cdf: x };
  if (x === 0) return { sf: 1, cdf: 0 };
  if (x === 1) return { sf: 0, cdf: 1 };

  const { nxfl, alpha, nx } = modNX(n, x);
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  // If alpha is 0, the last term is not included in either the lower or the upper sum.
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }

  // Special case: x <= 1/n
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = Math.exp((n - 1) * Math.log1p(x)); // (1+x)^(n-1)
    const cdf = x * t;
    return { sf: clip01(1 - cdf), cdf: clip01(cdf) };
  }
  // Special case: x is so big, the sf underflows double64
  if (-2 * n * x * x < CEPHES_MINLOG) return { sf: 0, cdf: 1 };
  // Special case: x >= 1 - 1/n
  if (nxfl >= n - 1) {
    const sf = Math.exp(n * Math.log1p(-x)); // (1-x)^n
    return { sf: clip01(sf), cdf: clip01(1 - sf) };
  }
  // Special case: n is so big, take too long to compute. p ~ e^(-(6nx+1)^2 / 18n)
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const sf = Math.exp(-((6 * nx + 1) ** 2) / 18 / n);
    return { sf: clip01(sf), cdf: clip01(1 - sf) };
  }

  // Use the upper sum (alternating signs) only when it has very few terms.
  const nUpperTerms = n - n1mxceil + 1;
  const useUpperSum =
    (nUpperTerms <= 1 && x < 0.5) ||
    (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));

  return useUpperSum ? smirnovUpperSum(n, x, nxfl, alpha, nUpperTerms) : smirnovLowerSum(n, x, nxfl, alpha, n1mxfl);
}

/** Terms v = n, n-1, ..., n - nUpperTerms + 1; 1-x-v/n < 0 there, so the signs alternate. */
function smirnovUpperSum(n: number, x: number, nxfl: number, alpha: number, nUpperTerms: number): SfCdf {
  let sum = 0;
  let logC = 0; // log C(n, v) with v = n - j
  for (let j = 0; j < nUpperTerms; j += 1) {
    const v = n - j;
    const base2 = (n - nxfl - v - alpha) / n; // 1 - x - v/n (negative or zero)
    const base1 = (nxfl + v + alpha) / n; // x + v/n
    let term: number;
    if (n - v === 0) term = Math.exp(logC + (v - 1) * Math.log(base1));
    else if (base2 === 0) term = 0;
    else {
      const sign = (n - v) % 2 === 1 ? -1 : 1;
      term = sign * Math.exp(logC + (n - v) * Math.log(-base2) + (v - 1) * Math.log(base1));
    }
    sum += term;
    logC += Math.log((n - j) / (j + 1));
  }
  const prob = x * sum;
  return { sf: clip01(1 - prob), cdf: clip01(prob) };
}

/** Lower sum: v = 0, 1, ..., n1mxfl, all terms positive; stops once the rest is negligible. */
function smirnovLowerSum(n: number, x: number, nxfl: number, alpha: number, n1mxfl: number): SfCdf {
  const nTerms = n1mxfl + 1;
  const vmid = Math.floor(n / 2);
  let sum = Math.exp(n * Math.log1p(-x)) / x; // v = 0: (1-x)^n / x
  // log C(n, v), accumulated with Neumaier's compensation: |log C| reaches ~0.69 n, and plain
  // accumulation would drift by ~1e-8 (relative error of the terms) at n = 10^6.
  let logC = Math.log(n); // log C(n, 1)
  let logCComp = 0;
  for (let v = 1; v < nTerms; v += 1) {
    const base2 = (n - nxfl - v - alpha) / n; // 1 - x - v/n
    const base1 = (nxfl + v + alpha) / n; // x + v/n
    const term = Math.exp(logC + logCComp + (n - v) * Math.log(base2) + (v - 1) * Math.log(base1));
    if (term !== 0) {
      sum += term;
      if (4 * (nTerms - v) * term < DBL_EPSILON * sum && v !== nTerms - 1) break;
    } else if (v > vmid) {
      break;
    }
    const inc = Math.log((n - v) / (v + 1));
    const t = logC + inc;
    logCComp += Math.abs(logC) >= Math.abs(inc) ? logC - t + inc : inc - t + logC;
    logC = t;
  }
  const prob = x * sum;
  return { sf: clip01(prob), cdf: clip01(1 - prob) };
}
