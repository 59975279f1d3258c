// Fairness (docs/fairness.md): a model's policy (one JSON row per model) and the rows its figures
// are computed from — each prediction of a window with its sensitive features only, its score or
// class and its label when one arrived.
import type { DataSource } from "typeorm";

/** One prediction as the fairness figures read it (only the asked features). */
export interface FairnessRowRecord {
  features: Record<string, unknown>;
  score: number | null;
  predictedClass: string | null;
  probabilities: Record<string, number> | null;
  labelValue: number | null;
  labelClass: string | null;
}

export class FairnessRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The model's policy as stored (JSON, validated by the service before it was saved), or null. */
  async policyOf<P extends object>(modelId: string): Promise<P | null> {
    const rows: Array<{ policy: P }> = await this.dataSource.query(`SELECT policy FROM fairness_policies WHERE model_id = $1`, [modelId]);
    return rows[0]?.policy ?? null;
  }

  /** Creates or replaces the model's policy. */
  async savePolicy(args: { modelId: string; systemId: string; policy: object; at: Date }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO fairness_policies (model_id, system_id, policy, updated_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (model_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at`,
      [args.modelId, args.systemId, JSON.stringify(args.policy), args.at],
    );
  }

  /** Removes the model's policy; whether it had one. */
  async deletePolicy(modelId: string): Promise<boolean> {
    const rows: Array<{ model_id: string }> = await this.dataSource.query(`DELETE FROM fairness_policies WHERE model_id = $1 RETURNING model_id`, [modelId]);
    return rows.length > 0;
  }

  /**
   * The predictions of [from, to) with sample level ≥ `minLevel` (a uniform sample), each with the
   * named features only and its label (null: none yet).
   */
  rows(args: { modelId: string; from: Date; to: Date; features: readonly string[]; minLevel: number }): Promise<FairnessRowRecord[]> {
    return this.dataSource.query(
      `SELECT COALESCE((SELECT jsonb_object_agg(k, p.features -> k) FROM unnest($5::text[]) AS k WHERE p.features ? k), '{}'::jsonb) AS features,
              p.score, p.predicted_class AS "predictedClass", p.probabilities, l.value AS "labelValue", l.class AS "labelClass"
       FROM predictions p LEFT JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
       WHERE p.model_id = $1 AND p.sample_level >= $4 AND p.ts >= $2 AND p.ts < $3`,
      [args.modelId, args.from, args.to, args.minLevel, args.features],
    );
  }
}
