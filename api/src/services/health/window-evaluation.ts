// The evaluation of one closed window: load and compute it (compute-window.ts: repositories → pure
// analytics and graph), then store it in one transaction — the verdicts, anomalies and alerts
// (HealthRepository), then the incidents those alerts open, grow or resolve (IncidentService, whose
// decisions are pure: graph/incident-lifecycle.ts). After COMMIT the verdict and the incidents that
// changed are announced.
import type { QueryRunner } from "typeorm";
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { ModelVerdict } from "../../db/repositories/health-repository.js";
import type { Transactions } from "../../db/transactions.js";
import type { SystemEntity } from "../../db/entities/index.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";
import type { IncidentService } from "../incidents/incident-service.js";
import { computeWindow, type ComputedWindow, type ComputeWindowDeps } from "./compute-window.js";
import type { SystemHealthView } from "./health-views.js";
import { modelsAt } from "../../analytics/registry/wiring-in-time.js";
import type { EventBus } from "../events/event-bus.js";
import type { RemediationPlanner } from "../remediation/remediation-planner.js";

export interface WindowEvaluationDeps extends ComputeWindowDeps {
  models: ModelRepository;
  incidents: IncidentService;
  transactions: Transactions;
  onEvaluated?: (view: SystemHealthView) => void;
  /** Remediation (docs/remediation.md): verifies actions and plans steps on the stored window, in its transaction. */
  remediation?: Pick<RemediationPlanner, "afterWindow">;
  /** Change events, appended in the store step's transaction (absent: none). */
  events?: Pick<EventBus, "lockSystem" | "appendWindow" | "committed">;
}

/**
 * Computes and stores the window's verdicts (with `replace` false, a window another evaluator
 * stored first is left as it is: `stored` false). `signal` stops it before storing.
 */
export async function evaluateWindow(deps: WindowEvaluationDeps, args: { system: SystemEntity; window: TimeWindow; replace: boolean; signal?: AbortSignal }): Promise<SystemHealthView> {
  const { system, window } = args;
  // The models part of the system in that window (a model retired later still counts).
  const models = modelsAt(await deps.models.bySystems([system.id]), window.from);
  const computed = await computeWindow(deps, { system, models, window, signal: args.signal });
  const keys = new Map(models.map((m) => [m.id, m.key]));
  const changed = await storeWindow(deps, { system, window, replace: args.replace, computed, keyOf: (id) => keys.get(id) ?? id });
  const result = { ...computed.view, stored: changed !== null };
  if (changed !== null) {
    deps.events?.committed(system.id);
    deps.onEvaluated?.(result);
    await deps.incidents.announce(changed);
  }
  return result;
}

/** The store step, in one transaction (the service's unit of work): null when another evaluator had stored the window, else the ids of the incidents that changed. */
async function storeWindow(
  deps: WindowEvaluationDeps,
  args: { system: SystemEntity; window: TimeWindow; replace: boolean; computed: ComputedWindow; keyOf: (id: string) => string },
): Promise<string[] | null> {
  const { view } = args.computed;
  const unhealthy = new Set(view.models.filter((m) => m.status === "DEGRADED" || m.status === "FAILING").map((m) => m.model.id));
  const observed = new Set(view.models.filter((m) => m.status !== "UNKNOWN").map((m) => m.model.id));
  // Alerts fire, and incidents open and change, at the end of the window that showed them.
  const at = args.window.to;
  const tx = await deps.transactions.begin();
  let changed: string[] | null;
  try {
    changed = await storeSteps(deps, tx.q, { ...args, at, unhealthy, observed });
  } catch (error) {
    await tx.abort(error);
    throw error;
  }
  await tx.commit();
  return changed;
}

/** Inside the transaction: the verdicts (unless another evaluator stored the window), then the incidents. */
async function storeSteps(
  deps: WindowEvaluationDeps,
  q: QueryRunner,
  args: { system: SystemEntity; window: TimeWindow; replace: boolean; computed: ComputedWindow; keyOf: (id: string) => string; at: Date; unhealthy: Set<string>; observed: Set<string> },
): Promise<string[] | null> {
  const { system, window, computed, at } = args;
  const { view } = computed;
  await deps.events?.lockSystem(q, system.id);
  if (!(await deps.health.beginWindowStore(q, { systemId: system.id, windowStart: window.from, replace: args.replace }))) return null;
  const alerts = await deps.health.writeWindow(q, {
    systemId: system.id, windowStart: window.from, windowEnd: window.to, firedAt: at,
    system: { status: view.status, score: view.score, graph: { rootCauses: view.rootCauses, cascades: view.cascades } },
    models: view.models.map<ModelVerdict>((m) => ({ modelId: m.model.id, status: m.status, anomalyScore: m.anomalyScore, propagatedScore: m.propagatedScore, signals: m.signals })),
    alerts: computed.alerts, anomalies: computed.anomalies,
  });
  const changed = await deps.incidents.applyWindow(q, {
    systemId: system.id, windowStart: window.from, at, alerts, cascades: view.cascades, standalone: computed.standalone, graph: computed.graph, unhealthy: args.unhealthy, observed: args.observed, keyOf: args.keyOf,
  });
  await deps.remediation?.afterWindow(q, { systemId: system.id, windowStart: window.from, at, statuses: new Map(view.models.map((m) => [m.model.id, m.status])), changed });
  await deps.events?.appendWindow(q, system.id, window.from, changed);
  return changed;
}
