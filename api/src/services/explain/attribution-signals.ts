// A model's attribution signals for one window (attribution drift against its reference and the
// share of each forbidden feature), loaded here and decided by analytics/explain.
import type { AttributionRepository } from "../../db/repositories/attribution-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import type { StoredSignal } from "../../db/repositories/health-repository.js";
import type { ModelEntity } from "../../db/entities/index.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";
import { importanceFromSums, type AttributionImportance } from "../../analytics/explain/attribution-importance.js";
import { attributionDrift, attributionDriftSignals, type AttributionDriftResult } from "../../analytics/explain/attribution-drift.js";
import { forbiddenSignals } from "../../analytics/explain/forbidden-features.js";
import { sampleLevel } from "../drift/drift-service.js";

/** Predictions with attributions read per range (a uniform sample above it). */
export const ATTRIBUTION_SAMPLE = 20_000;

export interface AttributionSignalDeps {
  attributions: AttributionRepository;
  windows: WindowRepository;
}

export interface WindowAttributions {
  reference: AttributionImportance;
  current: AttributionImportance;
  drift: AttributionDriftResult;
  signals: StoredSignal[];
}

async function importance(deps: AttributionSignalDeps, model: ModelEntity, range: TimeWindow): Promise<AttributionImportance> {
  const rows = await deps.windows.countPredictions(model.id, range.from, range.to);
  const sums = rows === 0 ? { count: 0, sumAbs: {} } : await deps.attributions.sums(model.id, range.from, range.to, sampleLevel(rows, ATTRIBUTION_SAMPLE));
  return importanceFromSums({ ...sums, features: model.features.map((f) => f.name) });
}

/** Attribution drift and forbidden-feature shares of `window` against `reference`. */
export async function windowAttributions(deps: AttributionSignalDeps, model: ModelEntity, window: TimeWindow, reference: TimeWindow): Promise<WindowAttributions> {
  const settings = await deps.attributions.settings(model.id);
  const current = await importance(deps, model, window);
  const ref = current.count === 0 ? importanceFromSums({ count: 0, sumAbs: {}, features: [] }) : await importance(deps, model, reference);
  const drift = attributionDrift({ features: model.features.map((f) => f.name), reference: ref, current, threshold: settings.ndcgThreshold });
  return {
    reference: ref, current, drift,
    signals: [...attributionDriftSignals(drift), ...forbiddenSignals({ forbidden: settings.forbidden, importance: current })],
  };
}

/** The entry of the window evaluation (services/health/model-signals.ts). */
export class AttributionSignals {
  constructor(private readonly deps: AttributionSignalDeps) {}

  async signals(model: ModelEntity, window: TimeWindow, reference: TimeWindow): Promise<StoredSignal[]> {
    return (await windowAttributions(this.deps, model, window, reference)).signals;
  }
}
