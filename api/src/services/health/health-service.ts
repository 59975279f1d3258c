// Model and system health per window, the use-cases behind the GraphQL API (alert rules:
// alert-rule-service.ts): the
// system's verdict for a window (read side: health-read.ts, the stored verdict or live), evaluating
// a window by hand or every closed window in the background (window-evaluation.ts: load → pure →
// save; evaluator.ts: claims and catch-up), stored anomalies and blast radius. Authorization is
// checked here; the work is in the files named.
import type * as TF from "@tensorflow/tfjs";
import type { DriftService } from "../drift/drift-service.js";
import type { DriftDetectorTrainer } from "../drift/drift-detector-trainer.js";
import type { FlaggedAnomaly, HealthRepository } from "../../db/repositories/health-repository.js";
import type { DependencyRepository } from "../../db/repositories/dependency-repository.js";
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import type { Transactions } from "../../db/transactions.js";
import type { ModelEntity, SystemEntity } from "../../db/entities/index.js";
import { windowBefore, type TimeWindow, type Window } from "../../analytics/health/time-window.js";
import { blastRadius, buildSystemGraph } from "../../../../graph/index.js";
import { edgesAt, modelsAt } from "../../analytics/registry/wiring-in-time.js";
import { assertSystemVisible, requireScope, type Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";
import type { RegistryService } from "../registry-service.js";
import type { IncidentService } from "../incidents/incident-service.js";
import { ClosedWindowEvaluator } from "./evaluator.js";
import type { OnsetEstimator } from "./onset-estimator.js";
import { readSystemHealth } from "./health-read.js";
import { evaluateWindow } from "./window-evaluation.js";
import type { SystemHealthView } from "./health-views.js";
import type { EventBus } from "../events/event-bus.js";
import type { WindowGraphDeps } from "./window-graph.js";
import type { FairnessService } from "../fairness/fairness-service.js";
import type { AttributionSignals } from "../explain/attribution-signals.js";
import type { RemediationPlanner } from "../remediation/remediation-planner.js";

export type { CascadeView, GraphResult, GraphStep, ModelHealthView, RootCauseView, SystemHealthView } from "./health-views.js";
export { MIN_LABELED, PERFORMANCE_TOLERANCE } from "../../analytics/health/performance-signals.js";
export { FORECAST_HORIZON_WINDOWS } from "../../analytics/health/forecast-signal.js";
export { evidencePerFeature } from "../../analytics/health/evidence-per-feature.js";
export { windowBefore, type Window };

export { RULE_OPERATORS } from "../../analytics/health/model-health.js";

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
  /** The unit of work of the store step (verdicts and incidents in one transaction). */
  transactions: Transactions;
  /** Finer onsets inside the window for models that turned anomalous in it (absent: window starts only). */
  onsets?: OnsetEstimator;
  /** The system's model versions, as root-cause evidence (absent: none). */
  versions?: WindowGraphDeps["versions"];
  /** Attribution drift and forbidden-feature signals (absent: none). */
  attributions?: AttributionSignals;
  /** Fairness signals of models with a fairness policy (absent: none). */
  fairness?: Pick<FairnessService, "signals">;
  tf: typeof TF | undefined;
  now: () => Date;
  onEvaluated?: (view: SystemHealthView) => void;
  /** Change events, appended in the store step's transaction (absent: none). */
  events?: Pick<EventBus, "lockSystem" | "appendWindow" | "committed">;
  /** Remediation planning and verification in the window's transaction (absent: none). */
  remediation?: Pick<RemediationPlanner, "afterWindow">;
}

export class HealthService {
  private readonly evaluator: ClosedWindowEvaluator;

  constructor(private readonly deps: HealthDeps) {
    this.evaluator = new ClosedWindowEvaluator({ systems: deps.systems, health: deps.health, now: deps.now, evaluateWindow: (system, window) => this.evaluateWindow(system, window, false) });
  }

  /**
   * The system's health for the window before `at` (default now): the stored verdict, else computed
   * live; `signal` (the request's) stops a live computation between models.
   */
  async systemHealthAt(principal: Principal, systemId: string, at: Date | null, signal?: AbortSignal): Promise<SystemHealthView> {
    requireScope(principal, "READ", "systemHealth");
    const system = await this.visibleSystem(principal, systemId);
    const when = at ?? this.deps.now();
    return readSystemHealth(this.deps, { system, window: windowBefore(when, system.windowSeconds), at: when, signal });
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

  anomaliesOf(modelId: string, windowStart: Date, limit: number): Promise<FlaggedAnomaly[]> {
    return this.deps.health.anomaliesOf(modelId, windowStart, Math.max(0, Math.min(limit, 1_000)));
  }

  /**
   * Every model downstream of `modelId`, with risk and hops, over the system's dependency graph as
   * wired in the window `systemHealth(at:)` reports (default: the current wiring).
   */
  async blastRadius(principal: Principal, modelId: string, at: Date | null = null): Promise<Array<{ modelId: string; risk: number; hops: number }>> {
    const model = await this.deps.registry.requireModel(principal, modelId, "blastRadius", "READ");
    const system = await this.visibleSystem(principal, model.systemId);
    const windowStart = at === null ? undefined : windowBefore(at, system.windowSeconds).from;
    const [models, edges] = await Promise.all([this.deps.models.bySystems([model.systemId]), this.deps.dependencies.allVersionsOfSystems([model.systemId])]);
    const graph = buildSystemGraph({
      models: modelsAt(models, windowStart).map((m) => ({ id: m.id, key: m.key })),
      edges: edgesAt(edges, windowStart).map((e) => ({ from: e.fromModelId, to: e.toModelId, weight: e.weight })),
    });
    return graph.hasNode(model.id) ? blastRadius({ graph, source: model.id }) : [];
  }

  /** The stored verdict of the window starting at `windowStart`, for its change event (the subscriber was authorized when it subscribed); null: the system is gone. */
  async storedHealth(systemId: string, windowStart: Date): Promise<SystemHealthView | null> {
    const system = await this.deps.systems.byId(systemId);
    if (!system) return null;
    const window = { from: windowStart, to: new Date(windowStart.getTime() + system.windowSeconds * 1000) };
    return readSystemHealth(this.deps, { system, window, at: window.to });
  }

  /** For subscriptions: READ on a system the key may see (NOT_FOUND otherwise). */
  async requireVisibleSystem(principal: Principal, systemId: string): Promise<SystemEntity> {
    requireScope(principal, "READ", "systemHealthChanged");
    return this.visibleSystem(principal, systemId);
  }

  private evaluateWindow(system: SystemEntity, window: TimeWindow, replace: boolean, signal?: AbortSignal): Promise<SystemHealthView> {
    return evaluateWindow(this.deps, { system, window, replace, signal });
  }

  private async visibleSystem(principal: Principal, systemId: string): Promise<SystemEntity> {
    const system = isId(systemId) ? await this.deps.systems.byId(systemId) : null;
    if (!system) throw new NotFoundError(`system '${systemId}' not found`);
    assertSystemVisible(principal, system.id, `system '${systemId}' not found`);
    return system;
  }
}
