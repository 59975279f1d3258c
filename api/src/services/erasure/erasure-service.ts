// Erasure on request (issue 18, part 3; docs/erasure.md): erasePredictions removes a model's selected
// predictions and everything stored per prediction, in one transaction, and logs who, when, how
// (the kind of selector) and how many — never the ids. ADMIN only; a model the key may not see
// answers NOT_FOUND like a missing one.
import type { ErasureRecord, ErasureRepository } from "../../db/repositories/erasure-repository.js";
import type { Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";
import { erasureSelector, type EraseArgs } from "./erasure-selector.js";
import type { ProfileRebuild } from "../profiles/profile-rebuild.js";

export { ERASURE_SELECTORS, type ErasureSelectorKind, type ErasureRecord } from "../../db/repositories/erasure-repository.js";
export { MAX_ERASE_IDS } from "./erasure-selector.js";

export interface ErasureDeps {
  registry: RegistryService;
  erasures: ErasureRepository;
  /** Window profiles of the erased rows' windows are rebuilt from what remains, in the erasure's transaction (absent: not rebuilt). */
  profiles?: Pick<ProfileRebuild, "rebuildWindows">;
}

export class ErasureService {
  constructor(private readonly deps: ErasureDeps) {}

  async erase(principal: Principal, args: EraseArgs & { modelId: string }): Promise<ErasureRecord> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "erasePredictions", "ADMIN");
    const selector = erasureSelector(model, args);
    const profiles = this.deps.profiles;
    return this.deps.erasures.erase({
      systemId: model.systemId, modelId: model.id, selector, erasedBy: principal.keyId,
      afterErase: profiles ? async (q, windows) => void (await profiles.rebuildWindows(q, model, windows)) : undefined,
    });
  }

  /** The model's erasure log, newest first. */
  async list(principal: Principal, args: { modelId: string; first: number }): Promise<ErasureRecord[]> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "predictionErasures", "ADMIN");
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > 1000) throw new BadInputError(`first: expected an integer from 1 to 1000, got ${args.first}`);
    return this.deps.erasures.ofModel(model.id, args.first);
  }
}
