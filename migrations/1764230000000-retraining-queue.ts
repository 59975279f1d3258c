import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The retraining queue: a pool of a model's ranked predictions (priority and reasons from the
 * latest ranking), each leased to at most one batch at a time and consumed once acknowledged.
 */
export class RetrainingQueue1764230000000 implements MigrationInterface {
  name = "RetrainingQueue1764230000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retraining_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        strategy text NOT NULL,
        leased_until timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        acked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE retraining_pool (
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        prediction_id text NOT NULL,
        priority double precision NOT NULL,
        reasons jsonb NOT NULL,
        batch_id uuid REFERENCES retraining_batches (id) ON DELETE SET NULL,
        leased_until timestamptz,
        consumed_at timestamptz,
        PRIMARY KEY (model_id, prediction_id)
      )`);
    await q.query(`CREATE INDEX retraining_pool_available ON retraining_pool (model_id, priority DESC) WHERE consumed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retraining_pool`);
    await q.query(`DROP TABLE retraining_batches`);
  }
}
