// The time partitions of the telemetry tables (migration 1764330000000, docs/retention.md): listing
// them, creating the weeks ahead, dropping expired ones and purging a system's expired rows in
// chunks. Every statement that needs a lock on a partitioned table waits at most LOCK_TIMEOUT_MS
// (then the step is retried, or left to the next round), so ingestion never queues behind it long.
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";
import { withTransaction } from "../queryable.js";

/** A partitioned telemetry table (analytics/retention/partition-plan.ts lists them). */
type PartitionedTable = string;

/** A range partition: [from, to). */
export interface PartitionRange {
  name: string;
  from: Date;
  to: Date;
}

/** How long a partition change may wait for (and so hold up) ingestion's locks. */
export const LOCK_TIMEOUT_MS = 1_000;
/** Rows per DELETE when purging: each chunk is its own short statement. */
const CHUNK_ROWS = 5_000;

export interface PartitionListing {
  ranges: PartitionRange[];
  /** The DEFAULT partition (rows outside every range: backfills, clock skew), if any. */
  defaultName: string | null;
}

const LOCK_TIMEOUT = `SET LOCAL lock_timeout = '${LOCK_TIMEOUT_MS}ms'`;

/** SQLSTATE 55P03: lock_timeout expired. */
export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "55P03" || /lock timeout/i.test(String((error as Error | null)?.message ?? ""));
}

export class PartitionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The partitions of `table` with their bounds (cast back to timestamptz in the database). */
  async list(table: PartitionedTable): Promise<PartitionListing> {
    const rows: Array<{ name: string; from: Date | null; to: Date | null; is_default: boolean }> = await this.dataSource.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' AS is_default,
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to"
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = $1::regclass ORDER BY 3`,
      [table],
    );
    const ranges = rows.filter((r) => !r.is_default && r.from && r.to).map((r) => ({ name: r.name, from: new Date(r.from!), to: new Date(r.to!) }));
    return { ranges, defaultName: rows.find((r) => r.is_default)?.name ?? null };
  }

  /** Systems with at least one row in the partition (one index probe per model, via (model_id, …) keys). */
  systemsWithRows(partition: string): Promise<string[]> {
    return systemsWithRows(this.dataSource, partition);
  }

  /** Every system's rawRetentionDays (null: forever); systems being deleted are left out. */
  async retention(): Promise<Map<string, number | null>> {
    const rows: Array<{ id: string; days: number | null }> = await this.dataSource.query(`SELECT id, raw_retention_days AS days FROM systems WHERE deleting_since IS NULL`);
    return new Map(rows.map((r) => [r.id, r.days]));
  }

  async setRetention(q: Queryable, systemId: string, days: number | null): Promise<void> {
    await q.query(`UPDATE systems SET raw_retention_days = $2 WHERE id = $1`, [systemId, days]);
  }

  /**
   * Creates the week's partition without locking ingestion out: an empty table LIKE the parent is
   * ATTACHed (SHARE UPDATE EXCLUSIVE on the parent, which inserts do not conflict with). Rows of
   * that week already in the DEFAULT partition move into it in the same transaction.
   */
  async create(table: PartitionedTable, range: PartitionRange, defaultName: string | null): Promise<void> {
    await withTransaction(this.dataSource, async (q) => {
      await q.query(LOCK_TIMEOUT);
      // Processes running maintenance at once: one creates, the others find it there.
      await q.query(`SELECT pg_advisory_xact_lock(hashtextextended('partition:' || $1, 0))`, [range.name]);
      const found: Array<{ ok: boolean }> = await q.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [range.name]);
      if (found[0]?.ok) return;
      await q.query(`CREATE TABLE ${range.name} (LIKE ${table} INCLUDING DEFAULTS INCLUDING GENERATED)`);
      if (defaultName) {
        const list = (await insertableColumns(q, table)).join(", ");
        const where = `ts >= $1 AND ts < $2`;
        await q.query(`INSERT INTO ${range.name} (${list}) SELECT ${list} FROM ${defaultName} WHERE ${where}`, [range.from, range.to]);
        await q.query(`DELETE FROM ${defaultName} WHERE ${where}`, [range.from, range.to]);
      }
      await q.query(`ALTER TABLE ${table} ATTACH PARTITION ${range.name} FOR VALUES FROM ('${range.from.toISOString()}') TO ('${range.to.toISOString()}')`);
    });
  }

  /**
   * Drops a partition if only systems in `doneWith` hold rows in it, checked again under ACCESS
   * EXCLUSIVE on the parent (taken first, as writers do: no deadlock; waits at most LOCK_TIMEOUT_MS):
   * a row another system wrote into that week since it was planned is never dropped with it.
   * Returns false when such a row appeared (the next round purges instead).
   */
  async drop(table: PartitionedTable, partition: string, doneWith: ReadonlySet<string>): Promise<boolean> {
    return withTransaction(this.dataSource, async (q) => {
      await q.query(LOCK_TIMEOUT);
      await q.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      const found: Array<{ ok: boolean }> = await q.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [partition]);
      if (!found[0]?.ok) return true;
      if ((await systemsWithRows(q, partition)).some((s) => !doneWith.has(s))) return false;
      await q.query(`DROP TABLE ${partition}`);
      return true;
    });
  }

  /** Deletes the system's rows of `relation` (before `before`, if given) in chunks; returns how many. */
  async purgeChunked(relation: string, systemId: string, before: Date | null): Promise<number> {
    const models: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM models WHERE system_id = $1`, [systemId]);
    const modelIds = models.map((m) => m.id);
    if (modelIds.length === 0) return 0;
    const time = before === null ? "" : ` AND ts < $2`;
    const params = before === null ? [modelIds] : [modelIds, before];
    return deleteChunks(this.dataSource, relation, `model_id = ANY($1::uuid[])${time}`, params);
  }

  /** Deletes the system's labels before `before` in chunks (labels are not partitioned: a correction may move their ts). */
  purgeLabels(systemId: string, before: Date): Promise<number> {
    return deleteChunks(this.dataSource, "labels", `system_id = $1 AND ts < $2`, [systemId, before]);
  }
}

async function systemsWithRows(q: Queryable, partition: string): Promise<string[]> {
  const rows: Array<{ system_id: string }> = await q.query(`SELECT DISTINCT m.system_id FROM models m WHERE EXISTS (SELECT 1 FROM ${partition} x WHERE x.model_id = m.id)`);
  return rows.map((r) => r.system_id);
}

async function deleteChunks(q: Queryable, relation: string, where: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const rows: Array<{ n: number }> = await q.query(
      `WITH gone AS (DELETE FROM ${relation} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${relation} WHERE ${where} LIMIT ${CHUNK_ROWS})) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      params,
    );
    const n = rows[0]?.n ?? 0;
    total += n;
    if (n < CHUNK_ROWS) return total;
  }
}

/** Columns of a table that take values (generated ones are recomputed). */
async function insertableColumns(q: Queryable, table: string): Promise<string[]> {
  const rows: Array<{ column_name: string }> = await q.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}
