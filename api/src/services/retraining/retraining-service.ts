// Retraining: rank a model's recent predictions by a strategy (analytics/prioritize), serve the
// ranking read-only, lease batches of it to retraining jobs (claim → ack) through the queue, and
// export it as a stream (export-ranking.ts).
//
// Ranking limits: a ranking looks at the CANDIDATE_WINDOW (20,000) most recent predictions that are
// not consumed, all in memory at once (the strategies are relative to the set they rank: LABEL_ERROR's
// class thresholds, the reconstruction-error percentile, COMBINED's rank fusion and near-duplicate
// suppression). DRIFT (and COMBINED) take per-sample evidence from the drift report of the window
// holding the model's newest prediction: the drifted bins each sample falls in.
import type { ModelEntity } from "../../db/entities/index.js";
import type { CandidateCursor, CandidateRow, RetrainingRepository } from "../../db/repositories/retraining-repository.js";
import { prioritize } from "../../analytics/prioritize/prioritize.js";
import type { Candidate, Prioritized } from "../../analytics/prioritize/candidates.js";
import { driftedRegions, regionHits, type DriftedFeatureInput, type DriftedRegions } from "../../analytics/prioritize/drift-regions.js";
import type { DriftService } from "../drift/drift-service.js";
import type { Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";
import type { RegistryService } from "../registry-service.js";

import { PRIORITY_STRATEGIES, type PriorityStrategy as PriorityStrategyName } from "../../analytics/prioritize/strategies.js";
import { windowContaining, type TimeWindow } from "../../analytics/health/time-window.js";
export { PRIORITY_STRATEGIES, type PriorityStrategyName };
/** The most recent predictions a ranking looks at. */
export const CANDIDATE_WINDOW = 20_000;
/** Candidate rows are read in keyset pages of this many rows. */
export const CANDIDATE_PAGE = 5_000;

export interface RetrainingSampleView {
  predictionId: string;
  model: ModelEntity;
  priority: number;
  reasons: string[];
  timestamp: Date;
  features: Record<string, unknown>;
  prediction: { score: number | null; predictedClass: string | null; probabilities: Record<string, number> | null };
  label: { value: number | null; class: string | null } | null;
  feedback: Array<{ value: number | null; class: string | null }> | null;
}

export interface RetrainingDeps {
  registry: RegistryService;
  retraining: RetrainingRepository;
  /** Drift reports, for DRIFT's per-sample evidence; without it DRIFT finds no sample. */
  drift?: Pick<DriftService, "reportFor">;
  now?: () => Date;
  /** Refuses a PROFILE_ONLY model (docs/privacy.md): its samples have no raw feature values. */
  rawRows?: { requireRawRows(model: ModelEntity, what: string): Promise<void> };
}

/** A drift report's evidence is reused this long for the same model and window (claims come in bursts). */
export const DRIFT_EVIDENCE_TTL_MS = 60_000;

/** What a ranking needs besides the rows: blame and drift evidence, resolved once per ranking. */
export interface RankingContext {
  blamed: boolean;
  regions: DriftedRegions | null;
}

function toCandidate(model: ModelEntity, row: CandidateRow, context: RankingContext): Candidate {
  const { blamed, regions } = context;
  let drift: Candidate["drift"];
  if (regions) {
    const hits = regionHits({ regions, values: { ...row.features, prediction: row.score ?? row.predictedClass } });
    drift = { inDriftedRegion: hits.length > 0, regions: hits };
  }
  return {
    id: row.id,
    task: model.task,
    score: row.score,
    predictedClass: row.predictedClass,
    probabilities: row.probabilities,
    label: row.labelValue === null && row.labelClass === null ? null : { value: row.labelValue, class: row.labelClass },
    feedback: row.feedback ?? [],
    features: row.features,
    blamed,
    ...(drift ? { drift } : {}),
  };
}

export function view(model: ModelEntity, row: CandidateRow, priority: number, reasons: string[]): RetrainingSampleView {
  return {
    predictionId: row.id, model, priority, reasons, timestamp: row.ts, features: row.features,
    prediction: { score: row.score, predictedClass: row.predictedClass, probabilities: row.probabilities },
    label: row.labelValue === null && row.labelClass === null ? null : { value: row.labelValue, class: row.labelClass },
    feedback: row.feedback,
  };
}

export class RetrainingService {
  private readonly evidence = new Map<string, { at: number; regions: DriftedRegions | null }>();

  constructor(private readonly deps: RetrainingDeps) {}

  async candidates(principal: Principal, args: { modelId: string; strategy: string; first: number }): Promise<RetrainingSampleView[]> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "retrainingCandidates", "RETRAIN");
    await this.requireRawRows(model);
    const strategy = checkStrategy(args.strategy);
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > 10_000) throw new BadInputError(`first: expected an integer from 1 to 10000, got ${args.first}`);
    const { rows, ranked } = await this.rank(model, strategy);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ranked.slice(0, args.first).map((p) => view(model, byId.get(p.id)!, p.priority, p.reasons));
  }

  async claim(principal: Principal, args: { modelId: string; size: number; leaseSeconds: number; strategy: string }) {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "claimRetrainingBatch", "RETRAIN");
    await this.requireRawRows(model);
    const strategy = checkStrategy(args.strategy);
    if (!Number.isInteger(args.size) || args.size < 1 || args.size > 10_000) throw new BadInputError(`size: expected an integer from 1 to 10000, got ${args.size}`);
    if (!Number.isInteger(args.leaseSeconds) || args.leaseSeconds < 1 || args.leaseSeconds > 86_400) {
      throw new BadInputError(`leaseSeconds: expected an integer from 1 to 86400, got ${args.leaseSeconds}`);
    }
    const { ranked } = await this.rank(model, strategy);
    const batch = await this.deps.retraining.claim(model.id, strategy, args.size, args.leaseSeconds, ranked);
    const rows = new Map((await this.deps.retraining.byIds(model.id, batch.samples.map((s) => s.predictionId))).map((r) => [r.id, r]));
    return {
      id: batch.batchId,
      leaseExpiresAt: batch.leasedUntil,
      samples: batch.samples.filter((s) => rows.has(s.predictionId)).map((s) => view(model, rows.get(s.predictionId)!, s.priority, s.reasons)),
    };
  }

  async ack(principal: Principal, batchId: string): Promise<number> {
    const batch = isId(batchId) ? await this.deps.retraining.batch(batchId) : null;
    if (!batch) throw new NotFoundError(`batch '${batchId}' not found`);
    await this.deps.registry.requireModel(principal, batch.modelId, "ackRetrainingBatch", "RETRAIN").catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError(`batch '${batchId}' not found`);
      throw error;
    });
    return this.deps.retraining.ack(batchId, batch.modelId);
  }

  /** Retraining samples need raw feature values: BAD_USER_INPUT for a PROFILE_ONLY model. */
  async requireRawRows(model: ModelEntity): Promise<void> {
    await this.deps.rawRows?.requireRawRows(model, "retraining samples");
  }

  private async rank(model: ModelEntity, strategy: PriorityStrategyName) {
    const { rows } = await this.readWindow(model.id, null);
    const context = await this.rankingContext(model, strategy, rows[0]?.ts);
    return { rows, ranked: this.rankWindow(model, strategy, rows, context) };
  }

  /** One window of candidates (CANDIDATE_WINDOW rows at most, newest first) after `cursor`, read in pages. */
  async readWindow(modelId: string, cursor: CandidateCursor | null): Promise<{ rows: CandidateRow[]; next: CandidateCursor | null }> {
    const rows: CandidateRow[] = [];
    let after = cursor;
    while (rows.length < CANDIDATE_WINDOW) {
      const size = Math.min(CANDIDATE_PAGE, CANDIDATE_WINDOW - rows.length);
      const page = await this.deps.retraining.candidates(modelId, size, after);
      for (const r of page) rows.push(r);
      if (page.length < size) return { rows, next: null };
      const last = page[page.length - 1]!;
      after = { ts: last.cursor!, id: last.id };
    }
    return { rows, next: rows.length === CANDIDATE_WINDOW ? after : null };
  }

  /** Blame and drift evidence for rankings of `model` (drift: from the window holding `newest`). */
  async rankingContext(model: ModelEntity, strategy: PriorityStrategyName, newest: Date | undefined): Promise<RankingContext> {
    const blamed = await this.deps.retraining.isRootCauseOfOpenIncident(model.id);
    const regions = strategy === "DRIFT" || strategy === "COMBINED" ? await this.driftEvidence(model, newest) : null;
    return { blamed, regions };
  }

  rankWindow(model: ModelEntity, strategy: PriorityStrategyName, rows: readonly CandidateRow[], context: RankingContext): Prioritized[] {
    return rows.length === 0 ? [] : prioritize({ strategy, candidates: rows.map((r) => toCandidate(model, r, context)) });
  }

  /**
   * The drifted bins of the drift report of the window holding the model's newest prediction (the
   * report the evaluator computes for that window); null when drift cannot be judged yet (no
   * reference, empty window) or no drift service is wired. Reused for DRIFT_EVIDENCE_TTL_MS.
   */
  private async driftEvidence(model: ModelEntity, newest: Date | undefined): Promise<DriftedRegions | null> {
    if (!this.deps.drift || !newest) return null;
    const seconds = await this.deps.retraining.windowSeconds(model.systemId);
    if (!seconds) return null;
    const window = windowContaining(newest, seconds);
    const key = `${model.id}|${window.from.getTime()}`;
    const now = (this.deps.now ?? (() => new Date()))().getTime();
    const cached = this.evidence.get(key);
    if (cached && now - cached.at < DRIFT_EVIDENCE_TTL_MS) return cached.regions;
    const regions = await this.driftRegions(model, window);
    for (const [k, v] of this.evidence) if (now - v.at >= DRIFT_EVIDENCE_TTL_MS) this.evidence.delete(k);
    this.evidence.set(key, { at: now, regions });
    return regions;
  }

  private async driftRegions(model: ModelEntity, window: TimeWindow): Promise<DriftedRegions | null> {
    if (!this.deps.drift) return null;
    let report: Awaited<ReturnType<DriftService["reportFor"]>>;
    try {
      report = await this.deps.drift.reportFor(model, { current: window });
    } catch (error) {
      if (error instanceof BadInputError) return null;
      throw error;
    }
    const features: DriftedFeatureInput[] = [...report.features];
    if (report.predictionDrift && !model.features.some((f) => f.name === "prediction")) features.push(report.predictionDrift);
    return driftedRegions({ features });
  }
}

export function checkStrategy(strategy: string): PriorityStrategyName {
  if (!(PRIORITY_STRATEGIES as readonly string[]).includes(strategy)) throw new BadInputError(`strategy: expected one of ${PRIORITY_STRATEGIES.join(", ")}, got "${strategy}"`);
  return strategy as PriorityStrategyName;
}
