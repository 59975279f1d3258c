// When, inside its window, did a model turn anomalous? A single change-point in the mean of the
// per-bucket statistics of its breached signals (issue #12, point 1: "Onset inside the window").
//
// Input: for each breached signal a series of time buckets of the window (count n_b and mean x_b
// of a per-row statistic: a numeric feature's value, the score, or a 0/1 indicator such as
// "missing" or "out of the reference range"), and the reference window's mean/std/count of the
// same statistic. Buckets are merged to B ≤ MAX_BUCKETS buckets of ≥ MIN_ROWS_PER_BUCKET rows on
// average (the width follows the window length and the row count).
//
// Stage A — a change inside the window (Hinkley 1970; Worsley 1979; one split of binary
// segmentation, Scott & Knott 1974): for a split τ (buckets < τ | ≥ τ) and each series s with B_s
// non-empty buckets, weights n_b, TSS_s = Σ n_b (x_b − x̄)² and
//   RSS_s(τ) = TSS_s − W_L·W_R / W · (x̄_L − x̄_R)²,
// the Gaussian likelihood ratio of "one mean" against "a mean before and after τ" with an
// unknown variance is 2·log LR_s(τ) = B_s·ln(TSS_s / RSS_s(τ)). The series share the split:
//   Λ(τ) = Σ_s 2·log LR_s(τ),    τ̂ = argmax Λ(τ),    τ ∈ [MIN_SEGMENT, B − MIN_SEGMENT].
// The variance comes from the bucket means themselves, so over-dispersion (autocorrelated rows, a
// reference that is not quite the window) raises the noise rather than the evidence; each series
// is scale-free, so features, scores and shares combine without weights. A change is accepted when
// Λ(τ̂) ≥ 17 + 3.25·k (k = number of series): the 99.9% quantile of max Λ on stationary data,
// simulated for B ∈ {10 … 240}, k ∈ {1 … 4}, Gaussian and Bernoulli(0.1) rows (≈ 20, 23.5, 26.8,
// 30 for k = 1 … 4).
// Sub-bucket time: the buckets either side of the split are mixtures; with f_j the share of bucket j
// at the post-change level ((x_j − x̄_L)/(x̄_R − x̄_L), pooled over the series, clamped to [0, 1];
// levels from the buckets beyond j ± 1), the change is at τ̂ − f_{τ̂−1} + (1 − f_{τ̂}) buckets
// (rows assumed spread evenly over a bucket).
//
// Stage B — already changed when the window opened: the segment before the change (the whole
// window when stage A found none; the mixed bucket left out) against the reference,
//   z_s = (x̄_seg − μ_ref) / sqrt(σ̂²/W_seg + σ_ref²/n_ref),   σ̂² = max(σ_ref², RSS/(B_s − p)),
//   Σ z_s² ~ χ²_k; changed when p < 0.001 and some |x̄_seg − μ_ref| ≥ MIN_SHIFT·σ_ref.
// Changed → the window start; else the stage A time; no stage A change and not changed → null.
// Shares use σ_ref = sqrt(p̃(1 − p̃)), p̃ = (p·n + 0.5)/(n + 1), so a reference without a single
// missing value still has a scale. Without a reference, stage B is skipped.
//
// Null (with the reason) when: no usable series, fewer than MIN_ROWS rows or MIN_BUCKETS buckets,
// no significant change and not changed at the start, or all series constant.
// False-positive rate, measured by test/analytics/health/onset-in-window.test.ts on 1,000 seeded
// stationary windows drawn from the reference distribution (stage A and B together): see that test
// and api/src/analytics/README.md (0.2% at the last measurement).
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";

const MODULE = "analytics/onset-in-window";

export const MAX_BUCKETS = 120;
export const MIN_BUCKETS = 10;
export const MIN_ROWS_PER_BUCKET = 10;
export const MIN_ROWS = 100;
/** Finest buckets a repository is asked for over a window (they are merged here). */
export const FINE_BUCKETS = 1_200;
/** Buckets on each side of a split, at least. */
export const MIN_SEGMENT = 2;
export const MAX_SERIES = 4;
/** Stage B: significance and the smallest shift (in reference standard deviations) that counts. */
export const START_ALPHA = 0.001;
export const MIN_SHIFT = 0.1;

