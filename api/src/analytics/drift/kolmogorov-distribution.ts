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

// The exact small-n CDFs are kolmogorov-exact-cdf.ts, the one-sided Smirnov distribution smirnov.ts.
import { durbinMtwCdf, pomeranzCdf } from "./kolmogorov-exact-cdf.js";
import { clip01 } from "./kolmogorov-scaling.js";
import { smirnov3 } from "./smirnov.js";

const MODULE = "analytics/kolmogorov-distribution";

const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708; // _ksstats.py::_MIN_LOG
const SQRT3 = Math.sqrt(3);
const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;

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

function select(cdfProb: number, sfProb: number, cdf: boolean): number {
  // _ksstats.py::_select_and_clip_prob
  return clip01(cdf ? cdfProb : sfProb);
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
