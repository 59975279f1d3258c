// Explain one prediction, a window's attribution drift, and a model's forbidden features
// (docs/explanations.md). Loads through the repositories and the drift service; every decision is in
// analytics/explain.
import type { AttributionRepository, StoredPrediction } from "../../db/repositories/attribution-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { DependencyRepository } from "../../db/repositories/dependency-repository.js";
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import type { ModelEntity } from "../../db/entities/index.js";
import type { Principal } from "../auth.js";
import type { RegistryService } from "../registry-service.js";
import { sampleLevel, type DriftService } from "../drift/drift-service.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { windowContaining, type TimeWindow } from "../../analytics/health/time-window.js";
import { explainPrediction, type PredictionExplanation } from "../../analytics/explain/explain-prediction.js";
import { similarCases, type SimilarCases } from "../../analytics/explain/similar-cases.js";
import { forbiddenFeaturesProblem, type ForbiddenFeature } from "../../analytics/explain/forbidden-features.js";
import type { FeatureBins } from "../../analytics/explain/feature-context.js";
import { upstreamShifts, type UpstreamShift } from "../../analytics/explain/upstream-shifts.js";
import { edgesAt } from "../../analytics/registry/wiring-in-time.js";
import { requiredId } from "../ingest/validate-values.js";
import { windowAttributions, type WindowAttributions } from "./attribution-signals.js";

/** Reference rows read for percentiles and for the case-based view (uniform samples above it). */
const REFERENCE_SAMPLE = 5_000;

export interface ExplanationDeps {
  registry: RegistryService;
  systems: SystemRepository;
  windows: WindowRepository;
  drift: DriftService;
  attributions: AttributionRepository;
  dependencies: DependencyRepository;
  models: ModelRepository;
  /** Refuses a PROFILE_ONLY model (docs/privacy.md): it keeps no raw feature values to explain. */
  rawRows?: { requireRawRows(model: ModelEntity, what: string): Promise<void> };
}

export interface PredictionView {
  model: ModelEntity;
  prediction: StoredPrediction;
  /** The reference window the values were placed in (null: the model has none yet). */
  reference: TimeWindow | null;
  explanation: PredictionExplanation;
}

export interface AttributionDriftView extends WindowAttributions {
  model: ModelEntity;
  window: TimeWindow;
  referenceWindow: TimeWindow;
  forbidden: ForbiddenFeature[];
  /** Moved features that carry an upstream model's output (the wiring of the window). */
  upstream: UpstreamShift[];
}

export class ExplanationService {
  constructor(private readonly deps: ExplanationDeps) {}

