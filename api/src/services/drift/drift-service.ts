// Drift reports: resolve the reference (the argument, the model's setReference window, or the
// first window with at least 100 predictions), summarise both ranges from an exact count and a
// uniform sample (read by sample level, never the whole range), and run the pure analytics.
import type { ModelEntity } from "../../db/entities/index.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import { DRIFT_TESTS, resolveDriftConfig, type DriftTestName, type FeatureDriftConfig } from "../../analytics/drift/drift-tests.js";
export { DRIFT_TEST_NAMES } from "../../analytics/drift/drift-tests.js";
import { FEATURE_KINDS } from "../../analytics/feature-kinds.js";
export { SIGNAL_KINDS } from "../../analytics/health/signal-kinds.js";
import { driftReport, type DriftReportResult } from "../../analytics/drift/drift-report.js";
import { createSummaryBuilder, DEFAULT_SAMPLE_CAP, type WindowSummary } from "../../analytics/drift/window-summary.js";
import type * as TF from "@tensorflow/tfjs";
import { multivariateDrift, type MultivariateDriftResult } from "../../analytics/drift/autoencoder.js";
import { driftSignals, type HealthSignalValue } from "../../analytics/drift/drift-signals.js";
import type { PredictionRecord } from "../../db/repositories/window-repository.js";
import type { DriftDetectorTrainer } from "./drift-detector-trainer.js";
import type { Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";
import { windowContaining, type TimeWindow } from "../../analytics/health/time-window.js";
import { chooseDriftPath, type DriftPath } from "../../analytics/profiles/drift-path.js";
import { redactDrift, type PrivacyMode } from "../../analytics/profiles/privacy-rules.js";
import type { ProfileDriftSource } from "../profiles/profile-drift-source.js";
import { ProfileDriftReporter } from "../profiles/profile-drift-reporter.js";

/** The default reference: the model's first window with at least this many predictions (CONTRACT). */
export const DEFAULT_REFERENCE_MIN_PREDICTIONS = 100;

/** A default reference is looked for in at most this many windows holding data. */
const MAX_REFERENCE_SCAN_WINDOWS = 10_000;

export interface DriftReportView extends DriftReportResult {
  model: ModelEntity;
  reference: TimeWindow;
  current: TimeWindow;
  /** Where the reference came from: "argument", "setReference" or "default". */
  referenceSource: "argument" | "setReference" | "default";
  sampleCap: number;
  multivariate: MultivariateDriftResult | null;
  /** "ready", or why there is no multivariate result yet ("training: …", "unavailable: …", "failed: …"). */
  multivariateStatus: string;
  /** The report as health signals (kind "drift" and "data_quality"). */
  signals: HealthSignalValue[];
  /** EXACT (raw rows, sampled above sampleCap) or PROFILE (window profiles of the whole ranges; docs/privacy.md). */
  path: DriftPath;
  /** Why this path was taken. */
  pathReason: string;
  /** PROFILE: the largest bound on a KS D of the report; EXACT: null. */
  errorBound: number | null;
  /** False for a PROFILE_ONLY model: no raw feature values exist (anomaly scores, explanations, samples are unavailable). */
  rawFeatures: boolean;
}

export interface DriftDeps {
  registry: RegistryService;
  windows: WindowRepository;
  systems: SystemRepository;
  trainer: DriftDetectorTrainer;
  tf: typeof TF | undefined;
  /** Window profiles (docs/privacy.md); absent: always the exact path. */
  profiles?: ProfileDriftSource;
}

function checkRange(field: string, range: TimeWindow): void {
  if (!(range.from instanceof Date) || !(range.to instanceof Date) || Number.isNaN(range.from.getTime()) || Number.isNaN(range.to.getTime())) {
    throw new BadInputError(`${field}: from and to must be date-times`);
  }
  if (range.from.getTime() >= range.to.getTime()) {
    throw new BadInputError(`${field}: from (${range.from.toISOString()}) must be before to (${range.to.toISOString()})`);
  }
}

export class DriftService {
  constructor(private readonly deps: DriftDeps) {}

  async report(principal: Principal, args: { modelId: string; current: TimeWindow; reference?: TimeWindow | null }): Promise<DriftReportView> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "driftReport", "READ");
    const report = await this.reportFor(model, args);
    const hidden = (await this.deps.profiles?.protectedNumeric(model)) ?? new Set<string>();
    if (hidden.size === 0) return report;
    return { ...report, features: report.features.map((f) => redactDrift(f, hidden)) };
  }

  /** The report for a model the caller was already authorized for (the evaluator's entry). */
  async reportFor(model: ModelEntity, args: { current: TimeWindow; reference?: TimeWindow | null }): Promise<DriftReportView> {
    checkRange("current", args.current);
    if (args.reference) checkRange("reference", args.reference);
    const system = await this.deps.systems.byId(model.systemId);
    if (!system) throw new Error("services/drift: model without system");
    const resolved = args.reference ? { reference: args.reference, source: "argument" as const } : await this.resolveReference(model, system.windowSeconds);
    if (!resolved) {
      throw new BadInputError(
        `reference: model '${model.key}' has no reference yet: no window holds ${DEFAULT_REFERENCE_MIN_PREDICTIONS} predictions; call setReference or pass reference`,
      );
    }
    const { reference, source: referenceSource } = resolved;
    const config = (await this.deps.windows.driftConfig(model.id)) as Record<string, FeatureDriftConfig>;
    const chosen = await this.choosePath(model, reference, args.current);
    if (chosen.path === "PROFILE") {
      return this.profiles.report({ model, windowSeconds: system.windowSeconds, reference, current: args.current, referenceSource, config, mode: chosen.mode, reason: chosen.reason });
    }
    const { summary: refSummary } = await this.summarise(model, reference);
    const { summary: curSummary, rows: currentRows } = await this.summarise(model, args.current);
    if (refSummary.rows === 0) throw new BadInputError(`reference: no predictions of model '${model.key}' between ${reference.from.toISOString()} and ${reference.to.toISOString()}`);
    const result = driftReport({ features: model.features, reference: refSummary, current: curSummary, config });
    let multivariate: MultivariateDriftResult | null = null;
    let multivariateStatus = "unavailable: the current window is empty";
    if (currentRows.length > 0) {
      const state = await this.deps.trainer.detector(model, reference);
      if (state.status === "ready") {
        multivariate = multivariateDrift({ model: state.detector, rows: currentRows.map((r) => r.features), tf: this.deps.tf! });
        multivariateStatus = "ready";
      } else {
        multivariateStatus = `${state.status}: ${state.reason}`;
      }
    }
    return {
      ...result,
      drifted: result.drifted || multivariate?.drifted === true,
      model, reference, current: args.current, referenceSource, sampleCap: DEFAULT_SAMPLE_CAP, multivariate, multivariateStatus,
      signals: driftSignals({ report: result, multivariate }),
      path: "EXACT", pathReason: chosen.reason, errorBound: null, rawFeatures: true,
    };
  }

  private get profiles(): ProfileDriftReporter {
    return new ProfileDriftReporter({ source: this.deps.profiles!, windows: this.deps.windows, trainer: this.deps.trainer, tf: this.deps.tf });
  }

  /** EXACT or PROFILE for this report (analytics/profiles/drift-path.ts). */
  private async choosePath(model: ModelEntity, reference: TimeWindow, current: TimeWindow): Promise<{ path: DriftPath; reason: string; mode: PrivacyMode }> {
    const source = this.deps.profiles;
    if (!source) return { path: "EXACT", reason: "window profiles are not enabled", mode: "RAW" };
    const mode = await source.mode(model);
    const coverage = async (range: TimeWindow) => ({
      rawRows: mode === "RAW" ? await this.deps.windows.countPredictions(model.id, range.from, range.to) : 0,
      profiledRows: mode === "RAW" ? await source.profiledRows(model, range) : 0,
    });
    const cur = await coverage(current);
    const chosen = chooseDriftPath({ mode, reference: cur.rawRows > DEFAULT_SAMPLE_CAP ? await coverage(reference) : cur, current: cur, sampleCap: DEFAULT_SAMPLE_CAP });
    return { ...chosen, mode };
  }

  /** The model's setReference window, else its first window with ≥ 100 predictions, else null. */
  async resolveReference(model: ModelEntity, windowSeconds: number): Promise<{ reference: TimeWindow; source: "setReference" | "default" } | null> {
    const chosen = await this.deps.windows.reference(model.id);
    if (chosen) return { reference: chosen, source: "setReference" };
    const reference =
      (await this.firstWindowWithAtLeast(model.id, windowSeconds, DEFAULT_REFERENCE_MIN_PREDICTIONS)) ??
      ((await this.deps.profiles?.firstWindowWithAtLeast(model, DEFAULT_REFERENCE_MIN_PREDICTIONS)) || null);
    return reference ? { reference, source: "default" } : null;
  }

  /**
   * The first window holding at least `min` predictions, or null. Walks the windows that have data
   * in time order through the (model_id, ts) index, counting at most `min` rows of each: cost
   * proportional to the windows skipped, not to the model's rows.
   */
  private async firstWindowWithAtLeast(modelId: string, windowSeconds: number, min: number): Promise<TimeWindow | null> {
    let after: Date | null = null;
    for (let i = 0; i < MAX_REFERENCE_SCAN_WINDOWS; i += 1) {
      const next = await this.deps.windows.firstPredictionAt(modelId, after);
      if (next === null) return null;
      const window = windowContaining(next, windowSeconds);
      if ((await this.deps.windows.countPredictionsUpTo(modelId, window.from, window.to, min)) >= min) return window;
      after = window.to;
    }
    return null;
  }

  async setReference(principal: Principal, args: { modelId: string; window: TimeWindow }): Promise<ModelEntity> {
    const model = await this.deps.registry.requireActiveModel(principal, args.modelId, "setReference");
    checkRange("window", args.window);
    const n = (await this.deps.windows.countPredictions(model.id, args.window.from, args.window.to)) || ((await this.deps.profiles?.profiledRows(model, args.window)) ?? 0);
    if (n === 0) throw new BadInputError(`window: model '${model.key}' has no predictions between ${args.window.from.toISOString()} and ${args.window.to.toISOString()}`);
    await this.deps.windows.setReference(model.id, args.window.from, args.window.to);
    await this.deps.registry.recordSetting(principal, model, "drift reference", { from: args.window.from.toISOString(), to: args.window.to.toISOString() });
    // Start training the multivariate detector for the new reference now, in the background (it needs raw feature values).
    if ((await this.deps.profiles?.mode(model)) !== "PROFILE_ONLY") await this.deps.trainer.detector(model, args.window);
    return model;
  }

  /** Sets (or, with all three null, clears) the drift test, effect size and threshold of one feature (or "prediction"). */
  async configure(
    principal: Principal,
    args: { modelId: string; feature: string; test?: DriftTestName | null; effectSize?: DriftTestName | null; threshold?: number | null },
  ): Promise<Record<string, FeatureDriftConfig>> {
    const model = await this.deps.registry.requireActiveModel(principal, args.modelId, "configureDrift");
    const spec = model.features.find((f) => f.name === args.feature);
    if (!spec && args.feature !== "prediction") {
      throw new BadInputError(`feature: model '${model.key}' has no feature '${args.feature}' (declared: ${model.features.map((f) => f.name).join(", ") || "none"}; or "prediction")`);
    }
    const config = (await this.deps.windows.driftConfig(model.id)) as Record<string, FeatureDriftConfig>;
    const next: FeatureDriftConfig = {};
    if (args.test) next.test = args.test;
    if (args.effectSize) next.effectSize = args.effectSize;
    if (args.threshold !== null && args.threshold !== undefined) next.threshold = args.threshold;
    if (Object.keys(next).length === 0) {
      delete config[args.feature];
    } else {
      const kinds = spec ? [spec.kind] : FEATURE_KINDS;
      for (const kind of kinds) {
        try {
          resolveDriftConfig({ feature: args.feature, kind, config: next });
        } catch (error) {
          const message = (error as Error).message.replace(/^analytics\/drift-tests: [^:]+: /, "");
          const field = next.threshold !== undefined && /threshold/.test(message) ? "threshold" : /effect size/.test(message) ? "effectSize" : "test";
          throw new BadInputError(`${field}: ${message}`);
        }
      }
      config[args.feature] = next;
    }
    await this.deps.windows.setDriftConfig(model.id, config);
    await this.deps.registry.recordSetting(principal, model, `drift configuration of ${args.feature}`, config[args.feature] ?? null);
    return config;
  }

  static testInfo() {
    return Object.values(DRIFT_TESTS);
  }

  /**
   * The summary of [from, to): its exact row count and a uniform sample of at most about
   * SAMPLE_CAP rows, read by sample level (see the sample-levels migration) — a window of a
   * million rows costs a count on the index and ~20,000 rows, never a full read.
   */
  private async summarise(model: ModelEntity, range: TimeWindow): Promise<{ summary: WindowSummary; rows: PredictionRecord[] }> {
    const rows = await this.deps.windows.countPredictions(model.id, range.from, range.to);
    const level = sampleLevel(rows, DEFAULT_SAMPLE_CAP);
    const builder = createSummaryBuilder({ features: model.features, sampleCap: DEFAULT_SAMPLE_CAP, seed: Math.floor(range.from.getTime() / 1000) });
    const sample = await this.deps.windows.sampleRows(model.id, range.from, range.to, level);
    for (const r of sample) builder.add(r);
    const summary = builder.result();
    return { summary: { ...summary, rows, sampledRows: summary.rows }, rows: sample };
  }
}

/** The smallest level L whose sample (about rows / 2^L) is at most `cap`. */
export function sampleLevel(rows: number, cap: number): number {
  return rows <= cap ? 0 : Math.min(30, Math.ceil(Math.log2(rows / cap)));
}
