// A model's signals for one window: load what each signal needs through the repositories (the drift
// report, samples of the reference and the window, labelled rows, stored verdicts), then build the
// signals with the pure analytics (analytics/health/*-signals.ts). Alert rules are evaluated on the
// window's metric values (custom metrics, realized or estimated performance).
import type * as TF from "@tensorflow/tfjs";
import type { DriftService } from "../drift/drift-service.js";
import type { DriftDetectorTrainer } from "../drift/drift-detector-trainer.js";
import { sampleLevel } from "../drift/drift-service.js";
import type { AlertRuleRow, FlaggedAnomaly, HealthRepository, StoredSignal } from "../../db/repositories/health-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import type { ModelEntity } from "../../db/entities/index.js";
import { anomalyRates } from "../../analytics/anomaly/anomaly-rate.js";
import { windowPerformance, type TaskName } from "../../analytics/performance/window-performance.js";
import { fitIsotonic } from "../../analytics/performance/isotonic-calibration.js";
import { estimateBinaryPerformance } from "../../analytics/performance/estimate-performance.js";
import { estimatedAccuracySignal, estimationBaseline, realizedPerformanceSignals } from "../../analytics/health/performance-signals.js";
import { FORECAST_HISTORY_WINDOWS, forecastSignal, forecastTarget } from "../../analytics/health/forecast-signal.js";
import { anomalySeed, anomalyShareSignals } from "../../analytics/health/anomaly-signals.js";
import { ruleAlerts, type AlertDraft } from "../../analytics/health/alert-signals.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";
import { BadInputError } from "../errors.js";
import type { FairnessService } from "../fairness/fairness-service.js";
import type { AttributionSignals } from "../explain/attribution-signals.js";

const ESTIMATION_SAMPLE = 20_000;
/** Rows of the reference and of the window the anomaly detectors look at (uniform samples). */
const ANOMALY_REFERENCE_ROWS = 4_000;
const ANOMALY_WINDOW_ROWS = 10_000;

export interface ModelSignalDeps {
  health: HealthRepository;
  windows: WindowRepository;
  drift: DriftService;
  trainer: DriftDetectorTrainer;
  tf: typeof TF | undefined;
  /** Fairness signals of models with a fairness policy (absent: none). */
  fairness?: Pick<FairnessService, "signals">;
  /** Attribution drift and forbidden-feature signals (absent: none). */
  attributions?: AttributionSignals;
}

export interface ModelSignals {
  signals: StoredSignal[];
  hasData: boolean;
  fired: AlertDraft[];
  flagged: FlaggedAnomaly[];
  reference: TimeWindow | null;
}

type MetricMean = { name: string; value: number; count: number };

/** The model's signals in `window`, the alerts its rules fired and the predictions the autoencoder flagged. */
export async function modelSignals(
  deps: ModelSignalDeps,
  args: { model: ModelEntity; window: TimeWindow; rules: AlertRuleRow[]; predictions: number; metricMeans: MetricMean[] },
): Promise<ModelSignals> {
  const { model, window, predictions, metricMeans } = args;
  const signals: StoredSignal[] = [];
  let flagged: FlaggedAnomaly[] = [];
  let reference: TimeWindow | null = null;
  const values = new Map<string, number>(metricMeans.map((m) => [m.name, m.value]));
  if (predictions > 0) {
    // Drift and data quality against the model's reference (none yet: no drift signal).
    try {
      const report = await deps.drift.reportFor(model, { current: window });
      reference = report.reference;
      signals.push(...report.signals);
      if (deps.attributions) signals.push(...(await deps.attributions.signals(model, window, report.reference)));
      // A PROFILE_ONLY model keeps no raw feature values: no anomaly scores (docs/privacy.md).
      const anomaly = report.rawFeatures ? await anomalySignals(deps, model, window, report.reference, predictions) : { signals: [], flagged: [] };
      signals.push(...anomaly.signals);
      flagged = anomaly.flagged;
      const performance = await performanceSignals(deps, model, window, report.reference);
      signals.push(...performance.signals);
      const forecast = await loadForecastSignal(deps, model, window, performance.signals);
      if (forecast) signals.push(forecast);
      for (const [k, v] of performance.values) if (!values.has(k)) values.set(k, v);
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
    }
    if (deps.fairness) signals.push(...(await deps.fairness.signals(model, window)));
  }
  for (const m of metricMeans) signals.push({ kind: "metric", name: m.name, value: m.value, threshold: null, breached: false });
  const rules = ruleAlerts({ modelId: model.id, modelKey: model.key, rules: args.rules, values, window });
  signals.push(...rules.signals);
  return { signals, hasData: predictions > 0 || metricMeans.length > 0, fired: rules.fired, flagged, reference };
}

