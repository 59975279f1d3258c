import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A version may go live again (a rollback, by hand or by a remediation ROLLBACK): model_versions
 * becomes the history of rollouts, one row per (model, time, version), and names the remediation
 * action that rolled back, if any. A prediction without a version still belongs to the version
 * live at its timestamp (the latest row at or before it).
 */
export class ModelVersionRollbacks1764300000001 implements MigrationInterface {
  name = "ModelVersionRollbacks1764300000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_versions DROP CONSTRAINT model_versions_model_id_version_key`);
    await q.query(`CREATE UNIQUE INDEX model_versions_model_live_version ON model_versions (model_id, live_at, version)`);
    await q.query(`ALTER TABLE model_versions ADD COLUMN action_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_versions DROP COLUMN action_id`);
    await q.query(`DROP INDEX model_versions_model_live_version`);
    await q.query(`ALTER TABLE model_versions ADD CONSTRAINT model_versions_model_id_version_key UNIQUE (model_id, version)`);
  }
}
