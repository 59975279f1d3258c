// Holt's linear-trend exponential smoothing (optionally damped) and the threshold-breach forecast
// behind `forecast()` (docs/health.md).
//
// Model (error-correction form, classical smoothing parameters α, β ∈ [0, 1], damping φ):
//
//   one-step forecast   ŷ_t = ℓ_{t−1} + φ·b_{t−1},          e_t = y_t − ŷ_t
//   level               ℓ_t = ℓ_{t−1} + φ·b_{t−1} + α·e_t
//   trend               b_t = φ·b_{t−1} + α·β·e_t           (≡ β(ℓ_t − ℓ_{t−1}) + (1 − β)·φ·b_{t−1})
//   h-step forecast     ŷ_{n+h} = ℓ_n + (φ + φ² + … + φ^h)·b_n
//
// φ = 1 for the undamped model; φ ∈ [0.8, 0.98] for the damped one.
//
// Initial state: ℓ_0 = y_0 and b_0 = the mean of the first k differences, (y_k − y_0)/k with
// k = min(n − 1, max(2, ⌊n/4⌋)) ("the first few": a quarter of the series, at least two, so that a
// single noisy step does not set a trend that persists for the whole fit). Initial states are
// NOT optimised; they count for nothing in the information criterion below.
//
// Parameter choice: minimise the one-step-ahead SSE = Σ_{t=1}^{n−1} e_t² (y_0 gives no residual).
//   1. a fixed grid: α ∈ {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1}, β ∈ {0, 0.01, 0.05, 0.1, 0.2, 0.4,
//      0.7, 1}, and for the damped model φ ∈ {0.8, 0.85, 0.9, 0.95, 0.98};
//   2. Nelder–Mead from the best grid point (initial simplex: +0.1 per coordinate, reflected into the
//      box when that leaves it), the objective evaluated at the parameters clamped to the box
//      α ∈ [1e-4, 1], β ∈ [0, 1], φ ∈ [0.8, 0.98]; at most 400 iterations, stop when the simplex
//      values agree to 1e-14 relative. The result is the clamped best vertex, never worse than the
//      grid. Everything is deterministic (no random restarts).
//
// residualStd σ = sqrt(SSE / max(1, m − k)), m = n − 1 residuals, k = 2 (α, β) or 3 (α, β, φ).
//
// Selection (forecastBreach): both models are fitted and the one with the smaller
//   AIC = m·ln(SSE/m) + 2k      (SSE/m floored at 1e-300 so an exact line stays finite)
// is used; a tie goes to the undamped model (fewer parameters).
//
// Prediction interval (95%, z = 1.959964, Gaussian one-step errors): Var(h) = σ²·(1 + Σ_{j=1}^{h−1} c_j²)
//   undamped  c_j = α(1 + jβ)                              (Hyndman et al. 2008, ETS(A,A,N))
//   damped    c_j = α(1 + β·(φ + φ² + … + φ^j))            (ETS(A,Ad,N)); φ = 1 gives the former.
//
// Breach (forecastBreach): direction "below" — the point forecast reaches the threshold when it is
// ≤ threshold; "above" — when it is ≥ threshold (reaching the threshold counts, as the `<=`/`>=` alert
// rules do). expectedBreachAt is the END of the first forecast window whose point forecast reaches
// the threshold — not interpolated: alerts are evaluated once per closed window, so the end of
// the window is the first moment the breach could be observed. Forecast window h (h = 1, 2, …)
// is [E + (h−1)·windowMs, E + h·windowMs] with E = the end of the last window with data; the windows
// whose end is ≤ E + horizonMs are forecast.
//
// Values are fitted in units scaled by a power of two when they exceed 2^500 (finite-math.ts), and
// forecasts beyond float64 are clamped to ±Number.MAX_VALUE: no output is ever infinite.
//
// Observed points are treated as consecutive steps of the series: a gap between windows (windows
// with no data) is not filled, the next point is simply the next step.
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

export type BreachDirection = "below" | "above";

export interface ForecastInputPoint {
  windowStart: number;
  windowEnd: number;
  value: number;
}

export interface ForecastBreachArgs {
  points: readonly ForecastInputPoint[];
  threshold: number;
  /** Default: "below" if the last value is above the threshold, else "above". */
  direction?: BreachDirection;
  horizonMs: number;
  windowMs: number;
  /** Fewer points than this: no forecast (reason TOO_FEW_POINTS). Default 4, at least 3. */
  minPoints?: number;
}

export interface ForecastPoint {
  windowStart: number;
  windowEnd: number;
  value: number;
  lower: number;
  upper: number;
}

export interface ForecastModel {
  kind: "holt" | "damped-holt";
  alpha: number;
  beta: number;
  phi: number;
  level: number;
  trend: number;
  residualStd: number;
  sse: number;
  aic: number;
  /** The AIC of both candidates, for the record. */
  aicUndamped: number;
  aicDamped: number;
  n: number;
}

export type ForecastReason = "TOO_FEW_POINTS" | "ALREADY_BREACHED";