/** Stage A acceptance threshold on Λ(τ̂) for k series (≈ 99.9% quantile under no change). */
export function changeThreshold(k: number): number {
  return 17 + 3.25 * k;
}

export interface OnsetBucket {
  /** Bucket number from the window start (width `bucketMs`). */
  index: number;
  count: number;
  /** Mean of the per-row statistic (a share for 0/1 indicators); ignored when count is 0. */
  mean: number | null;
}

export interface OnsetSeries {
  name: string;
  /** "share": a 0/1 indicator (its reference std is derived from the mean). */
  kind: "mean" | "share";
  buckets: readonly OnsetBucket[];
  reference: { mean: number; std: number; count: number } | null;
}

export interface OnsetEstimate {
  /** Epoch ms, or null when the onset cannot be resolved. */
  onset: number | null;
  reason: string | null;
  /** Width of the buckets the split was searched on. */
  bucketMs: number;
  /** Λ(τ̂) and its threshold (null when no split was searched). */
  statistic: number | null;
  threshold: number | null;
  /** True when the model had already changed when the window opened. */
  atStart: boolean;
}

/** Width (ms) of the fine buckets to load for a window: a whole number of ms, at most FINE_BUCKETS of them. */
export function fineBucketMs(args: { windowMs: number }): number {
  if (!(Number.isFinite(args.windowMs) && args.windowMs > 0)) throw new Error(`${MODULE}: windowMs must be positive, got ${args.windowMs}`);
  return Math.max(1, Math.ceil(args.windowMs / FINE_BUCKETS));
}

interface Dense {
  name: string;
  n: Float64Array;
  x: Float64Array;
  /** Reference mean and per-row std (null: none). */
  ref: { mean: number; std: number; count: number } | null;
}

export function onsetInWindow(args: { window: { from: number; to: number }; bucketMs: number; series: readonly OnsetSeries[] }): OnsetEstimate {
  const { window, bucketMs, series } = args;
  if (!(Number.isFinite(window.from) && Number.isFinite(window.to) && window.to > window.from)) throw new Error(`${MODULE}: window must have finite from < to, got ${window.from} – ${window.to}`);
  if (!(Number.isFinite(bucketMs) && bucketMs > 0)) throw new Error(`${MODULE}: bucketMs must be positive, got ${bucketMs}`);
  if (series.length > MAX_SERIES) throw new Error(`${MODULE}: at most ${MAX_SERIES} series, got ${series.length}`);
  const fine = Math.ceil((window.to - window.from) / bucketMs);
  for (const s of series) checkBuckets(s, fine);
  const none = (reason: string, width = bucketMs): OnsetEstimate => ({ onset: null, reason, bucketMs: width, statistic: null, threshold: null, atStart: false });
  const rows = Math.max(0, ...series.map((s) => total(s.buckets)));
  if (series.length === 0) return none("no breached signal with a usable statistic");
  if (rows < MIN_ROWS) return none(`too few predictions (${rows} < ${MIN_ROWS})`);
  const factor = Math.max(1, Math.ceil(fine / Math.min(MAX_BUCKETS, Math.floor(rows / MIN_ROWS_PER_BUCKET))));
  const B = Math.ceil(fine / factor);
  const width = factor * bucketMs;
  const dense = series.map((s) => densify(s, B, factor));
  const usable = dense.filter((d) => nonEmpty(d) >= MIN_BUCKETS && spread(d) > 0);
  if (B < MIN_BUCKETS || usable.length === 0) {
    if (B >= MIN_BUCKETS && dense.some((d) => nonEmpty(d) >= MIN_BUCKETS)) return startOrNull({ dense, B, width, from: window.from });
    return none(`too few buckets with predictions (fewer than ${MIN_BUCKETS})`, width);
  }
  const split = bestSplit(usable, B);
  const threshold = changeThreshold(usable.length);
  if (split === null || split.statistic < threshold) {
    const start = startOrNull({ dense, B, width, from: window.from });
    return { ...start, statistic: split?.statistic ?? null, threshold };
  }
  const tau = split.tau;
  const changedBefore = changedAgainstReference({ dense, lo: 0, hi: tau - 1, tau });
  if (changedBefore) return { onset: window.from, reason: null, bucketMs: width, statistic: split.statistic, threshold, atStart: true };
  const at = tau - mixedShare(usable, tau - 1, tau) + (1 - mixedShare(usable, tau, tau));
  const onset = Math.min(window.to, window.from + Math.max(0, at) * width);
  return { onset: Math.round(onset), reason: null, bucketMs: width, statistic: split.statistic, threshold, atStart: false };
}

