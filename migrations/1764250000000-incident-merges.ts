import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * An incident closed because a later window's decision explained its root cause by another incident's
 * root (graph/incident-lifecycle.ts, `merge`): the incident it was merged into.
 */
export class IncidentMerges1764250000000 implements MigrationInterface {
  name = "IncidentMerges1764250000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents ADD COLUMN merged_into_id uuid REFERENCES incidents (id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents DROP COLUMN merged_into_id`);
  }
}
