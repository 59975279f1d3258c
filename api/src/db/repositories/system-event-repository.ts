// Change events (migration 1764320000000): appended inside the transaction that made the change,
// announced by NOTIFY on commit, read back in id order by every API process (event-bus.ts).
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";

export type EventTopic = "SYSTEM_HEALTH_CHANGED" | "INCIDENT_CHANGED";

export interface SystemEventRow {
  id: string;
  systemId: string;
  topic: EventTopic;
  payload: Record<string, unknown>;
}

/** The NOTIFY channel; the payload is the system id. */
export const EVENT_CHANNEL = "tandem_events";

export class SystemEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends events of one system on the change's transaction `q`. The per-system lock, held until
   * that transaction ends, makes the system's ids grow in commit order, so a reader that saw id n
   * has seen every earlier id of the system.
   */
  async append(q: Queryable, systemId: string, events: Array<{ topic: EventTopic; payload: Record<string, unknown> }>): Promise<void> {
    if (events.length === 0) return;
    await this.lockSystem(q, systemId);
    for (const e of events) await q.query(`INSERT INTO system_events (system_id, topic, payload) VALUES ($1, $2, $3::jsonb)`, [systemId, e.topic, JSON.stringify(e.payload)]);
    await q.query(`SELECT pg_notify($1, $2)`, [EVENT_CHANNEL, systemId]);
  }

  /** The system's writer lock until `q`'s transaction ends (re-entrant: append takes it again). */
  async lockSystem(q: Queryable, systemId: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`events:${systemId}`]);
  }

  /** The system's events after `afterId`, oldest first (at most `limit`). */
  after(systemId: string, afterId: string, limit: number): Promise<SystemEventRow[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, system_id AS "systemId", topic, payload FROM system_events
        WHERE system_id = $1 AND id > $2::bigint ORDER BY system_events.id LIMIT $3`,
      [systemId, afterId, limit],
    );
  }

  /** The latest event id of the system ("0": none). */
  async lastId(systemId: string): Promise<string> {
    const rows: Array<{ id: string | null }> = await this.dataSource.query(`SELECT max(id)::text AS id FROM system_events WHERE system_id = $1`, [systemId]);
    return rows[0]?.id ?? "0";
  }

  /** Deletes events older than `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `WITH d AS (DELETE FROM system_events WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [before],
    );
    return rows[0]?.n ?? 0;
  }
}