export interface ForecastBreachResult {
  points: ForecastPoint[];
  /** End of the first forecast window reaching the threshold; the end of the last observed window when already breached. */
  expectedBreachAt: number | null;
  /** null when there are no points. */
  direction: BreachDirection | null;
  model: ForecastModel | null;
  /** Why there is no ordinary forecast answer; null when the forecast ran normally. */
  reason: ForecastReason | null;
}

function reaches(value: number, threshold: number, direction: BreachDirection): boolean {
  return direction === "below" ? value <= threshold : value >= threshold;
}

/**
 * Forecasts a metric's windows after the last one with data and returns the end of the first
 * forecast window whose point forecast reaches `threshold` within `horizonMs`, or null.
 * A series already at or past the threshold in its last window gives expectedBreachAt = the end of
 * that window and reason ALREADY_BREACHED (the forecast points are still returned).
 */
export function forecastBreach(args: ForecastBreachArgs): ForecastBreachResult {
  if (args === null || typeof args !== "object") throw new Error(`${MODULE}: forecastBreach expects an args object`);
  const { points, threshold, horizonMs, windowMs } = args;
  if (!Array.isArray(points)) throw new Error(`${MODULE}: points must be an array`);
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
    throw new Error(`${MODULE}: threshold is not a finite number (${String(threshold)})`);
  }
  if (typeof horizonMs !== "number" || !Number.isFinite(horizonMs) || horizonMs < 0) {
    throw new Error(`${MODULE}: horizonMs must be a finite number ≥ 0 (${String(horizonMs)})`);
  }
  if (typeof windowMs !== "number" || !Number.isFinite(windowMs) || windowMs <= 0) {
    throw new Error(`${MODULE}: windowMs must be a finite number > 0 (${String(windowMs)})`);
  }
  const minPoints = args.minPoints ?? 4;
  if (!Number.isInteger(minPoints) || minPoints < 3) throw new Error(`${MODULE}: minPoints must be an integer ≥ 3`);
  if (args.direction !== undefined && args.direction !== "below" && args.direction !== "above") {
    throw new Error(`${MODULE}: direction must be "below" or "above" (${String(args.direction)})`);
  }
  const steps = Math.floor(horizonMs / windowMs);
  if (steps > MAX_FORECAST_STEPS) {
    throw new Error(`${MODULE}: horizonMs / windowMs = ${steps} forecast windows, more than ${MAX_FORECAST_STEPS}`);
  }
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (p === null || typeof p !== "object") throw new Error(`${MODULE}: points[${i}] is not an object`);
    for (const key of ["windowStart", "windowEnd", "value"] as const) {
      const v = p[key];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${MODULE}: points[${i}].${key} is not a finite number (${String(v)})`);
      }
    }
    if (p.windowEnd <= p.windowStart) throw new Error(`${MODULE}: points[${i}] ends before it starts`);
    if (i > 0) {
      const prev = points[i - 1]!;
      if (p.windowStart < prev.windowStart) {
        throw new Error(`${MODULE}: points must be sorted by windowStart (points[${i}] starts before points[${i - 1}])`);
      }
      if (p.windowStart < prev.windowEnd) throw new Error(`${MODULE}: points[${i}] overlaps points[${i - 1}]`);
    }
  }

  const last = points[points.length - 1];
  const direction: BreachDirection | null =
    args.direction ?? (last === undefined ? null : last.value > threshold ? "below" : "above");
  if (points.length < minPoints || last === undefined || direction === null) {
    return { points: [], expectedBreachAt: null, direction, model: null, reason: "TOO_FEW_POINTS" };
  }

  const values = points.map((p) => p.value);
  const undamped = fitHolt({ values, damped: false });
  const damped = fitHolt({ values, damped: true });
  const fit = damped.aic < undamped.aic ? damped : undamped;
  const model: ForecastModel = {
    kind: fit.damped ? "damped-holt" : "holt",
    alpha: fit.alpha,
    beta: fit.beta,
    phi: fit.phi,
    level: fit.level,
    trend: fit.trend,
    residualStd: fit.residualStd,
    sse: fit.sse,
    aic: fit.aic,
    aicUndamped: undamped.aic,
    aicDamped: damped.aic,
    n: fit.n,
  };

  const end = last.windowEnd;
  const out: ForecastPoint[] = holtForecastPath({ model: fit, steps }).map(({ h, mean, std }) => ({
    windowStart: end + (h - 1) * windowMs,
    windowEnd: end + h * windowMs,
    value: mean,
    lower: clampFinite(mean - Z95 * std),
    upper: clampFinite(mean + Z95 * std),
  }));

  if (reaches(last.value, threshold, direction)) {
    return { points: out, expectedBreachAt: end, direction, model, reason: "ALREADY_BREACHED" };
  }
  const hit = out.find((p) => reaches(p.value, threshold, direction));
  return { points: out, expectedBreachAt: hit ? hit.windowEnd : null, direction, model, reason: null };
}
