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
// Stage B — was a part of the window already off the reference? For buckets [lo, hi),
//   z_s = (x̄_seg − μ_ref) / sqrt(σ̂²/W_seg + σ_ref²/n_ref),   σ̂² = max(σ_ref², RSS/(B_s − p)),
// off when Σ z_s² is beyond the χ²_k quantile (p < 0.001) and, for some series, |x̄_seg − μ_ref|
// ≥ MIN_SHIFT·σ_ref and ≥ PRIOR_SHARE (1/3) of the shift it is compared with.
// Decision:
//   - stage A found τ̂ and the part before it (mixed bucket left out) is not off the reference
//     → the stage A time;
//   - it is off → stage A again on [0, τ̂ − 1) (binary segmentation to the left): an earlier change
//     found there is handled the same way;
//   - no (further) change: when the part is off the reference by ≥ PRIOR_SHARE of the shift after
//     the last change found, and so are the first HEAD_SHARE (5%, ≥ 2) buckets from its first data
//     → the window start (the model had changed when the window opened), or the start of the first
//     bucket with data when the window's data begins later; a smaller offset is a baseline slightly
//     off an old reference, and the last change found stands;
//   - otherwise null: no change, or one that cannot be placed. An unplaced change gives null, never
//     the window start, so that it cannot order a model before one whose change was found.
// Shares use σ_ref = sqrt(p̃(1 − p̃)), p̃ = (p·n + 0.5)/(n + 1), so a reference without a single
// missing value still has a scale. Without a reference a series takes no part in stage B.
//
// Null (with the reason) also when: no series, fewer than MIN_ROWS rows or MIN_BUCKETS non-empty
// buckets, all series constant.
// Measured by test/analytics/health/onset-in-window.test.ts (seeded): on 1,000 stationary windows
// drawn from the reference, 0/1000 get an onset for one Gaussian feature at 10 and at 0.5 rows/s,
// 5/1000 for a lognormal feature at 2 rows/s, 1/1000 for a feature + the score + a 5% missing share
// at 2 rows/s (stage A and B together). Heavy tails cost calibration: the likelihood is Gaussian
// in the bucket means.
// Not searched: a change of spread alone (a feature that got noisier without moving; tried on the
// buckets' std as ((v − μ_ref)/σ_ref)², it gave 2.5–5.6% false positives on heavy-tailed stationary
// data); a gradual drift is read as a step at its best split, not at its start.
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
/**
 * The part before a change counts as already changed only when its shift from the reference is at
 * least this share of the shift after it: a window whose baseline sits slightly off an old
 * reference still has its step found.
 */
export const PRIOR_SHARE = 1 / 3;
/** "Changed when the window opened" needs its first HEAD_SHARE of buckets (≥ MIN_SEGMENT) off the reference too. */
export const HEAD_SHARE = 0.05;

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
  /** True when the model had already changed when the window opened (or when its data in the window began). */
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
  const rows = Math.max(0, ...series.map((s) => total(s.buckets)));
  if (series.length === 0) return unresolved("no breached signal with a usable statistic", bucketMs);
  if (rows < MIN_ROWS) return unresolved(`too few predictions (${rows} < ${MIN_ROWS})`, bucketMs);
  const factor = Math.max(1, Math.ceil(fine / Math.min(MAX_BUCKETS, Math.floor(rows / MIN_ROWS_PER_BUCKET))));
  const B = Math.ceil(fine / factor);
  const width = factor * bucketMs;
  const dense = series.map((s) => densify(s, B, factor));
  if (B < MIN_BUCKETS || !dense.some((d) => nonEmpty(d, B) >= MIN_BUCKETS)) return unresolved(`too few buckets with predictions (fewer than ${MIN_BUCKETS})`, width);
  return locate({ dense, B, width, from: window.from, to: window.to });
}

function unresolved(reason: string, bucketMs: number, statistic: number | null = null, threshold: number | null = null): OnsetEstimate {
  return { onset: null, reason, bucketMs, statistic, threshold, atStart: false };
}

interface Split {
  tau: number;
  hi: number;
  usable: Dense[];
  statistic: number;
  threshold: number;
}

/**
 * Stage A on buckets [0, hi); when the part before the change found was already off the reference,
 * again on that part (binary segmentation to the left); stage B once no further change is found.
 */