function total(buckets: readonly OnsetBucket[]): number {
  let n = 0;
  for (const b of buckets) if (b.count > 0 && b.mean !== null && Number.isFinite(b.mean)) n += b.count;
  return n;
}

function checkBuckets(s: OnsetSeries, fine: number): void {
  for (const b of s.buckets) {
    if (!(Number.isInteger(b.index) && b.index >= 0 && b.index < fine)) throw new Error(`${MODULE}: series '${s.name}': bucket index must be an integer in [0, ${fine}), got ${b.index}`);
    if (!(Number.isFinite(b.count) && b.count >= 0)) throw new Error(`${MODULE}: series '${s.name}': bucket count must be ≥ 0, got ${b.count}`);
  }
}

/** Merges the fine buckets `factor` at a time into B dense buckets. */
function densify(s: OnsetSeries, B: number, factor: number): Dense {
  const n = new Float64Array(B);
  const sum = new Float64Array(B);
  for (const b of s.buckets) {
    if (b.count === 0 || b.mean === null || !Number.isFinite(b.mean)) continue;
    const j = Math.floor(b.index / factor);
    n[j]! += b.count;
    sum[j]! += b.count * b.mean;
  }
  const x = new Float64Array(B);
  for (let j = 0; j < B; j++) x[j] = n[j]! > 0 ? sum[j]! / n[j]! : 0;
  return { name: s.name, n, x, ref: referenceScale(s) };
}

function referenceScale(s: OnsetSeries): Dense["ref"] {
  const r = s.reference;
  if (r === null || !Number.isFinite(r.mean) || !(r.count > 0)) return null;
  if (s.kind === "share") {
    const p = (Math.min(1, Math.max(0, r.mean)) * r.count + 0.5) / (r.count + 1);
    return { mean: r.mean, std: Math.sqrt(p * (1 - p)), count: r.count };
  }
  return Number.isFinite(r.std) && r.std > 0 ? { mean: r.mean, std: r.std, count: r.count } : null;
}

function nonEmpty(d: Dense): number {
  let k = 0;
  for (let j = 0; j < d.n.length; j++) if (d.n[j]! > 0) k++;
  return k;
}

function spread(d: Dense): number {
  const m = segment(d, 0, d.n.length);
  let ss = 0;
  for (let j = 0; j < d.n.length; j++) ss += d.n[j]! * (d.x[j]! - m.mean) ** 2;
  return ss;
}

/** Weighted count and mean of buckets [lo, hi). */
function segment(d: Dense, lo: number, hi: number): { w: number; mean: number } {
  let w = 0;
  let s = 0;
  for (let j = Math.max(0, lo); j < Math.min(hi, d.n.length); j++) {
    w += d.n[j]!;
    s += d.n[j]! * d.x[j]!;
  }
  return { w, mean: w > 0 ? s / w : 0 };
}

