// DRIFT and BLAME (issue 6; docs/retraining.md).
//
// DRIFT: samples in the bins / regions that drifted, or with a high reconstruction error (anomaly
// score). q = the empirical percentile of a sample's reconstruction error among the candidates that
// have one (fraction of errors ≤ it, in (0, 1]). "High" means error > `reconstructionErrorThreshold`
// when given, else q ≥ `highErrorQuantile` (default 0.9: the top 10% of the batch).
// A sample is returned when it is in a drifted region or its error is high;
// priority = 0.5 · g + 0.5 · q, where g = 0 outside a drifted region and, inside one, the largest
// excess of the drifted bins the sample falls in (`drift.regions`, see drift-regions.ts: the share of
// the bin's current mass the reference does not explain), or 1 when the caller gave no bins.
// The reasons name each drifted bin ("feature "amount" = 87 is in the drifted bin [80, 95): …").
//
// BLAME: samples whose model is a root cause of an open incident (`blamed`, resolved by the caller
// from the incident graph); priority 1.
import {
  byPriority, type Candidate, fail, fmt, type Prioritized, validateCandidates,
} from "./candidates.js";
import { describeHit } from "./drift-regions.js";

/** Reasons name at most this many drifted bins per sample. */
export const MAX_REGION_REASONS = 3;

export interface DriftArgs {
  candidates: readonly Candidate[];
  reconstructionErrorThreshold?: number;
  highErrorQuantile?: number;
}

export function drift(args: DriftArgs): Prioritized[] {
  const { candidates } = args;
  validateCandidates(candidates);
  const threshold = args.reconstructionErrorThreshold;
  if (threshold !== undefined && !(typeof threshold === "number" && Number.isFinite(threshold) && threshold >= 0)) {
    fail(`reconstructionErrorThreshold must be a finite number ≥ 0, got ${String(threshold)}`);
  }
  const quantile = args.highErrorQuantile ?? 0.9;
  if (typeof quantile !== "number" || !(quantile > 0 && quantile <= 1)) fail(`highErrorQuantile must be in (0, 1], got ${String(args.highErrorQuantile)}`);
  const errors = candidates
    .map((c) => c.drift?.reconstructionError)
    .filter((e): e is number => e !== undefined)
    .sort((a, b) => a - b);
  const percentile = (e: number): number => {
    let lo = 0;
    let hi = errors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (errors[mid]! <= e) lo = mid + 1;
      else hi = mid;
    }
    return lo / errors.length;
  };
  const out: Prioritized[] = [];
  for (const c of candidates) {
    if (c.drift === undefined) continue;
    const reasons: string[] = [];
    let priority = 0;
    if (c.drift.inDriftedRegion) {
      const hits = c.drift.regions ?? [];
      if (hits.length === 0) {
        priority += 0.5;
        reasons.push("in a region of the feature space that drifted");
      } else {
        priority += 0.5 * Math.max(...hits.map((h) => h.excess));
        for (const h of hits.slice(0, MAX_REGION_REASONS)) reasons.push(describeHit(h));
        if (hits.length > MAX_REGION_REASONS) reasons.push(`and ${hits.length - MAX_REGION_REASONS} more drifted bin${hits.length - MAX_REGION_REASONS > 1 ? "s" : ""}`);
      }
    }
    const e = c.drift.reconstructionError;
    let high = false;
    if (e !== undefined) {
      const q = percentile(e);
      priority += 0.5 * q;
      high = threshold !== undefined ? e > threshold : q >= quantile;
      if (high) {
        const than = threshold !== undefined ? `above the threshold ${fmt(threshold)}` : `percentile ${Math.round(100 * q)} of the batch`;
        reasons.push(`reconstruction error ${fmt(e)} is high (${than})`);
      }
    }
    if (c.drift.inDriftedRegion || high) out.push({ id: c.id, priority, reasons });
  }
  return byPriority(out);
}

export interface BlameArgs {
  candidates: readonly Candidate[];
}

export function blame(args: BlameArgs): Prioritized[] {
  const { candidates } = args;
  validateCandidates(candidates);
  return byPriority(
    candidates
      .filter((c) => c.blamed === true)
      .map((c) => ({ id: c.id, priority: 1, reasons: ["its model is a root cause of an open incident"] })),
  );
}
