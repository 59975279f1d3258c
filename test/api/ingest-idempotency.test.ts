// The same 10,000 predictions sent by 8 concurrent clients are stored exactly once: the prediction
// id is the idempotency key per model, concurrent copies and retries are counted in `duplicates`,
// and a response is sent only after its transaction committed — right after it, a separate query
// sees every item it acknowledged.
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FEATURES, count, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

// Also when run without test/vitest.config.ts (default timeouts are 5 s).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let app: TestApp;
let systemId: string;
let modelSeq = 0;

const N = 10_000;
const CLIENTS = 8;

const INGEST = `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates rejected errors { index message } } }`;
const LABELS = `mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted duplicates rejected errors { index message } } }`;

interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: Array<{ index: number; message: string }>;
}

beforeAll(async () => {
  app = await startTestApp();
  systemId = (await seedSystem(app, "idempotency", [])).systemId;
});
afterAll(() => app?.close());

async function newModel(): Promise<string> {
  const r = await app.gql(
    `mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: BINARY_CLASSIFICATION, features: $f) { id } }`,
    { s: systemId, k: `m${++modelSeq}`, f: FEATURES },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.registerModel.id;
}

const mulberry32 = seededRandom;

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rnd = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const ndjson = (items: readonly unknown[]) => items.map((i) => JSON.stringify(i)).join("\n") + "\n";
const label = (i: number) => ({ predictionId: `p-${i}`, timestamp: "2026-01-05T12:00:00Z", value: i % 2 });
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `p-${from + i}`);

/** Rows of the model visible to a query outside the request's transaction. */
function visible(table: "predictions" | "labels", modelId: string, only?: readonly string[]): Promise<number> {
  return only
    ? count(app, `SELECT count(*) FROM ${table} WHERE model_id = $1 AND prediction_id = ANY($2::text[])`, [modelId, only])
    : count(app, `SELECT count(*) FROM ${table} WHERE model_id = $1`, [modelId]);
}

type Path = "graphql" | "bulk";

/** One client's call; throws on a transport or GraphQL error so that a failure names the client. */
async function send(path: Path, kind: "predictions" | "labels", modelId: string, items: readonly unknown[], client: string): Promise<IngestResult> {
  if (path === "graphql") {
    const r = kind === "predictions" ? await app.gql(INGEST, { m: modelId, e: items }) : await app.gql(LABELS, { m: modelId, l: items });
    if (r.errors) throw new Error(`${client}: ${JSON.stringify(r.errors)}`);
    return kind === "predictions" ? r.data.ingestPredictions : r.data.ingestLabels;
  }
  const r = await app.post(`/v1/models/${modelId}/${kind}`, ndjson(items));
  if (r.status !== 200) throw new Error(`${client}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as IngestResult;
}

interface ClientRun {
  result: IngestResult;
  /** Rows of the client's items a separate query saw right after its response. */
  seenAfter: number;
  sent: number;
}

/**
 * Runs the clients in parallel. Right after each response — while other clients may still be
 * writing — a separate query counts the client's items: all of them must already be visible
 * (its own inserts are committed, and its duplicates were committed by someone else).
 */
async function runClients(
  table: "predictions" | "labels",
  modelId: string,
  clients: Array<{ name: string; path: Path; items: readonly unknown[]; ids: readonly string[] }>,
): Promise<ClientRun[]> {
  return Promise.all(
    clients.map(async (c) => {
      const result = await send(c.path, table, modelId, c.items, c.name);
      const seenAfter = await visible(table, modelId, c.ids);
      return { result, seenAfter, sent: c.items.length };
    }),
  );
}

function expectStoredOnce(runs: ClientRun[], unique: number): void {
  const sum = (f: (r: IngestResult) => number) => runs.reduce((s, r) => s + f(r.result), 0);
  for (const r of runs) {
    expect(r.result.rejected).toBe(0);
    expect(r.result.errors).toEqual([]);
    expect(r.result.accepted + r.result.duplicates).toBe(r.sent);
  }
  expect(sum((r) => r.accepted)).toBe(unique);
  expect(sum((r) => r.duplicates)).toBe(runs.reduce((s, r) => s + r.sent, 0) - unique);
}

async function expectEveryIdOnce(table: "predictions" | "labels", modelId: string, expected: readonly string[]): Promise<void> {
  expect(await visible(table, modelId)).toBe(expected.length);
  const stored: Array<{ prediction_id: string; n: number }> = await app.db.dataSource.query(
    `SELECT prediction_id, count(*)::int AS n FROM ${table} WHERE model_id = $1 GROUP BY prediction_id`,
    [modelId],
  );
  expect(stored.filter((s) => s.n !== 1)).toEqual([]);
  expect(stored.map((s) => s.prediction_id).sort()).toEqual([...expected].sort());
}

/** A bulk request whose body the test sends piece by piece (transfer-encoding: chunked, a connection of its own). */
function openBulk(modelId: string, kind: string) {
  const req = http.request(new URL(`/v1/models/${modelId}/${kind}`, app.url), {
    method: "POST",
    agent: false,
    headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${app.adminKey}`, "transfer-encoding": "chunked" },
  });
  const response = new Promise<{ status: number | undefined; json: any }>((resolve, reject) => {
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8");
        try {
          resolve({ status: res.statusCode, json: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode, json: text });
        }
      });
    });
    req.on("error", reject);
  });
  response.catch(() => undefined);
  return {
    write: (text: string) => new Promise<void>((resolve, reject) => req.write(text, (error) => (error ? reject(error) : resolve()))),
    end: (text: string) => {
      req.end(text);
      return response;
    },
  };
}

