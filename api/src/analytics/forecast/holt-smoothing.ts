// Holt's linear-trend exponential smoothing, optionally damped: the fit (grid, then Nelder–Mead on
// the one-step SSE), its AIC and the forecast path with its prediction interval. The model, the
// parameter choice and the interval are described in holt-forecast.ts; forecast-breach.ts uses it.
import { clampFinite, magnitudeScale, maxAbs } from "../finite-math.js";

const MODULE = "analytics/forecast";

/** Two-sided 95% standard normal quantile. */
export const Z95 = 1.959963984540054;
export const PHI_MIN = 0.8;
export const PHI_MAX = 0.98;
const ALPHA_MIN = 1e-4;
/** At most this many forecast windows (horizonMs / windowMs). */
export const MAX_FORECAST_STEPS = 100_000;

const ALPHA_GRID = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1];
const BETA_GRID = [0, 0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1];
const PHI_GRID = [0.8, 0.85, 0.9, 0.95, 0.98];

export interface FitHoltArgs {
  values: ArrayLike<number>;
  /** Fit a damped trend (φ ∈ [0.8, 0.98]); default false (φ = 1). */
  damped?: boolean;
}

export interface HoltFit {
  damped: boolean;
  alpha: number;
  beta: number;
  /** 1 for the undamped model. */
  phi: number;
  /** Final level ℓ_n and trend b_n (after the last value). */
  level: number;
  trend: number;
  /** sqrt(SSE / max(1, m − k)). */
  residualStd: number;
  /** One-step-ahead fitted values ŷ_t; fitted[0] = values[0] (the initial level). */
  fitted: number[];
  /** Σ e_t² over t = 1..n−1. */
  sse: number;
  /** m·ln(SSE/m) + 2k. */
  aic: number;
  /** Number of values. */
  n: number;
}

