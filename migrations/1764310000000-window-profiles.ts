import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Window profiles and privacy (docs/privacy.md):
 * - window_profiles: one mergeable profile (analytics/profiles) per model, window and column (a
 *   feature, the output, a segment's output), merged at ingestion in the transaction of the rows
 *   it counts, or merged from a client's upload. Read by drift reports instead of raw rows, and the
 *   per-window summary the evaluator can read as data arrives (one mechanism for both).
 * - profile_reference_bins: per model, the reference bins (cut points) numeric columns are counted
 *   on at ingestion, and the reference they came from.
 * - profile_uploads: one row per accepted client upload id (a retried upload is a no-op).
 * - system_privacy / model_privacy: PROFILE_ONLY mode (system default, model override), the
 *   features whose raw values a profile-only model keeps (opt-in), the PII features, and the
 *   per-system secret of the keyed hash (HMAC-SHA256) of categorical PII values. The secret is
 *   never returned by any API.
 */
export class WindowProfiles1764310000000 implements MigrationInterface {
  name = "WindowProfiles1764310000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE window_profiles (
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        window_seconds integer NOT NULL CHECK (window_seconds > 0),
        column_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('NUMERIC', 'CATEGORICAL')),
        row_count bigint NOT NULL CHECK (row_count >= 0),
        profile jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, window_start, column_name)
      )`);
    await q.query(`CREATE INDEX window_profiles_system ON window_profiles (system_id)`);
    await q.query(`
      CREATE TABLE profile_reference_bins (
        model_id uuid PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        reference_from timestamptz NOT NULL,
        reference_to timestamptz NOT NULL,
        bins jsonb NOT NULL,
        exact boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE profile_uploads (
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        upload_id text NOT NULL,
        row_count bigint NOT NULL,
        windows integer NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, upload_id)
      )`);
    await q.query(`
      CREATE TABLE system_privacy (
        system_id uuid PRIMARY KEY REFERENCES systems (id) ON DELETE CASCADE,
        profile_only boolean NOT NULL DEFAULT false,
        pii_secret bytea NOT NULL
      )`);
    await q.query(`
      CREATE TABLE model_privacy (
        model_id uuid PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        profile_only boolean,
        retained_features text[] NOT NULL DEFAULT '{}',
        pii_features text[] NOT NULL DEFAULT '{}'
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_privacy`);
    await q.query(`DROP TABLE system_privacy`);
    await q.query(`DROP TABLE profile_uploads`);
    await q.query(`DROP TABLE profile_reference_bins`);
    await q.query(`DROP TABLE window_profiles`);
  }
}
