// Batched, idempotent writes of telemetry: a batch of thousands of rows costs one or two round
// trips. Rows arrive sorted by key so that concurrent writers of overlapping batches take row
// locks in the same order.
import type { QueryResult, QueryRunner } from "typeorm";
import type { Queryable } from "../queryable.js";
import { isUniqueViolation } from "../database-errors.js";
import { copyField, copyRows } from "./copy-rows.js";

export interface Scope {
  systemId: string;
  modelId: string;
}

/**
 * Rows travel as ONE JSON array parameter expanded by jsonb_to_recordset: V8 serialises it
 * natively and PostgreSQL parses it in C, several times faster than pg's per-element array
 * literals. Short keys keep the payload small. New predictions on a real PostgreSQL take the
 * faster COPY path first (see insertPredictions).
 */
export interface PredictionRow {
  /** prediction id */ i: string;
  /** timestamp, ISO-8601 */ t: string;
  /** features */ f: Record<string, number | string | null>;
  /** score */ s: number | null;
  /** predicted class */ c: string | null;
  /** probabilities */ p: Record<string, number> | null;
  /** segment */ g: string | null;
  /** attributions (absent or null: none logged) */ a?: Record<string, number> | null;
  /** model version (absent or null: the version live at the timestamp) */ mv?: string | null;
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

/** Runs a write on the transaction's connection; returns the number of rows it inserted or updated. */
async function count(q: QueryRunner, sql: string, params: unknown[]): Promise<number> {
  const result: QueryResult = await q.query(sql, params, true);
  return result.affected ?? 0;
}

/** Predictions in COPY text format (hot path: one template per row, escaping only when needed). */
function predictionCopyText(scope: Scope, rows: readonly PredictionRow[]): string {
  const prefix = `${scope.systemId}\t${scope.modelId}\t`;
  let out = "";
  for (const r of rows) {
    out += `${prefix}${copyField(r.i)}\t${r.t}\t${copyField(JSON.stringify(r.f))}\t${r.s === null ? "\\N" : r.s}\t${copyField(r.c)}\t${r.p === null ? "\\N" : copyField(JSON.stringify(r.p))}\t${copyField(r.g)}\t${r.a == null ? "\\N" : copyField(JSON.stringify(r.a))}\t${r.mv == null ? "\\N" : copyField(r.mv)}\n`;
  }
  return out;
}

/** How a batch of predictions reaches the table. */
export type PredictionWritePath = "copy" | "json";

/** Per request: starts as the database allows; turns to "json" once a batch met existing ids. */
export interface PredictionWriteState {
  path: PredictionWritePath;
  /** Told which rows of each batch were newly inserted (window profiles count exactly those). */
  onInserted?: (rows: readonly PredictionRow[]) => void;
}

let savepoints = 0;

/**
 * Inserts new predictions; an existing (model, prediction id) is left alone. Returns how many
 * were new.
 *
 * Ids already stored (a retry, an overlapping resend, in whatever partition) are left out first.
 * "copy" (real PostgreSQL): the new rows are COPYed straight into the table inside a savepoint —
 * raw COPY speed; should the COPY still meet the unique key, the savepoint is rolled back and the
 * batch takes the idempotent statement below — and so do the request's later batches. "json" (the embedded database, whose
 * wire-protocol bridge does not carry COPY): always the idempotent statement.
 */
export async function insertPredictions(q: QueryRunner, scope: Scope, batch: readonly PredictionRow[], state: PredictionWriteState): Promise<number> {
  // The table is partitioned by ts, so its unique key is (model, id, ts): an id already stored in
  // ANY partition (another timestamp) is left out here. Exact because every writer of the model's
  // predictions holds its exclusive write lock (lockModelWrites) until it commits (docs/retention.md).
  const existing = batch.length === 0 ? new Set<string>() : await existingPredictionIds(q, scope.modelId, batch.map((r) => r.i));
  const rows = existing.size === 0 ? batch : batch.filter((r) => !existing.has(r.i));
  if (rows.length === 0) return 0;
  if (state.path === "copy") {
    const savepoint = `tandem_copy_${(savepoints = (savepoints + 1) % 1_000_000)}`;
    await q.query(`SAVEPOINT ${savepoint}`);
    try {
      await copyRows(
        q,
        `COPY predictions (system_id, model_id, prediction_id, ts, features, score, predicted_class, probabilities, segment, attributions, model_version) FROM STDIN`,
        predictionCopyText(scope, rows),
      );
      await q.query(`RELEASE SAVEPOINT ${savepoint}`);
      state.onInserted?.(rows);
      return rows.length;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await q.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      await q.query(`RELEASE SAVEPOINT ${savepoint}`);
      state.path = "json";
    }
  }
  const insert = `INSERT INTO predictions (system_id, model_id, prediction_id, ts, features, score, predicted_class, probabilities, segment, attributions, model_version)
     SELECT $1, $2, u.i, u.t, u.f, u.s, u.c, u.p, u.g, u.a, u.mv
     FROM jsonb_to_recordset($3::jsonb) AS u(i text, t timestamptz, f jsonb, s float8, c text, p jsonb, g text, a jsonb, mv text)
     ON CONFLICT DO NOTHING`;
  const params = [scope.systemId, scope.modelId, JSON.stringify(rows)];
  if (!state.onInserted) return count(q, insert, params);
  // Window profiles count only the rows this statement inserted: a retried batch counts nothing.
  const inserted: Array<{ prediction_id: string }> = await q.query(`WITH ins AS (${insert} RETURNING prediction_id) SELECT prediction_id FROM ins`, params);
  const ids = new Set(inserted.map((r) => r.prediction_id));
  state.onInserted(rows.filter((r) => ids.has(r.i)));
  return ids.size;
}

/** Inserts labels or corrects an existing label of the prediction; identical re-sends change nothing. Returns rows written. */
export function upsertLabels(q: QueryRunner, scope: Scope, rows: readonly LabelRow[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return count(
    q,
    `INSERT INTO labels AS l (system_id, model_id, prediction_id, ts, value, class)
     SELECT $1, $2, u.i, u.t, u.v, u.c
     FROM jsonb_to_recordset($3::jsonb) AS u(i text, t timestamptz, v float8, c text)
     ON CONFLICT (model_id, prediction_id) DO UPDATE
       SET ts = EXCLUDED.ts, value = EXCLUDED.value, class = EXCLUDED.class, received_at = now()
       WHERE (l.ts, l.value, l.class) IS DISTINCT FROM (EXCLUDED.ts, EXCLUDED.value, EXCLUDED.class)`,
    [scope.systemId, scope.modelId, JSON.stringify(rows)],
  );
}

/** Inserts feedback; the same (prediction, timestamp) again is a retry and changes nothing. Returns how many were new. */
export function insertFeedback(q: QueryRunner, scope: Scope, rows: readonly FeedbackRow[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return count(
    q,
    `INSERT INTO feedback (system_id, model_id, prediction_id, ts, value, class, comment)
     SELECT $1, $2, u.i, u.t, u.v, u.c, u.m
     FROM jsonb_to_recordset($3::jsonb) AS u(i text, t timestamptz, v float8, c text, m text)
     ON CONFLICT (model_id, prediction_id, ts) DO NOTHING`,
    [scope.systemId, scope.modelId, JSON.stringify(rows)],
  );
}

/** Inserts metric points or corrects the value of an existing (name, timestamp). Returns rows written. */
export function upsertMetrics(q: QueryRunner, scope: Scope, rows: readonly MetricRow[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return count(
    q,
    `INSERT INTO metric_points AS m (system_id, model_id, name, ts, value)
     SELECT $1, $2, u.n, u.t, u.v
     FROM jsonb_to_recordset($3::jsonb) AS u(n text, t timestamptz, v float8)
     ON CONFLICT (model_id, name, ts) DO UPDATE SET value = EXCLUDED.value, received_at = now()
       WHERE m.value IS DISTINCT FROM EXCLUDED.value`,
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
