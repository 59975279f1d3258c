// Erasure of a model's predictions on request (docs/erasure.md): the raw rows and everything stored
// per prediction — labels, feedback, anomaly rows, retraining pool entries (their leases and batch
// membership live on those rows), drift detectors that kept an erased category — in one
// transaction, and a log row that holds counts, never ids.
//
// Concurrent writers are shut out for the transaction, then everything goes in ONE statement (one
// snapshot, so what it sees is all that was committed before it):
// - ingest of predictions, labels and feedback of the model: their write locks, exclusively
//   (telemetry-repository lockModelWrites), so a label checked against a prediction before the
//   erasure is written before it too, and one sent after finds no prediction and is rejected;
// - the retraining pool of the model: its lock (retraining-repository lockPool); a claim that ranked
//   the rows before the erasure re-inserts only ids whose prediction still exists;
// - a window evaluator of the system: the erasure lock below (shared by evaluators, exclusive here);
//   an evaluator that loaded the rows before the erasure stores anomalies only of predictions that
//   still exist.
import type { DataSource, QueryRunner } from "typeorm";
import type { Queryable } from "../queryable.js";
import { withTransaction } from "../queryable.js";
import { lockPool } from "./retraining-repository.js";
import { lockModelWrites } from "./telemetry-repository.js";

/** The ways to choose the predictions to erase (the one list: the GraphQL enum derives from it). */
export const ERASURE_SELECTORS = ["IDS", "SEGMENT", "BEFORE"] as const;
export type ErasureSelectorKind = (typeof ERASURE_SELECTORS)[number];

/**
 * Which predictions of the model go. SEGMENT compares the JSON value of one feature: `number`
 * compares numerically (exact decimal: 123 = 123.0 = 1.23e2), `string` compares text exactly.
 */
export type ErasureSelector =
  | { kind: "IDS"; ids: readonly string[] }
  | { kind: "SEGMENT"; feature: string; equals: { type: "number" | "string"; value: string } }
  | { kind: "BEFORE"; before: Date };

export interface ErasureCounts {
  predictions: number;
  labels: number;
  feedback: number;
  anomalies: number;
  retrainingCandidates: number;
}

/** One erasure as logged: who, when, what kind of selector and how many rows — no ids, no segment value. */
export interface ErasureRecord extends ErasureCounts {
  id: string;
  systemId: string;
  modelId: string;
  selector: ErasureSelectorKind;
  idsRequested: number | null;
  segmentFeature: string | null;
  before: Date | null;
  erasedBy: string;
  erasedAt: Date;
}

/** Tables whose rows are per prediction (model_id, prediction_id), with the count each answers to. */
const DERIVED = [
  { table: "labels", count: "labels" },
  { table: "feedback", count: "feedback" },
  { table: "anomalies", count: "anomalies" },
  { table: "retraining_pool", count: "retrainingCandidates" },
] as const satisfies ReadonlyArray<{ table: string; count: keyof ErasureCounts }>;

/**
 * Serializes erasures with window evaluators of the system: evaluators take it shared before they
 * store a window, an erasure exclusively before it deletes.
 */
export async function lockErasures(q: Queryable, systemId: string, mode: "exclusive" | "shared"): Promise<void> {
  const fn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
  await q.query(`SELECT ${fn}(hashtextextended($1, 13))`, [`erasure:${systemId}`]);
}

/**
 * A stored multivariate drift detector keeps the most frequent categories of its reference rows
 * (analytics/drift/autoencoder-encoding.ts). One that lists a category value which only erased rows
 * carried (no remaining prediction of the model has it) goes, and so does one being trained (it may
 * have read erased rows); the trainer trains it again from the remaining rows when a report next
 * needs it. A value that remaining rows still carry is their data and stays.
 */
const DETECTORS = `categories AS (
            SELECT DISTINCT kv.key AS name, kv.value AS value FROM erased, jsonb_each(erased.features) AS kv WHERE jsonb_typeof(kv.value) = 'string'),
          listed AS (
            SELECT DISTINCT d.reference_from, d.reference_to, c.name, c.value
            FROM drift_detectors d
            CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(d.detector -> 'encoder' -> 'features') = 'array' THEN d.detector -> 'encoder' -> 'features' ELSE '[]' END) AS f
            JOIN categories c ON f ->> 'name' = c.name AND f -> 'categories' @> jsonb_build_array(c.value)
            WHERE d.model_id = $1),
          gone AS (
            SELECT reference_from, reference_to FROM listed l WHERE NOT EXISTS (
              SELECT 1 FROM predictions p WHERE p.model_id = $1 AND p.features -> l.name = l.value
                AND NOT EXISTS (SELECT 1 FROM erased e WHERE e.prediction_id = p.prediction_id))),
          detectors AS (
            DELETE FROM drift_detectors d WHERE d.model_id = $1 AND EXISTS (SELECT 1 FROM erased)
              AND (d.status = 'training' OR (d.reference_from, d.reference_to) IN (SELECT reference_from, reference_to FROM gone)))`;

