// Per-bucket aggregates of one model's predictions over a time range, for estimating when inside a
// window the model changed (analytics/health/onset-in-window.ts): a numeric feature's values, the
// score, a feature's missing share, its share outside a range and its share of unseen categories.
// One grouped query each, read through the (model_id, ts) index; at most one row per bucket.
import type { DataSource } from "typeorm";

/** Bucket b covers [from + b·bucketMs, from + (b + 1)·bucketMs). */
export interface ValueBucket {
  bucket: number;
  /** Rows with a (finite, numeric) value. */
  count: number;
  mean: number | null;
  /** Population standard deviation of the values. */
  std: number | null;
  min: number | null;
  max: number | null;
}

export interface ShareBucket {
  bucket: number;
  /** Rows counted (the denominator of the share). */
  count: number;
  share: number;
}

export interface BucketRange {
  modelId: string;
  from: Date;
  to: Date;
  bucketMs: number;
}

/** More buckets than this in one query is a caller's mistake (the answer must stay small). */
export const MAX_BUCKETS_PER_QUERY = 10_000;

/** Rows are grouped by date_bin (integer arithmetic: ~3× faster than grouping by an extracted epoch); the bucket number is computed on the groups. */
const BIN = `date_bin($4::float8 * interval '1 millisecond', ts, $2::timestamptz)`;
const BUCKET_OF_BIN = `round(extract(epoch FROM (bin - $2::timestamptz)) * 1000 / $4)::int`;
const RANGE = `model_id = $1 AND ts >= $2 AND ts < $3`;
/** Aggregated in numeric: no float overflow on values stored before ingestion bounded them. */
const VALUE_AGGREGATES = `count(v)::int AS count, avg(v)::float8 AS mean, stddev_pop(v)::float8 AS std, min(v)::float8 AS min, max(v)::float8 AS max`;

/** A ValueBucket as the driver returns it (numbers may come as strings); valueBucket() converts it. */
type ValueRow = Record<keyof ValueBucket, unknown>;

