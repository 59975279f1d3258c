// Migration 1764330000000 moves an existing database to time-partitioned telemetry without losing a
// row: the schema before it is built, rows of every telemetry kind written (an old backfill, weeks
// in range, a future timestamp), then the migration runs; every row is there with the same content
// (compared as text, generated columns recomputed), in the partition of its week — or the DEFAULT
// one outside the created range. On PostgreSQL and on the embedded database.
import { afterEach, describe, expect, it } from "vitest";
import { DataSource } from "typeorm";
import { createDataSource } from "../../api/src/db/data-source.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../api/src/db/embedded-postgres.js";
import { migrate } from "../../api/src/db/migrate.js";
import { migrations } from "../../migrations/index.js";
import { BOTH_DATABASES, freshDatabase } from "../support/test-app.js";

const MINE = "TelemetryPartitions1764330000000";
const S = "00000000-0000-4000-8000-000000000001";
const M = "00000000-0000-4000-8000-000000000002";
const WEEK = 7 * 86_400_000;
const NOW = Date.now();
// Timestamps: three years back (older than the two years of partitions: the default partition),
// the current week and the last ones, and two weeks ahead (a created partition).
const TIMES = [NOW - 3 * 365 * 86_400_000, NOW - 2 * WEEK, NOW - WEEK, NOW, NOW + 2 * WEEK].map((t) => new Date(t).toISOString());

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function server(where: "PostgreSQL" | "embedded"): Promise<string> {
  if (where === "PostgreSQL") {
    const db = (await freshDatabase())!;
    cleanup.push(() => db.drop());
    return db.url;
  }
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: undefined });
  cleanup.push(() => embedded.stop());
  return embedded.url;
}

async function open(url: string, upTo: "before" | "all"): Promise<DataSource> {
  const base = createDataSource(url, 1);
  const list = upTo === "all" ? migrations : migrations.filter((m) => m.name !== MINE);
  const ds = new DataSource({ ...base.options, migrations: list } as ConstructorParameters<typeof DataSource>[0]);
  await ds.initialize();
  await migrate(ds);
  return ds;
}

async function seed(ds: DataSource): Promise<void> {
  await ds.query(`INSERT INTO systems (id, name, window_seconds) VALUES ($1, 'old', 3600)`, [S]);
  await ds.query(`INSERT INTO models (id, system_id, key, name, task, features) VALUES ($2, $1, 'm', 'm', 'REGRESSION', '[{"name":"x","kind":"NUMERIC"}]')`, [S, M]);
  for (const [k, ts] of TIMES.entries()) {
    for (let i = 0; i < 40; i += 1) {
      const id = `p-${k}-${i}`;
      await ds.query(
        `INSERT INTO predictions (system_id, model_id, prediction_id, ts, features, score, segment, attributions, model_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [S, M, id, new Date(Date.parse(ts) + i * 1000), JSON.stringify({ x: i, note: "tab\there" }), i / 40, i % 2 ? "a" : null, i % 3 ? null : JSON.stringify({ x: 0.5 }), i % 5 ? null : "v2"],
      );
      if (i % 4 === 0) await ds.query(`INSERT INTO labels (system_id, model_id, prediction_id, ts, value) VALUES ($1, $2, $3, $4, $5)`, [S, M, id, ts, i]);
      if (i % 8 === 0) await ds.query(`INSERT INTO feedback (system_id, model_id, prediction_id, ts, value, comment) VALUES ($1, $2, $3, $4, 1, 'ok')`, [S, M, id, ts]);
    }
    await ds.query(`INSERT INTO metric_points (system_id, model_id, name, ts, value) VALUES ($1, $2, 'rmse', $3, $4)`, [S, M, ts, k + 0.25]);
  }
}

/** Every row of a table as text, ordered (the content the migration must keep). */
async function content(ds: DataSource, table: string, order: string): Promise<string[]> {
  const rows: Array<{ r: string }> = await ds.query(`SELECT t::text AS r FROM (SELECT * FROM ${table} ORDER BY ${order}) t`);
  return rows.map((x) => x.r);
}

const TABLES: Array<[string, string]> = [
  ["predictions", "prediction_id"],
  ["labels", "prediction_id"],
  ["feedback", "prediction_id, ts"],
  ["metric_points", "name, ts"],
];

describe.each(BOTH_DATABASES)("migration to time partitions on $where", ({ where, skip }) => {
  it.skipIf(skip)("moves every row, unchanged, into the partition of its week (the default one outside the created range)", async () => {
    const url = await server(where);
    const before = await open(url, "before");
    await seed(before);
    const snapshot = new Map<string, string[]>();
    for (const [t, order] of TABLES) snapshot.set(t, await content(before, t, order));
    await before.destroy();

    const after = await open(url, "all");
    cleanup.push(() => after.destroy());
    for (const [t, order] of TABLES) expect(await content(after, t, order), t).toEqual(snapshot.get(t));
    expect(snapshot.get("predictions")!.length).toBe(200);

    const placed: Array<{ part: string; n: number }> = await after.query(`SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM predictions GROUP BY 1 ORDER BY 1`);
    const expected = new Map<string, number>();
    for (const [k, ts] of TIMES.entries()) {
      const monday = mondayOf(new Date(ts));
      const part = k === 0 ? "predictions_default" : `predictions_p${monday.toISOString().slice(0, 10).replace(/-/g, "")}`;
      for (let i = 0; i < 40; i += 1) {
        const own = k === 0 ? part : `predictions_p${mondayOf(new Date(Date.parse(ts) + i * 1000)).toISOString().slice(0, 10).replace(/-/g, "")}`;
        expected.set(own, (expected.get(own) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(placed.map((p) => [p.part, p.n]))).toEqual(Object.fromEntries([...expected].sort()));
    const kinds: Array<{ relkind: string }> = await after.query(`SELECT relkind FROM pg_class WHERE relname IN ('predictions', 'feedback', 'metric_points') ORDER BY relname`);
    expect(kinds.map((k) => k.relkind)).toEqual(["p", "p", "p"]);
    // The generated sample level was recomputed from the id, as before.
    const levels: Array<{ n: number }> = await after.query(`SELECT count(*)::int AS n FROM predictions WHERE sample_level IS DISTINCT FROM tandem_sample_level(prediction_id)`);
    expect(levels[0]!.n).toBe(0);
  });
});

/** Monday 00:00 UTC of the week of `t` (independent of the code under test: calendar arithmetic on UTC days). */
function mondayOf(t: Date): Date {
  const day = (t.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() - day));
}