/** The WHERE condition on predictions (params from $2) and its parameters. */
function selectorCondition(selector: ErasureSelector): { sql: string; params: unknown[] } {
  switch (selector.kind) {
    case "IDS":
      return { sql: `prediction_id = ANY($2::text[])`, params: [selector.ids] };
    case "SEGMENT":
      return selector.equals.type === "number"
        ? { sql: `features -> $2::text = to_jsonb($3::numeric)`, params: [selector.feature, selector.equals.value] }
        : { sql: `features -> $2::text = to_jsonb($3::text)`, params: [selector.feature, selector.equals.value] };
    case "BEFORE":
      return { sql: `ts < $2::timestamptz`, params: [selector.before] };
    default: {
      const never: never = selector;
      throw new Error(`db/erasure: unknown selector ${JSON.stringify(never)}`);
    }
  }
}

/**
 * One statement: delete the predictions, then every per-prediction row of the erased ids. With ids,
 * rows of a given id go even when its prediction row is already gone (nothing of the id may stay).
 */
function eraseStatement(selector: ErasureSelector, windowSeconds: number): { sql: string; params: unknown[] } {
  if (!(Number.isInteger(windowSeconds) && windowSeconds > 0)) throw new Error(`db/erasure: windowSeconds must be a positive integer, got ${windowSeconds}`);
  const where = selectorCondition(selector);
  const ids = selector.kind === "IDS"
    ? `SELECT prediction_id FROM erased UNION SELECT unnest($2::text[])`
    : `SELECT prediction_id FROM erased`;
  const derived = DERIVED.map((d, i) =>
    `d${i} AS (DELETE FROM ${d.table} t WHERE t.model_id = $1 AND t.prediction_id IN (SELECT prediction_id FROM ids) RETURNING 1)`);
  const counts = DERIVED.map((d, i) => `(SELECT count(*) FROM d${i})::int AS "${d.count}"`);
  return {
    sql: `WITH erased AS (DELETE FROM predictions WHERE model_id = $1 AND ${where.sql} RETURNING prediction_id, features, ts),
          ids AS (${ids}),
          ${derived.join(",\n          ")},
          ${DETECTORS}
          SELECT (SELECT count(*) FROM erased)::int AS predictions, ${counts.join(", ")},
                 (SELECT coalesce(array_agg(DISTINCT (floor(extract(epoch FROM ts) / ${windowSeconds}) * ${windowSeconds})::bigint), '{}') FROM erased) AS windows`,
    params: where.params,
  };
}

interface ErasureRow {
  id: string; system_id: string; model_id: string; selector: ErasureSelectorKind; ids_requested: number | null; segment_feature: string | null;
  erased_before: Date | null; erased_by: string; erased_at: Date; predictions: number; labels: number; feedback: number; anomalies: number; retraining_candidates: number;
}

const COLUMNS = `id, system_id, model_id, selector, ids_requested, segment_feature, erased_before, erased_by, erased_at, predictions, labels, feedback, anomalies, retraining_candidates`;

function record(r: ErasureRow): ErasureRecord {
  return {
    id: r.id, systemId: r.system_id, modelId: r.model_id, selector: r.selector, idsRequested: r.ids_requested, segmentFeature: r.segment_feature,
    before: r.erased_before, erasedBy: r.erased_by, erasedAt: r.erased_at,
    predictions: r.predictions, labels: r.labels, feedback: r.feedback, anomalies: r.anomalies, retrainingCandidates: r.retraining_candidates,
  };
}

export class ErasureRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Erases the selected predictions of the model and what is stored per prediction, and logs it; all
   * or nothing. `afterErase` runs in the same transaction with the starts of the windows that held
   * erased predictions (their window profiles are rebuilt there).
   */
  erase(args: { systemId: string; modelId: string; selector: ErasureSelector; erasedBy: string; afterErase?: (q: QueryRunner, windowStarts: Date[]) => Promise<void> }): Promise<ErasureRecord> {
    const { systemId, modelId, selector } = args;
    return withTransaction(this.dataSource, async (q) => {
      await lockErasures(q, systemId, "exclusive");
      for (const kind of ["predictions", "labels", "feedback"]) await lockModelWrites(q, modelId, kind, "exclusive");
      await lockPool(q, modelId);
      const system: Array<{ s: number }> = await q.query(`SELECT window_seconds AS s FROM systems WHERE id = $1`, [systemId]);
      const statement = eraseStatement(selector, system[0]!.s);
      const counts: Array<ErasureCounts & { windows: Array<string | number> }> = await q.query(statement.sql, [modelId, ...statement.params]);
      const c = counts[0]!;
      await args.afterErase?.(q, c.windows.map((w) => new Date(Number(w) * 1000)));
      const rows: ErasureRow[] = await q.query(
        `INSERT INTO prediction_erasures (system_id, model_id, selector, ids_requested, segment_feature, erased_before, erased_by,
                                          predictions, labels, feedback, anomalies, retraining_candidates)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
        [
          systemId, modelId, selector.kind,
          selector.kind === "IDS" ? new Set(selector.ids).size : null,
          selector.kind === "SEGMENT" ? selector.feature : null,
          selector.kind === "BEFORE" ? selector.before : null,
          args.erasedBy, c.predictions, c.labels, c.feedback, c.anomalies, c.retrainingCandidates,
        ],
      );
      return record(rows[0]!);
    });
  }

  /** The model's erasures, newest first (at most `limit`). */
  async ofModel(modelId: string, limit: number): Promise<ErasureRecord[]> {
    const rows: ErasureRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM prediction_erasures WHERE model_id = $1 ORDER BY erased_at DESC, id LIMIT $2`,
      [modelId, limit],
    );
    return rows.map(record);
  }
}
