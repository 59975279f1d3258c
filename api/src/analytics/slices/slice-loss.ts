// The per-row loss the weak-slice search tests (docs/weak-slices.md), by task:
//
//   binary       wrong = the decision (predictedClass "0"/"1", else score ≥ 0.5) ≠ label value;
//                FISHER test, metric "error_rate" — as realized accuracy counts it (window-performance.ts);
//   multiclass   wrong = predictedClass (else the most probable class) ≠ label class; FISHER, "error_rate";
//   regression,
//   ranking      |score − label value|; WELCH test, metric "mae".
//
// Without labels (binary only): the expected error 1 − q_i of each row, q_i the calibrated
// probability that its decision is right (estimate-performance.ts); WELCH test, metric
// "error_rate", estimated. Rows a task cannot use get a null loss.
import type { ModelTaskName } from "../model-tasks.js";
import { calibration, type IsotonicCalibrator } from "../performance/isotonic-calibration.js";
import type { LabeledPrediction } from "../performance/window-performance.js";
import type { SliceTest } from "./weak-slices.js";

export interface SliceLoss {
  test: SliceTest;
  metric: "error_rate" | "mae";
  /** Per row: its loss, or null when the row cannot be scored. */
  loss: Array<number | null>;
}

function binaryDecision(r: LabeledPrediction): number | null {
  if (r.predictedClass === "0" || r.predictedClass === "1") return Number(r.predictedClass);
  return r.score === null ? null : r.score >= 0.5 ? 1 : 0;
}

function argmax(probabilities: Record<string, number> | null): string | null {
  if (!probabilities) return null;
  let best: string | null = null;
  let bestP = -Infinity;
  for (const [k, p] of Object.entries(probabilities)) if (p > bestP) [best, bestP] = [k, p];
  return best;
}

export function realizedSliceLoss(args: { task: ModelTaskName; rows: readonly LabeledPrediction[] }): SliceLoss {
  const { task, rows } = args;
  switch (task) {
    case "BINARY_CLASSIFICATION":
      return {
        test: "FISHER",
        metric: "error_rate",
        loss: rows.map((r) => {
          const decision = binaryDecision(r);
          return decision === null || (r.labelValue !== 0 && r.labelValue !== 1) ? null : decision === r.labelValue ? 0 : 1;
        }),
      };
    case "MULTICLASS_CLASSIFICATION":
      return {
        test: "FISHER",
        metric: "error_rate",
        loss: rows.map((r) => {
          const predicted = r.predictedClass ?? argmax(r.probabilities);
          return predicted === null || r.labelClass === null ? null : predicted === r.labelClass ? 0 : 1;
        }),
      };
    case "REGRESSION":
    case "RANKING":
      return {
        test: "WELCH",
        metric: "mae",
        loss: rows.map((r) => (r.score === null || r.labelValue === null ? null : Math.abs(r.score - r.labelValue))),
      };
    default: {
      const never: never = task;
      throw new Error(`analytics/slice-loss: unknown task ${String(never)}`);
    }
  }
}

/** Expected error of each row of a binary classifier without labels (null: no score). */
export function estimatedSliceLoss(args: { calibrator: IsotonicCalibrator; scores: ReadonlyArray<number | null>; threshold?: number }): SliceLoss {
  const calibrate = calibration(args.calibrator);
  const threshold = args.threshold ?? 0.5;
  return {
    test: "WELCH",
    metric: "error_rate",
    loss: args.scores.map((s) => {
      if (s === null || !Number.isFinite(s)) return null;
      const p = calibrate(s);
      return s >= threshold ? 1 - p : p;
    }),
  };
}

/**
 * Which loss a window's weak slices are searched on: realized when at least 2 · minSupport of its
 * rows carry a usable label (a slice and its outside can both reach minSupport), else estimated for
 * a binary classifier with a calibrator, else none.
 */
export function sliceLossSource(args: { task: ModelTaskName; labeledRows: number; minSupport: number; hasCalibrator: boolean }): "realized" | "estimated" | "none" {
  if (args.labeledRows >= 2 * args.minSupport) return "realized";
  return args.task === "BINARY_CLASSIFICATION" && args.hasCalibrator ? "estimated" : "none";
}
