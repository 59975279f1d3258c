// Fairness of a model's predictions (docs/fairness.md): its policy (set by ADMIN, checked by the
// pure analytics/fairness/fairness-policy.ts), the group metrics and disparity figures of a window
// (the window before `at`, as systemHealth(at:)) and of the windows before it, and the fairness
// signals the window evaluation adds to the model's health (model-signals.ts). Load → pure
// analytics → answer; the figures are computed from the window's rows (a uniform sample beyond
// FAIRNESS_SAMPLE rows).
import { FAIRNESS_DEFAULTS, fairnessPolicyProblem, type FairnessBins, type FairnessPolicy } from "../../analytics/fairness/fairness-policy.js";
import { fairnessReport, type FeatureFairness } from "../../analytics/fairness/fairness-report.js";
import { fairnessSignals } from "../../analytics/fairness/fairness-signals.js";
import type { Signal } from "../../analytics/health/model-health.js";
import { previousWindow, windowBefore, type TimeWindow } from "../../analytics/health/time-window.js";
import type { ModelTaskName } from "../../analytics/model-tasks.js";
import type { ModelEntity } from "../../db/entities/index.js";
import type { FairnessRepository } from "../../db/repositories/fairness-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import type { Principal } from "../auth.js";
import { sampleLevel } from "../drift/drift-service.js";
import { BadInputError, NotFoundError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";

/** Rows of a window the figures read at most (about: a uniform sample by sample level). */
export const FAIRNESS_SAMPLE = 50_000;
/** Windows `fairnessHistory` answers at most. */
export const MAX_HISTORY_WINDOWS = 48;

export interface FairnessDeps {
  registry: RegistryService;
  systems: SystemRepository;
  windows: WindowRepository;
  fairness: FairnessRepository;
  now: () => Date;
}

export interface FairnessPolicyInput {
  sensitiveFeatures: string[];
  minParityRatio?: number | null;
  maxParityDifference?: number | null;
  maxEqualizedOddsDifference?: number | null;
  favorableLabel?: string | null;
  bins?: FairnessBins[] | null;
  quantiles?: number | null;
  minGroupSize?: number | null;
}

export interface FairnessView {
  modelId: string;
  windowStart: Date;
  windowEnd: Date;
  policy: FairnessPolicy | null;
  /** Predictions of the window, and how many of them the figures read. */
  predictions: number;
  rows: number;
  features: FeatureFairness[];
  signals: Signal[];
}

/** The policy as given, defaults filled in (undefined: the default; null: no limit). */
export function policyOf(input: FairnessPolicyInput): FairnessPolicy {
  const pick = <T>(v: T | null | undefined, d: T): T => (v === undefined ? d : (v as T));
  return {
    sensitiveFeatures: input.sensitiveFeatures,
    minParityRatio: pick(input.minParityRatio, FAIRNESS_DEFAULTS.minParityRatio),
    maxParityDifference: pick(input.maxParityDifference, FAIRNESS_DEFAULTS.maxParityDifference),
    maxEqualizedOddsDifference: pick(input.maxEqualizedOddsDifference, FAIRNESS_DEFAULTS.maxEqualizedOddsDifference),
    favorableLabel: input.favorableLabel ?? FAIRNESS_DEFAULTS.favorableLabel,
    bins: (input.bins ?? []).map((b) => ({ feature: b.feature, edges: [...b.edges] })),
    quantiles: input.quantiles ?? FAIRNESS_DEFAULTS.quantiles,
    minGroupSize: input.minGroupSize ?? FAIRNESS_DEFAULTS.minGroupSize,
  };
}

export class FairnessService {
  constructor(private readonly deps: FairnessDeps) {}

  /** Needs ADMIN. Creates or replaces the model's policy; BAD_USER_INPUT names the wrong field. */
  async setPolicy(principal: Principal, modelId: string, input: FairnessPolicyInput): Promise<FairnessPolicy> {
    const model = await this.deps.registry.requireActiveModel(principal, modelId, "setFairnessPolicy");
    const policy = policyOf(input);
    const problem = fairnessPolicyProblem({ policy, features: model.features, task: model.task as ModelTaskName });
    if (problem !== null) throw new BadInputError(`setFairnessPolicy: ${problem.message}`);
    await this.deps.fairness.savePolicy({ modelId: model.id, systemId: model.systemId, policy, at: this.deps.now() });
    await this.deps.registry.recordSetting(principal, model, "fairness policy", policy);
    return policy;
  }

  /** Needs ADMIN. Removes the model's policy (no more fairness signals); whether it had one. */
  async clearPolicy(principal: Principal, modelId: string): Promise<boolean> {
    const model = await this.deps.registry.requireModel(principal, modelId, "clearFairnessPolicy", "ADMIN");
    const had = await this.deps.fairness.deletePolicy(model.id);
    if (had) await this.deps.registry.recordSetting(principal, model, "fairness policy", null);
    return had;
  }

  /** The model's fairness in the window before `at` (default now). */
  async fairness(principal: Principal, modelId: string, at: Date | null): Promise<FairnessView> {
    const [view] = await this.history(principal, modelId, 1, at);
    return view!;
  }

  /** The model's fairness in the `windows` windows up to the one before `at`, oldest first. */
  async history(principal: Principal, modelId: string, windows: number, at: Date | null): Promise<FairnessView[]> {
    const model = await this.deps.registry.requireModel(principal, modelId, "fairness", "READ");
    if (!Number.isInteger(windows) || windows < 1 || windows > MAX_HISTORY_WINDOWS) throw new BadInputError(`fairnessHistory: windows must be an integer from 1 to ${MAX_HISTORY_WINDOWS}, got ${windows}`);
    const system = await this.deps.systems.byId(model.systemId);
    if (!system) throw new NotFoundError(`model '${modelId}' not found`);
    const spans: TimeWindow[] = [windowBefore(at ?? this.deps.now(), system.windowSeconds)];
    while (spans.length < windows) spans.unshift(previousWindow(spans[0]!));
    const policy = await this.deps.fairness.policyOf<FairnessPolicy>(model.id);
    const out: FairnessView[] = [];
    for (const window of spans) out.push(await this.compute(model, policy, window));
    return out;
  }

  /** The fairness signals of the model in `window` (none without a policy); for the window evaluation. */
  async signals(model: ModelEntity, window: TimeWindow): Promise<Signal[]> {
    const policy = await this.deps.fairness.policyOf<FairnessPolicy>(model.id);
    if (policy === null) return [];
    return (await this.compute(model, policy, window)).signals;
  }

  private async compute(model: ModelEntity, policy: FairnessPolicy | null, window: TimeWindow): Promise<FairnessView> {
    const base = { modelId: model.id, windowStart: window.from, windowEnd: window.to, policy };
    if (policy === null) return { ...base, predictions: 0, rows: 0, features: [], signals: [] };
    const predictions = await this.deps.windows.countPredictions(model.id, window.from, window.to);
    const rows = predictions === 0 ? [] : await this.deps.fairness.rows({
      modelId: model.id, from: window.from, to: window.to, features: policy.sensitiveFeatures, minLevel: sampleLevel(predictions, FAIRNESS_SAMPLE),
    });
    const kinds = new Map(model.features.map((f) => [f.name, f.kind]));
    const report = fairnessReport({ task: model.task as ModelTaskName, policy, kinds, rows });
    return { ...base, predictions, rows: report.rows, features: report.features, signals: fairnessSignals({ policy, report }) };
  }
}

export { BINNINGS, type Binning } from "../../analytics/fairness/sensitive-groups.js";
export { FAIRNESS_DEFAULTS } from "../../analytics/fairness/fairness-policy.js";
