// One window of a system computed (not stored): every model's signals and verdict, the alerts of
// the models that turned DEGRADED or FAILING, the system graph (propagation, root causes,
// cascades) and the system's verdict. The evaluation stores it; the read side answers with it for a
// window not evaluated yet.
import type { SystemGraph } from "../../../../graph/index.js";
import type { FiredAlert, FlaggedAnomaly } from "../../db/repositories/health-repository.js";
import type { ModelEntity, SystemEntity } from "../../db/entities/index.js";
import { modelHealth, systemHealth } from "../../analytics/health/model-health.js";
import { statusAlerts } from "../../analytics/health/alert-signals.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";
import { modelSignals, type ModelSignalDeps } from "./model-signals.js";
import { windowGraph, type WindowGraphDeps } from "./window-graph.js";
import type { ModelHealthView, SystemHealthView } from "./health-views.js";

export type ComputeWindowDeps = ModelSignalDeps & WindowGraphDeps;

export interface ComputedWindow {
  view: SystemHealthView;
  alerts: FiredAlert[];
  anomalies: FlaggedAnomaly[];
  /** Models whose alerts are not an incident (the graph decision's standalone alerts). */
  standalone: string[];
  /** The system graph the decision read (null: no models). */
  graph: SystemGraph | null;
}

/** Computes the window; `signal` (a request's) stops it between models. */
export async function computeWindow(deps: ComputeWindowDeps, args: { system: SystemEntity; models: ModelEntity[]; window: TimeWindow; signal?: AbortSignal }): Promise<ComputedWindow> {
  const { system, models, window, signal } = args;
  const ids = models.map((m) => m.id);
  const rules = await deps.health.rulesOfModels(ids);
  // Two queries for the whole system rather than two per model: most models of a large system
  // have nothing in a given window, and those need nothing else.
  const counts = await deps.windows.countPredictionsByModel(ids, window.from, window.to);
  const means = await deps.health.metricMeansByModel(ids, window.from, window.to);
  const alerts: FiredAlert[] = [];
  const anomalies: FlaggedAnomaly[] = [];
  const views: ModelHealthView[] = [];
  for (const model of models) {
    signal?.throwIfAborted(); // the client went away: stop before the next model's work
    const { signals, hasData, fired, flagged, reference } = await modelSignals(deps, {
      model, window, rules: rules.filter((r) => r.modelId === model.id), predictions: counts.get(model.id) ?? 0, metricMeans: means.get(model.id) ?? [],
    });
    alerts.push(...fired);
    anomalies.push(...flagged);
    const verdict = modelHealth({ signals, hasData });
    views.push({ model, ...verdict, propagatedScore: verdict.anomalyScore, windowStart: window.from, windowEnd: window.to, signals, reference });
    // A model that turns DEGRADED or FAILING raises an alert for each breached signal (rules fired above).
    alerts.push(...statusAlerts({ modelId: model.id, modelKey: model.key, status: verdict.status, signals, firedRules: fired.map((f) => f.rule) }));
  }
  signal?.throwIfAborted();
  const { standalone, graph: systemGraph, ...graph } = await windowGraph(deps, { system, models, window, views });
  const sys = systemHealth({ models: views });
  return { view: { system, at: window.to, ...sys, windowStart: window.from, windowEnd: window.to, models: views, ...graph, stored: false }, alerts, anomalies, standalone, graph: systemGraph };
}
