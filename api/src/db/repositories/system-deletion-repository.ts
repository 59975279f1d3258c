// Deleting a system's data: every table that holds rows of a system, in an order that never leaves
// a row pointing at a deleted one. Large telemetry tables go in chunks, each its own short
// statement, so a deletion of millions of rows holds no long lock and never blocks other systems'
// ingestion (their rows are other rows; their advisory locks other keys).
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";
import { withTransaction } from "../queryable.js";
import { lockModelWrites } from "./telemetry-repository.js";

/** Tables keyed by model_id whose rows can be many: deleted in chunks. */
export const CHUNKED_MODEL_TABLES = ["predictions", "labels", "feedback", "metric_points", "anomalies", "retraining_pool"] as const;
/** Other tables keyed by model_id only (no system_id column). */
export const MODEL_TABLES = ["retraining_batches", "drift_detectors"] as const;
/** Tables keyed by system_id, deleted after the model tables, in this order (references first). */
export const SYSTEM_TABLES = ["prediction_erasures", "webhook_deliveries", "alerts", "incidents", "model_health", "system_health", "evaluation_claims", "alert_rules", "api_keys", "dependencies", "models", "registry_changes"] as const;

const CHUNK_ROWS = 20_000;

export interface DeletedCounts {
  /** Rows deleted per table. */
  tables: Record<string, number>;
}

export class SystemDeletionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Waits until no write of the model is in flight (each writer holds the model's lock per kind until it commits). */
  async waitForWriters(modelId: string, kinds: readonly string[]): Promise<void> {
    await withTransaction(this.dataSource, async (q) => {
      for (const kind of kinds) await lockModelWrites(q, modelId, kind, "exclusive");
    });
  }

  /** Deletes the model's rows of `table` in chunks; returns how many. */
  async deleteModelRowsChunked(table: (typeof CHUNKED_MODEL_TABLES)[number], modelId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const rows: Array<{ n: number }> = await this.dataSource.query(
        // A ctid is unique within one partition only (predictions, feedback and metric points are
        // partitioned by time): the model filter keeps a chunk to the model's own rows.
        `WITH gone AS (DELETE FROM ${table} WHERE model_id = $1 AND ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE model_id = $1 LIMIT ${CHUNK_ROWS})) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [modelId],
      );
      const n = rows[0]?.n ?? 0;
      total += n;
      if (n < CHUNK_ROWS) return total;
    }
  }

  /** The rest, in one transaction: model-keyed tables, then system-keyed ones, then the system row. */
  async deleteRest(systemId: string, modelIds: readonly string[]): Promise<Record<string, number>> {
    return withTransaction(this.dataSource, async (q) => {
      const counts: Record<string, number> = {};
      for (const table of MODEL_TABLES) counts[table] = await deleteWhere(q, table, "model_id = ANY($1::uuid[])", [modelIds]);
      for (const table of SYSTEM_TABLES) counts[table] = await deleteWhere(q, table, "system_id = $1", [systemId]);
      counts.systems = await deleteWhere(q, "systems", "id = $1", [systemId]);
      return counts;
    });
  }
}

async function deleteWhere(q: Queryable, table: string, where: string, params: unknown[]): Promise<number> {
  const rows: Array<{ n: number }> = await q.query(`WITH gone AS (DELETE FROM ${table} WHERE ${where} RETURNING 1) SELECT count(*)::int AS n FROM gone`, params);
  return rows[0]?.n ?? 0;
}
