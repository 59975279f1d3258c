// What the drift service needs from profiles: the privacy mode of a model, how well its profiles
// cover a range, the merged profile of a range, and the reference bins (set when a reference is
// first read on the profile path: exact percentiles of the raw reference when its rows are kept,
// then the reference windows' profiles are rebuilt on them; the reference profile's quantiles
// otherwise).
import type { DataSource } from "typeorm";
import type { ModelEntity } from "../../db/entities/index.js";
import { withTransaction } from "../../db/queryable.js";
import type { ProfilePrivacyRepository } from "../../db/repositories/profile-privacy-repository.js";
import type { ProfileRepository } from "../../db/repositories/profile-repository.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";
import { windowContaining } from "../../analytics/health/time-window.js";
import { effectiveMode, featurePlan, protectedNumeric, type PrivacyMode } from "../../analytics/profiles/privacy-rules.js";
import { referenceBinsOf, referenceBinsOfView, type ReferenceBins } from "../../analytics/profiles/reference-bins.js";
import { distributionView } from "../../analytics/profiles/profile-drift.js";
import { addRow, emptyWindowProfile, profiledRows, SCORE_COLUMN, type WindowProfile } from "../../analytics/profiles/window-profile.js";
import { decodeRows, mergeWindows } from "./stored-profiles.js";
import { summarizeColumn, type ColumnSummary } from "../../analytics/profiles/profile-summary.js";
import { encodeColumnProfile } from "../../analytics/profiles/profile-codec.js";

export interface ProfileDriftSourceDeps {
  dataSource: DataSource;
  profiles: ProfileRepository;
  privacy: ProfilePrivacyRepository;
  now: () => Date;
}

function inside(range: TimeWindow, start: Date, windowSeconds: number): boolean {
  return start.getTime() >= range.from.getTime() && start.getTime() + windowSeconds * 1000 <= range.to.getTime();
}

export class ProfileDriftSource {
  constructor(private readonly deps: ProfileDriftSourceDeps) {}

  async mode(model: ModelEntity): Promise<PrivacyMode> {
    return effectiveMode(await this.deps.privacy.ofModel(null, model.id, model.systemId)).mode;
  }

  /** Numeric features whose values reads must not show (pii, or profile-only and not opted in). */
  async protectedNumeric(model: ModelEntity): Promise<Set<string>> {
    const settings = await this.deps.privacy.ofModel(null, model.id, model.systemId);
    return protectedNumeric(featurePlan({ features: model.features.filter((f) => !f.deprecated), settings }).plans);
  }

  /** The first profiled window holding at least `min` rows (the default reference of a model known by profiles only). */
  async firstWindowWithAtLeast(model: ModelEntity, min: number): Promise<TimeWindow | null> {
    const w = await this.deps.profiles.firstWindowWithAtLeast(model.id, SCORE_COLUMN, min);
    return w ? { from: new Date(w.windowStart), to: new Date(new Date(w.windowStart).getTime() + w.windowSeconds * 1000) } : null;
  }

  /** Rows counted by the profiles of the windows lying wholly inside the range. */
  async profiledRows(model: ModelEntity, range: TimeWindow): Promise<number> {
    const rows = await this.deps.profiles.rowsPerWindow(model.id, range.from, range.to, SCORE_COLUMN);
    return rows.filter((r) => inside(range, new Date(r.windowStart), r.windowSeconds)).reduce((a, r) => a + r.rowCount, 0);
  }

