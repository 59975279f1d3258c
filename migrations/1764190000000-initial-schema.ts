import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The registry (systems, models, dependencies), telemetry (predictions, labels, feedback,
 * metric points) and API keys. Telemetry tables carry system_id and model_id on every row,
 * time-ordered (model_id, ts) indexes serve window queries, and they have no foreign keys so
 * they can be partitioned by time and distributed by system_id without touching domain code.
 */
export class InitialSchema1764190000000 implements MigrationInterface {
  name = "InitialSchema1764190000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE systems (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text,
        window_seconds integer NOT NULL CHECK (window_seconds BETWEEN 1 AND 2592000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX systems_name_key ON systems (name)`);

    await q.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        key text NOT NULL,
        name text NOT NULL,
        task text NOT NULL CHECK (task IN ('BINARY_CLASSIFICATION','MULTICLASS_CLASSIFICATION','REGRESSION','RANKING')),
        version text,
        features jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT models_system_key UNIQUE (system_id, key)
      )`);

    await q.query(`
      CREATE TABLE dependencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        from_model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        to_model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        weight double precision NOT NULL CHECK (weight > 0 AND weight <= 1),
        feature text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dependencies_no_self_loop CHECK (from_model_id <> to_model_id),
        CONSTRAINT dependencies_edge UNIQUE (from_model_id, to_model_id)
      )`);
    await q.query(`CREATE INDEX dependencies_system ON dependencies (system_id)`);
    await q.query(`CREATE INDEX dependencies_to ON dependencies (to_model_id)`);

    await q.query(`
      CREATE TABLE predictions (
        system_id uuid NOT NULL,
        model_id uuid NOT NULL,
        prediction_id text NOT NULL,
        ts timestamptz NOT NULL,
        features jsonb NOT NULL,
        score double precision,
        predicted_class text,
        probabilities jsonb,
        segment text,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, prediction_id)
      )`);
    await q.query(`CREATE INDEX predictions_model_ts ON predictions (model_id, ts)`);

    await q.query(`
      CREATE TABLE labels (
        system_id uuid NOT NULL,
        model_id uuid NOT NULL,
        prediction_id text NOT NULL,
        ts timestamptz NOT NULL,
        value double precision,
        class text,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, prediction_id)
      )`);
    await q.query(`CREATE INDEX labels_model_ts ON labels (model_id, ts)`);

    await q.query(`
      CREATE TABLE feedback (
        system_id uuid NOT NULL,
        model_id uuid NOT NULL,
        prediction_id text NOT NULL,
        ts timestamptz NOT NULL,
        value double precision,
        class text,
        comment text,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, prediction_id, ts)
      )`);
    await q.query(`CREATE INDEX feedback_model_ts ON feedback (model_id, ts)`);

    await q.query(`
      CREATE TABLE metric_points (
        system_id uuid NOT NULL,
        model_id uuid NOT NULL,
        name text NOT NULL,
        ts timestamptz NOT NULL,
        value double precision NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, name, ts)
      )`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        system_id uuid REFERENCES systems (id) ON DELETE CASCADE,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["api_keys", "metric_points", "feedback", "labels", "predictions", "dependencies", "models", "systems"]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
