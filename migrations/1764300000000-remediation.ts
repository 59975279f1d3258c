import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Remediation (docs/remediation.md): model versions (rollouts) and the version a prediction was
 * made by (NULL: the version live at its timestamp); per-system policies (selector, ordered steps,
 * mode, runner URL and signing secret, guards); actions, one row per incident and step (`seq`,
 * unique: exactly once), leased by the delivery loop of any process; every delivery attempt; and
 * the audit trail (proposals, approvals, guard blocks, deliveries, outcomes).
 */
export class Remediation1764300000000 implements MigrationInterface {
  name = "Remediation1764300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE model_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        version text NOT NULL,
        notes text NOT NULL DEFAULT '',
        live_at timestamptz NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (model_id, version)
      )`);
    await q.query(`CREATE INDEX model_versions_model_live ON model_versions (model_id, live_at)`);
    await q.query(`ALTER TABLE predictions ADD COLUMN model_version text`);
    await q.query(`
      CREATE TABLE remediation_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        name text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('AUTO', 'PROPOSE')),
        selector jsonb NOT NULL,
        steps jsonb NOT NULL,
        runner_url text NOT NULL,
        secret text NOT NULL,
        cooldown_seconds integer NOT NULL,
        max_actions_per_hour integer NOT NULL,
        verify_windows integer NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (system_id, name)
      )`);
    await q.query(`
      CREATE TABLE remediation_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        policy_id uuid NOT NULL REFERENCES remediation_policies (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        step_index integer NOT NULL,
        kind text NOT NULL,
        model_id uuid NOT NULL,
        members uuid[] NOT NULL,
        status text NOT NULL,
        params jsonb NOT NULL,
        planned_at timestamptz NOT NULL,
        planned_window_start timestamptz NOT NULL,
        windows_observed integer NOT NULL DEFAULT 0,
        last_window_start timestamptz,
        next_attempt_at timestamptz,
        lease_until timestamptz,
        lease_token uuid,
        attempts integer NOT NULL DEFAULT 0,
        outcome text,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, seq)
      )`);
    await q.query(`CREATE INDEX remediation_actions_due ON remediation_actions (next_attempt_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX remediation_actions_system ON remediation_actions (system_id, planned_at)`);
    await q.query(`CREATE INDEX remediation_actions_model ON remediation_actions (model_id, planned_at)`);
    await q.query(`
      CREATE TABLE remediation_attempts (
        id bigserial PRIMARY KEY,
        action_id uuid NOT NULL REFERENCES remediation_actions (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        status_code integer,
        answer text,
        error text,
        UNIQUE (action_id, attempt)
      )`);
    await q.query(`
      CREATE TABLE remediation_audit (
        id bigserial PRIMARY KEY,
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        incident_id uuid,
        action_id uuid,
        policy_id uuid,
        event text NOT NULL,
        actor text NOT NULL,
        detail text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX remediation_audit_system ON remediation_audit (system_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE remediation_audit`);
    await q.query(`DROP TABLE remediation_attempts`);
    await q.query(`DROP TABLE remediation_actions`);
    await q.query(`DROP TABLE remediation_policies`);
    await q.query(`ALTER TABLE predictions DROP COLUMN model_version`);
    await q.query(`DROP TABLE model_versions`);
  }
}
