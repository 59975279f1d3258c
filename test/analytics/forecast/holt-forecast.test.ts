// Holt / damped-Holt forecasting of a metric's windows and the expected threshold breach
// (docs/health.md). Noise comes from a seeded generator
// (mulberry32 + Box–Muller), so every figure below is reproducible.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";
import {
  Z95,
  fitHolt,
  forecastBreach,
  holtForecastPath,
  type ForecastInputPoint,
} from "../../../api/src/analytics/forecast/holt-forecast.js";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

/** Standard normal draws by Box–Muller on a mulberry32 stream. */
function normals(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Hourly windows t = 0..n−1 starting at T0 with value f(t). */
function hourly(n: number, f: (t: number) => number): ForecastInputPoint[] {
  return Array.from({ length: n }, (_, t) => ({ windowStart: T0 + t * HOUR, windowEnd: T0 + (t + 1) * HOUR, value: f(t) }));
}

/** accuracy 0.95 − slope·t + N(0, sd²). */
function decay(n: number, slope: number, seed: number, sd = 0.003): ForecastInputPoint[] {
  const z = normals(seed);
  return hourly(n, (t) => 0.95 - slope * t + sd * z());
}

/** Index of the window whose end is `ms`. */
const windowIndexEndingAt = (ms: number): number => (ms - T0) / HOUR - 1;

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("forecastBreach: a noisy linear decay crossing 0.8", () => {
  // t* = the first window whose true mean is ≤ 0.8 = ⌈0.15 / slope⌉. `n` observed windows, so the
  // breach lies t* − n + 1 windows ahead. direction "below" is explicit: when noise puts the last
  // observation under 0.8 (slope 0.005, seed 11: 0.7983) the inferred direction would be "above".
  const cases = [
    { name: "slope 0.005, 30 windows (brief's case, t* = 30)", slope: 0.005, n: 30, tolerance: 1 },
    { name: "slope 0.006, 25 windows (t* = 25)", slope: 0.006, n: 25, tolerance: 1 },
    { name: "slope 0.004, 36 windows (t* = 38)", slope: 0.004, n: 36, tolerance: 1 },
    { name: "slope 0.003, 45 windows (t* = 50)", slope: 0.003, n: 45, tolerance: 1 },
    // Leads of 3–6 windows with fewer windows to learn from: within two windows.
    { name: "slope 0.005, 28 windows (t* = 30)", slope: 0.005, n: 28, tolerance: 2 },
    { name: "slope 0.0075, 18 windows (t* = 20)", slope: 0.0075, n: 18, tolerance: 2 },
    { name: "slope 0.0025, 55 windows (t* = 60)", slope: 0.0025, n: 55, tolerance: 2 },
    { name: "slope 0.002, 70 windows (t* = 75)", slope: 0.002, n: 70, tolerance: 2 },
  ];
  it.each(cases)("$name: breach predicted within $tolerance window(s) for 12 seeds", ({ slope, n, tolerance }) => {
    const truth = Math.ceil(0.15 / slope - 1e-9);
    for (const seed of SEEDS) {
      const r = forecastBreach({ points: decay(n, slope, seed), threshold: 0.8, direction: "below", horizonMs: 100 * HOUR, windowMs: HOUR });
      expect(r.expectedBreachAt, `seed ${seed}`).not.toBeNull();
      const predicted = windowIndexEndingAt(r.expectedBreachAt!);
      expect(Math.abs(predicted - truth), `seed ${seed}: predicted window ${predicted}, truth ${truth}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it("the brief's case picks the undamped model for every seed and infers direction 'below' when the last value is above 0.8", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const r = forecastBreach({ points: decay(30, 0.005, seed), threshold: 0.8, horizonMs: 24 * HOUR, windowMs: HOUR });
      expect(r.direction).toBe("below");
      expect(r.reason).toBeNull();
      expect(r.model!.kind).toBe("holt");
      expect(r.model!.aicUndamped).toBeLessThanOrEqual(r.model!.aicDamped);
      expect(r.model!.trend).toBeLessThan(0);
    }
  });
});

describe("forecastBreach: exact series", () => {
  const cases = [
    {
      name: "falling line 0.95 − 0.005t, threshold 0.7975 → window 31 (0.795)",
      points: hourly(30, (t) => 0.95 - 0.005 * t),
      threshold: 0.7975,
      direction: undefined,
      expectedDirection: "below",
      breachWindow: 31,
    },
    {
      name: "rising latency 100 + 2t, direction 'above', threshold 200 → window 50",
      points: hourly(30, (t) => 100 + 2 * t),
      threshold: 200,
      direction: "above" as const,
      expectedDirection: "above",
      breachWindow: 50,
    },
    {
      name: "rising latency 100 + 2t, direction inferred ('above': last value 158 ≤ 200) → window 50",
      points: hourly(30, (t) => 100 + 2 * t),
      threshold: 200,
      direction: undefined,
      expectedDirection: "above",
      breachWindow: 50,
    },
  ];
  it.each(cases)("$name", ({ points, threshold, direction, expectedDirection, breachWindow }) => {
    const r = forecastBreach({ points, threshold, direction, horizonMs: 48 * HOUR, windowMs: HOUR });
    expect(r.direction).toBe(expectedDirection);
    expect(r.reason).toBeNull();
    expect(r.expectedBreachAt).toBe(T0 + (breachWindow + 1) * HOUR);
    expect(r.model!.kind).toBe("holt");
  });
});

describe("forecastBreach: no breach, already breached, too few points", () => {
  it.each([
    { name: "7-day horizon", horizon: 7 * 24 },
    { name: "30-day horizon", horizon: 30 * 24 },
  ])("flat 0.9 + N(0, 0.003²) over 48 windows, threshold 0.8, $name → null for 8 seeds", ({ horizon }) => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const z = normals(seed);
      const points = hourly(48, () => 0.9 + 0.003 * z());
      const r = forecastBreach({ points, threshold: 0.8, horizonMs: horizon * HOUR, windowMs: HOUR });
      expect(r.direction, `seed ${seed}`).toBe("below");
      expect(r.expectedBreachAt, `seed ${seed}`).toBeNull();
      expect(r.reason).toBeNull();
      expect(r.points).toHaveLength(horizon);
    }
  });

  const cases = [
    {
      name: "horizon shorter than the breach (rising line breaches at window 50, horizon 12 h)",
      args: { points: hourly(30, (t) => 100 + 2 * t), threshold: 200, direction: "above" as const, horizonMs: 12 * HOUR, windowMs: HOUR },
      expected: { expectedBreachAt: null, reason: null, points: 12 },
    },
    {
      name: "horizon shorter than one window → no forecast window, null",
      args: { points: hourly(30, (t) => 100 + 2 * t), threshold: 200, horizonMs: HOUR / 2, windowMs: HOUR },
      expected: { expectedBreachAt: null, reason: null, points: 0 },
    },
    {
      name: "already past the threshold (direction 'below', last value 0.75) → the end of the last window",
      args: { points: hourly(10, (t) => 0.84 - 0.01 * t), threshold: 0.8, direction: "below" as const, horizonMs: 6 * HOUR, windowMs: HOUR },
      expected: { expectedBreachAt: T0 + 10 * HOUR, reason: "ALREADY_BREACHED", points: 6 },
    },
    {
      name: "last value exactly at the threshold (inferred 'above', reached) → already breached",
      args: { points: hourly(5, (t) => [0.84, 0.83, 0.82, 0.81, 0.8][t]!), threshold: 0.8, horizonMs: 6 * HOUR, windowMs: HOUR },
      expected: { expectedBreachAt: T0 + 5 * HOUR, reason: "ALREADY_BREACHED", points: 6 },
    },
    {
      name: "3 points with the default minPoints 4",
      args: { points: hourly(3, (t) => 0.9 - 0.05 * t), threshold: 0.8, horizonMs: 6 * HOUR, windowMs: HOUR },
      expected: { expectedBreachAt: null, reason: "TOO_FEW_POINTS", points: 0 },
    },
    {
      name: "5 points with minPoints 6",
      args: { points: hourly(5, (t) => 0.9 - 0.01 * t), threshold: 0.8, horizonMs: 6 * HOUR, windowMs: HOUR, minPoints: 6 },
      expected: { expectedBreachAt: null, reason: "TOO_FEW_POINTS", points: 0 },
    },
    {
      name: "no points at all",
      args: { points: [], threshold: 0.8, horizonMs: 6 * HOUR, windowMs: HOUR },
      expected: { expectedBreachAt: null, reason: "TOO_FEW_POINTS", points: 0 },
    },
  ];
  it.each(cases)("$name", ({ args, expected }) => {
    const r = forecastBreach(args);
    expect(r.expectedBreachAt).toBe(expected.expectedBreachAt);
    expect(r.reason).toBe(expected.reason);
    expect(r.points).toHaveLength(expected.points);
    if (expected.reason === "TOO_FEW_POINTS") expect(r.model).toBeNull();
  });

  it("too few points still reports the inferred direction (null without points)", () => {
    expect(forecastBreach({ points: hourly(2, () => 0.9), threshold: 0.8, horizonMs: HOUR, windowMs: HOUR }).direction).toBe("below");
    expect(forecastBreach({ points: [], threshold: 0.8, horizonMs: HOUR, windowMs: HOUR }).direction).toBeNull();
  });
});

describe("forecastBreach: forecast windows", () => {
  it("start at the end of the last window with data, one windowMs each, even after a gap", () => {
    const points = [...hourly(10, (t) => 0.9 - 0.001 * t)];
    points.push({ windowStart: T0 + 14 * HOUR, windowEnd: T0 + 15 * HOUR, value: 0.89 });
    const r = forecastBreach({ points, threshold: 0.5, horizonMs: 3.5 * HOUR, windowMs: HOUR });
    expect(r.points.map((p) => [p.windowStart, p.windowEnd])).toEqual([
      [T0 + 15 * HOUR, T0 + 16 * HOUR],
      [T0 + 16 * HOUR, T0 + 17 * HOUR],
      [T0 + 17 * HOUR, T0 + 18 * HOUR],
    ]);
  });
});

describe("prediction intervals", () => {
  const cases = [
    { name: "noisy decay (undamped chosen)", points: decay(30, 0.005, 3) },
    { name: "noisy flat series", points: (() => { const z = normals(4); return hourly(48, () => 0.9 + 0.003 * z()); })() },
    { name: "saturating series 0.9 − 0.1(1 − 0.85^t) + noise", points: (() => { const z = normals(9); return hourly(40, (t) => 0.9 - 0.1 * (1 - 0.85 ** t) + 0.002 * z()); })() },
  ];
  it.each(cases)("$name: contains the point forecast, widens strictly with h, h = 1 half-width is z·σ", ({ points }) => {
    const r = forecastBreach({ points, threshold: -10, direction: "below", horizonMs: 48 * HOUR, windowMs: HOUR });
    const widths = r.points.map((p) => p.upper - p.lower);
    for (const p of r.points) {
      expect(p.lower).toBeLessThan(p.value);
      expect(p.upper).toBeGreaterThan(p.value);
      expect(p.upper - p.value).toBeCloseTo(p.value - p.lower, 12);
    }
    for (let h = 1; h < widths.length; h++) expect(widths[h]!).toBeGreaterThan(widths[h - 1]!);
    expect(widths[0]! / 2).toBeCloseTo(Z95 * r.model!.residualStd, 12);
  });

  const model = { alpha: 0.4, beta: 0.3, level: 1, trend: -0.1, residualStd: 0.5 };
  it.each([
    { name: "undamped: σ²(1 + Σ_{j<h} (α(1 + jβ))²), mean ℓ + h·b", phi: 1 },
    { name: "damped φ = 0.9: c_j = α(1 + β(φ + … + φ^j)), mean ℓ + (φ + … + φ^h)·b", phi: 0.9 },
  ])("holtForecastPath $name", ({ phi }) => {
    const path = holtForecastPath({ model: { ...model, phi }, steps: 6 });
    const phiSum = (j: number): number => Array.from({ length: j }, (_, i) => phi ** (i + 1)).reduce((a, b) => a + b, 0);
    path.forEach(({ h, mean, std }) => {
      let v = 1;
      for (let j = 1; j < h; j++) v += (model.alpha * (1 + model.beta * phiSum(j))) ** 2;
      expect(mean).toBeCloseTo(model.level + phiSum(h) * model.trend, 12);
      expect(std).toBeCloseTo(model.residualStd * Math.sqrt(v), 12);
    });
    // The undamped closed form, for the record: σ_h² = σ²[1 + (h−1)(α² + α²βh + α²β²h(2h−1)/6)].
    if (phi === 1) {
      const { alpha: a, beta: b, residualStd: s } = model;
      const h = 6;
      expect(path[5]!.std ** 2).toBeCloseTo(s * s * (1 + (h - 1) * (a * a + a * a * b * h + (a * a * b * b * h * (2 * h - 1)) / 6)), 12);
    }
  });
});

describe("fitHolt", () => {
  const cases = [
    { name: "exact line 2 + 0.5t, undamped", values: Array.from({ length: 20 }, (_, t) => 2 + 0.5 * t), damped: false },
    { name: "noisy decay, undamped", values: decay(30, 0.005, 1).map((p) => p.value), damped: false },
    { name: "noisy decay, damped", values: decay(30, 0.005, 1).map((p) => p.value), damped: true },
    { name: "saturating series, damped", values: Array.from({ length: 40 }, (_, t) => 0.9 - 0.1 * (1 - 0.85 ** t)), damped: true },
    { name: "three values (the minimum)", values: [1, 2, 4], damped: false },
  ];
  it.each(cases)("$name: parameters in range, fitted one-step values consistent with sse and aic", ({ values, damped }) => {
    const fit = fitHolt({ values, damped });
    expect(fit.damped).toBe(damped);
    expect(fit.alpha).toBeGreaterThan(0);
    expect(fit.alpha).toBeLessThanOrEqual(1);
    expect(fit.beta).toBeGreaterThanOrEqual(0);
    expect(fit.beta).toBeLessThanOrEqual(1);
    if (damped) {
      expect(fit.phi).toBeGreaterThanOrEqual(0.8);
      expect(fit.phi).toBeLessThanOrEqual(0.98);
    } else {
      expect(fit.phi).toBe(1);
    }
    expect(fit.fitted).toHaveLength(values.length);
    expect(fit.fitted[0]).toBe(values[0]);
    const sse = values.slice(1).reduce((s, y, i) => s + (y - fit.fitted[i + 1]!) ** 2, 0);
    expect(fit.sse).toBeCloseTo(sse, 12);
    const m = values.length - 1;
    const k = damped ? 3 : 2;
    expect(fit.aic).toBeCloseTo(m * Math.log(Math.max(sse / m, 1e-300)) + 2 * k, 8);
    expect(fit.residualStd).toBeCloseTo(Math.sqrt(sse / Math.max(1, m - k)), 12);
    expect(fitHolt({ values, damped })).toEqual(fit); // deterministic
  });

  it("an exact line is fitted exactly: trend 0.5, level the last value, zero residuals", () => {
    const values = Array.from({ length: 20 }, (_, t) => 2 + 0.5 * t);
    const fit = fitHolt({ values });
    expect(fit.trend).toBeCloseTo(0.5, 12);
    expect(fit.level).toBeCloseTo(11.5, 12);
    expect(fit.sse).toBeLessThan(1e-20);
  });

  it("the refinement is never worse than the grid: SSE ≤ the SSE of grid points near the optimum", () => {
    const values = decay(30, 0.005, 2).map((p) => p.value);
    const fit = fitHolt({ values });
    // A fit restricted to a fixed (α, β) is reproduced by the same recursion: compute two grid SSEs.
    const sseAt = (alpha: number, beta: number): number => {
      const k = Math.min(values.length - 1, Math.max(2, Math.floor(values.length / 4)));
      let level = values[0]!;
      let trend = (values[k]! - values[0]!) / k;
      let s = 0;
      for (let t = 1; t < values.length; t++) {
        const e = values[t]! - (level + trend);
        s += e * e;
        level = level + trend + alpha * e;
        trend = trend + alpha * beta * e;
      }
      return s;
    };
    for (const [a, b] of [[0.1, 0.1], [0.2, 0.05], [0.3, 0.2], [0.5, 0.01], [1, 0]] as const) {
      expect(fit.sse).toBeLessThanOrEqual(sseAt(a, b) + 1e-15);
    }
  });

  it("a saturating (damped-trend) series selects the damped model in forecastBreach", () => {
    const z = normals(9);
    const points = hourly(40, (t) => 0.9 - 0.1 * (1 - 0.85 ** t) + 0.002 * z());
    const r = forecastBreach({ points, threshold: 0.7, horizonMs: 24 * HOUR, windowMs: HOUR });
    expect(r.model!.kind).toBe("damped-holt");
    expect(r.model!.aicDamped).toBeLessThan(r.model!.aicUndamped);
    expect(r.expectedBreachAt).toBeNull();
  });
});

describe("input errors", () => {
  const good = hourly(10, (t) => 0.9 - 0.01 * t);
  const withPoint = (i: number, patch: Partial<ForecastInputPoint>): ForecastInputPoint[] =>
    good.map((p, j) => (j === i ? { ...p, ...patch } : p));
  const base = { points: good, threshold: 0.8, horizonMs: 6 * HOUR, windowMs: HOUR };
  const cases: Array<{ name: string; call: () => unknown; message: RegExp }> = [
    { name: "NaN value", call: () => forecastBreach({ ...base, points: withPoint(3, { value: NaN }) }), message: /points\[3\]\.value is not a finite number/ },
    { name: "infinite value", call: () => forecastBreach({ ...base, points: withPoint(0, { value: Infinity }) }), message: /points\[0\]\.value is not a finite number/ },
    { name: "NaN in too few points still throws", call: () => forecastBreach({ ...base, points: [{ windowStart: 0, windowEnd: 1, value: NaN }] }), message: /points\[0\]\.value/ },
    { name: "non-finite windowStart", call: () => forecastBreach({ ...base, points: withPoint(2, { windowStart: NaN }) }), message: /points\[2\]\.windowStart is not a finite number/ },
    { name: "window ending before it starts", call: () => forecastBreach({ ...base, points: withPoint(2, { windowEnd: T0 + 2 * HOUR }) }), message: /points\[2\] ends before it starts/ },
    { name: "unsorted windows", call: () => forecastBreach({ ...base, points: [good[1]!, good[0]!, ...good.slice(2)] }), message: /sorted by windowStart/ },
    { name: "overlapping windows", call: () => forecastBreach({ ...base, points: withPoint(4, { windowStart: T0 + 3.5 * HOUR }) }), message: /points\[4\] overlaps points\[3\]/ },
    { name: "duplicate window", call: () => forecastBreach({ ...base, points: [good[0]!, good[0]!, ...good.slice(1)] }), message: /overlaps/ },
    { name: "NaN threshold", call: () => forecastBreach({ ...base, threshold: NaN }), message: /threshold is not a finite number/ },
    { name: "negative horizon", call: () => forecastBreach({ ...base, horizonMs: -1 }), message: /horizonMs must be/ },
    { name: "zero windowMs", call: () => forecastBreach({ ...base, windowMs: 0 }), message: /windowMs must be/ },
    { name: "too many forecast windows", call: () => forecastBreach({ ...base, horizonMs: 1e12, windowMs: 1 }), message: /forecast windows/ },
    { name: "bad direction", call: () => forecastBreach({ ...base, direction: "up" as never }), message: /direction must be/ },
    { name: "minPoints below 3", call: () => forecastBreach({ ...base, minPoints: 2 }), message: /minPoints/ },
    { name: "points not an array", call: () => forecastBreach({ ...base, points: null as never }), message: /points must be an array/ },
    { name: "fitHolt with 2 values", call: () => fitHolt({ values: [1, 2] }), message: /at least 3 values/ },
    { name: "fitHolt with a NaN", call: () => fitHolt({ values: [1, NaN, 3, 4] }), message: /values\[1\] is not a finite number/ },
    { name: "holtForecastPath with fractional steps", call: () => holtForecastPath({ model: { alpha: 0.5, beta: 0.1, phi: 1, level: 0, trend: 0, residualStd: 1 }, steps: 1.5 }), message: /steps/ },
  ];
  it.each(cases)("$name", ({ call, message }) => {
    expect(call).toThrow(/^analytics\/forecast: /);
    expect(call).toThrow(message);
  });
});

describe("forecastBreach: the metric's range", () => {
  // Accuracy climbing towards 1 with noise: the unbounded band passes 1 within a few windows.
  const rising = () => {
    const z = normals(3);
    return hourly(24, (t) => Math.min(0.999, 0.9 + 0.004 * t + 0.01 * z()));
  };

  it("keeps the forecast and its band inside [0, 1] for accuracy", () => {
    const free = forecastBreach({ points: rising(), threshold: 0.8, direction: "below", horizonMs: 48 * HOUR, windowMs: HOUR });
    expect(Math.max(...free.points.map((p) => p.upper))).toBeGreaterThan(1); // the case the range is for
    const kept = forecastBreach({ points: rising(), threshold: 0.8, direction: "below", horizonMs: 48 * HOUR, windowMs: HOUR, range: { min: 0, max: 1 } });
    expect(kept.points).toHaveLength(free.points.length);
    for (const [i, p] of kept.points.entries()) {
      expect(p.upper).toBeLessThanOrEqual(1);
      expect(p.lower).toBeGreaterThanOrEqual(0);
      expect(p.value).toBe(Math.min(1, Math.max(0, free.points[i]!.value)));
      expect(p.upper).toBe(Math.min(1, free.points[i]!.upper));
    }
  });

  it("refuses an empty range", () => {
    expect(() => forecastBreach({ points: rising(), threshold: 0.8, horizonMs: HOUR, windowMs: HOUR, range: { min: 1, max: 1 } })).toThrow("range must have min < max");
  });
});
