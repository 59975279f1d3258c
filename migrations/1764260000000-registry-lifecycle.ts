import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Systems change (issue #18): the wiring is versioned in time, models can be retired, systems
 * deleted, and every registry change is recorded.
 *
 * - `dependencies.valid_from` / `valid_to`: the windows (data time) an edge is in effect, as
 *   [valid_from, valid_to); NULL valid_from = from the beginning, NULL valid_to = still in effect.
 *   Removing or changing an edge closes its row and (for a change) opens a new one, so a past
 *   window is computed on the wiring it had. One edge per pair is in effect at a time (partial
 *   unique index on the open rows).
 * - `models.retired_at` (when it was retired) and `retired_from` (the first window it is no longer
 *   part of; NULL with retired_at set = from the beginning); `models.description`.
 * - `systems.deleting_since`: a deletion under way (the system is gone for every reader and writer;
 *   calling deleteSystem again finishes it).
 * - `registry_changes`: who changed what and when. No foreign key: the record of a deleted system
 *   stays (the rest of that system's records go with it).
 */
export class RegistryLifecycle1764260000000 implements MigrationInterface {
  name = "RegistryLifecycle1764260000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dependencies ADD COLUMN valid_from timestamptz, ADD COLUMN valid_to timestamptz`);
    await q.query(`ALTER TABLE dependencies ADD CONSTRAINT dependencies_valid_span CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to)`);
    await q.query(`ALTER TABLE dependencies DROP CONSTRAINT dependencies_edge`);
    await q.query(`CREATE UNIQUE INDEX dependencies_current_edge ON dependencies (from_model_id, to_model_id) WHERE valid_to IS NULL`);
    await q.query(`CREATE INDEX dependencies_from ON dependencies (from_model_id)`);
    await q.query(`ALTER TABLE models ADD COLUMN description text, ADD COLUMN retired_at timestamptz, ADD COLUMN retired_from timestamptz`);
    await q.query(`ALTER TABLE systems ADD COLUMN deleting_since timestamptz`);
    await q.query(`
      CREATE TABLE registry_changes (
        id bigserial PRIMARY KEY,
        system_id uuid,
        model_id uuid,
        kind text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        effective_from timestamptz,
        summary text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX registry_changes_system ON registry_changes (system_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registry_changes`);
    await q.query(`ALTER TABLE systems DROP COLUMN deleting_since`);
    await q.query(`ALTER TABLE models DROP COLUMN description, DROP COLUMN retired_at, DROP COLUMN retired_from`);
    await q.query(`DROP INDEX dependencies_from`);
    await q.query(`DROP INDEX dependencies_current_edge`);
    await q.query(`DELETE FROM dependencies WHERE valid_to IS NOT NULL`);
    await q.query(`ALTER TABLE dependencies ADD CONSTRAINT dependencies_edge UNIQUE (from_model_id, to_model_id)`);
    await q.query(`ALTER TABLE dependencies DROP CONSTRAINT dependencies_valid_span, DROP COLUMN valid_from, DROP COLUMN valid_to`);
  }
}
