// Window profiles after an erasure (docs/erasure.md, docs/privacy.md): a profile counts every row
// of its window, so once predictions are erased the profiles of their windows are rebuilt from the
// rows that remain, in the erasure's transaction — nothing of an erased row (a category's count, a
// value in a sketch) is left. A model that does not store every profiled feature (PROFILE_ONLY, or
// numeric PII) cannot be rebuilt from its rows: its profiles keep the erased rows' contributions
// (aggregates only, never ids), and the erasure says so nowhere else — docs/erasure.md does.
import type { QueryRunner } from "typeorm";
import type { ModelEntity } from "../../db/entities/index.js";
import type { ProfilePrivacyRepository } from "../../db/repositories/profile-privacy-repository.js";
import type { ProfileRepository } from "../../db/repositories/profile-repository.js";
import { featurePlan } from "../../analytics/profiles/privacy-rules.js";
import type { IngestProfiles } from "./ingest-profiles.js";

export interface ProfileRebuildDeps {
  profiles: ProfileRepository;
  privacy: ProfilePrivacyRepository;
  ingest: IngestProfiles;
}

export class ProfileRebuild {
  constructor(private readonly deps: ProfileRebuildDeps) {}

  /** Rebuilds the model's profiles of these windows from its stored rows (on `q`); false when the model's rows cannot rebuild them. */
  async rebuildWindows(q: QueryRunner, model: ModelEntity, windowStarts: readonly Date[]): Promise<boolean> {
    if (windowStarts.length === 0) return true;
    const settings = await this.deps.privacy.ofModel(q, model.id, model.systemId);
    const plan = featurePlan({ features: model.features.filter((f) => !f.deprecated), settings });
    if (plan.plans.some((p) => p.stored !== "raw" && p.stored !== "hashed")) return false;
    await this.deps.profiles.lock(q, model.id);
    const windowSeconds = await this.deps.profiles.windowSecondsOf(q, model.systemId);
    await this.deps.profiles.deleteWindows(q, model.id, windowStarts);
    const session = await this.deps.ingest.begin(q, model);
    for (const start of windowStarts) {
      const rows = await this.deps.profiles.storedPredictions(q, model.id, start, new Date(start.getTime() + windowSeconds * 1000));
      // Stored rows already went through the privacy plan (hashed where it says): profiled as stored.
      session.inserted(rows.map((r) => ({ ...r, p: null })));
    }
    await session.flush(q);
    return true;
  }
}
