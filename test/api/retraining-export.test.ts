// The retraining export: GET /v1/models/{id}/retraining/export streams the ranking of
// retrainingCandidates as JSONL or CSV, read-only; authorization and parameter errors come as JSON
// before the first byte; beyond the 20,000-sample candidate window the export ranks the next window;
// a client that goes away mid-stream leaves the server healthy. DRIFT ranks samples in the drifted
// bins of the latest drift report and says which.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";
import { RetrainingService, CANDIDATE_WINDOW } from "../../api/src/services/retraining/retraining-service.js";
import { RetrainingRepository } from "../../api/src/db/repositories/retraining-repository.js";

const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const N = 3000;
let app: TestApp;
let fraudId: string;
let retrainKey: string;
const logged: unknown[] = [];

async function get(path: string, key: string | null = retrainKey, method = "GET") {
  const res = await fetch(`${app.url}${path}`, { method, headers: key === null ? {} : { authorization: `Bearer ${key}` } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
}

/** RFC 4180 parser (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; }
    else if (ch === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += ch;
  }
  if (cell !== "" || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

const CANDIDATES = `query($m: ID!, $s: PriorityStrategy, $n: Int) { retrainingCandidates(modelId: $m, strategy: $s, first: $n) { predictionId priority reasons features label feedback prediction } }`;

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false, log: (level, _message, error) => { if (level === "error") logged.push(error); } });
  const s = await seedSystem(app, "shop", [
    { key: "fraud", task: "BINARY_CLASSIFICATION", features: [{ name: "amount", kind: "NUMERIC" }, { name: "note", kind: "CATEGORICAL" }] },
  ]);
  fraudId = s.modelIds.fraud!;
  const random = seededRandom(11);
  const notes = ["plain", 'has "quotes"', "has, comma", "multi\nline", " padded "];
  const lines = Array.from({ length: N }, (_, i) =>
    JSON.stringify({ id: `f-${i}`, timestamp: iso(T0 + i * 1000), features: { amount: Math.round(random() * 1e4) / 100, note: notes[i % notes.length] }, score: Math.round(random() * 1e4) / 1e4 }),
  );
  const ingested = await app.post(`/v1/models/${fraudId}/predictions`, lines.join("\n"));
  expect(ingested.json.accepted, JSON.stringify(ingested.json).slice(0, 600)).toBe(N);
  const labels = Array.from({ length: 600 }, (_, i) => JSON.stringify({ predictionId: `f-${i * 5}`, timestamp: iso(T0 + 4_000_000 + i), value: i % 3 === 0 ? 1 : 0 }));
  expect((await app.post(`/v1/models/${fraudId}/labels`, labels.join("\n"))).status).toBe(200);
  const feedback = Array.from({ length: 300 }, (_, i) => JSON.stringify({ predictionId: `f-${i * 7}`, timestamp: iso(T0 + 4_000_000 + i), value: i % 2 }));
  expect((await app.post(`/v1/models/${fraudId}/feedback`, feedback.join("\n"))).status).toBe(200);
  retrainKey = (await app.gql(`mutation { createApiKey(scopes: [RETRAIN]) { key } }`)).data.createApiKey.key;
});
afterAll(() => app?.close());

describe("retraining export: content", () => {
  it.each(["UNCERTAINTY", "COMBINED", "DISAGREEMENT", "LABEL_ERROR"])("JSONL %s is the retrainingCandidates ranking, in order, with the same fields", async (strategy) => {
    const gql = await app.gql(CANDIDATES, { m: fraudId, s: strategy, n: 200 }, retrainKey);
    expect(gql.errors).toBeUndefined();
    const expected = gql.data.retrainingCandidates as Array<Record<string, unknown>>;
    expect(expected.length).toBeGreaterThan(0);
    const res = await get(`/v1/models/${fraudId}/retraining/export?strategy=${strategy}&format=jsonl&limit=200`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="retraining-fraud-${strategy.toLowerCase()}.jsonl"`);
    const rows = res.text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => r.predictionId)).toEqual(expected.map((e) => e.predictionId));
    rows.forEach((r, i) => {
      const e = expected[i]!;
      expect(r).toMatchObject({ rank: i + 1, window: 1, strategy, modelId: fraudId, modelKey: "fraud", priority: e.priority, reasons: e.reasons, features: e.features, label: e.label, feedback: e.feedback, prediction: e.prediction });
    });
  });

  it("CSV: a header, RFC 4180 quoting, one column per declared feature, the same order", async () => {
    const gql = await app.gql(CANDIDATES, { m: fraudId, s: "UNCERTAINTY", n: 300 }, retrainKey);
    const expected = gql.data.retrainingCandidates as Array<{ predictionId: string; priority: number; reasons: string[]; features: Record<string, unknown> }>;
    const res = await get(`/v1/models/${fraudId}/retraining/export?strategy=uncertainty&format=csv&limit=300`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/filename="retraining-fraud-uncertainty\.csv"/);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      "rank", "predictionId", "modelId", "modelKey", "strategy", "priority", "window", "timestamp", "reasons", "score", "predictedClass",
      "probabilities", "labelValue", "labelClass", "feedback", "feature.amount", "feature.note", "otherFeatures",
    ]);
    expect(rows).toHaveLength(expected.length);
    const col = (name: string) => header!.indexOf(name);
    rows.forEach((r, i) => {
      const e = expected[i]!;
      expect(r).toHaveLength(header!.length);
      expect(r[col("predictionId")]).toBe(e.predictionId);
      expect(Number(r[col("priority")])).toBe(e.priority);
      expect(JSON.parse(r[col("reasons")]!)).toEqual(e.reasons);
      expect(Number(r[col("feature.amount")])).toBe(e.features.amount);
      expect(r[col("feature.note")]).toBe(e.features.note);
      expect(r[col("otherFeatures")]).toBe("");
    });
    expect(rows.some((r) => r[col("feature.note")] === "multi\nline")).toBe(true);
    expect(rows.some((r) => r[col("feature.note")] === 'has "quotes"')).toBe(true);
    expect(rows.some((r) => r[col("feature.note")] === " padded ")).toBe(true);
  });

  it("is read-only: nothing is leased or consumed", async () => {
    const before = await app.db.dataSource.query(`SELECT count(*)::int AS n FROM retraining_pool WHERE leased_until IS NOT NULL OR consumed_at IS NOT NULL`);
    expect((await get(`/v1/models/${fraudId}/retraining/export?limit=${N}`)).status).toBe(200);
    const after = await app.db.dataSource.query(`SELECT count(*)::int AS n FROM retraining_pool WHERE leased_until IS NOT NULL OR consumed_at IS NOT NULL`);
    expect(after[0].n).toBe(before[0].n);
  });
});

describe("retraining export: authorization and parameters", () => {
  it.each([
    { name: "no key", key: () => null, status: 401, code: "UNAUTHENTICATED" },
    { name: "a READ key", key: () => app.gql(`mutation { createApiKey(scopes: [READ]) { key } }`).then((r) => r.data.createApiKey.key), status: 403, code: "FORBIDDEN" },
    { name: "an INGEST key", key: () => app.gql(`mutation { createApiKey(scopes: [INGEST]) { key } }`).then((r) => r.data.createApiKey.key), status: 403, code: "FORBIDDEN" },
    {
      name: "a RETRAIN key bound to another system",
      key: async () => {
        const other = await seedSystem(app, `other-${Math.random()}`, [{ key: "m" }]);
        return (await app.gql(`mutation($s: ID!) { createApiKey(scopes: [RETRAIN], systemId: $s) { key } }`, { s: other.systemId })).data.createApiKey.key;
      },
      status: 404, code: "NOT_FOUND",
    },
  ])("$name: $status $code", async ({ key, status, code }) => {
    const res = await get(`/v1/models/${fraudId}/retraining/export`, await key());
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
  });

  it("an ADMIN key and a RETRAIN key bound to the model's system may export; an unknown model is 404 like GraphQL", async () => {
    const systemId: string = (await app.gql(`query($m: ID!) { model(id: $m) { system { id } } }`, { m: fraudId })).data.model.system.id;
    expect((await get(`/v1/models/${fraudId}/retraining/export?limit=3`, app.adminKey)).status).toBe(200);
    const bound = (await app.gql(`mutation($s: ID!) { createApiKey(scopes: [RETRAIN], systemId: $s) { key } }`, { s: systemId })).data.createApiKey.key;
    expect((await get(`/v1/models/${fraudId}/retraining/export?limit=3`, bound)).status).toBe(200);
    const missing = await get(`/v1/models/00000000-0000-4000-8000-000000000000/retraining/export`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe(`model '00000000-0000-4000-8000-000000000000' not found`);
    const gql = await app.gql(CANDIDATES, { m: "00000000-0000-4000-8000-000000000000" }, retrainKey);
    expect(gql.errors?.[0]?.message).toBe(missing.json.error.message);
    expect((await get(`/v1/models/not-an-id/retraining/export`)).status).toBe(404);
  });

  it.each([
    { query: "strategy=FOO", message: /^strategy: expected one of COMBINED, DISAGREEMENT, UNCERTAINTY, LABEL_ERROR, DRIFT, BLAME, got "FOO"$/ },
    { query: "format=xml", message: /^format: expected jsonl or csv, got "xml"$/ },
    { query: "limit=0", message: /^limit: expected an integer from 1 to 1000000, got 0$/ },
    { query: "limit=abc", message: /^limit: expected an integer from 1 to 1000000, got "abc"$/ },
    { query: "limit=2.5", message: /^limit: expected an integer from 1 to 1000000, got "2.5"$/ },
    { query: "limit=2000000", message: /^limit: expected an integer from 1 to 1000000, got 2000000$/ },
    { query: "limit=1&limit=2", message: /^limit: given 2 times; give it once$/ },
    { query: "size=10", message: /^size: unknown parameter; use strategy, format, limit$/ },
  ])("400 for $query", async ({ query, message }) => {
    const res = await get(`/v1/models/${fraudId}/retraining/export?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BAD_USER_INPUT");
    expect(res.json.error.message).toMatch(message);
  });

  it("405 for POST", async () => {
    const res = await get(`/v1/models/${fraudId}/retraining/export`, retrainKey, "POST");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });
});

describe("retraining export: streaming", () => {
  it("a client that goes away mid-stream leaves the server healthy", async () => {
    const url = new URL(`${app.url}/v1/models/${fraudId}/retraining/export?strategy=UNCERTAINTY&limit=${N}`);
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(url, { headers: { authorization: `Bearer ${retrainKey}` } }, (res) => {
        expect(res.statusCode).toBe(200);
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > 0) {
            req.destroy();
            resolve(bytes);
          }
        });
        res.on("error", () => undefined);
      });
      req.on("error", () => undefined);
      req.on("close", () => resolve(0));
      setTimeout(() => reject(new Error("no data")), 30_000).unref();
      req.end();
    });
    expect(received).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const full = await get(`/v1/models/${fraudId}/retraining/export?strategy=UNCERTAINTY&limit=${N}`);
    expect(full.status).toBe(200);
    const all = full.text.trimEnd().split("\n");
    expect(all.length).toBeGreaterThan(1000);
    expect(all.length).toBeLessThanOrEqual(N);
    expect(logged).toEqual([]);
  });

  it(`ranks window after window beyond the ${CANDIDATE_WINDOW.toLocaleString("en")}-sample candidate window`, async () => {
    const { modelIds } = await seedSystem(app, "big", [{ key: "big", features: [{ name: "x", kind: "NUMERIC" }] }]);
    const big = modelIds.big!;
    const total = CANDIDATE_WINDOW + 700;
    const random = seededRandom(5);
    const lines = Array.from({ length: total }, (_, i) => JSON.stringify({ id: `b-${String(i).padStart(6, "0")}`, timestamp: iso(T0 + i * 10), features: { x: random() }, score: 0.01 + 0.98 * random() }));
    expect((await app.post(`/v1/models/${big}/predictions`, lines.join("\n"))).json.accepted).toBe(total);
    const res = await get(`/v1/models/${big}/retraining/export?strategy=UNCERTAINTY&limit=${total + 100}`);
    expect(res.status).toBe(200);
    const rows = res.text.trimEnd().split("\n").map((l) => JSON.parse(l) as { predictionId: string; window: number; rank: number; priority: number });
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.predictionId)).size).toBe(total);
    expect(rows.filter((r) => r.window === 1)).toHaveLength(CANDIDATE_WINDOW);
    expect(rows.slice(CANDIDATE_WINDOW).every((r) => r.window === 2)).toBe(true);
    // Window 2 holds the oldest predictions; each window is sorted by priority.
    expect(rows.slice(CANDIDATE_WINDOW).every((r) => Number(r.predictionId.slice(2)) < 700)).toBe(true);
    for (const w of [rows.slice(0, CANDIDATE_WINDOW), rows.slice(CANDIDATE_WINDOW)]) {
      for (let i = 1; i < w.length; i++) expect(w[i - 1]!.priority).toBeGreaterThanOrEqual(w[i]!.priority);
    }
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
  }, 180_000);
});

describe("DRIFT evidence from the latest drift report", () => {
  it("ranks samples in the drifted bins first and names feature and bin", async () => {
    const { modelIds } = await seedSystem(app, "drifty", [{ key: "drifty", features: [{ name: "x", kind: "NUMERIC" }, { name: "color", kind: "CATEGORICAL" }] }]);
    const id = modelIds.drifty!;
    const random = seededRandom(21);
    const ref = Array.from({ length: 400 }, (_, i) => ({ id: `r-${i}`, timestamp: iso(T0 + i * 1000), features: { x: random() * 10, color: random() < 0.5 ? "red" : "blue" }, score: random() }));
    // Five hours later: 30% of x moved to [20, 30], and a new colour appeared.
    const cur = Array.from({ length: 400 }, (_, i) => {
      const shifted = random() < 0.3;
      return { id: `c-${i}`, timestamp: iso(T0 + 5 * 3_600_000 + i * 1000), features: { x: shifted ? 20 + random() * 10 : random() * 10, color: shifted ? "green" : random() < 0.5 ? "red" : "blue" }, score: random() };
    });
    expect((await app.post(`/v1/models/${id}/predictions`, [...ref, ...cur].map((r) => JSON.stringify(r)).join("\n"))).json.accepted).toBe(800);

    const service = new RetrainingService({ registry: app.services.registry, retraining: new RetrainingRepository(app.db.dataSource), drift: app.services.drift });
    const principal = { keyId: "test", scopes: new Set(["RETRAIN"] as const), systemId: null };
    const ranked = await service.candidates(principal, { modelId: id, strategy: "DRIFT", first: 500 });
    const shiftedIds = new Set(cur.filter((c) => c.features.x >= 20).map((c) => c.id));
    const top = ranked.slice(0, shiftedIds.size);
    expect(top.every((s) => shiftedIds.has(s.predictionId))).toBe(true);
    expect(top[0]!.reasons.join(" | ")).toMatch(/feature "x" = 2\d(\.\d+)? is in the drifted bin \[\d+(\.\d+)?, \+∞\): \d+% of the current window vs 1\d% of the reference/);
    expect(top[0]!.reasons.join(" | ")).toMatch(/feature "color" = "green" is in the drifted bin "green": \d+% of the current window vs 0% of the reference/);
    // Without drift evidence (no drift service), DRIFT finds nothing.
    const bare = new RetrainingService({ registry: app.services.registry, retraining: new RetrainingRepository(app.db.dataSource) });
    expect(await bare.candidates(principal, { modelId: id, strategy: "DRIFT", first: 10 })).toEqual([]);
  });
});
