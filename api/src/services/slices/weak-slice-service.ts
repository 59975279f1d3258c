// weakSlices(): where a model is wrong in a window or a range of windows (docs/weak-slices.md).
// Loads the range's predictions with their labels (a uniform sample past ROW_CAP), the reference
// window's values for the numeric bins, and — without labels, binary models — a calibrator fitted
// on the reference's labels; the search itself is analytics/slices.
import type { ModelEntity } from "../../db/entities/index.js";
import type { HealthRepository } from "../../db/repositories/health-repository.js";
import type { SliceRepository, SliceRow } from "../../db/repositories/slice-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import { encodeSliceFeatures } from "../../analytics/slices/slice-features.js";
import { estimatedSliceLoss, realizedSliceLoss, sliceLossSource, type SliceLoss } from "../../analytics/slices/slice-loss.js";
import { findWeakSlices, WEAK_SLICE_DEFAULTS, type WeakSlice } from "../../analytics/slices/weak-slices.js";
import { shiftByWindows, windowBefore, type TimeWindow } from "../../analytics/health/time-window.js";
import type { ModelTaskName } from "../../analytics/model-tasks.js";
import type { PerformanceService } from "../health/performance-service.js";
import type { DriftService } from "../drift/drift-service.js";
import { sampleLevel } from "../drift/drift-service.js";
import type { Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";

/** Rows searched at most (a uniform sample beyond). */
export const WEAK_SLICE_ROW_CAP = 200_000;
const REFERENCE_SAMPLE = 20_000;
const MAX_WINDOWS = 168;

export interface WeakSliceView extends WeakSlice {
  metric: string;
  estimated: boolean;
}

export interface WeakSliceReportView {
  windowStart: Date;
  windowEnd: Date;
  metric: string | null;
  estimated: boolean;
  test: string | null;
  rows: number;
  tested: number;
  reason: string | null;
  slices: WeakSliceView[];
}

export interface WeakSliceDeps {
  registry: RegistryService;
  systems: SystemRepository;
  slices: SliceRepository;
  windows: WindowRepository;
  health: HealthRepository;
  drift: DriftService;
  /** The reference calibration of estimated performance (errors without labels). */
  performance: PerformanceService;
  now: () => Date;
}

export interface WeakSliceArgs {
  modelId: string;
  at: Date | null;
  windows: number;
  minSupport: number;
  maxSlices: number;
}

function checkArgs(args: WeakSliceArgs): void {
  if (!Number.isInteger(args.windows) || args.windows < 1 || args.windows > MAX_WINDOWS) throw new BadInputError(`windows: expected an integer in [1, ${MAX_WINDOWS}], got ${args.windows}`);
  if (!Number.isInteger(args.minSupport) || args.minSupport < 2 || args.minSupport > 1_000_000) throw new BadInputError(`minSupport: expected an integer in [2, 1000000], got ${args.minSupport}`);
  if (!Number.isInteger(args.maxSlices) || args.maxSlices < 0 || args.maxSlices > 100) throw new BadInputError(`maxSlices: expected an integer in [0, 100], got ${args.maxSlices}`);
  if (args.at !== null && Number.isNaN(args.at.getTime())) throw new BadInputError(`at: expected a date`);
}

export class WeakSliceService {
  constructor(private readonly deps: WeakSliceDeps) {}

  async weakSlices(principal: Principal, args: WeakSliceArgs): Promise<WeakSliceReportView> {
    checkArgs(args);
    const model = await this.deps.registry.requireModel(principal, args.modelId, "weakSlices", "READ");
    const system = await this.deps.systems.byId(model.systemId);
    if (!system) throw new Error("services/weak-slices: model without system");
    const last = windowBefore(args.at ?? this.deps.now(), system.windowSeconds);
    const range: TimeWindow = { from: shiftByWindows(last.to, -args.windows, system.windowSeconds), to: last.to };
    const empty = { windowStart: range.from, windowEnd: range.to, metric: null, estimated: false, test: null, rows: 0, tested: 0, slices: [] };
    const count = await this.deps.windows.countPredictions(model.id, range.from, range.to);
    if (count === 0) return { ...empty, reason: "no predictions in the range" };
    const rows = await this.deps.slices.rows(model.id, range.from, range.to, sampleLevel(count, WEAK_SLICE_ROW_CAP));
    const chosen = await this.chooseLoss(model, system.windowSeconds, rows, args.minSupport);
    if (!chosen) return { ...empty, reason: "no labels in the range, and no label-free estimate for this task (binary classifiers with reference labels only)" };
    const kept = rows.filter((_, i) => chosen.loss.loss[i] !== null);
    const reference = await this.referenceValues(model, system.windowSeconds);
    const active = model.features.filter((f) => !f.deprecated);
    const features = encodeSliceFeatures({
      features: active.map((f) => ({ name: f.name, kind: f.kind, values: kept.map((r) => r.features[f.name] ?? null), reference: reference?.map((r) => r[f.name] ?? null) })),
    });
    const result = findWeakSlices({
      features, loss: chosen.loss.loss.filter((l): l is number => l !== null), test: chosen.loss.test, minSupport: args.minSupport, maxSlices: args.maxSlices,
    });
    const estimated = chosen.source === "estimated";
    return {
      ...empty, metric: chosen.loss.metric, estimated, test: chosen.loss.test, rows: result.rows, tested: result.tested,
      reason: result.rows < 2 * args.minSupport ? `fewer than 2 × minSupport (${args.minSupport}) usable rows` : null,
      slices: result.slices.map((s) => ({ ...s, metric: chosen.loss.metric, estimated })),
    };
  }

  private async chooseLoss(model: ModelEntity, windowSeconds: number, rows: SliceRow[], minSupport: number): Promise<{ source: "realized" | "estimated"; loss: SliceLoss } | null> {
    const task = model.task as ModelTaskName;
    const labeled = rows.map((r) => (r.labeled ? r : { ...r, labelValue: null, labelClass: null }));
    const realized = realizedSliceLoss({ task, rows: labeled });
    const usable = realized.loss.filter((l) => l !== null).length;
    const calibrator = usable >= 2 * minSupport || task !== "BINARY_CLASSIFICATION" ? null : await this.deps.performance.referenceCalibrator(model, windowSeconds);
    switch (sliceLossSource({ task, labeledRows: usable, minSupport, hasCalibrator: calibrator !== null })) {
      case "realized":
        return { source: "realized", loss: realized };
      case "estimated":
        return { source: "estimated", loss: estimatedSliceLoss({ calibrator: calibrator!, scores: rows.map((r) => r.score) }) };
      case "none":
        return null;
    }
  }

  private async referenceValues(model: ModelEntity, windowSeconds: number): Promise<Array<Record<string, unknown>> | null> {
    const resolved = await this.deps.drift.resolveReference(model, windowSeconds);
    if (!resolved) return null;
    const { from, to } = resolved.reference;
    const n = await this.deps.windows.countPredictions(model.id, from, to);
    return (await this.deps.windows.sampleRows(model.id, from, to, sampleLevel(n, REFERENCE_SAMPLE))).map((r) => r.features);
  }

}

export { WEAK_SLICE_DEFAULTS };
