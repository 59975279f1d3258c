// DISAGREEMENT: the label or user feedback is far from a confident prediction (issue 6; docs/retraining.md
// "Retraining"). Per task:
//   - REGRESSION / RANKING: gap = |observed − score|, z = gap / spread where spread is the population
//     standard deviation of the scores of that task's candidates (or `spread` when given; 1 when the
//     scores do not vary). priority = z / (1 + z): 0.5 at a gap of one spread, → 1 for huge gaps.
//   - BINARY: p = calibrated P(positive), y ∈ {0, 1} observed. The observation contradicts the
//     prediction when |y − p| > 0.5; priority = 2|y − p| − 1 (0 at the boundary, 1 for a prediction
//     made with certainty). "High confidence" in a reason means the predicted class had p ≥ 0.8.
//   - MULTICLASS: the observed class c differs from the top class k; priority = p_k − p_c.
// A candidate with several observations (label and feedback) takes its largest priority and keeps a
// reason per contradicting observation. Candidates without a contradiction are not returned.
import { standardDeviation } from "simple-statistics";
import { clampFinite, magnitudeScale, maxAbs, populationMoments } from "../finite-math.js";
import {
  binaryOutcome, byPriority, type Candidate, type ClassOptions, DEFAULT_BINARY_CLASSES, fail, fmt, observations,
  observedClass, positiveProbability, type Prioritized, topClass, validateCandidates, validateClassOptions,
} from "./candidates.js";

export const HIGH_CONFIDENCE = 0.8;

export interface DisagreementArgs extends ClassOptions {
  candidates: readonly Candidate[];
  /** Regression / ranking: the scale of a gap (default: population std of the scores per task). */
  spread?: number;
}

function observed(source: "label" | "feedback", cls: string): string {
  return source === "feedback" ? `user said "${cls}"` : `labelled "${cls}"`;
}

/** Population std of the scores; beyond 2^500 in scaled units so that it stays finite (finite-math.ts). */
function spreadOf(scores: readonly number[]): number {
  return magnitudeScale(maxAbs(scores)) === 1 ? standardDeviation(scores) : populationMoments(scores).std;
}

export function disagreement(args: DisagreementArgs): Prioritized[] {
  const { candidates } = args;
  validateCandidates(candidates);
  validateClassOptions(args);
  if (args.spread !== undefined && !(typeof args.spread === "number" && Number.isFinite(args.spread) && args.spread > 0)) {
    fail(`spread must be a finite number > 0, got ${String(args.spread)}`);
  }
  const spreads = new Map<string, number>();
  for (const task of ["REGRESSION", "RANKING"] as const) {
    const scores = candidates.filter((c) => c.task === task && c.score !== null).map((c) => c.score!);
    const s = scores.length >= 2 ? spreadOf(scores) : 0;
    spreads.set(task, args.spread ?? (s > 0 ? s : 1));
  }
  const [negative, positive] = args.binaryClasses ?? DEFAULT_BINARY_CLASSES;
  const out: Prioritized[] = [];
  for (const c of candidates) {
    let priority = 0;
    const reasons: string[] = [];
    const obs = observations(c);
    if (obs.length === 0) continue;
    switch (c.task) {
      case "REGRESSION":
      case "RANKING": {
        if (c.score === null) break;
        const spread = spreads.get(c.task)!;
        for (const o of obs) {
          if (o.value === null) continue;
          const gap = Math.abs(o.value - c.score);
          if (gap === 0) continue;
          const z = clampFinite(gap / spread); // z / (1 + z) → 1, never NaN, for a gap beyond float64
          priority = Math.max(priority, z / (1 + z));
          const verb = o.source === "feedback" ? "user rated" : "label is";
          reasons.push(`${verb} ${fmt(o.value)}, model predicted ${fmt(c.score)} (off by ${fmt(gap)} = ${fmt(z)} standard deviations of the scores)`);
        }
        break;
      }
      case "BINARY_CLASSIFICATION": {
        const p = positiveProbability(c, args);
        if (p === null) break;
        for (const o of obs) {
          const y = binaryOutcome(c, o, args);
          const distance = Math.abs(y - p);
          if (distance <= 0.5) continue;
          priority = Math.max(priority, 2 * distance - 1);
          const predicted = y === 1 ? negative : positive;
          const pPred = y === 1 ? 1 - p : p;
          const confidence = pPred >= HIGH_CONFIDENCE ? "with high confidence " : "";
          reasons.push(`${observed(o.source, y === 1 ? positive : negative)}, model predicted "${predicted}" ${confidence}(probability ${fmt(pPred)})`);
        }
        break;
      }
      case "MULTICLASS_CLASSIFICATION": {
        if (c.probabilities === null) break;
        const top = topClass(c.probabilities);
        if (top === null) break;
        const [k, pk] = top;
        for (const o of obs) {
          const cls = observedClass(o);
          if (cls === k) continue;
          const pc = c.probabilities[cls] ?? 0;
          if (pk - pc <= 0) continue;
          priority = Math.max(priority, pk - pc);
          const confidence = pk >= HIGH_CONFIDENCE ? "with high confidence " : "";
          reasons.push(`${observed(o.source, cls)}, model predicted "${k}" ${confidence}(probability ${fmt(pk)}; "${cls}" ${fmt(pc)})`);
        }
        break;
      }
      default: {
        const never: never = c.task;
        fail(`unknown task ${String(never)}`);
      }
    }
    if (priority > 0) out.push({ id: c.id, priority, reasons });
  }
  return byPriority(out);
}
