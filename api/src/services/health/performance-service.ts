// performance(): one point per window of a metric — realized from labels, estimated (binary
// classifiers without labels, calibrated on the reference's labels), or a custom metric's mean —
// and forecast(): Holt's linear / damped trend over the recent windows and the first forecast
// window that crosses the threshold.
import type { ModelEntity } from "../../db/entities/index.js";
import type { HealthRepository } from "../../db/repositories/health-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import { LOWER_IS_BETTER, TASK_METRICS, windowPerformance, type TaskName } from "../../analytics/performance/window-performance.js";
import { fitIsotonic, type IsotonicCalibrator } from "../../analytics/performance/isotonic-calibration.js";
import { estimateBinaryPerformance } from "../../analytics/performance/estimate-performance.js";
import { forecastBreach } from "../../analytics/forecast/holt-forecast.js";
import { metricRange } from "../../analytics/performance/task-metrics.js";
import type { DriftService } from "../drift/drift-service.js";
import { sampleLevel } from "../drift/drift-service.js";
import type { Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import { isMetricName } from "../../analytics/performance/metric-name.js";
import type { RegistryService } from "../registry-service.js";
import { countWindowsCovering, shiftByWindows, windowContaining, windowLengthMs, windowsCovering } from "../../analytics/health/time-window.js";

export interface PerformancePointView {
  windowStart: Date;
  windowEnd: Date;
  metric: string;
  value: number;
  estimated: boolean;
  count: number;
  forecast: boolean;
  lower: number | null;
  upper: number | null;
}

export interface ForecastView {
  metric: string;
  threshold: number;
  expectedBreachAt: Date | null;
  direction: "below" | "above";
  points: PerformancePointView[];
  reason: string | null;
}

const MAX_WINDOWS = 2_000;
/** Windows of history a forecast is fitted on. */
export const FORECAST_HISTORY_WINDOWS = 48;
const ESTIMABLE = new Set(["accuracy", "precision", "recall", "f1"]);
const MIN_CALIBRATION_LABELS = 30;

export interface PerformanceDeps {
  registry: RegistryService;
  systems: SystemRepository;
  health: HealthRepository;
  windows: WindowRepository;
  drift: DriftService;
}

export class PerformanceService {
  constructor(private readonly deps: PerformanceDeps) {}

  async performance(principal: Principal, args: { modelId: string; metric: string; from: Date; to: Date }): Promise<PerformancePointView[]> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "performance", "READ");
    if (!isMetricName(args.metric)) throw new BadInputError(`metric: expected a metric name such as "accuracy" or "ctr", got "${args.metric}"`);
    if (!(args.from.getTime() < args.to.getTime())) throw new BadInputError(`to: must be after from`);
    const windowSeconds = await this.windowSeconds(model);
    return this.series(model, args.metric, args.from, args.to, windowSeconds);
  }

  async forecast(principal: Principal, args: { modelId: string; metric: string; threshold: number; horizonSeconds: number }): Promise<ForecastView> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "forecast", "READ");
    if (!isMetricName(args.metric)) throw new BadInputError(`metric: expected a metric name such as "accuracy" or "ctr", got "${args.metric}"`);
    if (!Number.isFinite(args.threshold)) throw new BadInputError(`threshold: expected a finite number, got ${args.threshold}`);
    if (!Number.isInteger(args.horizonSeconds) || args.horizonSeconds <= 0) throw new BadInputError(`horizonSeconds: expected a positive integer, got ${args.horizonSeconds}`);
    const windowSeconds = await this.windowSeconds(model);
    const windowMs = windowLengthMs(windowSeconds);
    if (args.horizonSeconds / windowSeconds > 10_000) throw new BadInputError(`horizonSeconds: at most 10,000 windows ahead`);
    const lastData = await this.deps.health.lastDataAt(model.id);
    const direction: "below" | "above" = LOWER_IS_BETTER.has(args.metric) ? "above" : "below";
    if (!lastData) return { metric: args.metric, threshold: args.threshold, expectedBreachAt: null, direction, points: [], reason: "no data" };
    // The history ends with the window holding the model's newest data point.
    const end = windowContaining(lastData, windowSeconds).to;
    const history = await this.series(model, args.metric, shiftByWindows(end, -FORECAST_HISTORY_WINDOWS, windowSeconds), end, windowSeconds);
    const result = forecastBreach({
      points: history.map((p) => ({ windowStart: p.windowStart.getTime(), windowEnd: p.windowEnd.getTime(), value: p.value })),
      threshold: args.threshold,
      direction,
      horizonMs: args.horizonSeconds * 1000,
      windowMs,
      range: metricRange(args.metric),
    });
    const future: PerformancePointView[] = result.points.map((p) => ({
      windowStart: new Date(p.windowStart), windowEnd: new Date(p.windowEnd), metric: args.metric, value: p.value,
      estimated: true, count: 0, forecast: true, lower: p.lower, upper: p.upper,
    }));
    return {
      metric: args.metric, threshold: args.threshold, direction,
      expectedBreachAt: result.expectedBreachAt === null ? null : new Date(result.expectedBreachAt),
      points: [...history, ...future],
      reason: result.reason,
    };
  }

  private async windowSeconds(model: ModelEntity): Promise<number> {
    const system = await this.deps.systems.byId(model.systemId);
    if (!system) throw new Error("services/performance: model without system");
    return system.windowSeconds;
  }

  private async series(model: ModelEntity, metric: string, from: Date, to: Date, windowSeconds: number): Promise<PerformancePointView[]> {
    const windows = countWindowsCovering(from, to, windowSeconds);
    if (windows > MAX_WINDOWS) throw new BadInputError(`to: the range spans ${windows} windows; at most ${MAX_WINDOWS}`);
    const task = model.task as TaskName;
    const isPerformance = TASK_METRICS[task].includes(metric);
    let calibrator: IsotonicCalibrator | null | undefined;
    const points: PerformancePointView[] = [];
    for (const { from: windowStart, to: windowEnd } of windowsCovering(from, to, windowSeconds)) {
      const base = { windowStart, windowEnd, metric, forecast: false, lower: null, upper: null };
      if (!isPerformance) {
        const mean = (await this.deps.health.metricMeans(model.id, windowStart, windowEnd)).find((m) => m.name === metric);
        if (mean) points.push({ ...base, value: mean.value, estimated: false, count: mean.count });
        continue;
      }
      const realized = windowPerformance({ task, rows: await this.deps.health.labeledRows(model.id, windowStart, windowEnd) });
      const value = realized.metrics[metric];
      if (realized.count > 0 && value !== null && value !== undefined) {
        points.push({ ...base, value, estimated: false, count: realized.count });
        continue;
      }
      if (task !== "BINARY_CLASSIFICATION" || !ESTIMABLE.has(metric)) continue;
      if (calibrator === undefined) calibrator = await this.referenceCalibrator(model, windowSeconds);
      if (!calibrator) continue;
      const rows = await this.deps.windows.countPredictions(model.id, windowStart, windowEnd);
      if (rows === 0) continue;
      const scores = await this.deps.health.scores(model.id, windowStart, windowEnd, sampleLevel(rows, 20_000));
      if (scores.length === 0) continue;
      const e = estimateBinaryPerformance({ calibrator, scores });
      const estimate = { accuracy: e.expectedAccuracy, precision: e.expectedPrecision, recall: e.expectedRecall, f1: e.expectedF1 }[metric as "accuracy"];
      if (estimate === null || estimate === undefined) continue;
      const band = metric === "accuracy" ? { lower: e.accuracyBand[0], upper: e.accuracyBand[1] } : {};
      points.push({ ...base, ...band, value: estimate, estimated: true, count: rows });
    }
    return points;
  }

  /** Isotonic calibration of the model's scores on its reference window's labels (null: not enough labels); also for weak slices without labels. */
  async referenceCalibrator(model: ModelEntity, windowSeconds: number): Promise<IsotonicCalibrator | null> {
    const resolved = await this.deps.drift.resolveReference(model, windowSeconds);
    if (!resolved) return null;
    const rows = (await this.deps.health.labeledRows(model.id, resolved.reference.from, resolved.reference.to)).filter(
      (r) => r.score !== null && (r.labelValue === 0 || r.labelValue === 1),
    );
    if (rows.length < MIN_CALIBRATION_LABELS) return null;
    return fitIsotonic({ scores: rows.map((r) => r.score!), labels: rows.map((r) => r.labelValue!) });
  }
}
