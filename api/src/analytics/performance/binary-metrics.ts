// Binary classification metrics for one window, matching scikit-learn 1.2:
//
//   accuracy   accuracy_score(labels, predicted)
//   precision  precision_score(labels, predicted, zero_division=0)   (pos_label = 1)
//   recall     recall_score(labels, predicted, zero_division=0)
//   f1         f1_score(labels, predicted, zero_division=0), computed as sklearn does: 2PR / (P + R),
//              0 when P + R = 0
//   rocAuc     roc_auc_score(labels, scores): trapezoid over the ROC curve whose points are the
//              distinct score thresholds (tied scores move FPR and TPR together, i.e. a tie between
//              a positive and a negative counts one half). null when the window has one class only
//              (sklearn raises).
//   logLoss    log_loss(labels, scores, labels=[0, 1]): scores clipped to [eps, 1 − eps] with
//              eps = Number.EPSILON (= np.finfo(float64).eps, sklearn 1.2's eps="auto"), then the
//              row [1 − p, p] renormalised by its sum, as sklearn does. Because the class set {0, 1}
//              is known, a single-class window still has a log loss (sklearn without `labels` raises).
//   brier      brier_score_loss(labels, scores) = mean (label − score)².
//
// The predicted class is `predicted` when given, else score ≥ 0.5. Metrics that need scores are null
// without scores. An empty window gives count 0 and every metric null; no metric is ever NaN.
const MODULE = "analytics/performance";

export interface BinaryMetricsArgs {
  /** True classes, each 0 or 1. */
  labels: ArrayLike<number>;
  /** P(positive) for each row, each in [0, 1]. */
  scores?: ArrayLike<number>;
  /** Predicted classes, each 0 or 1; when absent, score ≥ 0.5. */
  predicted?: ArrayLike<number>;
}

export interface BinaryMetrics {
  count: number;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  rocAuc: number | null;
  logLoss: number | null;
  brier: number | null;
}

/** sklearn 1.2 log_loss eps="auto" for float64 input: np.finfo(np.float64).eps. */
export const LOG_LOSS_EPS = Number.EPSILON;

/** The decision threshold on scores when no predicted classes are given. */
export const DEFAULT_THRESHOLD = 0.5;

function checkBinary(name: string, values: ArrayLike<number>, n: number): void {
  if (values.length !== n) {
    throw new Error(`${MODULE}: ${name} has ${values.length} values but labels has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== 0 && v !== 1) throw new Error(`${MODULE}: ${name}[${i}] must be 0 or 1, got ${String(v)}`);
  }
}

function checkScores(scores: ArrayLike<number>, n: number): void {
  if (scores.length !== n) {
    throw new Error(`${MODULE}: scores has ${scores.length} values but labels has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${MODULE}: scores[${i}] is not a finite number (${String(v)})`);
    }
    if (v < 0 || v > 1) throw new Error(`${MODULE}: scores[${i}] must be in [0, 1], got ${v}`);
  }
}

/** Area under the ROC curve as sklearn computes it; null with a single class. */
function rocAuc(args: { labels: ArrayLike<number>; scores: ArrayLike<number> }): number | null {
  const { labels, scores } = args;
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  // ROC points at each distinct threshold, from (0, 0); trapezoid between consecutive points.
  let tp = 0;
  let fp = 0;
  let prevFpr = 0;
  let prevTpr = 0;
  let area = 0;
  let i = 0;
  while (i < n) {
    const s = scores[order[i]!]!;
    while (i < n && scores[order[i]!] === s) {
      if (labels[order[i]!] === 1) tp++;
      else fp++;
      i++;
    }
    const fpr = fp / negatives;
    const tpr = tp / positives;
    area += ((fpr - prevFpr) * (tpr + prevTpr)) / 2;
    prevFpr = fpr;
    prevTpr = tpr;
  }
  return area;
}

export function binaryMetrics(args: BinaryMetricsArgs): BinaryMetrics {
  if (args === null || typeof args !== "object") throw new Error(`${MODULE}: binaryMetrics expects an args object`);
  const { labels, scores, predicted } = args;
  if (labels === null || labels === undefined || typeof labels.length !== "number") {
    throw new Error(`${MODULE}: labels must be an array of 0/1 values`);
  }
  const n = labels.length;
  checkBinary("labels", labels, n);
  if (scores !== undefined) checkScores(scores, n);
  if (predicted !== undefined) checkBinary("predicted", predicted, n);
  if (scores === undefined && predicted === undefined) {
    throw new Error(`${MODULE}: binaryMetrics needs scores or predicted classes`);
  }
  if (n === 0) {
    return { count: 0, accuracy: null, precision: null, recall: null, f1: null, rocAuc: null, logLoss: null, brier: null };
  }

  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    const yhat = predicted !== undefined ? predicted[i]! : scores![i]! >= DEFAULT_THRESHOLD ? 1 : 0;
    if (y === yhat) correct++;
    if (yhat === 1 && y === 1) tp++;
    else if (yhat === 1) fp++;
    else if (y === 1) fn++;
  }
  // zero_division=0: an undefined ratio is 0.
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const denom = precision + recall;
  const f1 = denom === 0 ? 0 : (2 * precision * recall) / denom;

  let auc: number | null = null;
  let logLoss: number | null = null;
  let brier: number | null = null;
  if (scores !== undefined) {
    auc = rocAuc({ labels, scores });
    let loss = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const y = labels[i]!;
      const s = scores[i]!;
      const p = Math.min(Math.max(s, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
      const q = 1 - p;
      const sum = q + p; // sklearn renormalises the row [1 − p, p]
      loss -= Math.log((y === 1 ? p : q) / sum);
      squares += (y - s) * (y - s);
    }
    logLoss = loss / n;
    brier = squares / n;
  }

  return { count: n, accuracy: correct / n, precision, recall, f1, rocAuc: auc, logLoss, brier };
}
