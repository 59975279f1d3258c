// COMBINED: reciprocal rank fusion of the single strategies, then near-duplicate suppression so a
// batch is diverse (issue 6; docs/retraining.md).
//
// Fusion (Cormack, Clarke & Büttcher, "Reciprocal rank fusion outperforms Condorcet and individual
// rank learning methods", SIGIR 2009): each strategy s in `strategies` (default all five) ranks the
// candidates it applies to (1 = first; equal priorities share the best rank of their group). A
// candidate's score is Σ_s w_s / (k + rank_s), over the strategies that returned it, k = `rrfK`
// (default 60, the paper's constant), w_s = `weights[s]` (default 1). priority = score / Σ_s w_s /
// (k + 1), so a candidate ranked first by every strategy has priority 1. Reasons are the strategies'
// reasons, each prefixed "STRATEGY #rank:".
//
// Diversity (greedy, in fused order): numeric features (finite numbers) are standardised with the
// mean and population standard deviation over all candidates (constant features are dropped); the
// distance of two samples is the root-mean-square difference of their z-scores over the features both
// have (no shared feature: infinitely far). A sample within `epsilon` (default 0.1 — on average a
// tenth of a standard deviation per feature) of an already selected one is skipped as a near-
// duplicate; the selected one says how many it stands for. `first` stops the selection early.
// The search is near-duplicates.ts (a grid over the z-scores: same answers as comparing with every
// selected sample, without the O(n²) cost).
import {
  byPriority, type Candidate, fail, type Prioritized, validateCandidates,
} from "./candidates.js";
import { magnitudeScale, maxAbs, populationMoments, standardize } from "../finite-math.js";
import { disagreement, type DisagreementArgs } from "./disagreement.js";
import { blame, drift, type DriftArgs } from "./drift-blame.js";
import { labelError, type LabelErrorArgs } from "./label-error.js";
import { createNearDuplicateIndex } from "./near-duplicates.js";
import { SINGLE_STRATEGIES, type SingleStrategy } from "./strategies.js";
import { uncertainty, type UncertaintyArgs } from "./uncertainty.js";

export { SINGLE_STRATEGIES, type SingleStrategy };

export const RRF_K = 60;
export const DEFAULT_EPSILON = 0.1;

export type StrategyArgs = DisagreementArgs & UncertaintyArgs & LabelErrorArgs & DriftArgs;

export interface CombinedArgs extends StrategyArgs {
  strategies?: readonly SingleStrategy[];
  weights?: Partial<Record<SingleStrategy, number>>;
  rrfK?: number;
  epsilon?: number;
  first?: number;
}

export function runSingleStrategy(strategy: SingleStrategy, args: StrategyArgs): Prioritized[] {
  switch (strategy) {
    case "DISAGREEMENT":
      return disagreement(args);
    case "UNCERTAINTY":
      return uncertainty(args);
    case "LABEL_ERROR":
      return labelError(args);
    case "DRIFT":
      return drift(args);
    case "BLAME":
      return blame(args);
    default: {
      const never: never = strategy;
      return fail(`unknown strategy ${String(never)}`);
    }
  }
}

export function validateFirst(first: unknown): void {
  if (first !== undefined && !(typeof first === "number" && Number.isInteger(first) && first >= 0)) {
    fail(`first must be an integer ≥ 0, got ${String(first)}`);
  }
}

function plainMoments(col: readonly number[]): { mean: number; std: number } {
  const mean = col.reduce((a, b) => a + b, 0) / col.length;
  return { mean, std: Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length) };
}

/** Standardised numeric feature vectors (feature → z-score) per candidate id. */
export function standardisedFeatures(candidates: readonly Candidate[]): Map<string, Map<string, number>> {
  const columns = new Map<string, number[]>();
  for (const c of candidates) {
    for (const [k, v] of Object.entries(c.features)) {
      if (typeof v === "number" && Number.isFinite(v)) {
        const col = columns.get(k) ?? [];
        col.push(v);
        columns.set(k, col);
      }
    }
  }
  const stats = new Map<string, [number, number]>();
  for (const [k, col] of columns) {
    // Ordinary columns as before; beyond 2^500 in scaled units, so that mean and sd stay finite.
    const { mean, std: sd } = magnitudeScale(maxAbs(col)) === 1 ? plainMoments(col) : populationMoments(col);
    if (sd > 0) stats.set(k, [mean, sd]);
  }
  const out = new Map<string, Map<string, number>>();
  for (const c of candidates) {
    const z = new Map<string, number>();
    for (const [k, v] of Object.entries(c.features)) {
      const s = stats.get(k);
      if (s && typeof v === "number" && Number.isFinite(v)) z.set(k, standardize(v, s[0], s[1]));
    }
    out.set(c.id, z);
  }
  return out;
}

