import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Drift: a model's chosen reference window and per-feature drift configuration, and a uniform
 * sample of every window that costs no extra write: each prediction gets a sample level from a
 * hash of its id (P(level ≥ L) = 2^-L), indexed with the model and time, so a report reads about
 * N / 2^L rows of a window of N instead of all of them. The level depends only on the id, so the
 * sample is the same whatever the arrival order, retries included. And the multivariate drift
 * detector trained per reference.
 */
export class DriftReferencesAndSampleLevels1764200000000 implements MigrationInterface {
  name = "DriftReferencesAndSampleLevels1764200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE models ADD COLUMN reference_from timestamptz, ADD COLUMN reference_to timestamptz`);
    await q.query(`ALTER TABLE models ADD CONSTRAINT models_reference_range CHECK (reference_from IS NULL OR reference_from < reference_to)`);
    await q.query(`ALTER TABLE models ADD COLUMN drift_config jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE FUNCTION tandem_sample_level(id text) RETURNS smallint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT LEAST(30, floor(-ln(((hashtext(id)::int8 & 2147483647) + 1)::float8 / 2147483648.0) / ln(2.0)))::smallint $$`);
    await q.query(`ALTER TABLE predictions ADD COLUMN sample_level smallint GENERATED ALWAYS AS (tandem_sample_level(prediction_id)) STORED`);
    await q.query(`CREATE INDEX predictions_model_level_ts ON predictions (model_id, sample_level, ts)`);
    // The multivariate detector (autoencoder) trained in the background once per reference.
    await q.query(`
      CREATE TABLE drift_detectors (
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        reference_from timestamptz NOT NULL,
        reference_to timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('training', 'ready', 'failed')),
        detector jsonb,
        error text,
        reference_rows integer,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        PRIMARY KEY (model_id, reference_from, reference_to)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE drift_detectors`);
    await q.query(`DROP INDEX predictions_model_level_ts`);
    await q.query(`ALTER TABLE predictions DROP COLUMN sample_level`);
    await q.query(`DROP FUNCTION tandem_sample_level(text)`);
    await q.query(`ALTER TABLE models DROP COLUMN drift_config, DROP COLUMN reference_to, DROP COLUMN reference_from`);
  }
}
