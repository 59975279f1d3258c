// Retraining: rank a model's recent predictions by a strategy (analytics/prioritize), serve the
// ranking read-only, and lease batches of it to retraining jobs (claim → ack) through the queue.
import type { ModelEntity } from "../../db/entities/index.js";
import type { CandidateRow, RetrainingRepository } from "../../db/repositories/retraining-repository.js";
import { prioritize } from "../../analytics/prioritize/prioritize.js";
import type { Candidate } from "../../analytics/prioritize/candidates.js";
import type { Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";
import type { RegistryService } from "../registry-service.js";

export const PRIORITY_STRATEGIES = ["COMBINED", "DISAGREEMENT", "UNCERTAINTY", "LABEL_ERROR", "DRIFT", "BLAME"] as const;
export type PriorityStrategyName = (typeof PRIORITY_STRATEGIES)[number];
/** The most recent predictions a ranking looks at. */
export const CANDIDATE_WINDOW = 20_000;

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
}

function toCandidate(model: ModelEntity, row: CandidateRow, blamed: boolean): Candidate {
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
  };
}

function view(model: ModelEntity, row: CandidateRow, priority: number, reasons: string[]): RetrainingSampleView {
  return {
    predictionId: row.id, model, priority, reasons, timestamp: row.ts, features: row.features,
    prediction: { score: row.score, predictedClass: row.predictedClass, probabilities: row.probabilities },
    label: row.labelValue === null && row.labelClass === null ? null : { value: row.labelValue, class: row.labelClass },
    feedback: row.feedback,
  };
}

export class RetrainingService {
  constructor(private readonly deps: RetrainingDeps) {}

  async candidates(principal: Principal, args: { modelId: string; strategy: string; first: number }): Promise<RetrainingSampleView[]> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "retrainingCandidates", "RETRAIN");
    const strategy = checkStrategy(args.strategy);
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > 10_000) throw new BadInputError(`first: expected an integer from 1 to 10000, got ${args.first}`);
    const { rows, ranked } = await this.rank(model, strategy);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ranked.slice(0, args.first).map((p) => view(model, byId.get(p.id)!, p.priority, p.reasons));
  }

  async claim(principal: Principal, args: { modelId: string; size: number; leaseSeconds: number; strategy: string }) {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "claimRetrainingBatch", "RETRAIN");
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

  private async rank(model: ModelEntity, strategy: PriorityStrategyName) {
    const rows = await this.deps.retraining.candidates(model.id, CANDIDATE_WINDOW);
    const blamed = await this.deps.retraining.isRootCauseOfOpenIncident(model.id);
    const ranked = rows.length === 0 ? [] : prioritize({ strategy, candidates: rows.map((r) => toCandidate(model, r, blamed)) });
    return { rows, ranked };
  }
}

function checkStrategy(strategy: string): PriorityStrategyName {
  if (!(PRIORITY_STRATEGIES as readonly string[]).includes(strategy)) throw new BadInputError(`strategy: expected one of ${PRIORITY_STRATEGIES.join(", ")}, got "${strategy}"`);
  return strategy as PriorityStrategyName;
}
