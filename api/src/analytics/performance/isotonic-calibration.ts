// Isotonic calibration of binary-classifier scores (issue 4, item 2; docs/health.md).
//
// `fitIsotonic` reproduces scikit-learn's
//   IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1, increasing=True).fit(scores, labels)
// step by step (sklearn 1.2, `isotonic.py` and `_isotonic.pyx`):
//   1. sort the rows by (score, label);
//   2. merge equal scores (`_make_unique`: a score within 1e-15 — float64 `resolution` — of the
//      first score of the current group joins it) into one point whose value is the mean label and
//      whose weight is the row count;
//   3. pool adjacent violators on those points (`_inplace_contiguous_isotonic_regression`, the
//      single-pass variant with back-tracking; a block is pooled with its successor unless its value
//      is strictly smaller), then clip the values to [0, 1];
//   4. drop the interior points whose value equals both neighbours' (`trim_duplicates`).
// The result `{ thresholds, values }` is sklearn's `X_thresholds_`, `y_thresholds_`: plain numbers,
// JSON-serialisable, so a calibrator learned on the reference window can be stored and reloaded.
//
// `calibrate` is sklearn's `predict`: the score is clipped to [thresholds[0], thresholds[last]] and
// interpolated linearly between the two surrounding thresholds (SciPy `interp1d` arithmetic:
// slope · (x − x_lo) + y_lo, with the segment found by a left binary search); a single threshold
// gives its value everywhere.

const WHERE = "analytics/isotonic-calibration";

/** float64 `np.finfo(np.float64).resolution`, the tie tolerance of sklearn's `_make_unique`. */
const TIE_RESOLUTION = 1e-15;

export interface IsotonicCalibrator {
  /** Increasing scores (sklearn `X_thresholds_`). */
  thresholds: number[];
  /** Non-decreasing calibrated probabilities in [0, 1] (sklearn `y_thresholds_`). */
  values: number[];
}

export function fitIsotonic(args: { scores: ArrayLike<number>; labels: ArrayLike<number> }): IsotonicCalibrator {
  const { scores, labels } = args;
  if (scores == null || labels == null) throw new Error(`${WHERE}: scores and labels are required`);
  if (scores.length !== labels.length) {
    throw new Error(`${WHERE}: scores and labels have different lengths (${scores.length} vs ${labels.length})`);
  }
  const n = scores.length;
  if (n === 0) throw new Error(`${WHERE}: at least one (score, label) pair is needed`);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (typeof s !== "number" || !Number.isFinite(s)) throw new Error(`${WHERE}: score ${i} is not a finite number (${String(s)})`);
    const l = labels[i];
    if (l !== 0 && l !== 1) throw new Error(`${WHERE}: label ${i} must be 0 or 1, got ${String(l)}`);
  }

  // 1. order by score, then label (np.lexsort((y, X))).
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => scores[a]! - scores[b]! || labels[a]! - labels[b]! || a - b);

  // 2. merge ties (_make_unique).
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  let currentX = scores[order[0]!]!;
  let sumY = 0;
  let sumW = 0;
  for (const j of order) {
    const x = scores[j]!;
    if (x - currentX >= TIE_RESOLUTION) {
      xs.push(currentX);
      ws.push(sumW);
      ys.push(sumY / sumW);
      currentX = x;
      sumW = 1;
      sumY = labels[j]!;
    } else {
      sumW += 1;
      sumY += labels[j]!;
    }
  }
  xs.push(currentX);
  ws.push(sumW);
  ys.push(sumY / sumW);

  // 3. pool adjacent violators, then clip to [0, 1].
  poolAdjacentViolators(ys, ws);
  for (let i = 0; i < ys.length; i++) ys[i] = Math.min(1, Math.max(0, ys[i]!));

  // 4. trim interior points equal to both neighbours.
  const thresholds: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    const interior = i > 0 && i < ys.length - 1;
    if (interior && ys[i] === ys[i - 1] && ys[i] === ys[i + 1]) continue;
    thresholds.push(xs[i]!);
    values.push(ys[i]!);
  }
  return { thresholds, values };
}

/** Calibrated probability of the positive class for one score (sklearn `predict`, out_of_bounds="clip"). */
export function calibrate(calibrator: IsotonicCalibrator, score: number): number {
  return calibration(calibrator)(score);
}

/** `calibrate` with the calibrator checked once, for scoring many rows. */
export function calibration(calibrator: IsotonicCalibrator): (score: number) => number {
  const { thresholds: x, values: y } = checkedCalibrator(calibrator);
  const m = x.length;
  return (score) => {
    if (typeof score !== "number" || Number.isNaN(score)) throw new Error(`${WHERE}: score must be a number, got ${String(score)}`);
    if (m === 1) return y[0]!;
    const t = Math.min(x[m - 1]!, Math.max(x[0]!, score));
    // searchsorted(x, t, side="left"), clipped to [1, m − 1].
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    const k = Math.min(m - 1, Math.max(1, lo));
    const xLo = x[k - 1]!;
    const yLo = y[k - 1]!;
    const width = x[k]! - xLo;
    if (!Number.isFinite(width)) {
      // Thresholds more than 1.8e308 apart: interpolate on halved coordinates (exact, no overflow).
      return ((t / 2 - xLo / 2) / (x[k]! / 2 - xLo / 2)) * (y[k]! - yLo) + yLo;
    }
    const slope = (y[k]! - yLo) / width;
    return slope * (t - xLo) + yLo;
  };
}

/** Checks a calibrator (e.g. one reloaded from JSON): finite, thresholds strictly increasing, values non-decreasing in [0, 1]. */
export function checkedCalibrator(calibrator: IsotonicCalibrator): IsotonicCalibrator {
  const x = calibrator?.thresholds;
  const y = calibrator?.values;
  if (!Array.isArray(x) || !Array.isArray(y)) throw new Error(`${WHERE}: a calibrator needs thresholds and values arrays`);
  if (x.length === 0 || x.length !== y.length) {
    throw new Error(`${WHERE}: a calibrator needs as many values as thresholds, at least one (${x.length} vs ${y.length})`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new Error(`${WHERE}: calibrator point ${i} is not finite`);
    if (i > 0 && !(x[i]! > x[i - 1]!)) throw new Error(`${WHERE}: calibrator thresholds must increase strictly (at ${i})`);
    if (y[i]! < 0 || y[i]! > 1) throw new Error(`${WHERE}: calibrator value ${i} is outside [0, 1] (${y[i]})`);
    if (i > 0 && y[i]! < y[i - 1]!) throw new Error(`${WHERE}: calibrator values must not decrease (at ${i})`);
  }
  return calibrator;
}

/**
 * sklearn `_inplace_contiguous_isotonic_regression`, in place on `y` (values) and `w` (weights).
 * `target[i]` is the last index of the block starting at i, and `target[j]` of a block's last index j
 * is its first index.
 */
function poolAdjacentViolators(y: number[], w: number[]): void {
  const n = y.length;
  const target = Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i]! + 1;
    if (k === n) break;
    if (y[i]! < y[k]!) {
      i = k;
      continue;
    }
    let sumWy = w[i]! * y[i]!;
    let sumW = w[i]!;
    for (;;) {
      const prevY = y[k]!;
      sumWy += w[k]! * y[k]!;
      sumW += w[k]!;
      k = target[k]! + 1;
      if (k === n || prevY < y[k]!) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1]!;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i]! + 1;
    for (let j = i + 1; j < k; j++) y[j] = y[i]!;
    i = k;
  }
}
