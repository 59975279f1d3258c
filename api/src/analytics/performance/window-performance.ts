// The performance of one window of a model from its labelled predictions, by task:
//   binary      — accuracy (score ≥ 0.5 unless predictedClass "0"/"1" is given), precision, recall,
//                 F1, ROC AUC, log loss, Brier; the label is `value` (0/1);
//   multiclass  — accuracy and macro F1 of predictedClass (else the most probable class) vs `class`;
//   regression / ranking — MAE, RMSE, MAPE of score vs `value`.
// Rows whose label does not fit the task are skipped. Undefined metrics are null, never NaN.
import { binaryMetrics } from "./binary-metrics.js";
import { multiclassMetrics } from "./multiclass-metrics.js";
import { regressionMetrics } from "./regression-metrics.js";
import type { ModelTaskName } from "../model-tasks.js";

export type TaskName = ModelTaskName;
export { LOWER_IS_BETTER, lowerIsBetter } from "./metric-direction.js";
export { TASK_METRICS } from "./task-metrics.js";

export interface LabeledPrediction {
  score: number | null;
  predictedClass: string | null;
  probabilities: Record<string, number> | null;
  labelValue: number | null;
  labelClass: string | null;
}

export interface WindowPerformance {
  /** Labelled predictions used. */
  count: number;
  metrics: Record<string, number | null>;
}

function argmax(probabilities: Record<string, number>): string | null {
  let best: string | null = null;
  let bestP = -Infinity;
  for (const [k, p] of Object.entries(probabilities)) if (p > bestP) [best, bestP] = [k, p];
  return best;
}

export function windowPerformance(args: { task: TaskName; rows: readonly LabeledPrediction[] }): WindowPerformance {
  const { task, rows } = args;
  switch (task) {
    case "BINARY_CLASSIFICATION": {
      const usable = rows.filter((r) => (r.labelValue === 0 || r.labelValue === 1) && (r.score !== null || r.predictedClass === "0" || r.predictedClass === "1"));
      const withScores = usable.every((r) => r.score !== null);
      const m = binaryMetrics({
        labels: usable.map((r) => r.labelValue!),
        scores: withScores ? usable.map((r) => r.score!) : undefined,
        predicted: usable.map((r) => (r.predictedClass === "0" || r.predictedClass === "1" ? Number(r.predictedClass) : r.score! >= 0.5 ? 1 : 0)),
      });
      return {
        count: m.count,
        metrics: { accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1, roc_auc: m.rocAuc, log_loss: m.logLoss, brier: m.brier },
      };
    }
    case "MULTICLASS_CLASSIFICATION": {
      const pairs = rows
        .map((r) => ({ label: r.labelClass, predicted: r.predictedClass ?? (r.probabilities ? argmax(r.probabilities) : null) }))
        .filter((p): p is { label: string; predicted: string } => p.label !== null && p.predicted !== null);
      const m = multiclassMetrics({ labels: pairs.map((p) => p.label), predicted: pairs.map((p) => p.predicted) });
      return { count: m.count, metrics: { accuracy: m.accuracy, macro_f1: m.macroF1 } };
    }
    case "REGRESSION":
    case "RANKING": {
      const usable = rows.filter((r) => r.labelValue !== null && r.score !== null);
      const m = regressionMetrics({ labels: usable.map((r) => r.labelValue!), predictions: usable.map((r) => r.score!) });
      return { count: m.count, metrics: { mae: m.mae, rmse: m.rmse, mape: m.mape } };
    }
    default: {
      const never: never = task;
      throw new Error(`analytics/window-performance: unknown task ${String(never)}`);
    }
  }
}
