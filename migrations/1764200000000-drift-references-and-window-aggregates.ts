import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Drift: a model's chosen reference window and per-feature drift configuration, and a cache of
 * per-window feature summaries (counts, missing values, bounded uniform samples, category counts)
 * so that a drift report does not re-read a window's raw rows each time.
 */
export class DriftReferencesAndWindowAggregates1764200000000 implements MigrationInterface {
  name = "DriftReferencesAndWindowAggregates1764200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE models ADD COLUMN reference_from timestamptz, ADD COLUMN reference_to timestamptz`);
    await q.query(`ALTER TABLE models ADD CONSTRAINT models_reference_range CHECK (reference_from IS NULL OR reference_from < reference_to)`);
    await q.query(`ALTER TABLE models ADD COLUMN drift_config jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE window_aggregates (
        model_id uuid NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        predictions bigint NOT NULL,
        sample_cap integer NOT NULL,
        summary jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, window_start, window_end)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE window_aggregates`);
    await q.query(`ALTER TABLE models DROP COLUMN drift_config, DROP COLUMN reference_to, DROP COLUMN reference_from`);
  }
}
