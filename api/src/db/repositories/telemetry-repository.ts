// Batched, idempotent writes of telemetry. Each call is ONE statement over unnest()ed column
// arrays, so a batch of thousands of rows costs one round trip. Rows arrive sorted by key so that
// concurrent writers of overlapping batches take row locks in the same order.
import type { Queryable } from "../queryable.js";

export interface Scope {
  systemId: string;
  modelId: string;
}

export interface PredictionRows {
  predictionId: string[];
  ts: string[];
  /** JSON text of the validated feature object. */
  features: string[];
  score: Array<number | null>;
  predictedClass: Array<string | null>;
  /** JSON text or null. */
  probabilities: Array<string | null>;
  segment: Array<string | null>;
}

export interface LabelRows {
  predictionId: string[];
  ts: string[];
  value: Array<number | null>;
  cls: Array<string | null>;
}

export interface FeedbackRows extends LabelRows {
  comment: Array<string | null>;
}

export interface MetricRows {
  name: string[];
  ts: string[];
  value: number[];
}

async function count(q: Queryable, sql: string, params: unknown[]): Promise<number> {
  const rows: Array<{ n: number }> = await q.query(sql, params);
  return rows[0]?.n ?? 0;
}

/** Inserts new predictions; an existing (model, prediction id) is left alone. Returns how many were new. */
export function insertPredictions(q: Queryable, scope: Scope, rows: PredictionRows): Promise<number> {
  if (rows.predictionId.length === 0) return Promise.resolve(0);
  return count(
    q,
    `WITH ins AS (
       INSERT INTO predictions (system_id, model_id, prediction_id, ts, features, score, predicted_class, probabilities, segment)
       SELECT $1, $2, u.id, u.ts, u.f::jsonb, u.s, u.c, u.p::jsonb, u.seg
       FROM unnest($3::text[], $4::timestamptz[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[]) AS u(id, ts, f, s, c, p, seg)
       ON CONFLICT (model_id, prediction_id) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [scope.systemId, scope.modelId, rows.predictionId, rows.ts, rows.features, rows.score, rows.predictedClass, rows.probabilities, rows.segment],
  );
}

/** Inserts labels or corrects an existing label of the prediction; identical re-sends change nothing. Returns rows written. */
export function upsertLabels(q: Queryable, scope: Scope, rows: LabelRows): Promise<number> {
  if (rows.predictionId.length === 0) return Promise.resolve(0);
  return count(
    q,
    `WITH ins AS (
       INSERT INTO labels AS l (system_id, model_id, prediction_id, ts, value, class)
       SELECT $1, $2, u.id, u.ts, u.v, u.c
       FROM unnest($3::text[], $4::timestamptz[], $5::float8[], $6::text[]) AS u(id, ts, v, c)
       ON CONFLICT (model_id, prediction_id) DO UPDATE
         SET ts = EXCLUDED.ts, value = EXCLUDED.value, class = EXCLUDED.class, received_at = now()
         WHERE (l.ts, l.value, l.class) IS DISTINCT FROM (EXCLUDED.ts, EXCLUDED.value, EXCLUDED.class)
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [scope.systemId, scope.modelId, rows.predictionId, rows.ts, rows.value, rows.cls],
  );
}

/** Inserts feedback; the same (prediction, timestamp) again is a retry and changes nothing. Returns how many were new. */
export function insertFeedback(q: Queryable, scope: Scope, rows: FeedbackRows): Promise<number> {
  if (rows.predictionId.length === 0) return Promise.resolve(0);
  return count(
    q,
    `WITH ins AS (
       INSERT INTO feedback (system_id, model_id, prediction_id, ts, value, class, comment)
       SELECT $1, $2, u.id, u.ts, u.v, u.c, u.m
       FROM unnest($3::text[], $4::timestamptz[], $5::float8[], $6::text[], $7::text[]) AS u(id, ts, v, c, m)
       ON CONFLICT (model_id, prediction_id, ts) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [scope.systemId, scope.modelId, rows.predictionId, rows.ts, rows.value, rows.cls, rows.comment],
  );
}

/** Inserts metric points or corrects the value of an existing (name, timestamp). Returns rows written. */
export function upsertMetrics(q: Queryable, scope: Scope, rows: MetricRows): Promise<number> {
  if (rows.name.length === 0) return Promise.resolve(0);
  return count(
    q,
    `WITH ins AS (
       INSERT INTO metric_points AS m (system_id, model_id, name, ts, value)
       SELECT $1, $2, u.name, u.ts, u.v
       FROM unnest($3::text[], $4::timestamptz[], $5::float8[]) AS u(name, ts, v)
       ON CONFLICT (model_id, name, ts) DO UPDATE SET value = EXCLUDED.value, received_at = now()
         WHERE m.value IS DISTINCT FROM EXCLUDED.value
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [scope.systemId, scope.modelId, rows.name, rows.ts, rows.value],
  );
}

/** Which of these prediction ids exist for the model. */
export async function existingPredictionIds(q: Queryable, modelId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows: Array<{ prediction_id: string }> = await q.query(
    `SELECT prediction_id FROM predictions WHERE model_id = $1 AND prediction_id = ANY($2::text[])`,
    [modelId, ids],
  );
  return new Set(rows.map((r) => r.prediction_id));
}

/** Serialises multi-statement bulk writes of one model and kind, so concurrent bulk requests cannot deadlock. */
export async function lockModelWrites(q: Queryable, modelId: string, kind: string): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${kind}:${modelId}`]);
}

export interface TelemetryCounts {
  predictions: number;
  labels: number;
  feedback: number;
  metricPoints: number;
}

export async function telemetryCounts(q: Queryable, modelId: string): Promise<TelemetryCounts> {
  const rows: Array<{ p: number; l: number; f: number; m: number }> = await q.query(
    `SELECT (SELECT count(*)::int FROM predictions WHERE model_id = $1) AS p,
            (SELECT count(*)::int FROM labels WHERE model_id = $1) AS l,
            (SELECT count(*)::int FROM feedback WHERE model_id = $1) AS f,
            (SELECT count(*)::int FROM metric_points WHERE model_id = $1) AS m`,
    [modelId],
  );
  const r = rows[0]!;
  return { predictions: r.p, labels: r.l, feedback: r.f, metricPoints: r.m };
}
