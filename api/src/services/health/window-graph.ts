// The system graph step of a window evaluation: loads the dependencies and the onset history,
// builds each model's state (onset = start of its current anomalous run; a finer onset inside the
// window when the data allows), then calls the pure graph core for propagated scores, root causes,
// cascades and the models whose alerts are not an incident. One decision (graph/explain-window.ts)
// feeds all of them, so they never contradict each other.
import type { HealthRepository } from "../../db/repositories/health-repository.js";
import type { DependencyRepository } from "../../db/repositories/dependency-repository.js";
import type { ModelEntity, SystemEntity } from "../../db/entities/index.js";
import { anomalousRun, buildSystemGraph, detectCascadesWithAlerts, propagateAnomaly, rankRootCauses, type ModelStates } from "../../../../graph/index.js";
import { evidencePerFeature } from "../../analytics/health/evidence-per-feature.js";
import { previousWindow, shiftByWindows, windowLengthMs, type TimeWindow } from "../../analytics/health/time-window.js";
import type { OnsetEstimator } from "./onset-estimator.js";
import { rolloutEvidence, rolloutsOfHistory } from "../../analytics/remediation/rollout-evidence.js";
import { edgesAt } from "../../analytics/registry/wiring-in-time.js";
import { strengthenLinkedEdges } from "../../analytics/explain/attribution-links.js";
import type { GraphStep, ModelHealthView } from "./health-service.js";

/** How far back an anomalous model's onset (start of its current anomalous episode) is looked for. */
const ONSET_LOOKBACK_WINDOWS = 48;

export interface WindowGraphDeps {
  dependencies: DependencyRepository;
  health: HealthRepository;
  /** Finer onsets inside the window (absent: window starts only). */
  onsets?: OnsetEstimator;
  /** The system's model versions: a model whose version changed at its onset is a stronger suspect (absent: none). */
  versions?: { ofSystem(systemId: string): Promise<Array<{ modelId: string; version: string; liveAt: Date }>> };
}

export interface WindowGraphArgs {
  system: SystemEntity;
  models: ModelEntity[];
  window: TimeWindow;
  /** The window's model views; their propagated scores are set here. */
  views: ModelHealthView[];
}

/**
 * The system graph for the window: propagated scores (set on the views), root causes and
 * cascades, using each anomalous model's onset — the start of its current run of DEGRADED or
 * FAILING windows, from the stored verdicts. Ranking, cascades and the standalone alerts come
 * from the same decision (graph/explain-window.ts), given the window so that persistence counts.
 */
export async function windowGraph(deps: WindowGraphDeps, args: WindowGraphArgs): Promise<GraphStep> {
  const { system, models, window, views } = args;
  if (models.length === 0) return { rootCauses: [], cascades: [], standalone: [], graph: null };
  // The wiring the window had (a later rewiring does not change a past window's graph).
  const wired = edgesAt(await deps.dependencies.allVersionsOfSystems([system.id]), window.from);
  // An edge whose consumer's attribution shift sits on the producer's output, the producer anomalous: full strength.
  const byModel = new Map(views.map((v) => [v.model.id, v]));
  const { edges } = strengthenLinkedEdges({
    edges: wired.map((e) => ({ from: e.fromModelId, to: e.toModelId, weight: e.weight, feature: e.feature })),
    signalsOf: (id) => byModel.get(id)?.signals ?? [],
    anomalous: (id) => ["DEGRADED", "FAILING"].includes(byModel.get(id)?.status ?? ""),
  });
  const graph = buildSystemGraph({ models: models.map((m) => ({ id: m.id, key: m.key })), edges });
  const ms = windowLengthMs(system.windowSeconds);
  const history = await deps.health.statusHistory(system.id, shiftByWindows(window.from, -ONSET_LOOKBACK_WINDOWS, system.windowSeconds), window.from);
  const anomalousAt = new Set(history.filter((h) => h.status === "DEGRADED" || h.status === "FAILING").map((h) => `${h.modelId}|${h.windowStart.getTime()}`));
  const states: ModelStates = {};
  for (const v of views) {
    const anomalous = v.status === "DEGRADED" || v.status === "FAILING";
    // Onset: the start of its current episode (runs joined across a one-window gap: a fault does not
    // breach every window); persistence counts its unbroken run (graph/anomalous-run.ts).
    const at = (t: number) => anomalousAt.has(`${v.model.id}|${t}`);
    const run = anomalous ? anomalousRun({ windowStart: window.from.getTime(), windowMs: ms, lookbackWindows: ONSET_LOOKBACK_WINDOWS, anomalousAt: at }) : null;
    // Not anomalous now, but in the previous window: the episode it may be dipping out of for one window.
    const previous = previousWindow(window).from.getTime();
    const dip = !anomalous && v.status !== "UNKNOWN" && at(previous) ? anomalousRun({ windowStart: previous, windowMs: ms, lookbackWindows: ONSET_LOOKBACK_WINDOWS - 1, anomalousAt: at }) : null;
    // Every signal the model had, breached or not: ranking weighs how many of them breached.
    // A model without data in the window is not "known healthy": it may be the blind origin.
    states[v.model.id] = { score: v.anomalyScore, anomalous, onset: run ? run.onset : null, ...(run ? { anomalousSince: run.since } : {}), ...(dip ? { recentOnset: dip.onset } : {}), evidence: evidencePerFeature(v.signals), hasData: v.status !== "UNKNOWN" };
    // Turned anomalous in this window: when inside it, from per-bucket statistics (orders models of the same window).
    if (run !== null && run.onset === window.from.getTime() && deps.onsets) {
      const fine = await deps.onsets.estimate({ model: v.model, window, reference: v.reference ?? null, signals: v.signals });
      if (fine !== null && Number.isFinite(fine)) states[v.model.id]!.onsetFine = fine;
    }
  }
  await markRollouts(deps, system, states);
  const propagated = propagateAnomaly({ graph, scores: Object.fromEntries(views.map((v) => [v.model.id, v.anomalyScore])) });
  for (const v of views) v.propagatedScore = propagated[v.model.id] ?? v.anomalyScore;
  const keys = new Map(models.map((m) => [m.id, m.key]));
  // A root cause shows every signal that breached, not every signal it had.
  const options = { windowMs: ms, windowStart: window.from.getTime() };
  const signalsOf = new Map(views.map((v) => [v.model.id, v.signals]));
  const rootCauses = rankRootCauses({ graph, states, keyOf: (id: string) => keys.get(id) ?? id, options }).map((r) => ({ ...r, evidence: (signalsOf.get(r.modelId) ?? []).filter((s) => s.breached) }));
  const { cascades, standalone } = detectCascadesWithAlerts({ graph, states, options });
  return { rootCauses, cascades, standalone, graph };
}

/** Anomalous models whose version changed at (or up to two windows before) their onset: `changedAtOnset` (docs/remediation.md). */
async function markRollouts(deps: WindowGraphDeps, system: SystemEntity, states: ModelStates): Promise<void> {
  if (!deps.versions) return;
  const onsets = new Map(Object.entries(states).flatMap(([id, s]) => (s.anomalous && s.onset !== null ? [[id, new Date(s.onset)] as const] : [])));
  if (onsets.size === 0) return;
  const rollouts = rolloutsOfHistory(await deps.versions.ofSystem(system.id));
  for (const e of rolloutEvidence({ rollouts, onsets, windowSeconds: system.windowSeconds })) states[e.modelId]!.changedAtOnset = e.weight;
}
