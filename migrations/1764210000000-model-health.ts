import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Model health: alert rules and the alerts they fire, and the stored verdict of every evaluated
 * window (per model and per system), so that health(at:) for a past window returns what was
 * decided then. A window's rows are written in one transaction by exactly one evaluator.
 */
export class ModelHealth1764210000000 implements MigrationInterface {
  name = "ModelHealth1764210000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        metric text NOT NULL,
        operator text NOT NULL CHECK (operator IN ('<', '<=', '>', '>=')),
        threshold double precision NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX alert_rules_model ON alert_rules (model_id)`);
    await q.query(`
      CREATE TABLE system_health (
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        status text NOT NULL,
        score double precision NOT NULL,
        evaluated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (system_id, window_start)
      )`);
    await q.query(`
      CREATE TABLE model_health (
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        system_id uuid NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('HEALTHY', 'DEGRADED', 'FAILING', 'UNKNOWN')),
        anomaly_score double precision NOT NULL CHECK (anomaly_score BETWEEN 0 AND 1),
        signals jsonb NOT NULL,
        evaluated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, window_start)
      )`);
    await q.query(`CREATE INDEX model_health_system_window ON model_health (system_id, window_start)`);
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL,
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        rule text NOT NULL,
        severity text NOT NULL,
        message text NOT NULL,
        value double precision NOT NULL,
        fired_at timestamptz NOT NULL,
        CONSTRAINT alerts_once UNIQUE (model_id, window_start, rule)
      )`);
    await q.query(`CREATE INDEX alerts_system_window ON alerts (system_id, window_start)`);
    // Which evaluator process works on a (system, window): taken before computing, so that one
    // process evaluates it; a claim older than its lease (the process died) can be taken over.
    await q.query(`
      CREATE TABLE evaluation_claims (
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (system_id, window_start)
      )`);
    // Predictions an anomaly detector flagged in an evaluated window (from the window's sample).
    await q.query(`
      CREATE TABLE anomalies (
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        system_id uuid NOT NULL,
        window_start timestamptz NOT NULL,
        prediction_id text NOT NULL,
        detector text NOT NULL,
        score double precision NOT NULL,
        top_features jsonb NOT NULL,
        PRIMARY KEY (model_id, window_start, detector, prediction_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["anomalies", "evaluation_claims", "alerts", "model_health", "system_health", "alert_rules"]) await q.query(`DROP TABLE ${t}`);
  }
}
