// Reading a model's predictions by time range for drift reports: counts, uniform samples, the
// reference and the drift configuration.
import type { DataSource } from "typeorm";

export interface PredictionRecord {
  predictionId: string;
  features: Record<string, unknown>;
  score: number | null;
  predictedClass: string | null;
  segment: string | null;
}

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

  /** Predictions per model in [from, to), for many models in one query (absent: none). */
  async countPredictionsByModel(modelIds: string[], from: Date, to: Date): Promise<Map<string, number>> {
    if (modelIds.length === 0) return new Map();
    const rows: Array<{ model_id: string; n: string }> = await this.dataSource.query(
      `SELECT model_id, count(*) AS n FROM predictions WHERE model_id = ANY($1::uuid[]) AND ts >= $2 AND ts < $3 GROUP BY model_id`,
      [modelIds, from, to],
    );
    return new Map(rows.map((r) => [r.model_id, Number(r.n)]));
  }

  /**
   * The predictions of the range whose sample level is at least `minLevel`: a uniform random
   * sample of about 1/2^minLevel of them, read through the (model_id, sample_level, ts) index.
   */
  async sampleRows(modelId: string, from: Date, to: Date, minLevel: number): Promise<PredictionRecord[]> {
    return this.dataSource.query(
      `SELECT prediction_id AS "predictionId", features, score, predicted_class AS "predictedClass", segment
       FROM predictions WHERE model_id = $1 AND sample_level >= $4 AND ts >= $2 AND ts < $3`,
      [modelId, from, to, minLevel],
    );
  }

  /** The model's first prediction time at or after `atOrAfter` (null: its very first), or null: none (the (model_id, ts) index). */
  async firstPredictionAt(modelId: string, atOrAfter: Date | null): Promise<Date | null> {
    const rows: Array<{ ts: Date }> = await this.dataSource.query(
      atOrAfter === null
        ? `SELECT ts FROM predictions WHERE model_id = $1 ORDER BY ts LIMIT 1`
        : `SELECT ts FROM predictions WHERE model_id = $1 AND ts >= $2 ORDER BY ts LIMIT 1`,
      atOrAfter === null ? [modelId] : [modelId, atOrAfter],
    );
    return rows[0]?.ts ?? null;
  }

  /** Predictions of the model with from ≤ ts < to, counting at most `limit` of them. */
  async countPredictionsUpTo(modelId: string, from: Date, to: Date, limit: number): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM predictions WHERE model_id = $1 AND ts >= $2 AND ts < $3 LIMIT $4) AS w`,
      [modelId, from, to, limit],
    );
    return rows[0]?.n ?? 0;
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
