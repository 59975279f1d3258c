import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Erasure of predictions on request (docs/erasure.md): the log of erasures — who (the API key's id),
 * when, which model, which kind of selector and how many rows of each kind went — and never the
 * erased prediction ids nor a segment's value (they may identify a person). The log goes with its
 * model (a deleted system takes its models, their data and this log with it).
 * And an index so that erasing by id finds a prediction's anomaly rows without reading all the
 * model's (their key leads with the window). Erasing `before` a time uses predictions_model_ts.
 */
export class PredictionErasures1764270000000 implements MigrationInterface {
  name = "PredictionErasures1764270000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE prediction_erasures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        selector text NOT NULL CHECK (selector IN ('IDS', 'SEGMENT', 'BEFORE')),
        ids_requested integer CHECK ((selector = 'IDS') = (ids_requested IS NOT NULL)),
        segment_feature text CHECK ((selector = 'SEGMENT') = (segment_feature IS NOT NULL)),
        erased_before timestamptz CHECK ((selector = 'BEFORE') = (erased_before IS NOT NULL)),
        erased_by text NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now(),
        predictions integer NOT NULL,
        labels integer NOT NULL,
        feedback integer NOT NULL,
        anomalies integer NOT NULL,
        retraining_candidates integer NOT NULL
      )`);
    await q.query(`CREATE INDEX prediction_erasures_model ON prediction_erasures (model_id, erased_at)`);
    await q.query(`CREATE INDEX anomalies_model_prediction ON anomalies (model_id, prediction_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX anomalies_model_prediction`);
    await q.query(`DROP TABLE prediction_erasures`);
  }
}
