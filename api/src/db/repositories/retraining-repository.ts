// The retraining queue. Claims lease the highest-priority available samples with
// FOR UPDATE SKIP LOCKED, so two concurrent claims never receive the same sample; an expired lease
// makes its samples available again; an acknowledged batch consumes them for good.
import type { DataSource, QueryRunner } from "typeorm";
import { withTransaction } from "../queryable.js";

export interface CandidateRow {
  id: string;
  ts: Date;
  /** The exact timestamp as text (microseconds), for keyset pagination; absent from `byIds`. */
  cursor?: string;
  features: Record<string, unknown>;
  score: number | null;
  predictedClass: string | null;
  probabilities: Record<string, number> | null;
  labelValue: number | null;
  labelClass: string | null;
  feedback: Array<{ value: number | null; class: string | null }> | null;
}

/** Where a page of `candidates` ends: the last row's exact timestamp and id. */
export interface CandidateCursor {
  ts: string;
  id: string;
}

export interface LeasedSample {
  predictionId: string;
  priority: number;
  reasons: string[];
}

export class RetrainingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The model's most recent predictions that are not consumed, with label and feedback, newest first
   * (ties by prediction id, descending). Keyset pagination: pass the `cursor` of the last row of the
   * previous page to read the next, older page.
   */
  candidates(modelId: string, limit: number, after?: CandidateCursor | null): Promise<CandidateRow[]> {
    return this.dataSource.query(
      `SELECT p.prediction_id AS id, p.ts, p.ts::text AS cursor, p.features, p.score, p.predicted_class AS "predictedClass", p.probabilities,
              l.value AS "labelValue", l.class AS "labelClass",
              (SELECT json_agg(json_build_object('value', f.value, 'class', f.class) ORDER BY f.ts) FROM feedback f
                WHERE f.model_id = p.model_id AND f.prediction_id = p.prediction_id) AS feedback
       FROM predictions p
       LEFT JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
       WHERE p.model_id = $1
         AND ($3::timestamptz IS NULL OR (p.ts <= $3::timestamptz AND (p.ts < $3::timestamptz OR p.prediction_id < $4::text)))
         AND NOT EXISTS (SELECT 1 FROM retraining_pool r WHERE r.model_id = p.model_id AND r.prediction_id = p.prediction_id AND r.consumed_at IS NOT NULL)
       ORDER BY p.ts DESC, p.prediction_id DESC LIMIT $2`,
      [modelId, limit, after?.ts ?? null, after?.id ?? null],
    );
  }

  /** The aggregation window of the model's system, in seconds (null when the system is gone). */
  async windowSeconds(systemId: string): Promise<number | null> {
    const rows: Array<{ window_seconds: number }> = await this.dataSource.query(`SELECT window_seconds FROM systems WHERE id = $1`, [systemId]);
    return rows[0]?.window_seconds ?? null;
  }

  byIds(modelId: string, ids: readonly string[]): Promise<CandidateRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT p.prediction_id AS id, p.ts, p.features, p.score, p.predicted_class AS "predictedClass", p.probabilities,
              l.value AS "labelValue", l.class AS "labelClass",
              (SELECT json_agg(json_build_object('value', f.value, 'class', f.class) ORDER BY f.ts) FROM feedback f
                WHERE f.model_id = p.model_id AND f.prediction_id = p.prediction_id) AS feedback
       FROM predictions p LEFT JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
       WHERE p.model_id = $1 AND p.prediction_id = ANY($2::text[])`,
      [modelId, ids],
    );
  }

  async isRootCauseOfOpenIncident(modelId: string): Promise<boolean> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM incidents WHERE root_cause_model_id = $1 AND status <> 'RESOLVED'`,
      [modelId],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /** Refreshes the pool's priorities and reasons from a new ranking (consumed samples stay consumed; erased predictions are not added back). */
  private async refreshPool(q: QueryRunner, modelId: string, ranked: ReadonlyArray<{ id: string; priority: number; reasons: string[] }>): Promise<void> {
    if (ranked.length === 0) return;
    // Sorted ids: concurrent refreshes lock rows in the same order.
    const rows = [...ranked].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((r) => ({ i: r.id, p: r.priority, r: r.reasons }));
    await q.query(
      `INSERT INTO retraining_pool AS t (model_id, prediction_id, priority, reasons)
       SELECT $1, u.i, u.p, u.r FROM jsonb_to_recordset($2::jsonb) AS u(i text, p float8, r jsonb)
       WHERE EXISTS (SELECT 1 FROM predictions x WHERE x.model_id = $1 AND x.prediction_id = u.i)
       ON CONFLICT (model_id, prediction_id) DO UPDATE SET priority = EXCLUDED.priority, reasons = EXCLUDED.reasons
         WHERE t.consumed_at IS NULL AND (t.priority, t.reasons) IS DISTINCT FROM (EXCLUDED.priority, EXCLUDED.reasons)`,
      [modelId, JSON.stringify(rows)],
    );
  }

  /**
   * Refreshes the pool from `ranked`, then leases up to `size` available samples, highest priority
   * first, to a new batch — in one transaction under a per-model advisory lock, so pool writers
   * (claims, acks) of one model never deadlock; SKIP LOCKED keeps the claim safe on its own too.
   */
  async claim(
    modelId: string,
    strategy: string,
    size: number,
    leaseSeconds: number,
    ranked: ReadonlyArray<{ id: string; priority: number; reasons: string[] }>,
  ): Promise<{ batchId: string; leasedUntil: Date; samples: LeasedSample[] }> {
    return withTransaction(this.dataSource, async (q) => {
      await lockPool(q, modelId);
      await this.refreshPool(q, modelId, ranked);
      const batch: Array<{ id: string; leased_until: Date }> = await q.query(
        `INSERT INTO retraining_batches (model_id, strategy, leased_until) VALUES ($1, $2, now() + ($3 || ' seconds')::interval) RETURNING id, leased_until`,
        [modelId, strategy, String(leaseSeconds)],
      );
      const { id, leased_until } = batch[0]!;
      const samples: Array<{ prediction_id: string; priority: number; reasons: string[] }> = await q.query(
        `WITH picked AS (
           SELECT prediction_id FROM retraining_pool
           WHERE model_id = $1 AND consumed_at IS NULL AND (leased_until IS NULL OR leased_until < now())
           ORDER BY priority DESC, prediction_id LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE retraining_pool p SET batch_id = $3, leased_until = $4
         FROM picked WHERE p.model_id = $1 AND p.prediction_id = picked.prediction_id
         RETURNING p.prediction_id, p.priority, p.reasons`,
        [modelId, size, id, leased_until],
      );
      // TypeORM answers an UPDATE with [rows, count].
      const rows = Array.isArray(samples[0]) ? (samples[0] as unknown as typeof samples) : samples;
      rows.sort((a, b) => b.priority - a.priority || (a.prediction_id < b.prediction_id ? -1 : 1));
      return { batchId: id, leasedUntil: leased_until, samples: rows.map((r) => ({ predictionId: r.prediction_id, priority: r.priority, reasons: r.reasons })) };
    });
  }

  async batch(id: string): Promise<{ id: string; modelId: string; ackedAt: Date | null } | null> {
    const rows: Array<{ id: string; model_id: string; acked_at: Date | null }> = await this.dataSource.query(`SELECT id, model_id, acked_at FROM retraining_batches WHERE id = $1`, [id]);
    const r = rows[0];
    return r ? { id: r.id, modelId: r.model_id, ackedAt: r.acked_at } : null;
  }

  /** Consumes the samples the batch still holds (its lease may have expired: only those not re-leased). */
  async ack(batchId: string, modelId: string): Promise<number> {
    return withTransaction(this.dataSource, async (q) => {
      await lockPool(q, modelId);
      await q.query(`UPDATE retraining_batches SET acked_at = now() WHERE id = $1 AND acked_at IS NULL`, [batchId]);
      const [, count]: [unknown, number] = await q.query(
        `UPDATE retraining_pool SET consumed_at = now(), leased_until = NULL WHERE batch_id = $1 AND consumed_at IS NULL`,
        [batchId],
      );
      return count;
    });
  }
}

/** The per-model lock of the pool (claims, acks and erasures of the model take it). */
export async function lockPool(q: QueryRunner, modelId: string): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 11))`, [`retraining:${modelId}`]);
}
