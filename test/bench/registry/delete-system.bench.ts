// deleteSystem of a system holding 1M predictions (BENCH_ROWS) while four clients ingest into
// another system, against a raw `DELETE FROM predictions WHERE model_id = ANY(…)` of the same rows
// in the same run (one statement: the fastest way, but one long lock-holding transaction). Prints
// the time, the ratio, and the other system's ingest latency during the deletion; asserts only
// correctness (the acknowledged rows are intact), never a time.
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { freshDatabase, newKey } from "../../support/test-app.js";
import { freePort, gqlAt, startApiProcess, type ApiProcess } from "../../support/api-process.js";
import { countPresent, fillByCopy, ingestLoad, setUpSystems } from "../../support/delete-under-load.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
let api: ApiProcess;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
const key = newKey();
const gql = async (q: string, v: Record<string, unknown> = {}) => {
  const r = await gqlAt(api.base, key, q, v);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
};
const post = async (path: string, body: string) => {
  const res = await fetch(`${api.base}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" }, body });
  return { status: res.status, json: await res.json() };
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

beforeAll(async () => {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  fresh = await freshDatabase();
  api = await startApiProcess(await freePort(), { DATABASE_URL: fresh!.url, TANDEM_ADMIN_KEY: key, TANDEM_EVALUATE_EVERY_SECONDS: "0" });
});

afterAll(async () => {
  api?.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await fresh?.drop();
});

it(`deletes a system of ${ROWS} predictions while 4 clients ingest into another`, async () => {
  const db = new pg.Client({ connectionString: fresh!.url });
  await db.connect();
  const query = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows;
  try {
    // Baseline: the same rows, deleted by one raw statement.
    const base = await setUpSystems(gql, 4);
    await fillByCopy(fresh!.url, base.doomed, base.doomedModels, ROWS);
    await db.query("VACUUM ANALYZE predictions");
    let t = performance.now();
    await db.query(`DELETE FROM predictions WHERE model_id = ANY($1::uuid[])`, [base.doomedModels]);
    const rawMs = performance.now() - t;
    await gql(`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "doomed") { totalRows } }`, { s: base.doomed });
    await gql(`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "live") { totalRows } }`, { s: base.live });
    await db.query("VACUUM ANALYZE predictions");

    const s = await setUpSystems(gql, 4);
    await fillByCopy(fresh!.url, s.doomed, s.doomedModels, ROWS);
    await db.query("VACUUM ANALYZE predictions");
    const idle = ingestLoad(post, s.liveModel, 500);
    await new Promise((r) => setTimeout(r, 3_000));
    const before = await idle.stop();
    const load = ingestLoad(post, s.liveModel, 500, "during");
    t = performance.now();
    const d = await gql(`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "doomed") { totalRows } }`, { s: s.doomed });
    const deleteMs = performance.now() - t;
    const during = await load.stop();
    const acknowledged = [...before.acknowledged, ...during.acknowledged];
    const intact = await countPresent(query, s.liveModel, acknowledged);
    const left = (await query(`SELECT count(*)::int AS n FROM predictions WHERE system_id = $1`, [s.doomed]))[0].n;
    console.log(
      [
        `deleteSystem, ${ROWS} predictions over 4 models, 4 clients ingesting 500-row batches into another system:`,
        `  deleteSystem ${(deleteMs / 1000).toFixed(2)} s (${Math.round(ROWS / (deleteMs / 1000))} rows/s, ${d.deleteSystem.totalRows} rows in all)`,
        `  raw DELETE of the same rows (one statement, no load): ${(rawMs / 1000).toFixed(2)} s — ratio raw/deleteSystem ${(rawMs / deleteMs).toFixed(2)}`,
        `  other system's ingest latency, ms: before p50 ${pct(before.latenciesMs, 0.5).toFixed(0)} p99 ${pct(before.latenciesMs, 0.99).toFixed(0)}; during p50 ${pct(during.latenciesMs, 0.5).toFixed(0)} p99 ${pct(during.latenciesMs, 0.99).toFixed(0)} max ${Math.max(...during.latenciesMs).toFixed(0)} (${during.latenciesMs.length} batches)`,
        `  acknowledged rows intact: ${intact} / ${acknowledged.length}; failures ${during.failures.length}; rows of the deleted system left: ${left}`,
      ].join("\n"),
    );
    expect(intact).toBe(acknowledged.length);
    expect(during.failures).toEqual([]);
    expect(left).toBe(0);
  } finally {
    await db.end();
  }
});
