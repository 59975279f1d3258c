// Reading logged attributions and a model's attribution settings (docs/explanations.md): per-feature
// sums of |attribution| over a time range (a uniform sample by sample level), one prediction with
// its label, labelled reference predictions for the case-based view, forbidden features and the
// attribution-drift threshold.
import type { DataSource } from "typeorm";

export interface AttributionSums {
  /** Predictions that carried attributions. */
  count: number;
  /** feature → Σ |attribution| over them. */
  sumAbs: Record<string, number>;
}

export interface StoredPrediction {
  predictionId: string;
  timestamp: Date;
  features: Record<string, unknown>;
  attributions: Record<string, number> | null;
  score: number | null;
  predictedClass: string | null;
  segment: string | null;
  labelValue: number | null;
  labelClass: string | null;
}

export interface LabelledReferenceRow {
  predictionId: string;
  features: Record<string, unknown>;
  labelValue: number | null;
  labelClass: string | null;
}

export interface AttributionSettings {
  forbidden: Array<{ name: string; maxShare: number }>;
  /** null: the default. */
  ndcgThreshold: number | null;
}

export class AttributionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Σ |attribution| per feature over the range's predictions with sample level ≥ minLevel that carry attributions. */
  async sums(modelId: string, from: Date, to: Date, minLevel: number): Promise<AttributionSums> {
    const rows: Array<{ n: number; feature: string | null; s: number | null }> = await this.dataSource.query(
      `WITH p AS (
         SELECT attributions FROM predictions
         WHERE model_id = $1 AND sample_level >= $4 AND ts >= $2 AND ts < $3 AND attributions IS NOT NULL)
       SELECT (SELECT count(*)::int FROM p) AS n, e.key AS feature, sum(abs((e.value #>> '{}')::float8))::float8 AS s
       FROM (SELECT 1) AS one LEFT JOIN (p CROSS JOIN LATERAL jsonb_each(p.attributions) AS e) ON true
       GROUP BY e.key`,
      [modelId, from, to, minLevel],
    );
    const sumAbs: Record<string, number> = {};
    for (const r of rows) if (r.feature !== null && r.s !== null) sumAbs[r.feature] = r.s;
    return { count: rows[0]?.n ?? 0, sumAbs };
  }

  /** One prediction of the model with its label, or null. */
  async prediction(modelId: string, predictionId: string): Promise<StoredPrediction | null> {
    const rows: StoredPrediction[] = await this.dataSource.query(
      `SELECT p.prediction_id AS "predictionId", p.ts AS "timestamp", p.features, p.attributions, p.score,
              p.predicted_class AS "predictedClass", p.segment, l.value AS "labelValue", l.class AS "labelClass"
       FROM predictions p LEFT JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
       WHERE p.model_id = $1 AND p.prediction_id = $2`,
      [modelId, predictionId],
    );
    return rows[0] ?? null;
  }

  /** Labelled predictions of the range with sample level ≥ minLevel. */
  labelledRows(modelId: string, from: Date, to: Date, minLevel: number): Promise<LabelledReferenceRow[]> {
    return this.dataSource.query(
      `SELECT p.prediction_id AS "predictionId", p.features, l.value AS "labelValue", l.class AS "labelClass"
       FROM predictions p JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
       WHERE p.model_id = $1 AND p.sample_level >= $4 AND p.ts >= $2 AND p.ts < $3`,
      [modelId, from, to, minLevel],
    );
  }

  /** Labelled predictions of the range (an index-only count is not possible across the join: counts the labels). */
  async countLabelled(modelId: string, from: Date, to: Date): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM predictions p JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
       WHERE p.model_id = $1 AND p.ts >= $2 AND p.ts < $3`,
      [modelId, from, to],
    );
    return rows[0]?.n ?? 0;
  }

  async settings(modelId: string): Promise<AttributionSettings> {
    const rows: Array<{ forbidden_features: AttributionSettings["forbidden"]; attribution_ndcg_threshold: number | null }> = await this.dataSource.query(
      `SELECT forbidden_features, attribution_ndcg_threshold FROM models WHERE id = $1`,
      [modelId],
    );
    return { forbidden: rows[0]?.forbidden_features ?? [], ndcgThreshold: rows[0]?.attribution_ndcg_threshold ?? null };
  }

  async setForbidden(modelId: string, forbidden: AttributionSettings["forbidden"]): Promise<void> {
    await this.dataSource.query(`UPDATE models SET forbidden_features = $2::jsonb, updated_at = now() WHERE id = $1`, [modelId, JSON.stringify(forbidden)]);
  }

  async setNdcgThreshold(modelId: string, threshold: number | null): Promise<void> {
    await this.dataSource.query(`UPDATE models SET attribution_ndcg_threshold = $2, updated_at = now() WHERE id = $1`, [modelId, threshold]);
  }
}