  async prediction(principal: Principal, args: { modelId: string; id: string }): Promise<PredictionView> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "prediction", "READ");
    await this.deps.rawRows?.requireRawRows(model, "the explanation of a prediction");
    const checked = requiredId("id", args.id);
    if (!checked.ok) throw new BadInputError(checked.error);
    const prediction = await this.deps.attributions.prediction(model.id, args.id);
    if (!prediction) throw new NotFoundError(`prediction '${args.id}' of model '${model.key}' not found`);
    const reference = await this.reference(model);
    const settings = await this.deps.attributions.settings(model.id);
    const refRows = reference ? await this.deps.windows.sampleRows(model.id, reference.from, reference.to, await this.level(model.id, reference)) : [];
    const bins = reference ? await this.driftedBins(model, prediction.timestamp, reference) : null;
    const cases = reference && !prediction.attributions ? await this.similar(model, prediction, reference) : null;
    const explanation = explainPrediction({
      task: model.task,
      features: model.features.filter((f) => !f.deprecated),
      prediction: { features: prediction.features, attributions: prediction.attributions, score: prediction.score, predictedClass: prediction.predictedClass },
      reference: refRows.map((r) => r.features),
      bins,
      forbidden: settings.forbidden,
      similarCases: cases,
    });
    return { model, prediction, reference, explanation };
  }

  async attributionDrift(principal: Principal, args: { modelId: string; window: TimeWindow }): Promise<AttributionDriftView> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "attributionDrift", "READ");
    if (!(args.window.from.getTime() < args.window.to.getTime())) throw new BadInputError(`window: from must be before to`);
    const reference = await this.reference(model);
    if (!reference) throw new BadInputError(`reference: model '${model.key}' has no reference yet; call setReference`);
    const result = await windowAttributions(this.deps, model, args.window, reference);
    const settings = await this.deps.attributions.settings(model.id);
    // The wiring that window had (a later rewiring does not change what fed the model then).
    const edges = edgesAt(await this.deps.dependencies.allVersionsOfSystems([model.systemId]), args.window.from).filter((e) => e.toModelId === model.id && e.feature !== null);
    const upstreamModels = new Map((await this.deps.models.byIds(edges.map((e) => e.fromModelId))).map((m) => [m.id, m.key]));
    const upstream = upstreamShifts({
      consumerKey: model.key, drift: result.drift,
      edges: edges.map((e) => ({ fromModelId: e.fromModelId, fromModelKey: upstreamModels.get(e.fromModelId) ?? e.fromModelId, feature: e.feature })),
    });
    return { ...result, model, window: args.window, referenceWindow: reference, forbidden: settings.forbidden, upstream };
  }

  async setForbiddenFeatures(principal: Principal, args: { modelId: string; features: ForbiddenFeature[] }): Promise<ForbiddenFeature[]> {
    const model = await this.deps.registry.requireActiveModel(principal, args.modelId, "setForbiddenFeatures");
    const features = args.features.map((f) => ({ name: f.name, maxShare: f.maxShare }));
    const problem = forbiddenFeaturesProblem({ declared: features, features: model.features.map((f) => f.name) });
    if (problem) throw new BadInputError(problem);
    await this.deps.attributions.setForbidden(model.id, features);
    await this.deps.registry.recordSetting(principal, model, "forbidden features", features);
    return features;
  }

  async setAttributionDriftThreshold(principal: Principal, args: { modelId: string; threshold: number | null }): Promise<number> {
    const model = await this.deps.registry.requireActiveModel(principal, args.modelId, "setAttributionDriftThreshold");
    const t = args.threshold;
    if (t !== null && !(Number.isFinite(t) && t > 0 && t <= 1)) throw new BadInputError(`threshold: expected an nDCG threshold in (0, 1], got ${t}`);
    await this.deps.attributions.setNdcgThreshold(model.id, t);
    await this.deps.registry.recordSetting(principal, model, "attribution-drift nDCG threshold", t);
    return t ?? 0.9;
  }

  async settings(modelId: string) {
    return this.deps.attributions.settings(modelId);
  }

  private async reference(model: ModelEntity): Promise<TimeWindow | null> {
    const system = await this.deps.systems.byId(model.systemId);
    if (!system) throw new Error("services/explanation: model without system");
    return (await this.deps.drift.resolveReference(model, system.windowSeconds))?.reference ?? null;
  }

  private async level(modelId: string, range: TimeWindow): Promise<number> {
    return sampleLevel(await this.deps.windows.countPredictions(modelId, range.from, range.to), REFERENCE_SAMPLE);
  }

  /** The bins of the drift report of the prediction's window (null: no report, e.g. an empty reference). */
  private async driftedBins(model: ModelEntity, at: Date, reference: TimeWindow): Promise<Map<string, FeatureBins> | null> {
    const system = await this.deps.systems.byId(model.systemId);
    try {
      const report = await this.deps.drift.reportFor(model, { current: windowContaining(at, system!.windowSeconds), reference });
      return new Map(report.features.map((f) => [f.feature, {
        drifted: f.drifted, edges: f.referenceHistogram.edges, categories: f.referenceHistogram.categories ?? f.currentHistogram.categories,
        referenceCounts: f.referenceHistogram.counts, currentCounts: f.currentHistogram.counts,
      }]));
    } catch (error) {
      if (error instanceof BadInputError) return null;
      throw error;
    }
  }

  private async similar(model: ModelEntity, prediction: StoredPrediction, reference: TimeWindow): Promise<SimilarCases> {
    const n = await this.deps.attributions.countLabelled(model.id, reference.from, reference.to);
    const rows = n === 0 ? [] : await this.deps.attributions.labelledRows(model.id, reference.from, reference.to, sampleLevel(n, REFERENCE_SAMPLE));
    return similarCases({
      features: model.features.filter((f) => !f.deprecated),
      query: prediction.features,
      reference: rows.filter((r) => r.predictionId !== prediction.predictionId).map((r) => ({ predictionId: r.predictionId, features: r.features, label: r.labelClass ?? String(r.labelValue) })),
    });
  }
}
