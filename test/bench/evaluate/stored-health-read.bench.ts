// Reading a stored verdict (systemHealth of an evaluated window): the repository step, before (two
// queries: system_health, then model_health by model_id = ANY(ids), every column) against now (two
// queries, only the columns a read needs, model_health through its (system_id, window_start) index,
// so it no longer needs the model list first) and against one query aggregating the models' rows
// with json_agg (tried, slower, dropped). A system of MODELS models with WINDOWS stored windows of
// 12 signals per model; the table is VACUUM ANALYZEd first; warm cache; no background work.
// Prints the median per read of each, in RUNS runs alternating which goes first. Asserts the two
// return the same verdict, never a time.
import { afterAll, beforeAll, expect, it } from "vitest";
import { HealthRepository } from "../../../api/src/db/repositories/health-repository.js";
import { startTestApp, type TestApp } from "../../support/test-app.js";

const MODELS = Number(process.env.BENCH_READ_MODELS ?? 200);
const WINDOWS = Number(process.env.BENCH_READ_WINDOWS ?? 100);
const READS = 200;
const RUNS = 3;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);
let app: TestApp;
let repo: HealthRepository;
let systemId: string;
let modelIds: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false });
  systemId = (await app.gql(`mutation { createSystem(name: "bench-read") { id } }`)).data.createSystem.id;
  for (let m = 0; m < MODELS; m += 1) {
    const r = await app.gql(`mutation($s: ID!, $k: String!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: [{ name: "x", kind: NUMERIC }]) { id } }`, { s: systemId, k: `m${m}` });
    modelIds.push(r.data.registerModel.id);
  }
  repo = new HealthRepository(app.db.dataSource);
  const signals = Array.from({ length: 12 }, (_, k) => ({ kind: k < 6 ? "drift" : "data_quality", name: `feature_${k}`, value: k / 12, threshold: 0.2, breached: k === 3 }));
  for (let w = 0; w < WINDOWS; w += 1) {
    await repo.saveEvaluation({
      systemId, windowStart: new Date(T0 + w * HOUR), windowEnd: new Date(T0 + (w + 1) * HOUR),
      system: { status: "HEALTHY", score: 0.1, graph: { rootCauses: [], cascades: [] } },
      models: modelIds.map((id, i) => ({ modelId: id, status: "HEALTHY", anomalyScore: (i % 10) / 20, propagatedScore: (i % 10) / 20, signals })),
      alerts: [], anomalies: [], firedAt: new Date(T0 + (w + 1) * HOUR), replace: false,
    });
  }
  await app.db.dataSource.query(`VACUUM ANALYZE model_health`);
  await app.db.dataSource.query(`VACUUM ANALYZE system_health`);
}, 1_800_000);

afterAll(() => app?.close());

/** The read as it was: two queries, every column. */
async function before(windowStart: Date) {
  const sys = await app.db.dataSource.query(`SELECT status, score, window_start, window_end, graph FROM system_health WHERE system_id = $1 AND window_start = $2`, [systemId, windowStart]);
  const models: Array<{ model_id: string; status: string; anomaly_score: number; propagated_score: number; signals: unknown }> = await app.db.dataSource.query(
    `SELECT model_id, status, anomaly_score, propagated_score, signals, window_start, window_end FROM model_health WHERE model_id = ANY($1::uuid[]) AND window_start = $2`,
    [modelIds, windowStart],
  );
  return { status: sys[0].status, score: sys[0].score, graph: sys[0].graph, models: models.map((m) => ({ modelId: m.model_id, status: m.status, anomalyScore: m.anomaly_score, propagatedScore: m.propagated_score, signals: m.signals })) };
}

/** The alternative tried and dropped: one query, the models' rows aggregated with json_agg. */
async function oneQuery(windowStart: Date) {
  const rows = await app.db.dataSource.query(
    `SELECT s.status, s.score, s.graph,
       coalesce((SELECT json_agg(json_build_object('modelId', mh.model_id, 'status', mh.status, 'anomalyScore', mh.anomaly_score, 'propagatedScore', mh.propagated_score, 'signals', mh.signals))
                 FROM model_health mh WHERE mh.system_id = s.system_id AND mh.window_start = s.window_start), '[]'::json) AS models
     FROM system_health s WHERE s.system_id = $1 AND s.window_start = $2`,
    [systemId, windowStart],
  );
  return rows[0];
}

async function time(read: (w: Date) => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < READS; i += 1) {
    const w = new Date(T0 + (i % WINDOWS) * HOUR);
    const t = performance.now();
    await read(w);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

it(`reads a stored verdict of ${MODELS} models`, async () => {
  const w = new Date(T0 + 7 * HOUR);
  const a = await before(w);
  const b = (await repo.storedVerdict(systemId, w))!;
  const byId = (x: { models: Array<{ modelId: string }> }) => [...x.models].sort((p, q) => (p.modelId < q.modelId ? -1 : 1));
  expect(byId(b)).toEqual(byId(a));
  expect({ ...b, models: [] }).toEqual({ ...a, models: [] });
  expect(byId(await oneQuery(w))).toEqual(byId(a));
  const variants: Record<string, (w: Date) => Promise<unknown>> = { before, now: (x) => repo.storedVerdict(systemId, x), oneQuery };
  for (const f of Object.values(variants)) await time(f); // warm
  const names = Object.keys(variants);
  const results: Array<Record<string, number>> = [];
  for (let run = 0; run < RUNS; run += 1) {
    const r: Record<string, number> = {};
    const order = run % 2 === 0 ? names : [...names].reverse();
    for (const n of order) r[n] = await time(variants[n]!);
    results.push(r);
  }
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} ms`;
  console.log(
    `bench stored read (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded"}, ${MODELS} models, ${WINDOWS} windows stored, warm, median of ${READS} reads, ${RUNS} runs alternating order): ` +
      names.map((n) => `${n} ${range(results.map((r) => r[n]!))} (×${range(results.map((r) => r[n]! / r.before!)).replace(/ ms/g, "")} of before)`).join("; "),
  );
});