const events = Array.from({ length: N }, (_, i) => prediction(i));
const allIds = ids(0, N);

describe("the same 10,000 predictions sent by 8 concurrent clients are stored exactly once", () => {
  it.each([
    { name: "via GraphQL ingestPredictions, the same order", path: "graphql" as const, order: (_k: number) => events },
    { name: "via GraphQL ingestPredictions, different orders", path: "graphql" as const, order: (k: number) => shuffled(events, 100 + k) },
    { name: "via the bulk endpoint, each client in a different (shuffled) order", path: "bulk" as const, order: (k: number) => shuffled(events, 200 + k) },
  ])("$name", async ({ path, order }) => {
    const modelId = await newModel();
    const clients = Array.from({ length: CLIENTS }, (_, k) => ({ name: `client ${k}`, path, items: order(k), ids: allIds }));
    const runs = await runClients("predictions", modelId, clients);
    expectStoredOnce(runs, N);
    expect(runs.map((r) => r.seenAfter)).toEqual(runs.map(() => N));
    await expectEveryIdOnce("predictions", modelId, allIds);
    // What is stored is what was sent (every copy was identical).
    const check: Array<{ prediction_id: string; score: number; speed: number }> = await app.db.dataSource.query(
      `SELECT prediction_id, score, (features->>'speed')::float8 AS speed FROM predictions WHERE model_id = $1 AND prediction_id = ANY($2::text[])`,
      [modelId, ["p-0", "p-4999", "p-5000", "p-9999"]],
    );
    expect(check.sort((a, b) => a.prediction_id.localeCompare(b.prediction_id))).toEqual([
      { prediction_id: "p-0", score: 0, speed: 0 },
      { prediction_id: "p-4999", score: 0.9, speed: 99 },
      { prediction_id: "p-5000", score: 0, speed: 0 },
      { prediction_id: "p-9999", score: 0.9, speed: 99 },
    ]);
  });

  it("via GraphQL and the bulk endpoint at the same time (4 clients each)", async () => {
    const modelId = await newModel();
    const clients = Array.from({ length: CLIENTS }, (_, k) => ({
      name: `client ${k} (${k % 2 === 0 ? "graphql" : "bulk"})`,
      path: (k % 2 === 0 ? "graphql" : "bulk") as Path,
      items: shuffled(events, 300 + k),
      ids: allIds,
    }));
    const runs = await runClients("predictions", modelId, clients);
    expectStoredOnce(runs, N);
    expect(runs.map((r) => r.seenAfter)).toEqual(runs.map(() => N));
    await expectEveryIdOnce("predictions", modelId, allIds);
  });
});

describe("a slow bulk upload and a GraphQL call with the same ids", () => {
  it("both succeed: no deadlock between the bulk path's batches and the GraphQL path's single statement", async () => {
    const modelId = await newModel();
    // The server writes each batch sorted by id; the bulk request's first batch holds the HIGH
    // ids, its second the LOW ones, and the GraphQL call writes all ids in sorted order.
    const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const low = sorted.slice(0, N / 2);
    const high = sorted.slice(N / 2);
    const upload = openBulk(modelId, "predictions");
    await upload.write(ndjson(high)); // 5,000 lines: the first batch is written, uncommitted
    await sleep(1_000);
    const viaGraphql = send("graphql", "predictions", modelId, events, "graphql client");
    viaGraphql.catch(() => undefined);
    await sleep(500); // the GraphQL call now waits for rows of the upload's first batch
    const viaBulk = upload.end(ndjson(low));
    const [g, b] = await Promise.allSettled([viaGraphql, viaBulk]);
    expect(g.status === "fulfilled" ? "ok" : String(g.reason)).toBe("ok");
    expect(b.status === "fulfilled" ? b.value.status : String(b.reason)).toBe(200);
    const results = [(g as PromiseFulfilledResult<IngestResult>).value, (b as PromiseFulfilledResult<{ json: IngestResult }>).value.json];
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(N);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(N);
    await expectEveryIdOnce("predictions", modelId, allIds);
  });
});