function checkValues(values: ArrayLike<number>, name: string): void {
  if (values === null || values === undefined || typeof values !== "object" || typeof values.length !== "number") {
    throw new Error(`${MODULE}: ${name} must be an array of numbers`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${MODULE}: ${name}[${i}] is not a finite number (${String(v)})`);
    }
  }
}

interface Run {
  sse: number;
  level: number;
  trend: number;
  fitted: number[] | null;
}

function initialTrend(y: ArrayLike<number>): number {
  const n = y.length;
  const k = Math.min(n - 1, Math.max(2, Math.floor(n / 4)));
  return (y[k]! - y[0]!) / k;
}

function runHolt(y: ArrayLike<number>, alpha: number, beta: number, phi: number, keepFitted: boolean): Run {
  let level = y[0]!;
  let trend = initialTrend(y);
  let sse = 0;
  const fitted = keepFitted ? [level] : null;
  const ab = alpha * beta;
  for (let t = 1; t < y.length; t++) {
    const yhat = level + phi * trend;
    const e = y[t]! - yhat;
    if (fitted) fitted.push(yhat);
    sse += e * e;
    level = yhat + alpha * e;
    trend = phi * trend + ab * e;
  }
  return { sse, level, trend, fitted };
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Nelder–Mead (standard coefficients 1, 2, 0.5, 0.5) of f over a box via clamping. */
function nelderMead(f: (x: number[]) => number, start: number[], lo: number[], hi: number[]): { x: number[]; f: number } {
  const d = start.length;
  const box = (x: number[]): number[] => x.map((v, i) => clamp(v, lo[i]!, hi[i]!));
  const simplex: Array<{ x: number[]; f: number }> = [{ x: start.slice(), f: f(box(start)) }];
  for (let i = 0; i < d; i++) {
    const x = start.slice();
    x[i] = x[i]! + 0.1 <= hi[i]! ? x[i]! + 0.1 : x[i]! - 0.1;
    simplex.push({ x, f: f(box(x)) });
  }
  for (let iter = 0; iter < 400; iter++) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0]!;
    const worst = simplex[d]!;
    if (Math.abs(worst.f - best.f) <= 1e-14 * (Math.abs(best.f) + 1e-300)) break;
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] = centroid[j]! + simplex[i]!.x[j]! / d;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const xr = along(-1);
    const fr = f(box(xr));
    if (fr < best.f) {
      const xe = along(-2);
      const fe = f(box(xe));
      simplex[d] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
    } else if (fr < simplex[d - 1]!.f) {
      simplex[d] = { x: xr, f: fr };
    } else {
      const outside = fr < worst.f;
      const xc = along(outside ? -0.5 : 0.5);
      const fc = f(box(xc));
      if (fc < (outside ? fr : worst.f)) {
        simplex[d] = { x: xc, f: fc };
      } else {
        for (let i = 1; i <= d; i++) {
          const x = simplex[i]!.x.map((v, j) => best.x[j]! + 0.5 * (v - best.x[j]!));
          simplex[i] = { x, f: f(box(x)) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  return { x: box(simplex[0]!.x), f: simplex[0]!.f };
}

/** Fits Holt's linear trend (damped or not) by one-step-ahead SSE; see the header for the method. */
export function fitHolt(args: FitHoltArgs): HoltFit {
  if (args === null || typeof args !== "object") throw new Error(`${MODULE}: fitHolt expects an args object`);
  const { values } = args;
  checkValues(values, "values");
  if (args.damped !== undefined && typeof args.damped !== "boolean") {
    throw new Error(`${MODULE}: damped must be a boolean`);
  }
  const damped = args.damped === true;
  const n = values.length;
  if (n < 3) throw new Error(`${MODULE}: fitHolt needs at least 3 values, got ${n}`);
  const c = magnitudeScale(maxAbs(values));
  return c === 1 ? fitScaled(values, damped) : rescaled(fitScaled(Array.from(values, (v) => v * c), damped), c);
}

/**
 * A fit of the series multiplied by c (a power of two, finite-math.ts) expressed in the original
 * units: α, β, φ are scale-free, level/trend/σ/fitted scale by 1/c, SSE by 1/c², and the AIC moves
 * by −2m·ln c (the same for both candidate models, so the choice between them is unchanged).
 */
function rescaled(fit: HoltFit, c: number): HoltFit {
  return {
    ...fit,
    level: clampFinite(fit.level / c),
    trend: clampFinite(fit.trend / c),
    residualStd: clampFinite(fit.residualStd / c),
    fitted: fit.fitted.map((v) => clampFinite(v / c)),
    sse: clampFinite(fit.sse / c / c),
    aic: fit.aic - 2 * (fit.n - 1) * Math.log(c),
  };
}

function fitScaled(values: ArrayLike<number>, damped: boolean): HoltFit {
  const n = values.length;

  const lo = damped ? [ALPHA_MIN, 0, PHI_MIN] : [ALPHA_MIN, 0];
  const hi = damped ? [1, 1, PHI_MAX] : [1, 1];
  const sse = (p: number[]): number => runHolt(values, p[0]!, p[1]!, damped ? p[2]! : 1, false).sse;

  let best: number[] = [];
  let bestF = Infinity;
  for (const a of ALPHA_GRID) {
    for (const b of BETA_GRID) {
      for (const ph of damped ? PHI_GRID : [1]) {
        const p = damped ? [a, b, ph] : [a, b];
        const f = sse(p);
        if (f < bestF) {
          bestF = f;
          best = p;
        }
      }
    }
  }
  const refined = nelderMead(sse, best, lo, hi);
  if (refined.f < bestF) best = refined.x;

  const alpha = best[0]!;
  const beta = best[1]!;
  const phi = damped ? best[2]! : 1;
  const run = runHolt(values, alpha, beta, phi, true);
  const m = n - 1;
  const k = damped ? 3 : 2;
  return {
    damped,
    alpha,
    beta,
    phi,
    level: run.level,
    trend: run.trend,
    residualStd: Math.sqrt(run.sse / Math.max(1, m - k)),
    fitted: run.fitted!,
    sse: run.sse,
    aic: m * Math.log(Math.max(run.sse / m, 1e-300)) + 2 * k,
    n,
  };
}

export interface HoltPathArgs {
  model: Pick<HoltFit, "alpha" | "beta" | "phi" | "level" | "trend" | "residualStd">;
  steps: number;
}

/** Point forecasts and their standard deviations for h = 1..steps (see the header). */
export function holtForecastPath(args: HoltPathArgs): Array<{ h: number; mean: number; std: number }> {
  if (args === null || typeof args !== "object") throw new Error(`${MODULE}: holtForecastPath expects an args object`);
  const { model, steps } = args;
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`${MODULE}: steps must be a non-negative integer`);
  const { alpha, beta, phi, level, trend, residualStd } = model;
  const out: Array<{ h: number; mean: number; std: number }> = [];
  let phiSum = 0; // φ + … + φ^h
  let varSum = 1; // 1 + Σ_{j=1}^{h−1} c_j²
  let phiPow = 1;
  for (let h = 1; h <= steps; h++) {
    phiPow *= phi;
    const prevPhiSum = phiSum; // φ + … + φ^{h−1}: c_{h−1} uses it
    phiSum += phiPow;
    if (h >= 2) {
      const c = alpha * (1 + beta * prevPhiSum);
      varSum += c * c;
    }
    out.push({ h, mean: clampFinite(level + phiSum * trend), std: clampFinite(residualStd * Math.sqrt(varSum)) });
  }
  return out;
}
