// Multiclass classification metrics for one window, matching scikit-learn 1.2:
//
//   accuracy  accuracy_score(labels, predicted)
//   macroF1   f1_score(labels, predicted, average="macro", zero_division=0): the unweighted mean of
//             the per-class F1 over the union of the classes seen in labels and in predictions.
//             A class never predicted has precision 0/0 = 0 (zero_division=0), a class that only
//             appears in predictions has recall 0/0 = 0; either way its F1 is 0 and it still counts
//             in the mean. Per-class F1 is 2PR / (P + R) (0 when P + R = 0), as sklearn computes it.
//
// An empty window gives count 0 and null metrics; no metric is ever NaN.
const MODULE = "analytics/performance";

export interface MulticlassMetricsArgs {
  labels: readonly string[];
  predicted: readonly string[];
}

export interface MulticlassMetrics {
  count: number;
  accuracy: number | null;
  macroF1: number | null;
}

function checkClasses(name: string, values: readonly string[]): void {
  if (!Array.isArray(values)) throw new Error(`${MODULE}: ${name} must be an array of strings`);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "string") {
      throw new Error(`${MODULE}: ${name}[${i}] must be a string, got ${typeof values[i]}`);
    }
  }
}

export function multiclassMetrics(args: MulticlassMetricsArgs): MulticlassMetrics {
  if (args === null || typeof args !== "object") throw new Error(`${MODULE}: multiclassMetrics expects an args object`);
  const { labels, predicted } = args;
  checkClasses("labels", labels);
  checkClasses("predicted", predicted);
  if (labels.length !== predicted.length) {
    throw new Error(`${MODULE}: predicted has ${predicted.length} values but labels has ${labels.length}`);
  }
  const n = labels.length;
  if (n === 0) return { count: 0, accuracy: null, macroF1: null };

  const counts = new Map<string, { tp: number; predicted: number; actual: number }>();
  const entry = (c: string) => {
    let e = counts.get(c);
    if (e === undefined) {
      e = { tp: 0, predicted: 0, actual: 0 };
      counts.set(c, e);
    }
    return e;
  };
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    const yhat = predicted[i]!;
    entry(y).actual++;
    entry(yhat).predicted++;
    if (y === yhat) {
      correct++;
      entry(y).tp++;
    }
  }
  let f1Sum = 0;
  for (const { tp, predicted: p, actual } of counts.values()) {
    const precision = p === 0 ? 0 : tp / p;
    const recall = actual === 0 ? 0 : tp / actual;
    const denom = precision + recall;
    f1Sum += denom === 0 ? 0 : (2 * precision * recall) / denom;
  }
  return { count: n, accuracy: correct / n, macroF1: f1Sum / counts.size };
}
