// The registry's history: one row per change (who, when, what), written in the change's own
// transaction, so a change and its record commit together.
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";

export interface RegistryChangeRow {
  id: string;
  systemId: string | null;
  modelId: string | null;
  kind: string;
  /** The API key that made the change. */
  actorKeyId: string;
  at: Date;
  effectiveFrom: Date | null;
  summary: string;
  details: Record<string, unknown>;
}

const COLUMNS = `id::text AS id, system_id AS "systemId", model_id AS "modelId", kind, actor AS "actorKeyId", at, effective_from AS "effectiveFrom", summary, details`;

export class RegistryChangeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(q: Queryable, change: Omit<RegistryChangeRow, "id" | "at"> & { at?: Date }): Promise<RegistryChangeRow> {
    const rows: RegistryChangeRow[] = await q.query(
      `INSERT INTO registry_changes (system_id, model_id, kind, actor, at, effective_from, summary, details)
       VALUES ($1, $2, $3, $4, COALESCE($5, now()), $6, $7, $8::jsonb) RETURNING ${COLUMNS}`,
      [change.systemId, change.modelId, change.kind, change.actorKeyId, change.at ?? null, change.effectiveFrom, change.summary, JSON.stringify(change.details)],
    );
    return rows[0]!;
  }

  /** The system's changes, newest first; `beforeId` pages back. `modelId` narrows to one model. */
  list(args: { systemId: string; modelId?: string | null; limit: number; beforeId?: string | null }): Promise<RegistryChangeRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM registry_changes
        WHERE system_id = $1 AND ($2::uuid IS NULL OR model_id = $2) AND ($3::bigint IS NULL OR id < $3::bigint)
        ORDER BY registry_changes.id DESC LIMIT $4`,
      [args.systemId, args.modelId ?? null, args.beforeId ?? null, args.limit],
    );
  }

  /** The first window not judged yet starts after this one: the system's last stored verdict (null: none). */
  async lastStoredWindowStart(q: Queryable, systemId: string): Promise<Date | null> {
    const rows: Array<{ last: Date | null }> = await q.query(`SELECT max(window_start) AS last FROM system_health WHERE system_id = $1`, [systemId]);
    return rows[0]?.last ?? null;
  }

  /** The timestamp of the model's latest prediction (null: none), on the change's connection. */
  async lastPredictionAt(q: Queryable, modelId: string): Promise<Date | null> {
    const rows: Array<{ last: Date | null }> = await q.query(`SELECT max(ts) AS last FROM predictions WHERE model_id = $1`, [modelId]);
    return rows[0]?.last ?? null;
  }

  /** Serializes changes of one system (their boundary and checks read what the previous one wrote). */
  async lockSystem(q: Queryable, systemId: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`registry:${systemId}`]);
  }
}
