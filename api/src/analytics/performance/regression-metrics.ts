// Regression metrics for one window, matching scikit-learn 1.2:
//
//   mae   mean_absolute_error(labels, predictions) = mean |y − ŷ|
//   rmse  sqrt(mean_squared_error(labels, predictions))
//   mape  mean_absolute_percentage_error(labels, predictions) = mean |y − ŷ| / max(|y|, ε) with
//         ε = Number.EPSILON (np.finfo(np.float64).eps): a zero label with a wrong prediction gives
//         a huge but finite value, as in sklearn. It is a fraction, not a percentage.
//
// An empty window gives count 0 and null metrics; no metric is ever NaN or infinite (any finite
// input: beyond float64 a metric is clamped to Number.MAX_VALUE).
import { clampFinite, magnitudeScale, maxAbs } from "../finite-math.js";

const MODULE = "analytics/performance";

/** sklearn's MAPE floor for |y|: np.finfo(np.float64).eps. */
export const MAPE_EPS = Number.EPSILON;

export interface RegressionMetricsArgs {
  labels: ArrayLike<number>;
  predictions: ArrayLike<number>;
}

export interface RegressionMetrics {
  count: number;
  mae: number | null;
  rmse: number | null;
  mape: number | null;
}

function checkFinite(name: string, values: ArrayLike<number>): void {
  if (values === null || values === undefined || typeof values.length !== "number") {
    throw new Error(`${MODULE}: ${name} must be an array of numbers`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${MODULE}: ${name}[${i}] is not a finite number (${String(v)})`);
    }
  }
}

export function regressionMetrics(args: RegressionMetricsArgs): RegressionMetrics {
  if (args === null || typeof args !== "object") throw new Error(`${MODULE}: regressionMetrics expects an args object`);
  const { labels, predictions } = args;
  checkFinite("labels", labels);
  checkFinite("predictions", predictions);
  if (labels.length !== predictions.length) {
    throw new Error(`${MODULE}: predictions has ${predictions.length} values but labels has ${labels.length}`);
  }
  const n = labels.length;
  if (n === 0) return { count: 0, mae: null, rmse: null, mape: null };
  // Errors in units scaled by a power of two (exact; 1 unless a value exceeds 2^500, finite-math.ts),
  // so that y − ŷ and e² cannot overflow; metrics beyond float64 are clamped to Number.MAX_VALUE.
  const c = magnitudeScale(Math.max(maxAbs(labels), maxAbs(predictions)));
  const eps = MAPE_EPS * c;
  let abs = 0;
  let sq = 0;
  let pct = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]! * c;
    const e = Math.abs(y - predictions[i]! * c);
    abs += e;
    sq += e * e;
    pct += e === 0 ? 0 : e / Math.max(Math.abs(y), eps); // eps·c may underflow to 0
  }
  return { count: n, mae: clampFinite(abs / n / c), rmse: clampFinite(Math.sqrt(sq / n) / c), mape: clampFinite(pct / n) };
}
