// The threshold-breach forecast behind `forecast()` (docs/health.md): fit Holt's undamped and damped
// models (holt-smoothing.ts), keep the one with the smaller AIC, forecast the windows after the last
// one with data and find the first whose point forecast reaches the threshold. Selection, breach
// and window rules are described in holt-forecast.ts.
import { clampFinite } from "../finite-math.js";
import { fitHolt, holtForecastPath, MAX_FORECAST_STEPS, Z95, type HoltFit } from "./holt-smoothing.js";

const MODULE = "analytics/forecast";

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
  /** The values the metric can take (accuracy: [0, 1]; an error: [0, ∞)): forecasts and bands are kept inside. Default: any. */
  range?: { min: number; max: number };
}

export interface ForecastPoint {
  windowStart: number;
  windowEnd: number;
  value: number;
  lower: number;
  upper: number;
}

/** The chosen fit (holt-smoothing.ts's HoltFit without its fitted values) and both candidates' AIC. */
export interface ForecastModel extends Pick<HoltFit, "alpha" | "beta" | "phi" | "level" | "trend" | "residualStd" | "sse" | "aic" | "n"> {
  kind: "holt" | "damped-holt";
  /** The AIC of both candidates, for the record. */
  aicUndamped: number;
  aicDamped: number;
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
  const { steps, minPoints } = checkBreachArgs(args);
  const { points, threshold, windowMs } = args;
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
  const model = forecastModel(fit, undamped, damped);

  const end = last.windowEnd;
  const { min, max } = args.range ?? { min: -Infinity, max: Infinity };
  const inRange = (x: number) => Math.min(max, Math.max(min, clampFinite(x)));
  const out: ForecastPoint[] = holtForecastPath({ model: fit, steps }).map(({ h, mean, std }) => ({
    windowStart: end + (h - 1) * windowMs,
    windowEnd: end + h * windowMs,
    value: inRange(mean),
    lower: inRange(mean - Z95 * std),
    upper: inRange(mean + Z95 * std),
  }));

  if (reaches(last.value, threshold, direction)) {
    return { points: out, expectedBreachAt: end, direction, model, reason: "ALREADY_BREACHED" };
  }
  const hit = out.find((p) => reaches(p.value, threshold, direction));
  return { points: out, expectedBreachAt: hit ? hit.windowEnd : null, direction, model, reason: null };
}

function forecastModel(fit: HoltFit, undamped: HoltFit, damped: HoltFit): ForecastModel {
  return {
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
}

/** Checks the arguments (throws on the first problem); the number of forecast windows and minPoints. */
function checkBreachArgs(args: ForecastBreachArgs): { steps: number; minPoints: number } {
  if (args === null || typeof args !== "object") throw new Error(`${MODULE}: forecastBreach expects an args object`);
  const { points, threshold, horizonMs, windowMs } = args;
  if (!Array.isArray(points)) throw new Error(`${MODULE}: points must be an array`);
  if (args.range !== undefined && !(args.range.min < args.range.max)) throw new Error(`${MODULE}: range must have min < max, got [${args.range.min}, ${args.range.max}]`);
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
  checkPoints(points);
  return { steps, minPoints };
}

function checkPoints(points: readonly ForecastInputPoint[]): void {
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
}
