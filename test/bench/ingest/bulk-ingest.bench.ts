// 200,000 predictions with 20 features through the NDJSON bulk endpoint into PostgreSQL, against
// a raw COPY of the same rows into an equivalent table (same columns, keys and indexes), measured
// in the same run. Target: ratio ≥ 0.5. Prints the figures; asserts nothing about time.
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freshDatabase, newKey } from "../../support/test-app.js";
import { freePort, gqlAt, startApiProcess, type ApiProcess } from "../../support/api-process.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const PER_REQUEST = 50_000;
const NUMERIC = 15;
const CATEGORICAL = 5;
const CATEGORIES = ["FR", "DE", "ES", "IT", "NL", "BE", "PL", "SE"];

/** The API runs as its own process, as in production: the client's sending does not share its event loop. */
let api: ApiProcess;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
const key = newKey();
const app = {
  async post(path: string, body: string): Promise<{ status: number; json: any }> {
    const res = await fetch(`${api.base}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" }, body });
    return { status: res.status, json: await res.json() };
  },
};
let modelId: string;
let systemId: string;
let client: pg.Client;

const rng = seededRandom;

interface Row { id: string; timestamp: string; features: Record<string, number | string>; score: number; segment: string }

function makeRows(): Row[] {
  const r = rng(42);
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: ROWS }, (_, i) => {
    const features: Record<string, number | string> = {};
    for (let f = 0; f < NUMERIC; f += 1) features[`n${f}`] = Math.round(r() * 1e6) / 1e3;
    for (let f = 0; f < CATEGORICAL; f += 1) features[`c${f}`] = CATEGORIES[Math.floor(r() * CATEGORIES.length)]!;
    return { id: `bench-${i}`, timestamp: new Date(start + i * 500).toISOString(), features, score: Math.round(r() * 1e4) / 1e4, segment: i % 3 === 0 ? "new" : "returning" };
  });
}

function copyText(rows: Row[], sys: string, model: string): string {
  // COPY text format: tab-separated, \N for null; JSON has no tabs/newlines/backslashes here.
  return rows.map((row) => `${sys}\t${model}\t${row.id}\t${row.timestamp}\t${JSON.stringify(row.features)}\t${row.score}\t\\N\t\\N\t${row.segment}\n`).join("");
}

beforeAll(async () => {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  fresh = await freshDatabase();
  api = await startApiProcess(await freePort(), { DATABASE_URL: fresh!.url, TANDEM_ADMIN_KEY: key, TANDEM_EVALUATE_EVERY_SECONDS: "0" });
  const features = [
    ...Array.from({ length: NUMERIC }, (_, f) => ({ name: `n${f}`, kind: "NUMERIC" })),
    ...Array.from({ length: CATEGORICAL }, (_, f) => ({ name: `c${f}`, kind: "CATEGORICAL" })),
  ];
  systemId = (await gqlAt(api.base, key, `mutation { createSystem(name: "bench", windowSeconds: 3600) { id } }`)).data.createSystem.id;
  modelId = (await gqlAt(api.base, key, `mutation($s: ID!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: "m", task: BINARY_CLASSIFICATION, features: $f) { id } }`, { s: systemId, f: features })).data.registerModel.id;
  client = new pg.Client({ connectionString: fresh!.url });
  client.on("error", () => undefined);
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  api?.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await fresh?.drop();
});

it(`bulk-ingests ${ROWS} predictions × 20 features and compares with raw COPY`, async () => {
  const rows = makeRows();
  const bodies: string[] = [];
  for (let i = 0; i < rows.length; i += PER_REQUEST) bodies.push(rows.slice(i, i + PER_REQUEST).map((r) => JSON.stringify(r)).join("\n") + "\n");
  const mib = bodies.reduce((a, b) => a + Buffer.byteLength(b), 0) / 1048576;

  // Tandem: HTTP → stream parse → validate → batched idempotent INSERTs → COMMIT → response.
  const t0 = performance.now();
  let accepted = 0;
  for (const body of bodies) {
    const res = await app.post(`/v1/models/${modelId}/predictions`, body);
    expect(res.status).toBe(200);
    accepted += res.json.accepted;
  }
  const tandemMs = performance.now() - t0;
  expect(accepted).toBe(ROWS);

  // Baseline: raw COPY of the same rows (pre-formatted) into an equivalent table.
  await client.query(`CREATE TABLE predictions_copy (LIKE predictions INCLUDING ALL)`);
  const text = copyText(rows, systemId, modelId);
  const t1 = performance.now();
  const stream = client.query(copyFrom(`COPY predictions_copy (system_id, model_id, prediction_id, ts, features, score, predicted_class, probabilities, segment) FROM STDIN`));
  await pipeline(Readable.from([text]), stream);
  const copyMs = performance.now() - t1;
  const copied = Number((await client.query(`SELECT count(*) FROM predictions_copy`)).rows[0].count);
  expect(copied).toBe(ROWS);

  // Resend everything: the idempotent path (all duplicates).
  const t2 = performance.now();
  let duplicates = 0;
  for (const body of bodies) duplicates += (await app.post(`/v1/models/${modelId}/predictions`, body)).json.duplicates;
  const dupMs = performance.now() - t2;
  expect(duplicates).toBe(ROWS);

  const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
  const ratio = copyMs / tandemMs;
  console.log(
    [
      "",
      `bench ingest: ${ROWS} predictions × 20 features, ${bodies.length} NDJSON requests, ${mib.toFixed(1)} MiB`,
      `  Tandem bulk endpoint : ${(tandemMs / 1000).toFixed(2)} s  ${rate(tandemMs).toLocaleString("en")} rows/s`,
      `  raw COPY (baseline)  : ${(copyMs / 1000).toFixed(2)} s  ${rate(copyMs).toLocaleString("en")} rows/s`,
      `  ratio Tandem / COPY  : ${ratio.toFixed(2)}  (target ≥ 0.5: ${ratio >= 0.5 ? "met" : "NOT met"})`,
      `  resend (all duplicates): ${(dupMs / 1000).toFixed(2)} s  ${rate(dupMs).toLocaleString("en")} rows/s`,
      "",
    ].join("\n"),
  );
});