function locate(args: { dense: Dense[]; B: number; width: number; from: number; to: number }): OnsetEstimate {
  const { dense, B, width, from } = args;
  let hi = B;
  let found: Split | null = null;
  for (;;) {
    const usable = dense.filter((d) => nonEmpty(d, hi) >= MIN_BUCKETS && spread(d, hi) > 0);
    const split = usable.length > 0 ? bestSplit(usable, hi) : null;
    const threshold = changeThreshold(usable.length);
    if (split !== null && split.statistic >= threshold) {
      found = { tau: split.tau, hi, usable, statistic: split.statistic, threshold };
      // The part before the change (its mixed bucket left out) at the reference's level: this is the onset.
      if (!offReference({ dense, lo: 0, hi: split.tau - 1, fitHi: hi, tau: split.tau, versus: null })) return placed(found, width, from, args.to);
      hi = split.tau - 1;
      continue;
    }
    // No (further) change inside [0, hi). Off the reference from the window's start, by at least
    // PRIOR_SHARE of the shift after the change found (if any) → changed before the window opened.
    const statistic = found?.statistic ?? split?.statistic ?? null;
    const versus = found === null ? null : { lo: found.tau + 1, hi: found.hi };
    // The head starts at the first bucket with data: a model whose data begins inside the window
    // (nothing before) and is off from its first rows changed when its data began.
    const first = firstWithData(dense, hi);
    const head = Math.min(hi, first + Math.max(MIN_SEGMENT, Math.ceil(B * HEAD_SHARE)));
    const atStart =
      offReference({ dense, lo: 0, hi, fitHi: hi, tau: 0, versus }) && offReference({ dense, lo: first, hi: head, fitHi: hi, tau: 0, versus: { lo: 0, hi } });
    if (atStart) return { onset: from + first * width, reason: null, bucketMs: width, statistic, threshold: found?.threshold ?? threshold, atStart: true };
    // A baseline slightly off an old reference: the change found stands.
    if (found !== null) return placed(found, width, from, args.to);
    return unresolved(offReference({ dense, lo: 0, hi, fitHi: hi, tau: 0, versus: null }) ? "off the reference, but no clear change in the window and not from its start" : "no clear change in the window", width, statistic, threshold);
  }
}

/** The first bucket in [0, hi) where some series has rows (0 when none has). */
function firstWithData(dense: Dense[], hi: number): number {
  for (let j = 0; j < hi; j++) if (dense.some((d) => d.n[j]! > 0)) return j;
  return 0;
}

