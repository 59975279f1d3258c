import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Change events (docs/operations.md, "Running at scale"): every stored verdict and every incident
 * change is one row, written in the transaction that made the change (an outbox), and announced by
 * NOTIFY tandem_events on commit. Every API process relays them to its subscribers in id order; a
 * subscriber that reconnects asks for the events after the last one it saw. Ids of one system grow
 * in commit order (the writer holds a per-system lock until it commits). Kept for a day.
 */
export class SystemEvents1764320000000 implements MigrationInterface {
  name = "SystemEvents1764320000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE system_events (
        id bigserial PRIMARY KEY,
        system_id uuid NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
        topic text NOT NULL CHECK (topic IN ('SYSTEM_HEALTH_CHANGED', 'INCIDENT_CHANGED')),
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX system_events_system ON system_events (system_id, id)`);
    await q.query(`CREATE INDEX system_events_created ON system_events (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE system_events`);
  }
}
