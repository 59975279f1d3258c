// Metrics of one group of rows (Fairlearn's MetricFrame by group). Classification, with
// "favorable" the positive class: selection rate = share of rows predicted favorable (every row
// with a prediction, labelled or not); TPR = TP / (TP + FN) and FPR = FP / (FP + TN) over the
// labelled rows (null without an actual favorable, resp. unfavorable, row); accuracy = share of
// labelled rows predicted as labelled. Regression and ranking: mean prediction (every row with a
// score), mean error (prediction − label) and MAE (labelled rows). A binary model predicts
// predictedClass "0"/"1" when given, else score ≥ 0.5 (as analytics/performance); a multiclass one
// predictedClass, else its most probable class. Means are compensated sums (finite-math). Pure.
import { populationMoments } from "../finite-math.js";
import type { ModelTaskName } from "../model-tasks.js";

export interface FairnessRow {
  features: Record<string, unknown>;
  score: number | null;
  predictedClass: string | null;
  probabilities: Record<string, number> | null;
  labelValue: number | null;
  labelClass: string | null;
}

export interface GroupMetrics {
  group: string;
  /** Rows with a prediction. */
  count: number;
  /** Of those, rows with a usable label. */
  labeled: number;
  selectionRate: number | null;
  truePositiveRate: number | null;
  falsePositiveRate: number | null;
  accuracy: number | null;
  meanPrediction: number | null;
  meanError: number | null;
  meanAbsoluteError: number | null;
}

function argmax(probabilities: Record<string, number>): string | null {
  let best: string | null = null;
  let bestP = -Infinity;
  for (const [k, p] of Object.entries(probabilities)) if (p > bestP) [best, bestP] = [k, p];
  return best;
}

/** The predicted and the actual class of a classification row (null: none usable). */
export function classesOf(task: ModelTaskName, row: FairnessRow): { predicted: string | null; actual: string | null } {
  if (task === "BINARY_CLASSIFICATION") {
    const given = row.predictedClass === "0" || row.predictedClass === "1" ? row.predictedClass : null;
    const predicted = given ?? (row.score === null ? null : row.score >= 0.5 ? "1" : "0");
    const actual = row.labelValue === 0 || row.labelValue === 1 ? String(row.labelValue) : null;
    return { predicted, actual };
  }
  return { predicted: row.predictedClass ?? (row.probabilities ? argmax(row.probabilities) : null), actual: row.labelClass };
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
const mean = (values: number[]): number | null => (values.length > 0 ? populationMoments(values).mean : null);

function classificationMetrics(task: ModelTaskName, group: string, rows: readonly FairnessRow[], favorable: string): GroupMetrics {
  let count = 0, selected = 0, labeled = 0, correct = 0, tp = 0, fn = 0, fp = 0, tn = 0;
  for (const row of rows) {
    const { predicted, actual } = classesOf(task, row);
    if (predicted === null) continue;
    count++;
    const fav = predicted === favorable;
    if (fav) selected++;
    if (actual === null) continue;
    labeled++;
    if (predicted === actual) correct++;
    if (actual === favorable) fav ? tp++ : fn++;
    else fav ? fp++ : tn++;
  }
  return {
    group, count, labeled, selectionRate: ratio(selected, count), truePositiveRate: ratio(tp, tp + fn), falsePositiveRate: ratio(fp, fp + tn), accuracy: ratio(correct, labeled),
    meanPrediction: null, meanError: null, meanAbsoluteError: null,
  };
}

function regressionMetrics(group: string, rows: readonly FairnessRow[]): GroupMetrics {
  const predictions: number[] = [];
  const errors: number[] = [];
  for (const row of rows) {
    if (row.score === null || !Number.isFinite(row.score)) continue;
    predictions.push(row.score);
    if (row.labelValue !== null && Number.isFinite(row.labelValue)) errors.push(row.score - row.labelValue);
  }
  return {
    group, count: predictions.length, labeled: errors.length, selectionRate: null, truePositiveRate: null, falsePositiveRate: null, accuracy: null,
    meanPrediction: mean(predictions), meanError: mean(errors), meanAbsoluteError: mean(errors.map(Math.abs)),
  };
}

/** The metrics of one group's rows for a model of `task` (`favorable`: the favorable class, classification only). */
export function groupMetrics(args: { task: ModelTaskName; group: string; rows: readonly FairnessRow[]; favorable: string }): GroupMetrics {
  const { task } = args;
  switch (task) {
    case "BINARY_CLASSIFICATION":
    case "MULTICLASS_CLASSIFICATION":
      return classificationMetrics(task, args.group, args.rows, args.favorable);
    case "REGRESSION":
    case "RANKING":
      return regressionMetrics(args.group, args.rows);
    default: {
      const never: never = task;
      throw new Error(`analytics/fairness: unknown task ${String(never)}`);
    }
  }
}
