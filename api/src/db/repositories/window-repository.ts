// Reading a model's predictions by time range (for window summaries) and caching the summaries.
import type { DataSource } from "typeorm";
import { withTransaction } from "../queryable.js";

export interface PredictionRecord {
  features: Record<string, unknown>;
  score: number | null;
  predictedClass: string | null;
  segment: string | null;
}

export interface CachedAggregate<T> {
  predictions: number;
  sampleCap: number;
  summary: T;
}

const FETCH_ROWS = 10_000;

export class WindowRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Predictions of the model with from ≤ ts < to (an index-only count on (model_id, ts)). */
  async countPredictions(modelId: string, from: Date, to: Date): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM predictions WHERE model_id = $1 AND ts >= $2 AND ts < $3`,
      [modelId, from, to],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Feeds every prediction of the range to `onRows`, FETCH_ROWS at a time, through one cursor. */
  async scanPredictions(modelId: string, from: Date, to: Date, onRows: (rows: PredictionRecord[]) => void): Promise<number> {
    return withTransaction(this.dataSource, async (q) => {
      await q.query(
        `DECLARE tandem_window_scan NO SCROLL CURSOR FOR
         SELECT features, score, predicted_class AS "predictedClass", segment
         FROM predictions WHERE model_id = $1 AND ts >= $2 AND ts < $3`,
        [modelId, from, to],
      );
      let total = 0;
      for (;;) {
        const rows: PredictionRecord[] = await q.query(`FETCH ${FETCH_ROWS} FROM tandem_window_scan`);
        if (rows.length === 0) break;
        total += rows.length;
        onRows(rows);
      }
      await q.query(`CLOSE tandem_window_scan`);
      return total;
    });
  }

  async loadAggregate<T>(modelId: string, from: Date, to: Date): Promise<CachedAggregate<T> | null> {
    const rows: Array<{ predictions: string; sample_cap: number; summary: T }> = await this.dataSource.query(
      `SELECT predictions, sample_cap, summary FROM window_aggregates WHERE model_id = $1 AND window_start = $2 AND window_end = $3`,
      [modelId, from, to],
    );
    const r = rows[0];
    return r ? { predictions: Number(r.predictions), sampleCap: r.sample_cap, summary: r.summary } : null;
  }

  async saveAggregate<T>(modelId: string, from: Date, to: Date, aggregate: CachedAggregate<T>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO window_aggregates (model_id, window_start, window_end, predictions, sample_cap, summary)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (model_id, window_start, window_end) DO UPDATE
         SET predictions = EXCLUDED.predictions, sample_cap = EXCLUDED.sample_cap, summary = EXCLUDED.summary, computed_at = now()`,
      [modelId, from, to, aggregate.predictions, aggregate.sampleCap, JSON.stringify(aggregate.summary)],
    );
  }

  /** Start of the first window (aligned to the epoch) holding at least `min` predictions, or null. */
  async firstWindowWithAtLeast(modelId: string, windowSeconds: number, min: number): Promise<Date | null> {
    const rows: Array<{ start: Date }> = await this.dataSource.query(
      `SELECT to_timestamp(floor(extract(epoch FROM ts) / $2) * $2) AS start
       FROM predictions WHERE model_id = $1
       GROUP BY 1 HAVING count(*) >= $3 ORDER BY 1 LIMIT 1`,
      [modelId, windowSeconds, min],
    );
    return rows[0]?.start ?? null;
  }

  async setReference(modelId: string, from: Date, to: Date): Promise<void> {
    await this.dataSource.query(`UPDATE models SET reference_from = $2, reference_to = $3, updated_at = now() WHERE id = $1`, [modelId, from, to]);
  }

  async reference(modelId: string): Promise<{ from: Date; to: Date } | null> {
    const rows: Array<{ reference_from: Date | null; reference_to: Date | null }> = await this.dataSource.query(
      `SELECT reference_from, reference_to FROM models WHERE id = $1`,
      [modelId],
    );
    const r = rows[0];
    return r?.reference_from && r.reference_to ? { from: r.reference_from, to: r.reference_to } : null;
  }

  async driftConfig(modelId: string): Promise<Record<string, unknown>> {
    const rows: Array<{ drift_config: Record<string, unknown> }> = await this.dataSource.query(`SELECT drift_config FROM models WHERE id = $1`, [modelId]);
    return rows[0]?.drift_config ?? {};
  }

  async setDriftConfig(modelId: string, config: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(`UPDATE models SET drift_config = $2::jsonb, updated_at = now() WHERE id = $1`, [modelId, JSON.stringify(config)]);
  }
}
