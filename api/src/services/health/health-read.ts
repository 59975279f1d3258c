// The read side of health: a system's verdict for a window, answered from the stored verdict when
// an evaluation stored one, else computed live (compute-window.ts) and not stored.
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { StoredSystemVerdict } from "../../db/repositories/health-repository.js";
import type { ModelEntity, SystemEntity } from "../../db/entities/index.js";
import type { HealthStatusValue } from "../../analytics/health/model-health.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";
import { computeWindow, type ComputeWindowDeps } from "./compute-window.js";
import type { GraphResult, SystemHealthView } from "./health-views.js";
import { modelsAt } from "../../analytics/registry/wiring-in-time.js";

export interface HealthReadDeps extends ComputeWindowDeps {
  models: ModelRepository;
}

/** The system's verdict for `window` as of `at`: stored, else live; `signal` stops a live computation between models. */
export async function readSystemHealth(deps: HealthReadDeps, args: { system: SystemEntity; window: TimeWindow; at: Date; signal?: AbortSignal }): Promise<SystemHealthView> {
  const { system, window } = args;
  const [all, stored] = await Promise.all([deps.models.bySystems([system.id]), deps.health.storedVerdict(system.id, window.from)]);
  // The models part of the system in that window: a retired model's past windows still show it.
  const models = modelsAt(all, window.from);
  if (stored) return storedView({ system, models, window, at: args.at, stored });
  const computed = await computeWindow(deps, { system, models, window, signal: args.signal });
  return { ...computed.view, at: args.at };
}

/** A stored verdict as a view: every model of the system (UNKNOWN for one without a stored verdict). */
export function storedView(args: { system: SystemEntity; models: ModelEntity[]; window: TimeWindow; at: Date; stored: StoredSystemVerdict }): SystemHealthView {
  const { system, window, stored } = args;
  const rows = new Map(stored.models.map((r) => [r.modelId, r]));
  const graph = (stored.graph ?? { rootCauses: [], cascades: [] }) as GraphResult;
  const span = { windowStart: window.from, windowEnd: window.to };
  return {
    system, at: args.at, status: stored.status as HealthStatusValue, score: stored.score, ...span, stored: true,
    // Verdicts stored before latent candidates existed have no `latent`: they were all anomalous.
    rootCauses: (graph.rootCauses ?? []).map((r) => ({ ...r, latent: r.latent ?? false })), cascades: graph.cascades ?? [],
    models: args.models.map((m) => {
      const r = rows.get(m.id);
      return r
        ? { model: m, status: r.status as HealthStatusValue, anomalyScore: r.anomalyScore, propagatedScore: r.propagatedScore, ...span, signals: r.signals }
        : { model: m, status: "UNKNOWN" as const, anomalyScore: 0, propagatedScore: 0, ...span, signals: [] };
    }),
  };
}