/** The time of a split, refined inside the bucket from the mixed buckets either side. */
function placed(split: Split, width: number, from: number, to: number): OnsetEstimate {
  const { tau, hi, usable } = split;
  const at = tau - mixedShare({ series: usable, j: tau - 1, tau, hi }) + (1 - mixedShare({ series: usable, j: tau, tau, hi }));
  const onset = Math.min(to, from + Math.max(0, at) * width);
  return { onset: Math.round(onset), reason: null, bucketMs: width, statistic: split.statistic, threshold: split.threshold, atStart: false };
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
/**
 * Merges the fine buckets `factor` at a time into B dense buckets, in units scaled by a power of two
 * (exact) so that the largest |mean| and the reference's mean and std are ≤ 1: the statistics are
 * scale-free, and sums and squares of values near ±1.8e308 (or 1e-300) stay finite and non-zero.
 */
function densify(s: OnsetSeries, B: number, factor: number): Dense {
  const ref = referenceScale(s);
  let largest = ref === null ? 0 : Math.max(Math.abs(ref.mean), ref.std);
  for (const b of s.buckets) if (b.count > 0 && b.mean !== null && Number.isFinite(b.mean)) largest = Math.max(largest, Math.abs(b.mean));
  const c = largest > 0 ? 2 ** -Math.ceil(Math.log2(largest)) : 1;
  const n = new Float64Array(B);
  const sum = new Float64Array(B);
  for (const b of s.buckets) {
    if (b.count === 0 || b.mean === null || !Number.isFinite(b.mean)) continue;
    const j = Math.floor(b.index / factor);
    n[j]! += b.count;
    sum[j]! += b.count * (b.mean * c);
  }
  const x = new Float64Array(B);
  for (let j = 0; j < B; j++) x[j] = n[j]! > 0 ? sum[j]! / n[j]! : 0;
  return { name: s.name, n, x, ref: ref === null ? null : { mean: ref.mean * c, std: ref.std * c, count: ref.count } };
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

/** Non-empty buckets in [0, hi). */
function nonEmpty(d: Dense, hi: number): number {
  let k = 0;
  for (let j = 0; j < hi; j++) if (d.n[j]! > 0) k++;
  return k;
}

/** Weighted sum of squares around the mean of [0, hi). */
function spread(d: Dense, hi: number): number {
  const m = segment(d, 0, hi);
  let ss = 0;
  for (let j = 0; j < hi; j++) ss += d.n[j]! * (d.x[j]! - m.mean) ** 2;
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

/** Stage A: τ̂ = argmax Λ(τ) over splits of [0, hi) with ≥ MIN_SEGMENT non-empty buckets on each side. */
function bestSplit(series: Dense[], hi: number): { tau: number; statistic: number } | null {
  const prefix = series.map((d) => {
    const W = new Float64Array(hi + 1);
    const S = new Float64Array(hi + 1);
    const K = new Float64Array(hi + 1);
    for (let j = 0; j < hi; j++) {
      W[j + 1] = W[j]! + d.n[j]!;
      S[j + 1] = S[j]! + d.n[j]! * d.x[j]!;
      K[j + 1] = K[j]! + (d.n[j]! > 0 ? 1 : 0);
    }
    return { W, S, K, tss: spread(d, hi) };
  });
  let best: { tau: number; statistic: number } | null = null;
  for (let tau = MIN_SEGMENT; tau <= hi - MIN_SEGMENT; tau++) {
    let lambda = 0;
    let counted = 0;
    for (const p of prefix) {
      const k = p.K[hi]!;
      if (p.K[tau]! < MIN_SEGMENT || k - p.K[tau]! < MIN_SEGMENT) continue;
      const wl = p.W[tau]!;
      const wr = p.W[hi]! - wl;
      const between = ((wl * wr) / p.W[hi]!) * (p.S[tau]! / wl - (p.S[hi]! - p.S[tau]!) / wr) ** 2;
      const rss = Math.max(p.tss - between, p.tss * 1e-12);
      lambda += k * Math.log(p.tss / rss);
      counted++;
    }
    if (counted > 0 && (best === null || lambda > best.statistic)) best = { tau, statistic: lambda };
  }
  return best;
}

/** Share of bucket j at the post-change level, pooled over the series (levels from beyond j ± 1, inside [0, hi)). */
function mixedShare(args: { series: Dense[]; j: number; tau: number; hi: number }): number {
  const { j, tau, hi } = args;
  let num = 0;
  let den = 0;
  for (const d of args.series) {
    if (j < 0 || j >= hi || d.n[j]! === 0) continue;
    const left = segment(d, 0, tau - 1);
    const right = segment(d, tau + 1, hi);
    if (left.w === 0 || right.w === 0) continue;
    const step = right.mean - left.mean;
    const noise = residualVariance(d, hi, tau) / d.n[j]!;
    if (!(noise > 0)) continue;
    num += ((d.x[j]! - left.mean) * step) / noise;
    den += (step * step) / noise;
  }
  return den > 0 ? Math.min(1, Math.max(0, num / den)) : j === tau ? 1 : 0;
}

/** Per-row variance from the bucket means of [0, hi) around a split at τ (τ = 0: around one mean). */
function residualVariance(d: Dense, hi: number, tau: number): number {
  const left = segment(d, 0, tau);
  const right = segment(d, tau, hi);
  let rss = 0;
  for (let j = 0; j < hi; j++) rss += d.n[j]! * (d.x[j]! - (j < tau ? left.mean : right.mean)) ** 2;
  const df = nonEmpty(d, hi) - (tau > 0 ? 2 : 1);
  return df > 0 ? rss / df : 0;
}

/**
 * Stage B: were buckets [lo, hi) off the reference? Significant (χ²_k, p < START_ALPHA, noise from
 * the fit of [0, fitHi) split at τ) and, for some series, a shift ≥ MIN_SHIFT reference sd and
 * ≥ PRIOR_SHARE of the shift of the `versus` buckets (the level after the change, or the segment
 * a head belongs to).
 */
function offReference(args: { dense: Dense[]; lo: number; hi: number; fitHi: number; tau: number; versus: { lo: number; hi: number } | null }): boolean {
  let chi = 0;
  let k = 0;
  let large = false;
  for (const d of args.dense) {
    if (d.ref === null) continue;
    const seg = segment(d, args.lo, args.hi);
    if (seg.w === 0) continue;
    const variance = Math.max(d.ref.std ** 2, residualVariance(d, args.fitHi, args.tau));
    const shift = seg.mean - d.ref.mean;
    chi += shift ** 2 / (variance / seg.w + d.ref.std ** 2 / d.ref.count);
    k++;
    const versus = args.versus === null ? null : segment(d, args.versus.lo, args.versus.hi);
    const against = versus === null || versus.w === 0 ? 0 : Math.abs(versus.mean - d.ref.mean);
    if (Math.abs(shift) >= MIN_SHIFT * d.ref.std && Math.abs(shift) >= PRIOR_SHARE * against) large = true;
  }
  return k > 0 && large && 1 - chisquareCdf(chi, k) < START_ALPHA;
}
