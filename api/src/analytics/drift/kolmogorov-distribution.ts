// The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n for finite n,
// ported from SciPy 1.10 (`scipy.stats.kstwo`, implemented in scipy/stats/_ksstats.py), plus the
// one-sided Smirnov survival function it relies on (`scipy.special.smirnov`, cephes
// kolmogorov.c::_smirnov3). ks-test.ts uses `kstwoSf` for the asymptotic p-value of the
// two-sample test, exactly as `scipy.stats.ks_2samp` does: `kstwo.sf(d, round(n1*n2/(n1+n2)))`.
//
// Branches (Simard & L'Ecuyer 2011, as selected by _ksstats.py::_kolmogn):
//   - n*d <= 1 or n*d >= n-1: Ruben–Gambino closed forms;
//   - d >= 0.5: 2 * smirnov(n, d) (exact, the two one-sided events are disjoint);
//   - n <= 140: Durbin matrix (Marsaglia–Tsang–Wang) for n d² <= 0.754693, Pomeranz recursion for
//     n d² <= 4, else 2 * smirnov;
//   - n > 140 (survival function): 0 for n d² >= 370, 2 * smirnov for n d² >= 2.2, otherwise
//     1 − CDF with the CDF from Durbin (n <= 100,000 and n d^1.5 <= 1.4) or Pelz–Good.
//
// Differences from SciPy, all far below the 1e-4 relative tolerance we promise: SciPy's smirnov
// works in double-double arithmetic and some intermediate scalings in long double; here the
// terms are evaluated in double precision in log space (relative error ~1e-11 at n = 10^6).
// Pure: no I/O, no clock.

const MODULE = "analytics/kolmogorov-distribution";

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708; // _ksstats.py::_MIN_LOG
const SQRT3 = Math.sqrt(3);
const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
const DBL_EPSILON = 2 ** -52;
const CEPHES_MINLOG = -7.08396418532264106224e2; // cephes MINLOG = log(2^-1022)
const SMIRNOV_MAX_COMPUTE_N = 1_000_000; // kolmogorov.c
const SM_UPPER_MAX_TERMS = 3; // kolmogorov.c
const SM_UPPERSUM_MIN_N = 10; // kolmogorov.c

// _ksstats.py::_STIRLING_COEFFS: B_{2j}/(2j)/(2j-1) for j = 8..1.
const STIRLING_COEFFS = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
  8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
  -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

export interface KolmogorovArgs {
  /** Sample size n (an integer ≥ 1). */
  n: number;
  /** The statistic d. */
  d: number;
}

/** Pr(D_n > d): `scipy.stats.kstwo.sf(d, n)`. */
export function kstwoSf(args: KolmogorovArgs): number {
  return kstwo(args, false);
}

/** Pr(D_n <= d): `scipy.stats.kstwo.cdf(d, n)`. */
export function kstwoCdf(args: KolmogorovArgs): number {
  return kstwo(args, true);
}

/** Pr(D_n^+ > d), the one-sided Smirnov survival function: `scipy.special.smirnov(n, d)`. */
export function smirnovSf(args: KolmogorovArgs): number {
  checkArgs(args);
  if (args.d < 0 || args.d > 1) throw new Error(`${MODULE}: d must lie in [0, 1], got ${args.d}`);
  return smirnov3(args.n, args.d).sf;
}

