// A full driftReport for a model with 20 features over a 1,000,000-row window, on PostgreSQL
// (DATABASE_URL, default the local server). Prints the time and the peak memory of the first
// report (which builds and caches the window summaries) and of a repeated one (served from the
// cache). Target: under 2 s. Asserts only correctness, never time.
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedSystem, startTestApp, type TestApp } from "../../support/test-app.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";

const ROWS = Number(process.env.BENCH_DRIFT_ROWS ?? 1_000_000);
const REFERENCE_ROWS = 100_000;
const PER_REQUEST = 50_000;
const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
let app: TestApp;
let modelId: string;

const FEATURES = [
  ...Array.from({ length: 15 }, (_, f) => ({ name: `n${f}`, kind: "NUMERIC" })),
  ...Array.from({ length: 5 }, (_, f) => ({ name: `c${f}`, kind: "CATEGORICAL" })),
];

async function ingest(hour: number, rows: number, shift: number, seed: number) {
  const random = seededRandom(seed);
  for (let start = 0; start < rows; start += PER_REQUEST) {
    let body = "";
    for (let i = start; i < Math.min(rows, start + PER_REQUEST); i += 1) {
      const features: Record<string, number | string> = {};
      for (let f = 0; f < 15; f += 1) features[`n${f}`] = Math.round((random() + (f === 0 ? shift : 0)) * 1e4) / 1e4;
      for (let f = 0; f < 5; f += 1) features[`c${f}`] = ["a", "b", "c", "d"][Math.floor(random() * 4)]!;
      body += JSON.stringify({ id: `r${hour}-${i}`, timestamp: new Date(T0 + hour * HOUR + Math.floor((i * HOUR) / rows)).toISOString(), features, score: random() }) + "\n";
    }
    const res = await app.post(`/v1/models/${modelId}/predictions`, body);
    expect(res.status).toBe(200);
  }
}

const REPORT = `query($m: ID!, $c: WindowInput!) { driftReport(modelId: $m, current: $c) { drifted driftedFeatures currentCount features { feature drifted } } }`;

beforeAll(async () => {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  app = await startTestApp();
  modelId = (await seedSystem(app, "drift-bench", [{ key: "m", features: FEATURES }])).modelIds.m!;
  await ingest(0, REFERENCE_ROWS, 0, 1);
  await ingest(1, ROWS, 0.1, 2);
}, 900_000);

afterAll(() => app?.close());

async function timed(): Promise<{ ms: number; peakMiB: number; report: any }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const r = await app.gql(REPORT, { m: modelId, c: { from: new Date(T0 + HOUR).toISOString(), to: new Date(T0 + 2 * HOUR).toISOString() } });
  const ms = performance.now() - t0;
  clearInterval(timer);
  expect(r.errors).toBeUndefined();
  return { ms, peakMiB: peak / 1048576, report: r.data.driftReport };
}

it(`driftReport over a ${ROWS}-row window with 20 features`, async () => {
  const cold = await timed();
  const warm = await timed();
  expect(cold.report.currentCount).toBe(ROWS);
  expect(cold.report.features[0].feature).toBe("n0");
  expect(warm.report).toEqual(cold.report);
  console.log(
    [
      "",
      `bench drift report: model with 20 features, current window ${ROWS.toLocaleString("en")} rows, reference ${REFERENCE_ROWS.toLocaleString("en")} rows`,
      `  first report (reads the window once, caches its summary): ${(cold.ms / 1000).toFixed(2)} s, peak RSS ${cold.peakMiB.toFixed(0)} MiB`,
      `  repeated report (cached summaries)                     : ${(warm.ms / 1000).toFixed(2)} s, peak RSS ${warm.peakMiB.toFixed(0)} MiB`,
      `  target < 2 s: first ${cold.ms < 2000 ? "met" : "NOT met"}, repeated ${warm.ms < 2000 ? "met" : "NOT met"}`,
      "",
    ].join("\n"),
  );
});
