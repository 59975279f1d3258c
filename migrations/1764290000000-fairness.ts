import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Fairness (docs/fairness.md): one policy per model — its sensitive features, how numeric ones are
 * grouped, the favorable label and the limits of the parity figures — as validated JSON (the
 * analytics' FairnessPolicy). The policy goes with its model (and a deleted system's models).
 */
export class Fairness1764290000000 implements MigrationInterface {
  name = "Fairness1764290000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fairness_policies (
        model_id uuid PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        policy jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX fairness_policies_system ON fairness_policies (system_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fairness_policies`);
  }
}
