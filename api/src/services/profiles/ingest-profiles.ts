// Profiles built at ingestion (docs/privacy.md). A session lives for one ingestion request, inside
// its transaction: it applies the privacy plan to each valid prediction (what is stored, what is
// profiled), adds to the window profiles ONLY the rows the database reports as newly inserted (a
// retried batch inserts nothing and so counts nothing), and at the end merges its profiles into the
// stored ones under the model's profile lock, in the same transaction as the rows.
import type { QueryRunner } from "typeorm";
import type { ModelEntity } from "../../db/entities/index.js";
import type { ProfilePrivacyRepository } from "../../db/repositories/profile-privacy-repository.js";
import type { ProfileRepository } from "../../db/repositories/profile-repository.js";
import type { PredictionRow } from "../../db/repositories/telemetry-repository.js";
import { windowContaining } from "../../analytics/health/time-window.js";
import { featurePlan, type FeaturePlan } from "../../analytics/profiles/privacy-rules.js";
import { addRow, emptyWindowProfile, type ProfileBuilderArgs, type WindowProfile } from "../../analytics/profiles/window-profile.js";
import { mergeStored } from "./stored-profiles.js";
import { newPiiSecret, piiHash } from "./pii-hash.js";

export interface IngestProfilesDeps {
  profiles: ProfileRepository;
  privacy: ProfilePrivacyRepository;
  now: () => Date;
}

type Features = Record<string, number | string | null>;

export class IngestProfiles {
  constructor(private readonly deps: IngestProfilesDeps) {}

  /** Starts the session of one request (reads the privacy plan and the reference bins on `q`). */
  async begin(q: QueryRunner, model: ModelEntity): Promise<IngestProfileSession> {
    const windowSeconds = await this.deps.profiles.windowSecondsOf(q, model.systemId);
    const settings = await this.deps.privacy.ofModel(q, model.id, model.systemId);
    const active = model.features.filter((f) => !f.deprecated);
    const plan = featurePlan({ features: active, settings });
    let secret = settings.secret;
    if (plan.plans.some((p) => p.profiledAsHash) && !secret) {
      // Settings naming PII always create the system's secret first (privacy-service); this is a guard.
      secret = newPiiSecret();
      await this.deps.privacy.saveSystem(q, model.systemId, secret);
    }
    const bins = await this.deps.profiles.referenceBins(q, model.id);
    return new IngestProfileSession({
      model, windowSeconds, plan: plan.plans, transform: plan.anyChange, secret,
      builder: { features: active.map((f) => ({ name: f.name, kind: f.kind })), bins: bins?.bins }, deps: this.deps,
    });
  }
}

export class IngestProfileSession {
  private readonly windows = new Map<number, WindowProfile>();
  /** Profiled features of the rows of the batch being written, when they differ from the stored ones. */
  private readonly pending = new Map<string, Features>();

  constructor(
    private readonly s: {
      model: ModelEntity; windowSeconds: number; plan: FeaturePlan[]; transform: boolean; secret: Buffer | null;
      builder: ProfileBuilderArgs; deps: IngestProfilesDeps;
    },
  ) {}

  /** The row to store (privacy plan applied); remembers what to profile for it. */
  prepare(row: PredictionRow): PredictionRow {
    if (!this.s.transform) return row;
    const stored: Features = {};
    const profiled: Features = {};
    for (const p of this.s.plan) {
      const v = row.f[p.name];
      if (v === undefined) continue;
      const value = p.profiledAsHash && typeof v === "string" ? piiHash(this.s.secret!, v) : v;
      profiled[p.name] = value;
      if (p.stored === "raw" || p.stored === "hashed") stored[p.name] = value;
    }
    if (!this.pending.has(row.i)) this.pending.set(row.i, profiled); // the first copy of an id is the one stored
    return { ...row, f: stored };
  }

  /** The rows of a batch that were inserted (not those already stored): counted once, here. */
  inserted(rows: readonly PredictionRow[]): void {
    for (const r of rows) {
      const window = windowContaining(new Date(r.t), this.s.windowSeconds).from.getTime();
      let profile = this.windows.get(window);
      if (!profile) this.windows.set(window, (profile = emptyWindowProfile(this.s.builder)));
      const features = this.pending.get(r.i) ?? r.f;
      addRow(profile, this.s.builder, { features, score: r.s, predictedClass: r.c, segment: r.g });
    }
  }

  /** Forgets the profiled features of a written batch (the next batch may already be prepared). */
  batchDone(rows: readonly PredictionRow[]): void {
    for (const r of rows) this.pending.delete(r.i);
  }

  /** Merges the session's profiles into the stored ones (the request's transaction, the model's profile lock). */
  async flush(q: QueryRunner): Promise<void> {
    if (this.windows.size === 0) return;
    await mergeStored({ q, deps: this.s.deps, model: this.s.model, windowSeconds: this.s.windowSeconds, windows: this.windows });
  }
}