describe("a call that has to wait for a busy database", () => {
  it("is answered once the slow bulk upload ahead of it commits, not refused as 'database unavailable'", async () => {
    const modelId = await newModel();
    const upload = openBulk(modelId, "predictions");
    await upload.write(ndjson(events.slice(0, 100)));
    await sleep(300); // the upload's transaction now holds its connection (the embedded database has one)
    const queued = send("graphql", "predictions", modelId, events.slice(0, 200), "queued client");
    queued.catch(() => undefined);
    await sleep(3_500); // longer than the 3 s connect timeout
    const uploaded = await upload.end(ndjson(events.slice(100, 300)));
    expect(uploaded.status).toBe(200);
    const q = await queued.then(
      (r) => r,
      (e: Error) => e.message,
    );
    expect(typeof q === "string" ? q : "answered").toBe("answered");
    expect((q as IngestResult).accepted + uploaded.json.accepted).toBe(300);
    expect((q as IngestResult).duplicates + uploaded.json.duplicates).toBe(200);
    await expectEveryIdOnce("predictions", modelId, ids(0, 300));
  });
});

describe("retries of partially overlapping sets", () => {
  /** Client k sends a window of 4,000 ids starting at k × 850 (windows overlap their neighbours), twice at once: the original and a retry. */
  function overlapping(path: (k: number) => Path, seed: number) {
    const clients: Array<{ name: string; path: Path; items: unknown[]; ids: string[] }> = [];
    for (let k = 0; k < CLIENTS; k++) {
      const from = k * 850;
      const window = events.slice(from, from + 4_000);
      for (const attempt of ["original", "retry"]) {
        clients.push({ name: `client ${k} ${attempt}`, path: path(k), items: shuffled(window, seed + k * 2 + (attempt === "retry" ? 1 : 0)), ids: ids(from, from + 4_000) });
      }
    }
    const union = [...new Set(clients.flatMap((c) => c.ids))];
    return { clients, union };
  }

  it.each([
    { name: "over GraphQL", path: (_k: number) => "graphql" as Path },
    { name: "over the bulk endpoint", path: (_k: number) => "bulk" as Path },
    { name: "over both", path: (k: number) => (k % 2 === 0 ? "graphql" : "bulk") as Path },
  ])("$name: each id stored once, every copy counted once, nothing else stored", async ({ path }) => {
    const modelId = await newModel();
    const { clients, union } = overlapping(path, 400);
    expect(union.length).toBe(7 * 850 + 4_000);
    const runs = await runClients("predictions", modelId, clients);
    expectStoredOnce(runs, union.length);
    expect(runs.map((r) => r.seenAfter)).toEqual(runs.map((r) => r.sent));
    await expectEveryIdOnce("predictions", modelId, union);
    // A late retry of everything (e.g. after a lost response) only counts duplicates.
    const late = await send(path(0), "predictions", modelId, events.slice(0, union.length), "late retry");
    expect(late).toEqual({ accepted: 0, duplicates: union.length, rejected: 0, errors: [] });
  });

  it("a retry that overlaps an earlier, acknowledged call stores only the new ids", async () => {
    const modelId = await newModel();
    const first = await send("graphql", "predictions", modelId, events.slice(0, 6_000), "first");
    expect(first).toMatchObject({ accepted: 6_000, duplicates: 0 });
    expect(await visible("predictions", modelId)).toBe(6_000);
    const second = await send("bulk", "predictions", modelId, shuffled(events.slice(3_000, N), 7), "second");
    expect(second).toMatchObject({ accepted: 4_000, duplicates: 3_000, rejected: 0 });
    expect(await visible("predictions", modelId)).toBe(N);
    await expectEveryIdOnce("predictions", modelId, allIds);
  });
});

describe("labels sent concurrently by 8 clients are stored once per prediction", () => {
  const labels = Array.from({ length: N }, (_, i) => label(i));

  it.each([
    { name: "over GraphQL", path: (_k: number) => "graphql" as Path },
    { name: "over the bulk endpoint, shuffled", path: (_k: number) => "bulk" as Path },
    { name: "over both, shuffled", path: (k: number) => (k % 2 === 0 ? "graphql" : "bulk") as Path },
  ])("$name", async ({ path }) => {
    const modelId = await newModel();
    expect(await send("bulk", "predictions", modelId, events, "predictions")).toMatchObject({ accepted: N });
    const clients = Array.from({ length: CLIENTS }, (_, k) => ({ name: `client ${k}`, path: path(k), items: shuffled(labels, 500 + k), ids: allIds }));
    const runs = await runClients("labels", modelId, clients);
    expectStoredOnce(runs, N);
    expect(runs.map((r) => r.seenAfter)).toEqual(runs.map(() => N));
    await expectEveryIdOnce("labels", modelId, allIds);
    const values: Array<{ v: number; n: number }> = await app.db.dataSource.query(
      `SELECT value AS v, count(*)::int AS n FROM labels WHERE model_id = $1 GROUP BY value ORDER BY value`,
      [modelId],
    );
    expect(values).toEqual([{ v: 0, n: N / 2 }, { v: 1, n: N / 2 }]);
  });
});
