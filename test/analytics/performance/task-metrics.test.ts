// The metrics each task reports and which way each is better (Model.metrics in the API): one list of
// tasks, one list of lower-is-better metrics, hand-checked.
import { describe, expect, it } from "vitest";
import { MODEL_TASKS } from "../../../api/src/analytics/model-tasks.js";
import { lowerIsBetter } from "../../../api/src/analytics/performance/metric-direction.js";
import { isMetricName } from "../../../api/src/analytics/performance/metric-name.js";
import { TASK_METRICS, taskMetrics } from "../../../api/src/analytics/performance/task-metrics.js";
import { windowPerformance } from "../../../api/src/analytics/performance/window-performance.js";

describe("task metrics", () => {
  const cases = [
    { task: "BINARY_CLASSIFICATION", lower: ["log_loss", "brier"], higher: ["accuracy", "precision", "recall", "f1", "roc_auc"] },
    { task: "MULTICLASS_CLASSIFICATION", lower: [], higher: ["accuracy", "macro_f1"] },
    { task: "REGRESSION", lower: ["mae", "rmse", "mape"], higher: [] },
    { task: "RANKING", lower: ["mae", "rmse", "mape"], higher: [] },
  ] as const;
  it.each(cases)("$task: each metric with its direction", ({ task, lower, higher }) => {
    const metrics = taskMetrics(task);
    expect(metrics.filter((m) => m.lowerIsBetter).map((m) => m.name).sort()).toEqual([...lower].sort());
    expect(metrics.filter((m) => !m.lowerIsBetter).map((m) => m.name).sort()).toEqual([...higher].sort());
  });

  it("every task has its metrics, and windowPerformance computes exactly those", () => {
    expect(Object.keys(TASK_METRICS).sort()).toEqual([...MODEL_TASKS].sort());
    for (const task of MODEL_TASKS) {
      const computed = Object.keys(windowPerformance({ task, rows: [] }).metrics).sort();
      expect(computed, task).toEqual([...TASK_METRICS[task]].sort());
    }
  });

  it("custom metrics are higher-is-better; unknown tasks are refused", () => {
    expect(lowerIsBetter("ctr")).toBe(false);
    expect(() => taskMetrics("NOPE" as never)).toThrow(/^analytics\/task-metrics: unknown task NOPE$/);
  });

  it.each([
    ["ctr", true], ["_x", true], ["a.b:c-d_1", true], ["1ctr", false], ["", false], ["a b", false], [`a${"b".repeat(127)}`, true], [`a${"b".repeat(128)}`, false],
  ] as const)("metric name %j valid: %s", (name, valid) => {
    expect(isMetricName(name)).toBe(valid);
  });
});
