// Pr(D_n <= d) of the two-sided one-sample Kolmogorov–Smirnov statistic for small n, exactly
// (ported from SciPy 1.10 scipy/stats/_ksstats.py; kolmogorov-distribution.ts chooses the branch):
// Durbin's matrix algorithm (Marsaglia, Tsang & Wang 2003) and Pomeranz's recursion (1974). Pure.
import { clip01, E128, EM128, EP128, ldexp } from "./kolmogorov-scaling.js";

const MODULE = "analytics/kolmogorov-distribution";

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
export function durbinMtwCdf(n: number, d: number): number {
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
export function pomeranzCdf(n: number, x: number): number {
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
