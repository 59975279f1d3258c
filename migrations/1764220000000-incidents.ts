import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The system graph's results: each model's propagated score per window, incidents (one per
 * cascade or per isolated condition, updated while it goes on), the alerts they hold, and
 * webhook deliveries (every attempt recorded).
 */
export class Incidents1764220000000 implements MigrationInterface {
  name = "Incidents1764220000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_health ADD COLUMN propagated_score double precision NOT NULL DEFAULT 0 CHECK (propagated_score BETWEEN 0 AND 1)`);
    await q.query(`ALTER TABLE system_health ADD COLUMN graph jsonb NOT NULL DEFAULT '{"rootCauses": [], "cascades": []}'`);
    await q.query(`ALTER TABLE systems ADD COLUMN webhook_url text, ADD COLUMN resolve_after_windows integer NOT NULL DEFAULT 3 CHECK (resolve_after_windows BETWEEN 1 AND 1000)`);
    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
        root_cause_model_id uuid REFERENCES models (id) ON DELETE SET NULL,
        affected uuid[] NOT NULL DEFAULT '{}',
        summary text NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_window_start timestamptz NOT NULL,
        healthy_windows integer NOT NULL DEFAULT 0,
        resolved_at timestamptz
      )`);
    await q.query(`CREATE INDEX incidents_system_status ON incidents (system_id, status)`);
    await q.query(`ALTER TABLE alerts ADD COLUMN incident_id uuid REFERENCES incidents (id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX alerts_incident ON alerts (incident_id)`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        incident_id uuid REFERENCES incidents (id) ON DELETE CASCADE,
        url text NOT NULL,
        attempt integer NOT NULL,
        status_code integer,
        error text,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`ALTER TABLE alerts DROP COLUMN incident_id`);
    await q.query(`DROP TABLE incidents`);
    await q.query(`ALTER TABLE systems DROP COLUMN resolve_after_windows, DROP COLUMN webhook_url`);
    await q.query(`ALTER TABLE system_health DROP COLUMN graph`);
    await q.query(`ALTER TABLE model_health DROP COLUMN propagated_score`);
  }
}
