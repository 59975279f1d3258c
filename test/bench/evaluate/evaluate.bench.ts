// Evaluating one window of a system of 200 models × 20 features with 10,000 predictions per model
// in the window (plus a 1,000-prediction reference window each), on PostgreSQL (DATABASE_URL,
// default the local server). Prints the time per window: the first evaluation (multivariate
// detectors not trained yet: they start training in the background) and one after every
// detector is trained. Asserts correctness only, never time.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/test-app.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";

const MODELS = Number(process.env.BENCH_EVAL_MODELS ?? 200);
const ROWS = Number(process.env.BENCH_EVAL_ROWS ?? 10_000);
const REFERENCE_ROWS = 1_000;
const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const FEATURES = [
  ...Array.from({ length: 15 }, (_, f) => ({ name: `n${f}`, kind: "NUMERIC" })),
  ...Array.from({ length: 5 }, (_, f) => ({ name: `c${f}`, kind: "CATEGORICAL" })),
];
let app: TestApp;
let systemId: string;

function body(model: number, hour: number, rows: number, shift: number): string {
  const random = seededRandom(model * 100 + hour);
  let out = "";
  for (let i = 0; i < rows; i += 1) {
    const features: Record<string, number | string> = {};
    for (let f = 0; f < 15; f += 1) features[`n${f}`] = Math.round((random() + (f === 0 ? shift : 0)) * 1e4) / 1e4;
    for (let f = 0; f < 5; f += 1) features[`c${f}`] = ["a", "b", "c", "d"][Math.floor(random() * 4)]!;
    out += JSON.stringify({ id: `m${model}-h${hour}-${i}`, timestamp: new Date(T0 + hour * HOUR + Math.floor((i * HOUR) / rows)).toISOString(), features, score: random() }) + "\n";
  }
  return out;
}

beforeAll(async () => {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  app = await startTestApp({ now: () => new Date(T0 + 2 * HOUR + 60_000) });
  systemId = (await app.gql(`mutation { createSystem(name: "bench-eval") { id } }`)).data.createSystem.id;
  const t0 = performance.now();
  for (let m = 0; m < MODELS; m += 1) {
    const r = await app.gql(`mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: BINARY_CLASSIFICATION, features: $f) { id } }`, { s: systemId, k: `model-${m}`, f: FEATURES });
    const modelId = r.data.registerModel.id;
    expect((await app.post(`/v1/models/${modelId}/predictions`, body(m, 0, REFERENCE_ROWS, 0))).status).toBe(200);
    expect((await app.post(`/v1/models/${modelId}/predictions`, body(m, 1, ROWS, m % 10 === 0 ? 0.2 : 0))).status).toBe(200);
  }
  console.log(`bench evaluate: ingested ${MODELS} models × (${REFERENCE_ROWS} + ${ROWS}) predictions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}, 1_800_000);

afterAll(() => app?.close());

const EVALUATE = `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status models { status signals { kind name breached } } } }`;

it(`evaluates a window of ${MODELS} models × 20 features × ${ROWS} predictions`, async () => {
  const at = new Date(T0 + 2 * HOUR).toISOString();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t1 = performance.now();
  const first = await app.gql(EVALUATE, { s: systemId, at });
  const firstMs = performance.now() - t1;
  expect(first.errors).toBeUndefined();
  expect(first.data.evaluate.models).toHaveLength(MODELS);
  const drifted = first.data.evaluate.models.filter((m: { signals: Array<{ name: string; breached: boolean }> }) => m.signals.some((s) => s.name === "n0" && s.breached)).length;
  const tTrain = performance.now();
  await app.services.trainer.idle();
  const trainMs = performance.now() - tTrain;
  const t2 = performance.now();
  const second = await app.gql(EVALUATE, { s: systemId, at });
  const secondMs = performance.now() - t2;
  clearInterval(timer);
  expect(second.errors).toBeUndefined();
  expect(drifted).toBe(Math.ceil(MODELS / 10));
  console.log(
    [
      "",
      `bench evaluate: one window of ${MODELS} models × 20 features × ${ROWS.toLocaleString("en")} predictions (reference ${REFERENCE_ROWS.toLocaleString("en")} each)`,
      `  first evaluation (drift, data quality, isolation forest, estimation, rules; detectors start training): ${(firstMs / 1000).toFixed(1)} s (${(firstMs / MODELS).toFixed(0)} ms per model)`,
      `  background training of ${MODELS} multivariate detectors finished ${(trainMs / 1000).toFixed(1)} s later`,
      `  evaluation with every detector trained (adds autoencoder anomaly scoring): ${(secondMs / 1000).toFixed(1)} s (${(secondMs / MODELS).toFixed(0)} ms per model)`,
      `  peak RSS ${(peak / 1048576).toFixed(0)} MiB; models whose shifted feature n0 was flagged: ${drifted}/${MODELS}`,
      "",
    ].join("\n"),
  );
});