function checkArgs({ n, d }: KolmogorovArgs): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${MODULE}: n must be an integer ≥ 1, got ${n}`);
  if (Number.isNaN(d)) throw new Error(`${MODULE}: d is NaN`);
}

// rv_continuous.sf/cdf around kstwo_gen._sf/_cdf: the support is [0.5/n, 1].
function kstwo(args: KolmogorovArgs, cdf: boolean): number {
  checkArgs(args);
  const { n, d } = args;
  if (d <= 0.5 / n) return cdf ? 0 : 1;
  if (d >= 1) return cdf ? 1 : 0;
  return kolmogn(n, d, cdf);
}

function clip01(p: number): number {
  // np.clip(p, 0, 1); NaN stays NaN.
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

function select(cdfProb: number, sfProb: number, cdf: boolean): number {
  // _ksstats.py::_select_and_clip_prob
  return clip01(cdf ? cdfProb : sfProb);
}

/** x * 2^e without intermediate overflow/underflow (np.ldexp). */
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

/** _ksstats.py::_log_nfactorial_div_n_pow_n: log(n!/n^n) by Stirling's series. */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  const z = rn / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * z + c; // np.polyval
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** _ksstats.py::_kolmogn: CDF (or SF) of D_n, 0 < x < 1 and n ≥ 1 already checked. */
function kolmogn(n: number, x: number, cdf: boolean): number {
  if (x >= 1) return select(1, 0, cdf);
  if (x <= 0) return select(0, 1, cdf);
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: 1/2n <= x <= 1/n
    if (t <= 0.5) return select(0, 1, cdf);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      const f = 2 * t - 1;
      for (let i = 1; i <= n; i += 1) prob *= i * (1 / n) * f;
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return select(prob, 1 - prob, cdf);
  }
  if (t >= n - 1) {
    // Ruben–Gambino
    const prob = 2 * (1 - x) ** n;
    return select(1 - prob, prob, cdf);
  }
  if (x >= 0.5) {
    // Exact: 2 * smirnov
    const prob = 2 * smirnov3(n, x).sf;
    return select(1 - prob, prob, cdf);
  }
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) {
      const prob = durbinMtwCdf(n, x);
      return select(prob, 1 - prob, cdf);
    }
    if (nxSquared <= 4) {
      const prob = pomeranzCdf(n, x);
      return select(prob, 1 - prob, cdf);
    }
    // Miller approximation of 2*smirnov
    const prob = 2 * smirnov3(n, x).sf;
    return select(1 - prob, prob, cdf);
  }
  // Split CDF and SF as they have different cutoffs on n x².
  if (!cdf) {
    if (nxSquared >= 370) return 0;
    if (nxSquared >= 2.2) return clip01(2 * smirnov3(n, x).sf);
    // Fall through and compute the SF as 1 - CDF.
  }
  let cdfProb: number;
  if (nxSquared >= 18) cdfProb = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdfProb = durbinMtwCdf(n, x);
  else cdfProb = pelzGoodCdf(n, x);
  return select(cdfProb, 1 - cdfProb, cdf);
}

/** C = A·B for m×m row-major matrices. */
function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i += 1) {
    const ci = i * m;
    for (let k = 0; k < m; k += 1) {
      const aik = a[ci + k]!;
      if (aik === 0) continue;
      const bk = k * m;
      for (let j = 0; j < m; j += 1) c[ci + j]! += aik * b[bk + j]!;
    }
  }
  return c;
}

/**
 * _ksstats.py::_kolmogn_DMTW — Pr(D_n <= d) by Durbin's matrix algorithm as organised by
 * Marsaglia, Tsang & Wang (2003): the k-th diagonal entry of (n!/n^n)·H^n, with scaling.
 */
function durbinMtwCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  // v is the first column (and reversed last row) of H; w[j] = 1/j!.
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j += 1) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = fac;
    fac /= j; // may underflow, harmless
    v[j - 1]! *= fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;

  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i += 1) {
    for (let r = i - 1; r < m; r += 1) H[r * m + i] = w[r - (i - 1)]!;
  }
  for (let r = 0; r < m; r += 1) H[r * m] = v[r]!;
  for (let c = 0; c < m; c += 1) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let Hpwr: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i += 1) Hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0; // scaling of Hpwr
  let Hexpnt = 0; // scaling of H
  const kk = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2 === 1) {
      Hpwr = matmul(Hpwr, H, m);
      expnt += Hexpnt;
    }
    nn = Math.floor(nn / 2);
    if (nn === 0) break; // SciPy squares once more here; the result is unused.
    H = matmul(H, H, m);
    Hexpnt *= 2;
    if (Math.abs(H[kk]!) > EP128) {
      for (let i = 0; i < H.length; i += 1) H[i]! /= EP128;
      Hexpnt += E128;
    }
  }

  let p = Hpwr[kk]!;
  // Multiply by n!/n^n
  for (let i = 1; i <= n; i += 1) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt);
  return clip01(p);
}

/** _ksstats.py::_pomeranz_compute_j1j2 */
function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      // i is odd
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Python slice bounds [start:stop] on a sequence of length len. */
function sliceBounds(start: number, stop: number, len: number): [number, number] {
  const norm = (i: number) => (i < 0 ? Math.max(i + len, 0) : Math.min(i, len));
  const a = norm(start);
  const b = norm(stop);
  return [a, Math.max(a, b)];
}

/**
 * _ksstats.py::_kolmogn_Pomeranz — Pr(D_n <= d) by Pomeranz's recursion (1974): each row is the
 * convolution of the previous one with (almost) Poisson probabilities; only two rows are kept.
 */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll; // fractional part of t
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1); // maximum number of powers needed in convolutions
  const gpower = new Float64Array(npwrs); // (g/n)^m/m!
  const twogpower = new Float64Array(npwrs); // (2g/n)^m/m!
  const onem2gpower = new Float64Array(npwrs); // ((1-2g)/n)^m/m!
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m += 1) {
    gpower[m] = (gpower[m - 1]! * gOverN) / m;
    twogpower[m] = (twogpower[m - 1]! * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1]! * oneMinusTwoGOverN) / m;
  }

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1; // first row
  let V0s = 0;
  let V1s = 0; // start indices of the two rows

  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i += 1) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 === 1 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // conv = np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]) (full mode)
      const [a0, a1] = sliceBounds(k1 - V0s, k1 - V0s + ln2, npwrs);
      const [, b1] = sliceBounds(0, ln2, npwrs);
      const la = a1 - a0;
      const lb = b1;
      if (la === 0 || lb === 0) throw new Error(`${MODULE}: Pomeranz recursion left its window (n=${n}, d=${x})`);
      const convStart = j1 - k1; // first index to use from conv
      const convLen = j2 - j1 + 1; // number of entries to use from conv
      const [c0, c1] = sliceBounds(convStart, convStart + convLen, la + lb - 1);
      let maxV = 0;
      for (let c = c0; c < c1; c += 1) {
        let s = 0;
        const lo = Math.max(0, c - lb + 1);
        const hi = Math.min(c, la - 1);
        for (let q = lo; q <= hi; q += 1) s += V0[a0 + q]! * pwrs[c - q]!;
        V1[c - c0] = s;
        if (s > maxV) maxV = s;
      }
      // Scale to avoid underflow.
      if (maxV > 0 && maxV < EM128) {
        for (let q = 0; q < npwrs; q += 1) V1[q]! *= EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }

  // multiply by n!
  let ans = V1[n - V1s]!;
  for (let m = 1; m <= n; m += 1) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return clip01(ans);
}

/**
 * _ksstats.py::_kolmogn_PelzGood — the Li-Chien/Korolyuk expansion
 * K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5, z = x√n, transformed with Jacobi theta functions into
 * a form that is accurate for small z (Pelz & Good 1976).
 */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const zsquared = z ** 2;
  const zthree = z ** 3;
  const zfour = z ** 4;
  const zsix = z ** 6;

  const qlog = -PI_SQUARED / 8 / zsquared;
  if (qlog < MIN_LOG) return 0; // z ~ 0.041743441416853426
  let q = Math.exp(qlog);

  // Coefficients of terms in the sums for K1, K2 and K3
  const k1a = -zsquared;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * zsix + 2 * zfour;
  const k2b = ((2 * zfour - 5 * zsquared) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * zsquared)) / 16;
  const k3d = (PI_SIX * (5 - 30 * zsquared)) / 64;
  const k3c = (PI_FOUR * (-60 * zsquared + 212 * zfour)) / 16;
  const k3b = (PI_SQUARED * (135 * zfour - 96 * zsix)) / 4;
  const k3a = -30 * zsix - 90 * z ** 8;

  // Horner scheme for sum c_i q^(i^2) over odd integers.
  let K0 = 0;
  let K1 = 0;
  let K2 = 0;
  let K3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k -= 1) {
    const m = 2 * k - 1;
    const msquared = m ** 2;
    const mfour = m ** 4;
    const msix = m ** 6;
    const qpower = q ** (8 * k);
    K0 = K0 * qpower + 1;
    K1 = K1 * qpower + (k1a + k1b * msquared);
    K2 = K2 * qpower + (k2a + k2b * msquared + k2c * mfour);
    K3 = K3 * qpower + (k3a + k3b * msquared + k3c * mfour + k3d * msix);
  }
  K0 = (K0 * q * SQRT2PI) / z;
  K1 = (K1 * q * SQRT2PI) / (6 * zfour);
  K2 = (K2 * q * SQRT2PI) / (72 * z ** 7);
  K3 = (K3 * q * SQRT2PI) / (6480 * z ** 10);

  // The other sums, over all integers k:
  //   K_2: (pi^2 k^2) q^(k^2),  K_3: (3pi^2 k^2 z^2 - pi^4 k^4) q^(k^2)
  q = Math.exp(-PI_SQUARED / 2 / zsquared);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k -= 1) {
    const ksquared = k * k;
    const qpwer = q ** ksquared;
    const kspi = Math.PI * k;
    k2extra += ksquared * qpwer;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpwer;
  }
  K2 += k2extra * ((PI_SQUARED * SQRT2PI) / (-36 * zthree));
  K3 += k3extra * ((PI_SQUARED * SQRT2PI) / (216 * zsix));
  const sqrtN = Math.sqrt(n);
  return K0 + K1 / sqrtN + K2 / n + K3 / (n * sqrtN);
}

// ---------------------------------------------------------------------------------------------
// One-sided Smirnov distribution: cephes kolmogorov.c::_smirnov3 (van Mulbregt 2018).
//   Pr(D_n^+ > x) = x * sum_{v=0}^{floor(n(1-x))} C(n,v) (x+v/n)^(v-1) (1-x-v/n)^(n-v)
// ---------------------------------------------------------------------------------------------

interface SfCdf {
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

function smirnov3(n: number, x: number): SfCdf {
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

  let sum: number;
  if (useUpperSum) {
    // Terms v = n, n-1, ..., n1mxceil; 1-x-v/n < 0 there, so the signs alternate.
    sum = 0;
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

  // Lower sum: v = 0, 1, ..., n1mxfl, all terms positive; stop once the rest is negligible.
  const nTerms = n1mxfl + 1;
  const vmid = Math.floor(n / 2);
  sum = Math.exp(n * Math.log1p(-x)) / x; // v = 0: (1-x)^n / x
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
