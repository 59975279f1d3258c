// Model and system health per window: gathers each model's signals (drift and data quality,
// realized or estimated performance against the reference, custom metrics and alert rules),
// turns them into a verdict with the pure analytics, and stores the window's verdicts once.
import type { DriftService } from "../drift/drift-service.js";
import type { HealthRepository, AlertRuleRow, FiredAlert, FlaggedAnomaly, ModelVerdict, StoredSignal } from "../../db/repositories/health-repository.js";
import type * as TF from "@tensorflow/tfjs";
import { anomalyRates, ANOMALY_SHARE_THRESHOLD } from "../../analytics/anomaly/anomaly-rate.js";
import type { DriftDetectorTrainer } from "../drift/drift-detector-trainer.js";
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import type { ModelEntity, SystemEntity } from "../../db/entities/index.js";
import { modelHealth, ruleFires, systemHealth, type HealthStatusValue, type RuleOperator } from "../../analytics/health/model-health.js";
import { LOWER_IS_BETTER, windowPerformance, type TaskName } from "../../analytics/performance/window-performance.js";
import { fitIsotonic } from "../../analytics/performance/isotonic-calibration.js";
import { estimateBinaryPerformance } from "../../analytics/performance/estimate-performance.js";
import { assertSystemVisible, requireScope, type Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";
import type { RegistryService } from "../registry-service.js";
import { sampleLevel } from "../drift/drift-service.js";
import { forecastBreach } from "../../analytics/forecast/holt-forecast.js";
import { blastRadius, buildSystemGraph } from "../../../../graph/index.js";
import { windowGraph } from "./window-graph.js";
import type { DependencyRepository } from "../../db/repositories/dependency-repository.js";
import type { IncidentService } from "../incidents/incident-service.js";
import { windowBefore, type Window } from "../../analytics/health/time-window.js";
import { ClosedWindowEvaluator } from "./evaluator.js";
import type { OnsetEstimator } from "./onset-estimator.js";

/** Fewer labelled predictions than this: performance is not judged (too noisy); binary models are estimated instead. */
export const MIN_LABELED = 30;
/** A performance metric is breached when it is worse than the reference's by more than this share. */
export const PERFORMANCE_TOLERANCE = 0.1;
/** Metrics that speak for a model's performance in its health, per task. */
const HEADLINE: Readonly<Record<TaskName, readonly string[]>> = {
  BINARY_CLASSIFICATION: ["accuracy", "roc_auc"],
  MULTICLASS_CLASSIFICATION: ["accuracy", "macro_f1"],
  REGRESSION: ["rmse", "mae"],
  RANKING: ["rmse", "mae"],
};
const ESTIMATION_SAMPLE = 20_000;
/** Rows of the reference and of the window the anomaly detectors look at (uniform samples). */
const ANOMALY_REFERENCE_ROWS = 4_000;
const ANOMALY_WINDOW_ROWS = 10_000;
/** The forecast signal looks this many windows ahead, fitted on at most FORECAST_HISTORY stored windows. */
export const FORECAST_HORIZON_WINDOWS = 24;
const FORECAST_HISTORY = 48;
export const RULE_OPERATORS: readonly RuleOperator[] = ["<", "<=", ">", ">="];

export { windowBefore, type Window };
export { evidencePerFeature } from "../../analytics/health/evidence-per-feature.js";

export interface ModelHealthView {
  model: ModelEntity;
  status: HealthStatusValue;
  anomalyScore: number;
  /** After propagation over the dependency graph. */
  propagatedScore: number;
  windowStart: Date;
  windowEnd: Date;
  signals: StoredSignal[];
  /** The drift reference the signals were computed against (none: no reference yet, or not computed). */
  reference?: Window | null;
}

export interface SystemHealthView {
  system: SystemEntity;
  at: Date;
  status: HealthStatusValue;
  score: number;
  windowStart: Date;
  windowEnd: Date;
  models: ModelHealthView[];
  rootCauses: RootCauseView[];
  cascades: CascadeView[];
  /** Whether this verdict was stored by an evaluation (false: computed live for an unevaluated window). */
  stored: boolean;
}

export interface RootCauseView {
  modelId: string;
  rank: number;
  score: number;
  explanation: string;
  evidence: StoredSignal[];
  /** Not anomalous itself (healthy or without data) but upstream of anomalous models it would explain. */
  latent?: boolean;
  /** The root of the incident group it belongs to (itself when it is one); null: none (absent in verdicts stored before issue #12). */
  groupRoot?: string | null;
}

export interface CascadeView {
  root: string;
  affected: string[];
  startedAt: number;
}

export interface GraphResult {
  rootCauses: RootCauseView[];
  cascades: CascadeView[];
}

/** The window's graph decision: what is stored, plus the models whose alerts are not an incident (for the incident step). */
export interface GraphStep extends GraphResult {
  standalone: string[];
}

export interface HealthDeps {
  registry: RegistryService;
  systems: SystemRepository;
  models: ModelRepository;
  health: HealthRepository;
  windows: WindowRepository;
  drift: DriftService;
  dependencies: DependencyRepository;
  incidents: IncidentService;
  trainer: DriftDetectorTrainer;
  /** Finer onsets inside the window for models that turned anomalous in it (absent: window starts only). */
  onsets?: OnsetEstimator;
  tf: typeof TF | undefined;
  now: () => Date;
  onEvaluated?: (view: SystemHealthView) => void;
}

export class HealthService {
  private readonly evaluator: ClosedWindowEvaluator;

  constructor(private readonly deps: HealthDeps) {
    this.evaluator = new ClosedWindowEvaluator({ systems: deps.systems, health: deps.health, now: deps.now, evaluateWindow: (system, window) => this.evaluateWindow(system, window, false) });
  }

  async createRule(principal: Principal, args: { modelId: string; metric: string; operator: string; threshold: number }): Promise<AlertRuleRow & { model: ModelEntity }> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "createAlertRule", "ADMIN");
    const metric = args.metric.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/.test(metric)) throw new BadInputError(`metric: expected a metric name such as "ctr" or "accuracy", got "${args.metric}"`);
    if (!(RULE_OPERATORS as readonly string[]).includes(args.operator)) throw new BadInputError(`operator: expected one of ${RULE_OPERATORS.join(" ")}, got "${args.operator}"`);
    if (!Number.isFinite(args.threshold)) throw new BadInputError(`threshold: expected a finite number, got ${args.threshold}`);
    const rule = await this.deps.health.createRule({ systemId: model.systemId, modelId: model.id, metric, operator: args.operator as RuleOperator, threshold: args.threshold });
    return { ...rule, model };
  }

  /**
   * The system's health for the window before `at` (default now): the stored verdict, else computed
   * live; `signal` (the request's) stops a live computation between models.
   */
  async systemHealthAt(principal: Principal, systemId: string, at: Date | null, signal?: AbortSignal): Promise<SystemHealthView> {
    requireScope(principal, "READ", "systemHealth");
    const system = await this.visibleSystem(principal, systemId);
    const when = at ?? this.deps.now();
    const window = windowBefore(when, system.windowSeconds);
    const [models, stored] = await Promise.all([this.deps.models.bySystems([system.id]), this.deps.health.storedVerdict(system.id, window.from)]);
    if (stored) {
      const rows = new Map(stored.models.map((r) => [r.modelId, r]));
      const graph = (stored.graph ?? { rootCauses: [], cascades: [] }) as GraphResult;
      return {
        system, at: when, status: stored.status as HealthStatusValue, score: stored.score, windowStart: window.from, windowEnd: window.to, stored: true,
        // Verdicts stored before latent candidates existed have no `latent`: they were all anomalous.
        rootCauses: (graph.rootCauses ?? []).map((r) => ({ ...r, latent: r.latent ?? false })), cascades: graph.cascades ?? [],
        models: models.map((m) => {
          const r = rows.get(m.id);
          return r
            ? { model: m, status: r.status as HealthStatusValue, anomalyScore: r.anomalyScore, propagatedScore: r.propagatedScore, windowStart: window.from, windowEnd: window.to, signals: r.signals }
            : { model: m, status: "UNKNOWN" as const, anomalyScore: 0, propagatedScore: 0, windowStart: window.from, windowEnd: window.to, signals: [] };
        }),
      };
    }
    const computed = await this.compute(system, models, window, signal);
    return { ...computed.view, at: when };
  }

  /** Evaluates (again) and stores the window before `at`; returns the stored verdict. `signal` stops it before storing. */
  async evaluate(principal: Principal, systemId: string, at: Date | null, signal?: AbortSignal): Promise<SystemHealthView> {
    requireScope(principal, "ADMIN", "evaluate");
    const system = await this.visibleSystem(principal, systemId);
    const when = at ?? this.deps.now();
    const view = await this.evaluateWindow(system, windowBefore(when, system.windowSeconds), true, signal);
    return { ...view, at: when };
  }

  /**
   * Evaluates, for every system, the closed windows no evaluator stored yet since the last stored
   * one (at most CATCH_UP_WINDOWS back), oldest first; returns how many it stored. Called by the
   * background loop of every API process: claims and the store step decide who stores each window.
   * `signal` stops the round between windows.
   */
  evaluateClosedWindows(signal?: AbortSignal): Promise<number> {
    return this.evaluator.run(signal);
  }

  private async evaluateWindow(system: SystemEntity, window: Window, replace: boolean, signal?: AbortSignal): Promise<SystemHealthView> {
    const models = await this.deps.models.bySystems([system.id]);
    const { view, alerts, anomalies, standalone } = await this.compute(system, models, window, signal);
    const keys = new Map(models.map((m) => [m.id, m.key]));
    const unhealthy = new Set(view.models.filter((m) => m.status === "DEGRADED" || m.status === "FAILING").map((m) => m.model.id));
    const observed = new Set(view.models.filter((m) => m.status !== "UNKNOWN").map((m) => m.model.id));
    // Alerts fire, and incidents open and change, at the end of the window that showed them.
    const at = window.to;
    const { saved, extra: changedIncidents } = await this.deps.health.saveEvaluation({
      systemId: system.id, windowStart: window.from, windowEnd: window.to,
      system: { status: view.status, score: view.score, graph: { rootCauses: view.rootCauses, cascades: view.cascades } },
      models: view.models.map<ModelVerdict>((m) => ({ modelId: m.model.id, status: m.status, anomalyScore: m.anomalyScore, propagatedScore: m.propagatedScore, signals: m.signals })),
      alerts, anomalies, firedAt: at, replace,
      within: (q, storedAlerts) =>
        this.deps.incidents.applyWindow(q, {
          systemId: system.id, windowStart: window.from, at, alerts: storedAlerts, cascades: view.cascades, standalone, unhealthy, observed, keyOf: (id) => keys.get(id) ?? id,
        }),
    });
    const result = { ...view, stored: saved };
    if (saved) {
      this.deps.onEvaluated?.(result);
      await this.deps.incidents.announce(changedIncidents ?? []);
    }
    return result;
  }

  private async compute(
    system: SystemEntity,
    models: ModelEntity[],
    window: Window,
    signal?: AbortSignal,
  ): Promise<{ view: SystemHealthView; alerts: FiredAlert[]; anomalies: FlaggedAnomaly[]; standalone: string[] }> {
    const ids = models.map((m) => m.id);
    const rules = await this.deps.health.rulesOfModels(ids);
    // Two queries for the whole system rather than two per model: most models of a large system
    // have nothing in a given window, and those need nothing else.
    const counts = await this.deps.windows.countPredictionsByModel(ids, window.from, window.to);
    const means = await this.deps.health.metricMeansByModel(ids, window.from, window.to);
    const alerts: FiredAlert[] = [];
    const anomalies: FlaggedAnomaly[] = [];
    const views: ModelHealthView[] = [];
    for (const model of models) {
      signal?.throwIfAborted(); // the client went away: stop before the next model's work
      const { signals, hasData, fired, flagged, reference } = await this.modelSignals(model, window, rules.filter((r) => r.modelId === model.id), counts.get(model.id) ?? 0, means.get(model.id) ?? []);
      alerts.push(...fired);
      anomalies.push(...flagged);
      const verdict = modelHealth({ signals, hasData });
      views.push({ model, ...verdict, propagatedScore: verdict.anomalyScore, windowStart: window.from, windowEnd: window.to, signals, reference });
      // A model that turns DEGRADED or FAILING raises an alert for each breached signal (rules fired above).
      if (verdict.status === "DEGRADED" || verdict.status === "FAILING") {
        for (const sig of signals) {
          if (!sig.breached || (sig.kind === "metric" && fired.some((f) => f.rule === sig.name))) continue;
          alerts.push({
            modelId: model.id, rule: `${sig.kind}:${sig.name}`, severity: verdict.status === "FAILING" ? "critical" : "warning", value: sig.value,
            message: `${model.key} is ${verdict.status.toLowerCase()}: ${sig.kind} ${sig.name} = ${round(sig.value)}${sig.threshold === null ? "" : ` (threshold ${round(sig.threshold)})`}`,
          });
        }
      }
    }
    signal?.throwIfAborted();
    const { standalone, ...graph } = await windowGraph(this.deps, { system, models, window, views });
    const sys = systemHealth({ models: views });
    return { view: { system, at: window.to, ...sys, windowStart: window.from, windowEnd: window.to, models: views, ...graph, stored: false }, alerts, anomalies, standalone };
  }

  private async modelSignals(
    model: ModelEntity,
    window: Window,
    rules: AlertRuleRow[],
    predictions: number,
    metricMeans: Array<{ name: string; value: number; count: number }>,
  ): Promise<{ signals: StoredSignal[]; hasData: boolean; fired: FiredAlert[]; flagged: FlaggedAnomaly[]; reference: Window | null }> {
    const signals: StoredSignal[] = [];
    let flagged: FlaggedAnomaly[] = [];
    let reference: Window | null = null;
    const values = new Map<string, number>(metricMeans.map((m) => [m.name, m.value]));

    if (predictions > 0) {
      // Drift and data quality against the model's reference (none yet: no drift signal).
      try {
        const report = await this.deps.drift.reportFor(model, { current: window });
        reference = report.reference;
        signals.push(...report.signals);
        const anomaly = await this.anomalySignals(model, window, report.reference, predictions);
        signals.push(...anomaly.signals);
        flagged = anomaly.flagged;
        const performance = await this.performanceSignals(model, window, report.reference);
        signals.push(...performance.signals);
        const forecast = await this.forecastSignal(model, window, performance.signals);
        if (forecast) signals.push(forecast);
        for (const [k, v] of performance.values) if (!values.has(k)) values.set(k, v);
      } catch (error) {
        if (!(error instanceof BadInputError)) throw error;
      }
    }
    for (const m of metricMeans) signals.push({ kind: "metric", name: m.name, value: m.value, threshold: null, breached: false });

    const fired: FiredAlert[] = [];
    for (const rule of rules) {
      const value = values.get(rule.metric);
      if (value === undefined) continue;
      const fires = ruleFires({ operator: rule.operator, threshold: rule.threshold, value });
      const text = `${rule.metric} ${rule.operator} ${rule.threshold}`;
      signals.push({ kind: "metric", name: text, value, threshold: rule.threshold, breached: fires });
      if (fires) {
        fired.push({
          modelId: model.id, rule: text, severity: "critical", value,
          message: `${model.key}: ${rule.metric} = ${round(value)} ${rule.operator} ${rule.threshold} in the window ${window.from.toISOString()} – ${window.to.toISOString()}`,
        });
      }
    }
    return { signals, hasData: predictions > 0 || metricMeans.length > 0, fired, flagged, reference };
  }

  /**
   * Will the headline performance metric cross its threshold within FORECAST_HORIZON_WINDOWS?
   * Holt's trend over this window's value and the model's stored verdicts before it. The value is
   * the number of windows until the forecast breach (horizon + 1 when none); breached when ≤ horizon.
   */
  private async forecastSignal(model: ModelEntity, window: Window, performance: StoredSignal[]): Promise<StoredSignal | null> {
    const current = performance.find((s) => s.threshold !== null && !s.breached);
    if (!current || current.threshold === null) return null;
    const history = await this.deps.health.history(model.id, window.from, FORECAST_HISTORY);
    const points = history
      .map((h) => ({ h, s: h.signals.find((x) => x.kind === current.kind && x.name === current.name) }))
      .filter((x): x is { h: (typeof history)[number]; s: StoredSignal } => x.s !== undefined)
      .map((x) => ({ windowStart: x.h.windowStart.getTime(), windowEnd: x.h.windowEnd.getTime(), value: x.s.value }));
    points.push({ windowStart: window.from.getTime(), windowEnd: window.to.getTime(), value: current.value });
    const windowMs = window.to.getTime() - window.from.getTime();
    const result = forecastBreach({
      points,
      threshold: current.threshold,
      direction: LOWER_IS_BETTER.has(current.name) ? "above" : "below",
      horizonMs: FORECAST_HORIZON_WINDOWS * windowMs,
      windowMs,
    });
    if (result.reason !== null) return null;
    const ahead = result.expectedBreachAt === null ? FORECAST_HORIZON_WINDOWS + 1 : Math.round((result.expectedBreachAt - window.to.getTime()) / windowMs);
    return { kind: "forecast", name: `${current.name} breach in windows`, value: ahead, threshold: FORECAST_HORIZON_WINDOWS, breached: ahead <= FORECAST_HORIZON_WINDOWS };
  }

  /** Anomalous shares by the isolation forest and (once trained for the reference) the autoencoder. */
  private async anomalySignals(model: ModelEntity, window: Window, reference: Window, predictions: number): Promise<{ signals: StoredSignal[]; flagged: FlaggedAnomaly[] }> {
    const refCount = await this.deps.windows.countPredictions(model.id, reference.from, reference.to);
    const ref = await this.deps.windows.sampleRows(model.id, reference.from, reference.to, sampleLevel(refCount, ANOMALY_REFERENCE_ROWS));
    const cur = await this.deps.windows.sampleRows(model.id, window.from, window.to, sampleLevel(predictions, ANOMALY_WINDOW_ROWS));
    // A deterministic order: the reference is split in halves for fitting and thresholds.
    ref.sort((a, b) => (a.predictionId < b.predictionId ? -1 : a.predictionId > b.predictionId ? 1 : 0));
    const state = await this.deps.trainer.detector(model, reference);
    const rates = anomalyRates({
      features: model.features,
      reference: ref.map((r) => r.features),
      current: cur.map((r) => r.features),
      seed: Math.floor(reference.from.getTime() / 1000) % 2_147_483_647,
      autoencoder: state.status === "ready" ? state.detector : null,
      tf: this.deps.tf,
    });
    return {
      signals: rates.rates.map((r) => ({ kind: "anomaly", name: `${r.detector}_share`, value: r.share, threshold: ANOMALY_SHARE_THRESHOLD, breached: r.share > ANOMALY_SHARE_THRESHOLD })),
      flagged: rates.flagged.map((f) => ({ modelId: model.id, predictionId: cur[f.index]!.predictionId, detector: "autoencoder", score: f.score, topFeatures: f.topFeatures })),
    };
  }

  anomaliesOf(modelId: string, windowStart: Date, limit: number): Promise<FlaggedAnomaly[]> {
    return this.deps.health.anomaliesOf(modelId, windowStart, Math.max(0, Math.min(limit, 1_000)));
  }

  /** Realized performance against the reference's, or (binary, too few labels) the estimate. */
  private async performanceSignals(model: ModelEntity, window: Window, reference: Window): Promise<{ signals: StoredSignal[]; values: Map<string, number> }> {
    const task = model.task as TaskName;
    const signals: StoredSignal[] = [];
    const values = new Map<string, number>();
    const refRows = await this.deps.health.labeledRows(model.id, reference.from, reference.to);
    const ref = windowPerformance({ task, rows: refRows });
    const cur = windowPerformance({ task, rows: await this.deps.health.labeledRows(model.id, window.from, window.to) });
    if (cur.count >= MIN_LABELED) {
      for (const [name, value] of Object.entries(cur.metrics)) if (value !== null) values.set(name, value);
      for (const name of HEADLINE[task]) {
        const value = cur.metrics[name];
        if (value === null || value === undefined) continue;
        const base = ref.count >= MIN_LABELED ? ref.metrics[name] : null;
        const threshold = base === null || base === undefined ? null : LOWER_IS_BETTER.has(name) ? base * (1 + PERFORMANCE_TOLERANCE) : base * (1 - PERFORMANCE_TOLERANCE);
        const breached = threshold !== null && (LOWER_IS_BETTER.has(name) ? value > threshold : value < threshold);
        signals.push({ kind: "performance", name, value, threshold, breached });
      }
      return { signals, values };
    }
    // No (or too few) labels: confidence-based estimate for binary classifiers, calibrated on the reference's labels.
    const accuracy = ref.metrics.accuracy;
    if (task === "BINARY_CLASSIFICATION" && ref.count >= MIN_LABELED && accuracy !== null && accuracy !== undefined && refRows.every((r) => r.score !== null)) {
      const usable = refRows.filter((r) => r.labelValue === 0 || r.labelValue === 1);
      const calibrator = fitIsotonic({ scores: usable.map((r) => r.score!), labels: usable.map((r) => r.labelValue!) });
      const rows = await this.deps.windows.countPredictions(model.id, window.from, window.to);
      const scores = await this.deps.health.scores(model.id, window.from, window.to, sampleLevel(rows, ESTIMATION_SAMPLE));
      if (scores.length > 0) {
        const estimate = estimateBinaryPerformance({ calibrator, scores });
        const threshold = accuracy * (1 - PERFORMANCE_TOLERANCE);
        values.set("accuracy", estimate.expectedAccuracy);
        signals.push({ kind: "estimated_performance", name: "accuracy", value: estimate.expectedAccuracy, threshold, breached: estimate.expectedAccuracy < threshold });
      }
    }
    return { signals, values };
  }

  /** Every model downstream of `modelId`, with risk and hops, over the system's dependency graph. */
  async blastRadius(principal: Principal, modelId: string): Promise<Array<{ modelId: string; risk: number; hops: number }>> {
    const model = await this.deps.registry.requireModel(principal, modelId, "blastRadius", "READ");
    const models = await this.deps.models.bySystems([model.systemId]);
    const edges = await this.deps.dependencies.bySystems([model.systemId]);
    const graph = buildSystemGraph({
      models: models.map((m) => ({ id: m.id, key: m.key })),
      edges: edges.map((e) => ({ from: e.fromModelId, to: e.toModelId, weight: e.weight })),
    });
    return blastRadius({ graph, source: model.id });
  }

  /** For subscriptions: READ on a system the key may see (NOT_FOUND otherwise). */
  async requireVisibleSystem(principal: Principal, systemId: string): Promise<SystemEntity> {
    requireScope(principal, "READ", "systemHealthChanged");
    return this.visibleSystem(principal, systemId);
  }

  private async visibleSystem(principal: Principal, systemId: string): Promise<SystemEntity> {
    const system = isId(systemId) ? await this.deps.systems.byId(systemId) : null;
    if (!system) throw new NotFoundError(`system '${systemId}' not found`);
    assertSystemVisible(principal, system.id, `system '${systemId}' not found`);
    return system;
  }
}

function round(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
