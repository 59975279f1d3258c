// The drift report on the profile path: the reference bins made sure of, the two ranges' profiles
// merged, the pure report (analytics/profiles/profile-drift-report.ts), and the multivariate
// detector on a uniform sample when raw rows are kept (a profile-only model has none: it says so).
import type * as TF from "@tensorflow/tfjs";
import type { ModelEntity } from "../../db/entities/index.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";
import type { FeatureDriftConfig } from "../../analytics/drift/drift-tests.js";
import { multivariateDrift, type MultivariateDriftResult } from "../../analytics/drift/autoencoder.js";
import { driftSignals } from "../../analytics/drift/drift-signals.js";
import { DEFAULT_SAMPLE_CAP } from "../../analytics/drift/window-summary.js";
import { profileDriftReport } from "../../analytics/profiles/profile-drift-report.js";
import { rawRowsUnavailable, type PrivacyMode } from "../../analytics/profiles/privacy-rules.js";
import { emptyWindowProfile } from "../../analytics/profiles/window-profile.js";
import type { DriftDetectorTrainer } from "../drift/drift-detector-trainer.js";
import type { DriftReportView } from "../drift/drift-service.js";
import { BadInputError } from "../errors.js";
import type { ProfileDriftSource } from "./profile-drift-source.js";

export class ProfileDriftReporter {
  constructor(private readonly deps: { source: ProfileDriftSource; windows: WindowRepository; trainer: DriftDetectorTrainer; tf: typeof TF | undefined }) {}

  async report(args: {
    model: ModelEntity; windowSeconds: number; reference: TimeWindow; current: TimeWindow; referenceSource: DriftReportView["referenceSource"];
    config: Record<string, FeatureDriftConfig>; mode: PrivacyMode; reason: string;
  }): Promise<DriftReportView> {
    const { model, reference, current } = args;
    const { source } = this.deps;
    await source.ensureReferenceBins(model, reference, args.mode, args.windowSeconds);
    const ref = await source.rangeProfile(model, reference);
    if (ref.rows === 0) {
      throw new BadInputError(`reference: no profiled predictions of model '${model.key}' in the windows lying wholly between ${reference.from.toISOString()} and ${reference.to.toISOString()}`);
    }
    const features = model.features.filter((f) => !f.deprecated).map((f) => ({ name: f.name, kind: f.kind }));
    const cur = current.from.getTime() < current.to.getTime() ? await source.rangeProfile(model, current) : null;
    const curProfile = cur && cur.rows > 0 ? cur.profile : emptyWindowProfile({ features });
    const present = features.filter((f) => ref.profile.has(f.name) && curProfile.has(f.name));
    const result = profileDriftReport({ features: present, reference: ref.profile, current: curProfile, config: args.config });
    const { multivariate, status } = await this.multivariate(model, reference, current, args.mode, cur?.rows ?? 0);
    return {
      ...result,
      drifted: result.drifted || multivariate?.drifted === true,
      model, reference, current, referenceSource: args.referenceSource, sampleCap: DEFAULT_SAMPLE_CAP, multivariate, multivariateStatus: status,
      signals: driftSignals({ report: result, multivariate }),
      path: "PROFILE", pathReason: args.reason, errorBound: result.errorBound, rawFeatures: args.mode === "RAW",
    };
  }

  /** The multivariate detector needs raw rows: a uniform sample of the current range when they are kept and the detector is ready. */
  private async multivariate(model: ModelEntity, reference: TimeWindow, current: TimeWindow, mode: PrivacyMode, rows: number): Promise<{ multivariate: MultivariateDriftResult | null; status: string }> {
    const unavailable = rawRowsUnavailable({ modelKey: model.key, mode, what: "the multivariate (autoencoder) drift detector" });
    if (unavailable) return { multivariate: null, status: `unavailable: ${unavailable}` };
    if (rows === 0) return { multivariate: null, status: "unavailable: the current window is empty" };
    const state = await this.deps.trainer.detector(model, reference);
    if (state.status !== "ready") return { multivariate: null, status: `${state.status}: ${state.reason}` };
    const level = rows <= DEFAULT_SAMPLE_CAP ? 0 : Math.min(30, Math.ceil(Math.log2(rows / DEFAULT_SAMPLE_CAP)));
    const sample = await this.deps.windows.sampleRows(model.id, current.from, current.to, level);
    return { multivariate: multivariateDrift({ model: state.detector, rows: sample.map((r) => r.features), tf: this.deps.tf! }), status: "ready" };
  }
}
