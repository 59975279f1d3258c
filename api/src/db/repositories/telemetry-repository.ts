// Batched, idempotent writes of telemetry. Each call is ONE statement over unnest()ed column
// arrays, so a batch of thousands of rows costs one round trip. Rows arrive sorted by key so that
// concurrent writers of overlapping batches take row locks in the same order.
import type { Queryable } from "../queryable.js";

export interface Scope {
  systemId: string;
  modelId: string;
}

/**
 * Rows travel as ONE JSON array parameter expanded by json_to_recordset: V8 serialises it
 * natively and PostgreSQL parses it in C, which is several times faster than pg's per-element
 * array literals. Short keys keep the payload small.
 */
export interface PredictionRow {
  /** prediction id */ i: string;
  /** timestamp, ISO-8601 */ t: string;
  /** features */ f: Record<string, number | string | null>;
  /** score */ s: number | null;
  /** predicted class */ c: string | null;
  /** probabilities */ p: Record<string, number> | null;
  /** segment */ g: string | null;
}

export interface LabelRow {
  i: string;
  t: string;
  /** value */ v: number | null;
  /** class */ c: string | null;
}

export interface FeedbackRow extends LabelRow {
  /** comment */ m: string | null;
}

export interface MetricRow {
  /** name */ n: string;
  t: string;
  v: number;
}

async function count(q: Queryable, sql: string, params: unknown[]): Promise<number> {
  const rows: Array<{ n: number }> = await q.query(sql, params);
  return rows[0]?.n ?? 0;
}

/** Inserts new predictions; an existing (model, prediction id) is left alone. Returns how many were new. */
export function insertPredictions(q: Queryable, scope: Scope, rows: readonly PredictionRow[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return count(
    q,
    `WITH ins AS (
       INSERT INTO predictions (system_id, model_id, prediction_id, ts, features, score, predicted_class, probabilities, segment)
       SELECT $1, $2, u.i, u.t, u.f, u.s, u.c, u.p, u.g
       FROM jsonb_to_recordset($3::jsonb) AS u(i text, t timestamptz, f jsonb, s float8, c text, p jsonb, g text)
       ON CONFLICT (model_id, prediction_id) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [scope.systemId, scope.modelId, JSON.stringify(rows)],
  );
}

/** Inserts labels or corrects an existing label of the prediction; identical re-sends change nothing. Returns rows written. */
export function upsertLabels(q: Queryable, scope: Scope, rows: readonly LabelRow[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return count(
    q,
    `WITH ins AS (
       INSERT INTO labels AS l (system_id, model_id, prediction_id, ts, value, class)
       SELECT $1, $2, u.i, u.t, u.v, u.c
       FROM jsonb_to_recordset($3::jsonb) AS u(i text, t timestamptz, v float8, c text)
       ON CONFLICT (model_id, prediction_id) DO UPDATE
         SET ts = EXCLUDED.ts, value = EXCLUDED.value, class = EXCLUDED.class, received_at = now()
         WHERE (l.ts, l.value, l.class) IS DISTINCT FROM (EXCLUDED.ts, EXCLUDED.value, EXCLUDED.class)
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [scope.systemId, scope.modelId, JSON.stringify(rows)],
  );
}

/** Inserts feedback; the same (prediction, timestamp) again is a retry and changes nothing. Returns how many were new. */
export function insertFeedback(q: Queryable, scope: Scope, rows: readonly FeedbackRow[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return count(
    q,
    `WITH ins AS (
       INSERT INTO feedback (system_id, model_id, prediction_id, ts, value, class, comment)
       SELECT $1, $2, u.i, u.t, u.v, u.c, u.m
       FROM jsonb_to_recordset($3::jsonb) AS u(i text, t timestamptz, v float8, c text, m text)
       ON CONFLICT (model_id, prediction_id, ts) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [scope.systemId, scope.modelId, JSON.stringify(rows)],
  );
}

/** Inserts metric points or corrects the value of an existing (name, timestamp). Returns rows written. */
export function upsertMetrics(q: Queryable, scope: Scope, rows: readonly MetricRow[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return count(
    q,
    `WITH ins AS (
       INSERT INTO metric_points AS m (system_id, model_id, name, ts, value)
       SELECT $1, $2, u.n, u.t, u.v
       FROM jsonb_to_recordset($3::jsonb) AS u(n text, t timestamptz, v float8)
       ON CONFLICT (model_id, name, ts) DO UPDATE SET value = EXCLUDED.value, received_at = now()
         WHERE m.value IS DISTINCT FROM EXCLUDED.value
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [scope.systemId, scope.modelId, JSON.stringify(rows)],
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

/**
 * Transaction-scoped advisory lock on (kind, model). Multi-statement (bulk) writers take it
 * exclusively, so they cannot deadlock with anyone; single-statement writers, whose rows are
 * sorted, take it shared and still run in parallel with each other.
 */
export async function lockModelWrites(q: Queryable, modelId: string, kind: string, mode: "exclusive" | "shared"): Promise<void> {
  const fn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
  await q.query(`SELECT ${fn}(hashtextextended($1, 0))`, [`${kind}:${modelId}`]);
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
