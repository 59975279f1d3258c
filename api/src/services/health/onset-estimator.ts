// When inside its window did an anomalous model turn anomalous? Loads per-bucket aggregates of the
// statistics behind the model's breached signals (window and reference) and asks
// analytics/health/onset-in-window.ts for the change-point. Returns epoch ms, or null whenever the
// data cannot tell (no usable signal, too few rows, no clear change, a value the database cannot
// aggregate).
import type { OnsetRepository, ShareBucket, ValueBucket } from "../../db/repositories/onset-repository.js";
import type { StoredSignal } from "../../db/repositories/health-repository.js";
import type { ModelEntity } from "../../db/entities/index.js";
import { fineBucketMs, onsetInWindow, type OnsetSeries } from "../../analytics/health/onset-in-window.js";
import { windowMs as lengthMs, type TimeWindow } from "../../analytics/health/time-window.js";
import type { FeatureKindName } from "../../analytics/feature-kinds.js";

/** Series (hence at most twice as many queries) per estimate. */
export const ONSET_MAX_SERIES = 3;

/** What a breached signal is read from. */
export type OnsetSource =
  | { kind: "feature"; feature: string }
  | { kind: "score" }
  | { kind: "missing"; feature: string; featureKind: FeatureKindName }
  | { kind: "out_of_range"; feature: string }
  | { kind: "unseen"; feature: string };

/** Signal kinds whose statistic is the model's output score. */
const SCORE_SIGNALS = new Set(["anomaly", "performance", "estimated_performance"]);
const MISSING_SUFFIXES = [".missing_rate_increase", ".missing"];
const OUT_OF_RANGE_SUFFIX = ".out_of_range";
const UNSEEN_SUFFIX = ".unseen_categories";
/** A reference with more distinct categories than this (the drift summaries' cap) gives no unseen series. */
export const ONSET_MAX_CATEGORIES = 1_000;

/**
 * The sources of the breached signals, deduplicated, most direct first (a feature's own values and
 * data quality before the score, which stands in for anomaly shares and performance).
 * Signals with no per-row statistic (metrics, forecasts, the multivariate detector, drift of a
 * categorical feature) have none.
 */