/** The forecast signal of the headline metric, fitted on the model's stored verdicts before the window. */
async function loadForecastSignal(deps: ModelSignalDeps, model: ModelEntity, window: TimeWindow, performance: StoredSignal[]): Promise<StoredSignal | null> {
  const target = forecastTarget(performance);
  if (target === null) return null;
  const history = await deps.health.history(model.id, window.from, FORECAST_HISTORY_WINDOWS);
  return forecastSignal({ target, window, history });
}

/** Anomalous shares by the isolation forest and (once trained for the reference) the autoencoder. */
async function anomalySignals(deps: ModelSignalDeps, model: ModelEntity, window: TimeWindow, reference: TimeWindow, predictions: number): Promise<{ signals: StoredSignal[]; flagged: FlaggedAnomaly[] }> {
  const refCount = await deps.windows.countPredictions(model.id, reference.from, reference.to);
  const ref = await deps.windows.sampleRows(model.id, reference.from, reference.to, sampleLevel(refCount, ANOMALY_REFERENCE_ROWS));
  const cur = await deps.windows.sampleRows(model.id, window.from, window.to, sampleLevel(predictions, ANOMALY_WINDOW_ROWS));
  // A deterministic order: the reference is split in halves for fitting and thresholds.
  ref.sort((a, b) => (a.predictionId < b.predictionId ? -1 : a.predictionId > b.predictionId ? 1 : 0));
  const state = await deps.trainer.detector(model, reference);
  const rates = anomalyRates({
    features: model.features,
    reference: ref.map((r) => r.features),
    current: cur.map((r) => r.features),
    seed: anomalySeed(reference),
    autoencoder: state.status === "ready" ? state.detector : null,
    tf: deps.tf,
  });
  return {
    signals: anomalyShareSignals(rates.rates),
    flagged: rates.flagged.map((f) => ({ modelId: model.id, predictionId: cur[f.index]!.predictionId, detector: "autoencoder", score: f.score, topFeatures: f.topFeatures })),
  };
}

/** Realized performance against the reference's, or (binary, too few labels) the estimate. */
async function performanceSignals(deps: ModelSignalDeps, model: ModelEntity, window: TimeWindow, reference: TimeWindow): Promise<{ signals: StoredSignal[]; values: Map<string, number> }> {
  const task = model.task as TaskName;
  const refRows = await deps.health.labeledRows(model.id, reference.from, reference.to);
  const ref = windowPerformance({ task, rows: refRows });
  const cur = windowPerformance({ task, rows: await deps.health.labeledRows(model.id, window.from, window.to) });
  const realized = realizedPerformanceSignals({ task, current: cur, reference: ref });
  if (realized !== null) return realized;
  // No (or too few) labels: confidence-based estimate for binary classifiers, calibrated on the reference's labels.
  const none = { signals: [], values: new Map<string, number>() };
  const baseline = estimationBaseline({ task, reference: ref, referenceScored: refRows.every((r) => r.score !== null) });
  if (baseline === null) return none;
  const usable = refRows.filter((r) => r.labelValue === 0 || r.labelValue === 1);
  const calibrator = fitIsotonic({ scores: usable.map((r) => r.score!), labels: usable.map((r) => r.labelValue!) });
  const rows = await deps.windows.countPredictions(model.id, window.from, window.to);
  const scores = await deps.health.scores(model.id, window.from, window.to, sampleLevel(rows, ESTIMATION_SAMPLE));
  if (scores.length === 0) return none;
  const estimate = estimateBinaryPerformance({ calibrator, scores });
  return {
    signals: [estimatedAccuracySignal({ expectedAccuracy: estimate.expectedAccuracy, referenceAccuracy: baseline })],
    values: new Map([["accuracy", estimate.expectedAccuracy]]),
  };
}