export class OnsetRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Per bucket: count, mean, std, min and max of a numeric feature (rows where it is a JSON number). */
  async featureBuckets(args: BucketRange & { feature: string }): Promise<ValueBucket[]> {
    checkRange(args);
    const rows: ValueRow[] = await this.dataSource.query(
      `SELECT ${BUCKET_OF_BIN} AS bucket, ${VALUE_AGGREGATES}
       FROM (SELECT ${BIN} AS bin,
                    CASE WHEN jsonb_typeof(features -> $5) = 'number' THEN (features ->> $5)::numeric END AS v
             FROM predictions WHERE ${RANGE}) AS p
       GROUP BY bin ORDER BY bin`,
      [args.modelId, args.from, args.to, args.bucketMs, args.feature],
    );
    return rows.map(valueBucket);
  }

  /** Per bucket: count, mean, std, min and max of the score (rows that have one). */
  async scoreBuckets(args: BucketRange): Promise<ValueBucket[]> {
    checkRange(args);
    const rows: ValueRow[] = await this.dataSource.query(
      `SELECT ${BUCKET_OF_BIN} AS bucket, ${VALUE_AGGREGATES}
       FROM (SELECT ${BIN} AS bin, score::numeric AS v FROM predictions WHERE ${RANGE}) AS p
       GROUP BY bin ORDER BY bin`,
      [args.modelId, args.from, args.to, args.bucketMs],
    );
    return rows.map(valueBucket);
  }

  /**
   * Per bucket: rows and the share whose feature is missing — absent, null or not of the feature's
   * kind (a number for NUMERIC, a string for CATEGORICAL), as the drift summaries count it.
   */
  async missingBuckets(args: BucketRange & { feature: string; kind: "NUMERIC" | "CATEGORICAL" }): Promise<ShareBucket[]> {
    checkRange(args);
    const rows: Array<{ bucket: number; count: number; share: number }> = await this.dataSource.query(
      `SELECT ${BUCKET_OF_BIN} AS bucket, count(*)::int AS count, avg(m)::float8 AS share
       FROM (SELECT ${BIN} AS bin, CASE WHEN jsonb_typeof(features -> $5) IS DISTINCT FROM $6 THEN 1 ELSE 0 END AS m
             FROM predictions WHERE ${RANGE}) AS p
       GROUP BY bin ORDER BY bin`,
      [args.modelId, args.from, args.to, args.bucketMs, args.feature, args.kind === "NUMERIC" ? "number" : "string"],
    );
    return rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.count), share: Number(r.share) }));
  }

  /** Per bucket: rows with a numeric value of the feature and the share of them outside [min, max]. */
  async outOfRangeBuckets(args: BucketRange & { feature: string; min: number; max: number }): Promise<ShareBucket[]> {
    checkRange(args);
    const rows: Array<{ bucket: number; count: number; share: number }> = await this.dataSource.query(
      `SELECT ${BUCKET_OF_BIN} AS bucket, count(*)::int AS count, avg(CASE WHEN v < $6::numeric OR v > $7::numeric THEN 1 ELSE 0 END)::float8 AS share
       FROM (SELECT ${BIN} AS bin, (features ->> $5)::numeric AS v
             FROM predictions WHERE ${RANGE} AND jsonb_typeof(features -> $5) = 'number') AS p
       GROUP BY bin ORDER BY bin`,
      [args.modelId, args.from, args.to, args.bucketMs, args.feature, args.min, args.max],
    );
    return rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.count), share: Number(r.share) }));
  }

  /**
   * The distinct string values of a categorical feature in [from, to) with their counts, or null
   * when there are more than `limit` (the set would not be bounded).
   */
  async categories(args: { modelId: string; from: Date; to: Date; feature: string; limit: number }): Promise<Array<{ value: string; count: number }> | null> {
    const rows: Array<{ value: string; count: number }> = await this.dataSource.query(
      `SELECT features ->> $4 AS value, count(*)::int AS count
       FROM predictions WHERE model_id = $1 AND ts >= $2 AND ts < $3 AND jsonb_typeof(features -> $4) = 'string'
       GROUP BY 1 LIMIT $5`,
      [args.modelId, args.from, args.to, args.feature, args.limit + 1],
    );
    return rows.length > args.limit ? null : rows.map((r) => ({ value: r.value, count: Number(r.count) }));
  }

  /** Per bucket: rows with a string value of the feature and the share of them not among `known`. */
  async unseenBuckets(args: BucketRange & { feature: string; known: string[] }): Promise<ShareBucket[]> {
    checkRange(args);
    const rows: Array<{ bucket: number; count: number; share: number }> = await this.dataSource.query(
      `SELECT ${BUCKET_OF_BIN} AS bucket, count(*)::int AS count, avg(CASE WHEN v = ANY($6::text[]) THEN 0 ELSE 1 END)::float8 AS share
       FROM (SELECT ${BIN} AS bin, features ->> $5 AS v
             FROM predictions WHERE ${RANGE} AND jsonb_typeof(features -> $5) = 'string') AS p
       GROUP BY bin ORDER BY bin`,
      [args.modelId, args.from, args.to, args.bucketMs, args.feature, args.known],
    );
    return rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.count), share: Number(r.share) }));
  }
}

function checkRange(args: BucketRange): void {
  const span = args.to.getTime() - args.from.getTime();
  if (!(span > 0)) throw new Error(`db/onset-repository: from must be before to, got ${args.from.toISOString()} – ${args.to.toISOString()}`);
  if (!(Number.isInteger(args.bucketMs) && args.bucketMs > 0)) throw new Error(`db/onset-repository: bucketMs must be a positive integer, got ${args.bucketMs}`);
  if (span / args.bucketMs > MAX_BUCKETS_PER_QUERY) throw new Error(`db/onset-repository: more than ${MAX_BUCKETS_PER_QUERY} buckets (${span} ms in buckets of ${args.bucketMs} ms)`);
}

function valueBucket(r: ValueRow): ValueBucket {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return { bucket: Number(r.bucket), count: Number(r.count), mean: num(r.mean), std: num(r.std), min: num(r.min), max: num(r.max) };
}