export function onsetSources(args: { model: ModelEntity; signals: readonly StoredSignal[] }): OnsetSource[] {
  const kinds = new Map(args.model.features.map((f) => [f.name, f.kind]));
  const direct: OnsetSource[] = [];
  const score: OnsetSource[] = [];
  for (const s of args.signals) {
    if (!s.breached) continue;
    if (s.kind === "drift") {
      if (s.name === "prediction" || s.name.startsWith("segment:")) score.push({ kind: "score" });
      else if (kinds.get(s.name) === "NUMERIC") direct.push({ kind: "feature", feature: s.name });
    } else if (s.kind === "data_quality") {
      const source = dataQualitySource(s.name, kinds);
      if (source !== null) (source.kind === "score" ? score : direct).push(source);
    } else if (SCORE_SIGNALS.has(s.kind)) score.push({ kind: "score" });
  }
  const seen = new Set<string>();
  return [...direct, ...score].filter((s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dataQualitySource(name: string, kinds: ReadonlyMap<string, FeatureKindName>): OnsetSource | null {
  const missing = MISSING_SUFFIXES.find((x) => name.endsWith(x));
  const suffix = missing ?? [OUT_OF_RANGE_SUFFIX, UNSEEN_SUFFIX].find((x) => name.endsWith(x));
  if (suffix === undefined) return null;
  const feature = name.slice(0, -suffix.length);
  // The output's own data quality: values out of range are read from the score (missing scores: none).
  if (feature === "prediction" && !kinds.has(feature)) return suffix === OUT_OF_RANGE_SUFFIX ? { kind: "score" } : null;
  const kind = kinds.get(feature);
  if (kind === undefined) return null;
  if (missing) return { kind: "missing", feature, featureKind: kind };
  if (suffix === OUT_OF_RANGE_SUFFIX) return kind === "NUMERIC" ? { kind: "out_of_range", feature } : null;
  return kind === "CATEGORICAL" ? { kind: "unseen", feature } : null;
}

export class OnsetEstimator {
  constructor(private readonly deps: { onsets: OnsetRepository }) {}

  async estimate(args: { model: ModelEntity; window: TimeWindow; reference: TimeWindow | null; signals: StoredSignal[] }): Promise<number | null> {
    const { model, window, reference } = args;
    const windowMs = lengthMs(window);
    if (!(windowMs > 0)) return null;
    const sources = onsetSources({ model, signals: args.signals }).slice(0, ONSET_MAX_SERIES);
    if (sources.length === 0) return null;
    const bucketMs = fineBucketMs({ windowMs });
    const usableReference = reference !== null && lengthMs(reference) > 0 ? reference : null;
    try {
      const series: OnsetSeries[] = [];
      for (const source of sources) {
        const s = await this.series({ model, source, window, reference: usableReference, bucketMs });
        if (s !== null) series.push(s);
      }
      return onsetInWindow({ window: { from: window.from.getTime(), to: window.to.getTime() }, bucketMs, series }).onset;
    } catch (error) {
      if (isDataError(error)) return null;
      throw error;
    }
  }

  /** One source's window buckets and reference, or null when it cannot be read (out of range without a reference). */
  private async series(args: { model: ModelEntity; source: OnsetSource; window: TimeWindow; reference: TimeWindow | null; bucketMs: number }): Promise<OnsetSeries | null> {
    const { model, source, window, reference, bucketMs } = args;
    const range = { modelId: model.id, from: window.from, to: window.to, bucketMs };
    const whole = (r: TimeWindow) => ({ modelId: model.id, from: r.from, to: r.to, bucketMs: Math.max(1, lengthMs(r)) });
    switch (source.kind) {
      case "feature": {
        const ref = reference ? (await this.deps.onsets.featureBuckets({ ...whole(reference), feature: source.feature }))[0] : undefined;
        const buckets = await this.deps.onsets.featureBuckets({ ...range, feature: source.feature });
        return { name: source.feature, kind: "mean", buckets: buckets.map(valueToOnset), reference: valueReference(ref) };
      }
      case "score": {
        const ref = reference ? (await this.deps.onsets.scoreBuckets(whole(reference)))[0] : undefined;
        const buckets = await this.deps.onsets.scoreBuckets(range);
        return { name: "score", kind: "mean", buckets: buckets.map(valueToOnset), reference: valueReference(ref) };
      }
      case "missing": {
        const ref = reference ? (await this.deps.onsets.missingBuckets({ ...whole(reference), feature: source.feature, kind: source.featureKind }))[0] : undefined;
        const buckets = await this.deps.onsets.missingBuckets({ ...range, feature: source.feature, kind: source.featureKind });
        return { name: `${source.feature}.missing`, kind: "share", buckets: buckets.map(shareToOnset), reference: shareReference(ref) };
      }
      case "out_of_range": {
        const ref = reference ? (await this.deps.onsets.featureBuckets({ ...whole(reference), feature: source.feature }))[0] : undefined;
        if (ref === undefined || ref.min === null || ref.max === null || ref.count === 0) return null;
        const buckets = await this.deps.onsets.outOfRangeBuckets({ ...range, feature: source.feature, min: ref.min, max: ref.max });
        // In its own reference, no value is outside the reference's range.
        return { name: `${source.feature}.out_of_range`, kind: "share", buckets: buckets.map(shareToOnset), reference: { mean: 0, std: 0, count: ref.count } };
      }
      case "unseen": {
        const known = reference ? await this.deps.onsets.categories({ modelId: model.id, from: reference.from, to: reference.to, feature: source.feature, limit: ONSET_MAX_CATEGORIES }) : null;
        if (known === null || known.length === 0) return null;
        const buckets = await this.deps.onsets.unseenBuckets({ ...range, feature: source.feature, known: known.map((c) => c.value) });
        // In its own reference, every category is seen.
        const count = known.reduce((n, c) => n + c.count, 0);
        return { name: `${source.feature}.unseen_categories`, kind: "share", buckets: buckets.map(shareToOnset), reference: { mean: 0, std: 0, count } };
      }
      default: {
        const never: never = source;
        throw new Error(`services/onset-estimator: unknown source ${JSON.stringify(never)}`);
      }
    }
  }
}

function valueToOnset(b: ValueBucket): OnsetSeries["buckets"][number] {
  return { index: b.bucket, count: b.count, mean: b.mean };
}

function shareToOnset(b: ShareBucket): OnsetSeries["buckets"][number] {
  return { index: b.bucket, count: b.count, mean: b.share };
}

function valueReference(b: ValueBucket | undefined): OnsetSeries["reference"] {
  return b === undefined || b.count === 0 || b.mean === null || b.std === null ? null : { mean: b.mean, std: b.std, count: b.count };
}

function shareReference(b: ShareBucket | undefined): OnsetSeries["reference"] {
  return b === undefined || b.count === 0 ? null : { mean: b.share, std: 0, count: b.count };
}

/** SQLSTATE class 22 (data exception: a stored value out of range, not a number): the data cannot tell. */
function isDataError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== null && typeof e === "object"; depth += 1) {
    const err = e as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof err.code === "string" && err.code.startsWith("22")) return true;
    e = err.driverError ?? err.cause;
  }
  return false;
}