/** Root-mean-square z-score difference over the shared features (Infinity when none is shared). */
export function featureDistance(a: Map<string, number>, b: Map<string, number>): number {
  let sum = 0;
  let n = 0;
  for (const [k, za] of a) {
    const zb = b.get(k);
    if (zb === undefined) continue;
    sum += (za - zb) ** 2;
    n += 1;
  }
  return n === 0 ? Infinity : Math.sqrt(sum / n);
}

/** Greedy near-duplicate suppression over an already ranked list (see the header). */
export function suppressNearDuplicates(args: {
  ranked: readonly Prioritized[];
  candidates: readonly Candidate[];
  epsilon?: number;
  first?: number;
}): Prioritized[] {
  const epsilon = args.epsilon ?? DEFAULT_EPSILON;
  if (typeof epsilon !== "number" || !Number.isFinite(epsilon) || epsilon < 0) fail(`epsilon must be a finite number ≥ 0, got ${String(args.epsilon)}`);
  validateFirst(args.first);
  const first = args.first ?? Infinity;
  const index = createNearDuplicateIndex({ vectors: standardisedFeatures(args.candidates), epsilon });
  const selected: Array<{ item: Prioritized; skipped: string[] }> = [];
  for (const item of args.ranked) {
    if (selected.length >= first) break;
    const vector = index.vectorOf(item.id);
    if (vector === undefined) fail(`ranked id "${item.id}" is not among the candidates`);
    const twin = index.firstWithin(vector);
    if (twin !== -1) selected[twin]!.skipped.push(item.id);
    else {
      selected.push({ item, skipped: [] });
      index.add(vector);
    }
  }
  return selected.map(({ item, skipped }) => {
    if (skipped.length === 0) return item;
    const shown = skipped.slice(0, 5).join(", ") + (skipped.length > 5 ? ", …" : "");
    return { ...item, reasons: [...item.reasons, `stands for ${skipped.length} near-duplicate sample${skipped.length > 1 ? "s" : ""} skipped for diversity (${shown})`] };
  });
}

export function combined(args: CombinedArgs): Prioritized[] {
  const { candidates } = args;
  validateCandidates(candidates);
  const strategies = args.strategies ?? SINGLE_STRATEGIES;
  if (!Array.isArray(strategies) || strategies.length === 0) fail("strategies must be a non-empty list");
  for (const s of strategies) if (!(SINGLE_STRATEGIES as readonly unknown[]).includes(s)) fail(`COMBINED cannot fuse strategy ${String(s)}`);
  if (new Set(strategies).size !== strategies.length) fail("strategies must not repeat");
  const k = args.rrfK ?? RRF_K;
  if (typeof k !== "number" || !Number.isFinite(k) || k < 0) fail(`rrfK must be a finite number ≥ 0, got ${String(args.rrfK)}`);
  const weight = (s: SingleStrategy): number => {
    const w = args.weights?.[s] ?? 1;
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) fail(`weight of ${s} must be a finite number ≥ 0, got ${String(w)}`);
    return w;
  };
  const maxScore = strategies.reduce((a, s) => a + weight(s) / (k + 1), 0);
  if (!(maxScore > 0)) fail("at least one strategy needs a positive weight");
  const fused = new Map<string, { score: number; reasons: string[] }>();
  for (const s of strategies) {
    const list = runSingleStrategy(s, args);
    let rank = 0;
    list.forEach((item, i) => {
      if (i === 0 || item.priority !== list[i - 1]!.priority) rank = i + 1;
      const entry = fused.get(item.id) ?? { score: 0, reasons: [] };
      entry.score += weight(s) / (k + rank);
      entry.reasons.push(...item.reasons.map((r) => `${s} #${rank}: ${r}`));
      fused.set(item.id, entry);
    });
  }
  const ranked = byPriority([...fused].map(([id, e]) => ({ id, priority: Math.min(1, e.score / maxScore), reasons: e.reasons })));
  return suppressNearDuplicates({ ranked, candidates, epsilon: args.epsilon, first: args.first });
}