  /** Each window's profile starting in [from, to), summarized for reads (protected values withheld). */
  async summaries(model: ModelEntity, from: Date, to: Date): Promise<Array<{ windowStart: Date; windowSeconds: number; rows: number; columns: ColumnSummary[] }>> {
    const rows = await this.deps.profiles.inRange(model.id, from, to);
    const hidden = await this.protectedNumeric(model);
    const seconds = new Map(rows.map((r) => [new Date(r.windowStart).getTime(), r.windowSeconds]));
    return [...decodeRows(rows)].map(([start, w]) => ({
      windowStart: new Date(start), windowSeconds: seconds.get(start)!, rows: profiledRows(w),
      columns: [...w].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([column, profile]) => summarizeColumn({ column, profile, protectedValues: hidden.has(column) })),
    }));
  }

  /** The merge of the profiles of the windows lying wholly inside the range, and how many windows. */
  async rangeProfile(model: ModelEntity, range: TimeWindow): Promise<{ profile: WindowProfile; windows: number; rows: number }> {
    const rows = (await this.deps.profiles.inRange(model.id, range.from, range.to)).filter((r) => inside(range, new Date(r.windowStart), r.windowSeconds));
    const windows = decodeRows(rows);
    const profile = mergeWindows(windows.values());
    return { profile, windows: windows.size, rows: profiledRows(profile) };
  }

  /**
   * Makes sure the model's reference bins come from this reference (new windows are counted on
   * them from then on).
   */
  async ensureReferenceBins(model: ModelEntity, reference: TimeWindow, mode: PrivacyMode, windowSeconds: number): Promise<void> {
    const stored = await this.deps.profiles.referenceBins(this.deps.dataSource, model.id);
    if (stored && stored.from.getTime() === reference.from.getTime() && stored.to.getTime() === reference.to.getTime()) return;
    const numeric = [...model.features.filter((f) => !f.deprecated && f.kind === "NUMERIC").map((f) => f.name), SCORE_COLUMN];
    const bins: Record<string, ReferenceBins> = {};
    if (mode === "RAW") {
      const rows = await this.deps.profiles.rawRows(this.deps.dataSource, model.id, reference.from, reference.to);
      for (const column of numeric) {
        const values = rows.map((r) => (column === SCORE_COLUMN ? r.score : r.features[column])).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
        if (values.length > 0) bins[column] = referenceBinsOf(values);
      }
      await this.rebuildReference(model, reference, windowSeconds, bins);
    } else {
      const { profile } = await this.rangeProfile(model, reference);
      for (const column of numeric) {
        const p = profile.get(column);
        if (p && p.kind === "NUMERIC" && p.count > 0) bins[column] = referenceBinsOfView(distributionView(p));
      }
    }
    await this.deps.profiles.saveReferenceBins(this.deps.dataSource, { systemId: model.systemId, modelId: model.id, from: reference.from, to: reference.to, bins, exact: mode === "RAW" }, this.deps.now());
  }

  /**
   * Replaces the profiles of the windows inside the reference by ones rebuilt from their raw rows
   * on the new bins, under the model's profile lock (ingestion into those windows waits), so the
   * reference's bin counts are exact.
   */
  private async rebuildReference(model: ModelEntity, reference: TimeWindow, windowSeconds: number, bins: Record<string, ReferenceBins>): Promise<void> {
    const args = { features: model.features.filter((f) => !f.deprecated).map((f) => ({ name: f.name, kind: f.kind })), bins };
    await withTransaction(this.deps.dataSource, async (q) => {
      await this.deps.profiles.lock(q, model.id);
      const windows = new Map<number, WindowProfile>();
      for (const r of await this.deps.profiles.rawRows(q, model.id, reference.from, reference.to)) {
        const start = windowContaining(new Date(r.ts), windowSeconds).from;
        if (!inside(reference, start, windowSeconds)) continue;
        let w = windows.get(start.getTime());
        if (!w) windows.set(start.getTime(), (w = emptyWindowProfile(args)));
        addRow(w, args, r);
      }
      const upserts = [];
      for (const [start, w] of windows) for (const [column, p] of w) upserts.push({ windowStart: new Date(start), column, kind: p.kind, rowCount: p.count + p.missing, profile: encodeColumnProfile(p) });
      await this.deps.profiles.upsert(q, { systemId: model.systemId, modelId: model.id, windowSeconds }, upserts, this.deps.now());
    });
  }
}
