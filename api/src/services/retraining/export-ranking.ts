// The retraining export (issue 6, item 3): a model's ranked samples as a stream, read-only (nothing
// is leased), for jobs that want files.
//
// Ranking limits, honestly: a ranking is relative to the set it ranks (LABEL_ERROR's class
// thresholds, the reconstruction-error percentile, COMBINED's rank fusion and near-duplicate
// suppression), so it needs its candidates in memory. The export therefore ranks WINDOW BY WINDOW:
// window 1 is the CANDIDATE_WINDOW (20,000) most recent unconsumed predictions — exactly the set and
// the order `retrainingCandidates` serves — window 2 the next 20,000 older ones, and so on, each
// ranked on its own and emitted in full before the next is read. Memory is bounded by one window
// (its rows are read in keyset pages of CANDIDATE_PAGE rows and dropped once emitted), whatever the
// limit. The order is global within a window, not across windows: a high-priority sample of window
// 2 follows the low-priority tail of window 1 (every sample says its `window`). Blame and drift
// evidence (the drift report of the window holding the newest prediction) are resolved once.
import type { ModelEntity } from "../../db/entities/index.js";
import type { CandidateCursor } from "../../db/repositories/retraining-repository.js";
import type { Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";
import { checkStrategy, type PriorityStrategyName, type RankingContext, type RetrainingSampleView, type RetrainingService, view } from "./retraining-service.js";

export const EXPORT_DEFAULT_LIMIT = 10_000;
export const EXPORT_MAX_LIMIT = 1_000_000;

export interface ExportedSample extends RetrainingSampleView {
  /** 1-based position in the export. */
  rank: number;
  /** 1-based candidate window the sample was ranked in (1: the most recent CANDIDATE_WINDOW predictions). */
  window: number;
  strategy: PriorityStrategyName;
}

export interface RetrainingExport {
  model: ModelEntity;
  strategy: PriorityStrategyName;
  limit: number;
  samples: AsyncGenerator<ExportedSample, void, undefined>;
}

/** Authorizes and validates an export (so errors come before the first byte), then returns its stream. */
export async function prepareExport(
  deps: { registry: RegistryService; retraining: RetrainingService },
  principal: Principal,
  args: { modelId: string; strategy?: string; limit?: number },
): Promise<RetrainingExport> {
  const model = await deps.registry.requireModel(principal, args.modelId, "the retraining export", "RETRAIN");
  await deps.retraining.requireRawRows(model);
  const strategy = checkStrategy(args.strategy ?? "COMBINED");
  const limit = args.limit ?? EXPORT_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > EXPORT_MAX_LIMIT) {
    throw new BadInputError(`limit: expected an integer from 1 to ${EXPORT_MAX_LIMIT}, got ${limit}`);
  }
  return { model, strategy, limit, samples: exportSamples(deps.retraining, model, strategy, limit) };
}

async function* exportSamples(service: RetrainingService, model: ModelEntity, strategy: PriorityStrategyName, limit: number): AsyncGenerator<ExportedSample, void, undefined> {
  const state: WindowState = { emitted: 0, cursor: null, context: null };
  for (let window = 1; state.emitted < limit; window++) {
    // One generator per window: when it returns, its frame (the window's rows and ranking) is
    // garbage before the next window is read — a suspended generator keeps every register alive.
    const more = yield* rankedWindow(service, model, strategy, limit, window, state);
    if (!more) return;
  }
}

interface WindowState {
  emitted: number;
  cursor: CandidateCursor | null;
  context: RankingContext | null;
}

/** Reads, ranks and yields one window; returns whether an older window may follow. */
async function* rankedWindow(
  service: RetrainingService, model: ModelEntity, strategy: PriorityStrategyName, limit: number, window: number, state: WindowState,
): AsyncGenerator<ExportedSample, boolean, undefined> {
  const { rows, next } = await service.readWindow(model.id, state.cursor);
  if (rows.length === 0) return false;
  state.context ??= await service.rankingContext(model, strategy, rows[0]!.ts);
  const ranked = service.rankWindow(model, strategy, rows, state.context);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const p of ranked) {
    if (state.emitted >= limit) return false;
    state.emitted += 1;
    yield { ...view(model, byId.get(p.id)!, p.priority, p.reasons), rank: state.emitted, window, strategy };
  }
  state.cursor = next;
  return next !== null;
}
