import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Attributions as telemetry (docs/explanations.md): a prediction may carry its feature
 * attributions (feature → signed number, e.g. SHAP values from the model server), stored beside its
 * features as jsonb (NULL: none logged; rows stored before this migration have none).
 * A model declares forbidden features — features that must not drive its decisions — each with the
 * largest share of the mean |attribution| mass it may take ([{name, maxShare}]), and may set its
 * attribution-drift nDCG threshold (NULL: the default 0.9, as SageMaker Clarify).
 */
export class Attributions1764280000000 implements MigrationInterface {
  name = "Attributions1764280000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE predictions ADD COLUMN attributions jsonb`);
    await q.query(`ALTER TABLE models ADD COLUMN forbidden_features jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE models ADD COLUMN attribution_ndcg_threshold float8 CHECK (attribution_ndcg_threshold > 0 AND attribution_ndcg_threshold <= 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE models DROP COLUMN attribution_ndcg_threshold`);
    await q.query(`ALTER TABLE models DROP COLUMN forbidden_features`);
    await q.query(`ALTER TABLE predictions DROP COLUMN attributions`);
  }
}
