import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Telemetry partitioned by time (docs/retention.md): predictions, feedback and metric points become
 * tables partitioned by RANGE (ts) in weekly partitions (Monday 00:00 UTC to the next Monday), with
 * a DEFAULT partition for timestamps outside the created ranges (backfills, clock skew). Every row
 * moves: each table is renamed aside, its partitioned successor created LIKE it (columns, defaults,
 * the generated sample level), partitions created for every week from the oldest row's (at most
 * two years back; older rows go to the default partition) to four weeks ahead, all rows copied
 * (generated columns recomputed), and the old table dropped.
 *
 * A unique key of a partitioned table must contain the partition key, so the predictions key
 * becomes (model_id, prediction_id, ts); a prediction id stays unique per model because writers
 * hold the model's exclusive write lock and insert only ids absent from every partition (see
 * db/repositories/telemetry-repository.ts). Feedback and metric points already had ts in theirs.
 * Labels stay unpartitioned: a correction may change a label's ts, which would move it between
 * partitions; retention deletes them in chunks.
 *
 * And systems.raw_retention_days: how long a system's raw rows are kept (null: forever).
 */
export class TelemetryPartitions1764330000000 implements MigrationInterface {
  name = "TelemetryPartitions1764330000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE systems ADD COLUMN raw_retention_days integer CHECK (raw_retention_days BETWEEN 1 AND 36500)`);
    await partition(q, "predictions", [
      `PRIMARY KEY (model_id, prediction_id, ts)`,
      `INDEX predictions_model_ts ON predictions (model_id, ts)`,
      `INDEX predictions_model_level_ts ON predictions (model_id, sample_level, ts)`,
    ]);
    await partition(q, "feedback", [`PRIMARY KEY (model_id, prediction_id, ts)`, `INDEX feedback_model_ts ON feedback (model_id, ts)`]);
    await partition(q, "metric_points", [`PRIMARY KEY (model_id, name, ts)`]);
    // Retention deletes labels by time, system by system.
    await q.query(`CREATE INDEX labels_system_ts ON labels (system_id, ts)`);
  }

  async down(): Promise<void> {
    throw new Error("TelemetryPartitions1764330000000 is forward-only");
  }
}

/** Week start (Monday 00:00 UTC) as an SQL expression of a timestamptz expression. */
const week = (expr: string) => `(date_trunc('week', (${expr}) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;

async function partition(q: QueryRunner, table: string, keys: string[]): Promise<void> {
  const old = `${table}_unpartitioned`;
  await q.query(`ALTER TABLE ${table} RENAME TO ${old}`);
  // The old table's constraint and index names move with it; free them for the new table.
  const names: Array<{ name: string; is_constraint: boolean }> = await q.query(
    `SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = i.indrelid AND k.conindid = c.oid) AS is_constraint
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass`,
    [old],
  );
  for (const n of names) {
    if (n.is_constraint) await q.query(`ALTER TABLE ${old} RENAME CONSTRAINT ${n.name} TO ${n.name}_old`);
    else await q.query(`ALTER INDEX ${n.name} RENAME TO ${n.name}_old`);
  }
  await q.query(`CREATE TABLE ${table} (LIKE ${old} INCLUDING DEFAULTS INCLUDING GENERATED) PARTITION BY RANGE (ts)`);
  for (const key of keys) {
    if (key.startsWith("PRIMARY KEY")) await q.query(`ALTER TABLE ${table} ADD ${key}`);
    else await q.query(`CREATE ${key}`);
  }
  await q.query(`CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT`);
  const bounds: Array<{ first: Date; last: Date }> = await q.query(
    `SELECT greatest(coalesce(${week(`(SELECT min(ts) FROM ${old})`)}, ${week("now()")}), ${week("now()")} - interval '104 weeks') AS first,
            ${week("now()")} + interval '4 weeks' AS last`,
  );
  const { first, last } = bounds[0]!;
  for (let from = new Date(first); from <= new Date(last); from = new Date(from.getTime() + 7 * 86_400_000)) {
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const name = `${table}_p${from.toISOString().slice(0, 10).replace(/-/g, "")}`;
    await q.query(`CREATE TABLE ${name} PARTITION OF ${table} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`);
  }
  const columns: Array<{ column_name: string }> = await q.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [old],
  );
  const list = columns.map((c) => c.column_name).join(", ");
  await q.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM ${old}`);
  await q.query(`DROP TABLE ${old}`);
}
