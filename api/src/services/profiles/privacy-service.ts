// Privacy settings (docs/privacy.md): a system's PROFILE_ONLY default, a model's override, the
// features a profile-only model keeps raw (opt-in) and the PII features. Every change is recorded in
// the registry history (MODEL_CONFIGURED through recordSetting). Settings apply to data ingested
// from then on: values already stored are not rewritten (erase them with erasePredictions).
import type { ModelEntity } from "../../db/entities/index.js";
import type { ProfilePrivacyRepository } from "../../db/repositories/profile-privacy-repository.js";
import { effectiveMode, rawRowsUnavailable, type PrivacyMode, type PrivacyModeSource } from "../../analytics/profiles/privacy-rules.js";
import { requireScope, type Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";
import { newPiiSecret } from "./pii-hash.js";

export interface ModelPrivacyView {
  mode: PrivacyMode;
  modeSource: PrivacyModeSource;
  retainedFeatures: string[];
  piiFeatures: string[];
}

/** A raw-row feature asked of a PROFILE_ONLY model: BAD_USER_INPUT naming the model and why. */
export class RawRowsUnavailableError extends BadInputError {
  override name = "RawRowsUnavailableError";
}

export class PrivacyService {
  constructor(private readonly deps: { registry: RegistryService; privacy: ProfilePrivacyRepository }) {}

  async of(model: ModelEntity): Promise<ModelPrivacyView> {
    const s = await this.deps.privacy.ofModel(null, model.id, model.systemId);
    const { mode, source } = effectiveMode(s);
    return { mode, modeSource: source, retainedFeatures: s.retainedFeatures, piiFeatures: s.piiFeatures };
  }

  async ofModels(models: readonly ModelEntity[]): Promise<Map<string, ModelPrivacyView>> {
    const stored = await this.deps.privacy.ofModels(models.map((m) => m.id));
    const out = new Map<string, ModelPrivacyView>();
    for (const m of models) {
      const s = stored.get(m.id) ?? { systemProfileOnly: false, modelProfileOnly: null, retainedFeatures: [], piiFeatures: [], secret: null };
      const { mode, source } = effectiveMode(s);
      out.set(m.id, { mode, modeSource: source, retainedFeatures: s.retainedFeatures, piiFeatures: s.piiFeatures });
    }
    return out;
  }

  /** Throws RawRowsUnavailableError (field `field`) when the model keeps no raw feature values. */
  async requireRawRows(model: ModelEntity, what: string, field = "modelId"): Promise<void> {
    const { mode } = await this.of(model);
    const message = rawRowsUnavailable({ modelKey: model.key, mode, what });
    if (message) throw new RawRowsUnavailableError(`${field}: ${message}`);
  }

  async setModelPrivacy(principal: Principal, args: { modelId: string; mode?: PrivacyMode | null; retainedFeatures?: string[] | null; piiFeatures?: string[] | null }): Promise<ModelPrivacyView> {
    const model = await this.deps.registry.requireActiveModel(principal, args.modelId, "setModelPrivacy");
    const current = await this.deps.privacy.ofModel(null, model.id, model.systemId);
    const names = new Set(model.features.filter((f) => !f.deprecated).map((f) => f.name));
    const checked = (field: string, list: string[] | null | undefined, fallback: string[]) => {
      if (list === null || list === undefined) return fallback;
      const unknown = list.filter((f) => !names.has(f));
      if (unknown.length) throw new BadInputError(`${field}: model '${model.key}' has no feature ${unknown.map((f) => `'${f}'`).join(", ")} (declared: ${[...names].join(", ") || "none"})`);
      return [...new Set(list)].sort();
    };
    const retainedFeatures = checked("retainedFeatures", args.retainedFeatures, current.retainedFeatures);
    const piiFeatures = checked("piiFeatures", args.piiFeatures, current.piiFeatures);
    const profileOnly = args.mode === undefined ? current.modelProfileOnly : args.mode === null ? null : args.mode === "PROFILE_ONLY";
    // The system's HMAC secret exists before any PII value is ingested.
    if ((piiFeatures.length > 0 || profileOnly === true) && !current.secret) await this.deps.privacy.saveSystem(null, model.systemId, newPiiSecret());
    await this.deps.privacy.saveModel({ modelId: model.id, systemId: model.systemId, profileOnly, retainedFeatures, piiFeatures });
    const view = await this.of(model);
    await this.deps.registry.recordSetting(principal, model, "privacy", { mode: profileOnly === null ? null : view.mode, retainedFeatures, piiFeatures });
    return view;
  }

  async setSystemPrivacy(principal: Principal, args: { systemId: string; mode: PrivacyMode }): Promise<{ systemId: string; mode: PrivacyMode }> {
    const system = await this.deps.registry.requireSystem(principal, args.systemId);
    requireScope(principal, "ADMIN", "setSystemPrivacy");
    // The secret of an existing row is kept (ON CONFLICT leaves pii_secret alone).
    await this.deps.privacy.saveSystem(null, system.id, newPiiSecret(), args.mode === "PROFILE_ONLY");
    for (const model of (await this.deps.registry.modelsOfSystems([system.id])).filter((m) => m.retiredAt === null)) {
      await this.deps.registry.recordSetting(principal, model, "system privacy mode", args.mode);
    }
    return { systemId: system.id, mode: args.mode };
  }
}