/** Stage A: τ̂ = argmax Λ(τ) over τ ∈ [MIN_SEGMENT, B − MIN_SEGMENT] (each side with ≥ MIN_SEGMENT non-empty buckets). */
function bestSplit(series: Dense[], B: number): { tau: number; statistic: number } | null {
  const prefix = series.map((d) => {
    const W = new Float64Array(B + 1);
    const S = new Float64Array(B + 1);
    const K = new Float64Array(B + 1);
    for (let j = 0; j < B; j++) {
      W[j + 1] = W[j]! + d.n[j]!;
      S[j + 1] = S[j]! + d.n[j]! * d.x[j]!;
      K[j + 1] = K[j]! + (d.n[j]! > 0 ? 1 : 0);
    }
    return { W, S, K, tss: spread(d) };
  });
  let best: { tau: number; statistic: number } | null = null;
  for (let tau = MIN_SEGMENT; tau <= B - MIN_SEGMENT; tau++) {
    let lambda = 0;
    let counted = 0;
    for (const p of prefix) {
      const k = p.K[B]!;
      if (p.K[tau]! < MIN_SEGMENT || k - p.K[tau]! < MIN_SEGMENT) continue;
      const wl = p.W[tau]!;
      const wr = p.W[B]! - wl;
      const between = ((wl * wr) / p.W[B]!) * (p.S[tau]! / wl - (p.S[B]! - p.S[tau]!) / wr) ** 2;
      const rss = Math.max(p.tss - between, p.tss * 1e-12);
      lambda += k * Math.log(p.tss / rss);
      counted++;
    }
    if (counted > 0 && (best === null || lambda > best.statistic)) best = { tau, statistic: lambda };
  }
  return best;
}

/** Share of bucket j at the post-change level, pooled over the series (levels from beyond j ± 1). */
function mixedShare(series: Dense[], j: number, tau: number): number {
  let num = 0;
  let den = 0;
  for (const d of series) {
    if (j < 0 || j >= d.n.length || d.n[j]! === 0) continue;
    const left = segment(d, 0, tau - 1);
    const right = segment(d, tau + 1, d.n.length);
    if (left.w === 0 || right.w === 0) continue;
    const step = right.mean - left.mean;
    const noise = residualVariance(d, tau) / d.n[j]!;
    if (!(noise > 0)) continue;
    num += ((d.x[j]! - left.mean) * step) / noise;
    den += (step * step) / noise;
  }
  return den > 0 ? Math.min(1, Math.max(0, num / den)) : tau === j ? 1 : 0;
}

/** Per-row variance from the bucket means around a split at τ (τ = 0: around one mean). */
function residualVariance(d: Dense, tau: number): number {
  const left = segment(d, 0, tau);
  const right = segment(d, tau, d.n.length);
  let rss = 0;
  for (let j = 0; j < d.n.length; j++) rss += d.n[j]! * (d.x[j]! - (j < tau ? left.mean : right.mean)) ** 2;
  const df = nonEmpty(d) - (tau > 0 ? 2 : 1);
  return df > 0 ? rss / df : 0;
}

/** Stage B on buckets [lo, hi) against the reference: were they already changed? */
function changedAgainstReference(args: { dense: Dense[]; lo: number; hi: number; tau: number }): boolean {
  let chi = 0;
  let k = 0;
  let large = false;
  for (const d of args.dense) {
    if (d.ref === null) continue;
    const seg = segment(d, args.lo, args.hi);
    if (seg.w === 0) continue;
    const variance = Math.max(d.ref.std ** 2, residualVariance(d, args.tau));
    const shift = seg.mean - d.ref.mean;
    chi += shift ** 2 / (variance / seg.w + d.ref.std ** 2 / d.ref.count);
    k++;
    if (Math.abs(shift) >= MIN_SHIFT * d.ref.std) large = true;
  }
  return k > 0 && large && 1 - chisquareCdf(chi, k) < START_ALPHA;
}

function startOrNull(args: { dense: Dense[]; B: number; width: number; from: number }): OnsetEstimate {
  const changed = changedAgainstReference({ dense: args.dense, lo: 0, hi: args.B, tau: 0 });
  return changed
    ? { onset: args.from, reason: null, bucketMs: args.width, statistic: null, threshold: null, atStart: true }
    : { onset: null, reason: "no clear change in the window", bucketMs: args.width, statistic: null, threshold: null, atStart: false };
}
