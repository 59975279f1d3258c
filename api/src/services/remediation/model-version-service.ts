// Model versions: a rollout is registered with the time it went live (default: now) and becomes
// the model's current version (an earlier version may go live again: a rollback, also recorded
// when a remediation ROLLBACK is accepted); telemetry may carry its version (without one, a prediction belongs
// to the version live at its timestamp). Health before and after a rollout is compared from the
// stored predictions of both versions (analytics/remediation/version-comparison.ts), and a rollout
// at the onset of a model's trouble is named as evidence (rollout-evidence.ts).
import type { ModelVersionRepository, ModelVersionRow } from "../../db/repositories/model-version-repository.js";
import type { ModelEntity } from "../../db/entities/index.js";
import type { Transactions } from "../../db/transactions.js";
import { compareVersions, type VersionComparison } from "../../analytics/remediation/version-comparison.js";
import { rolloutEvidence, troubleOnset, type RolloutEvidence } from "../../analytics/remediation/rollout-evidence.js";
import { liveIntervals } from "../../analytics/remediation/version-intervals.js";
import { windowBefore } from "../../analytics/health/time-window.js";
import type { ModelTaskName } from "../../analytics/model-tasks.js";
import { requireScope, type Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";
import { storableText } from "../ingest/validate-values.js";

/** The predictions of each version a comparison reads (the most recent ones). */
export const COMPARISON_ROWS = 20_000;
/** How far back the start of a model's current trouble is looked for (windows). */
const ONSET_HISTORY_WINDOWS = 500;
const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+\-]{0,63}$/;

export interface ModelVersionDeps {
  registry: RegistryService;
  versions: ModelVersionRepository;
  transactions: Transactions;
  now: () => Date;
}

export class ModelVersionService {
  constructor(private readonly deps: ModelVersionDeps) {}

  async register(principal: Principal, args: { modelId: string; version: string; notes: string | null; liveAt: Date | null }): Promise<ModelVersionRow> {
    const model = await this.deps.registry.requireActiveModel(principal, args.modelId, "registerModelVersion");
    if (!VERSION_PATTERN.test(args.version)) throw new BadInputError(`version: expected 1 to 64 letters, digits, '.', '_', '+' or '-' starting with a letter or digit, got "${args.version}"`);
    const notes = args.notes ?? "";
    if (notes.length > 4_000 || !storableText(notes)) throw new BadInputError("notes: expected text of at most 4000 characters without NUL");
    const liveAt = args.liveAt ?? this.deps.now();
    if (Number.isNaN(liveAt.getTime())) throw new BadInputError("liveAt: not a valid time");
    const known = await this.deps.versions.ofModel(model.id);
    const latest = known[known.length - 1];
    if (latest && latest.version === args.version) throw new BadInputError(`version: "${args.version}" is already the current version of ${model.key}`);
    if (latest && liveAt.getTime() < latest.liveAt.getTime()) throw new BadInputError(`liveAt: must not be before the current version ${latest.version} went live (${latest.liveAt.toISOString()})`);
    return this.store({ systemId: model.systemId, modelId: model.id, version: args.version, notes, liveAt, actionId: null });
  }

  /**
   * A remediation ROLLBACK the runner accepted: `toVersion` goes live again now and is the model's
   * current version (so predictions without a version belong to it from now on). Nothing when it
   * already is the current version.
   */
  async recordRollback(args: { systemId: string; modelId: string; toVersion: string; actionId: string }): Promise<ModelVersionRow | null> {
    const known = await this.deps.versions.ofModel(args.modelId);
    const latest = known[known.length - 1];
    if (!latest || latest.version === args.toVersion) return null;
    const liveAt = new Date(Math.max(this.deps.now().getTime(), latest.liveAt.getTime()));
    return this.store({ systemId: args.systemId, modelId: args.modelId, version: args.toVersion, notes: `rolled back from ${latest.version} by remediation action ${args.actionId}`, liveAt, actionId: args.actionId });
  }

  private async store(row: { systemId: string; modelId: string; version: string; notes: string; liveAt: Date; actionId: string | null }): Promise<ModelVersionRow> {
    const tx = await this.deps.transactions.begin();
    try {
      const stored = await this.deps.versions.insert(tx.q, row);
      if (!stored) throw new BadInputError(`liveAt: version "${row.version}" already went live at ${row.liveAt.toISOString()}`);
      await this.deps.versions.setCurrent(tx.q, row.modelId, row.version);
      await tx.commit();
      return stored;
    } catch (error) {
      await tx.abort(error);
      throw error;
    }
  }

  async list(principal: Principal, modelId: string): Promise<ModelVersionRow[]> {
    const model = await this.deps.registry.requireModel(principal, modelId, "modelVersions", "READ");
    return this.deps.versions.ofModel(model.id);
  }

  /** `version` against the one before it (default: the current version against its predecessor); null when there is no earlier version. */
  async compare(principal: Principal, args: { modelId: string; version: string | null }): Promise<(VersionComparison & { model: ModelEntity; liveAt: Date }) | null> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "compareModelVersions", "READ");
    const versions = await this.deps.versions.ofModel(model.id);
    // The latest time `version` went live (a version may go live again after a rollback).
    const i = args.version === null ? versions.length - 1 : versions.map((v) => v.version).lastIndexOf(args.version);
    if (args.version !== null && i < 0) throw new NotFoundError(`version: ${model.key} has no version "${args.version}"`);
    if (i < 1) return null;
    const [before, after] = [versions[i - 1]!, versions[i]!];
    const rowsOf = (version: string) => this.deps.versions.predictionsOf(model.id, version, liveIntervals({ rollouts: versions, version }), COMPARISON_ROWS);
    const [rb, ra] = await Promise.all([rowsOf(before.version), rowsOf(after.version)]);
    const features = model.features.filter((f) => f.kind === "NUMERIC").map((f) => f.name);
    const comparison = compareVersions({ task: model.task as ModelTaskName, features, before: { version: before.version, rows: rb }, after: { version: after.version, rows: ra } });
    return { ...comparison, model, liveAt: after.liveAt };
  }

  /**
   * The rollout named in a model's health for the window before `at`: the latest version that went
   * live in the window its current trouble started (the stored model_health run reaching that
   * window) or the ROLLOUT_LOOKBACK_WINDOWS before it, with its weight; null when it is healthy.
   */
  async rolloutAt(principal: Principal, args: { model: { id: string; key: string }; windowSeconds: number; at: Date }): Promise<RolloutEvidence | null> {
    requireScope(principal, "READ", "rollout");
    const versions = await this.deps.versions.ofModel(args.model.id);
    const window = windowBefore(args.at, args.windowSeconds);
    const onset = troubleOnset(await this.deps.versions.statusHistory(args.model.id, window.from, ONSET_HISTORY_WINDOWS));
    if (!onset) return null;
    const rollouts = versions.map((v, i) => ({ modelId: v.modelId, version: v.version, previousVersion: versions[i - 1]?.version ?? null, liveAt: v.liveAt })).filter((r) => r.previousVersion !== null);
    return rolloutEvidence({ rollouts, onsets: new Map([[args.model.id, onset]]), windowSeconds: args.windowSeconds, keyOf: () => args.model.key })[0] ?? null;
  }
}
