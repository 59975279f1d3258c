// The NDJSON bulk endpoints POST /v1/models/{modelId}/predictions|labels|feedback|metrics: one
// item per line, each validated on its own (index = zero-based line number), one transaction per
// request — a malformed line, a body over the limit or a client that goes away stores nothing.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FEATURES, count, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";

// Also when run without test/vitest.config.ts (default timeouts are 5 s).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let app: TestApp;
let systemId: string;
let modelSeq = 0;

beforeAll(async () => {
  app = await startTestApp();
  systemId = (await seedSystem(app, "bulk", [])).systemId;
});
afterAll(() => app?.close());

/** A fresh binary model (features speed, country) so each test counts only its own rows. */
async function newModel(target: TestApp = app, sys = systemId, task = "BINARY_CLASSIFICATION"): Promise<{ id: string; key: string }> {
  const key = `m${++modelSeq}`;
  const r = await target.gql(
    `mutation($s: ID!, $k: String!, $t: ModelTask!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: $t, features: $f) { id } }`,
    { s: sys, k: key, t: task, f: FEATURES },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return { id: r.data.registerModel.id, key };
}

const path = (modelId: string, kind: string) => `/v1/models/${modelId}/${kind}`;
const ndjson = (items: unknown[], eol = "\n") => items.map((i) => (typeof i === "string" ? i : JSON.stringify(i))).join(eol) + eol;
const label = (i: number, value = 1) => ({ predictionId: `p-${i}`, timestamp: "2026-01-05T12:00:00Z", value });
const feedback = (i: number) => ({ predictionId: `p-${i}`, timestamp: "2026-01-05T12:30:00Z", comment: `looked wrong ${i}` });
const metric = (i: number) => ({ name: "ctr", timestamp: new Date(Date.UTC(2026, 0, 5, 10) + i * 60_000).toISOString(), value: i / 1000 });

const TABLES = { predictions: "predictions", labels: "labels", feedback: "feedback", metrics: "metric_points" } as const;
type Kind = keyof typeof TABLES;
const rows = (kind: Kind, modelId: string, target: TestApp = app) => count(target, `SELECT count(*) FROM ${TABLES[kind]} WHERE model_id = $1`, [modelId]);

/** Stores predictions p-from … p-(to-1) through the bulk endpoint. */
async function seedPredictions(modelId: string, from: number, to: number, target: TestApp = app): Promise<void> {
  const r = await target.post(path(modelId, "predictions"), ndjson(Array.from({ length: to - from }, (_, i) => prediction(from + i))));
  expect(r.status).toBe(200);
  expect(r.json.accepted).toBe(to - from);
}

interface RawResult {
  status: number | undefined;
  headers: http.IncomingHttpHeaders;
  json: any;
  /** Body bytes the client handed to the socket before it stopped. */
  sentBytes: number;
  /** The client wrote (and ended) the whole body. */
  sentAll: boolean;
}

interface StreamOptions {
  headers?: Record<string, string>;
  /** Defaults to a connection of its own (no keep-alive pool shared with other tests). */
  agent?: http.Agent | false;
  /** Keep sending the rest of the body after an early answer (as fetch does) instead of stopping. */
  finishBody?: boolean;
  /** Fail instead of waiting forever for an answer. */
  timeoutMs?: number;
}

/**
 * POSTs `chunks` with node:http, one write at a time (waiting for drain), and by default stops
 * writing as soon as the server answers — as a client does when the server refuses the body
 * early. Without a content-length header the body goes out with transfer-encoding: chunked.
 */
function streamPost(target: TestApp, p: string, chunks: Iterable<Buffer | string>, options: StreamOptions = {}): Promise<RawResult> {
  const { headers = {}, agent = false, finishBody = false, timeoutMs = 20_000 } = options;
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let sentAll = false;
    let answered = false;
    const req = http.request(new URL(p, target.url), {
      method: "POST",
      agent,
      headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${target.adminKey}`, ...headers },
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer to POST ${p} within ${timeoutMs} ms`)), timeoutMs);
    req.on("response", (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("error", () => undefined);
      res.on("end", () => {
        clearTimeout(timer);
        const text = Buffer.concat(parts).toString("utf8");
        let json: unknown = text;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode, headers: res.headers, json, sentBytes, sentAll });
        if (!sentAll && !finishBody) req.destroy();
      });
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      // EPIPE / ECONNRESET while still writing after the server answered and closed is expected.
      if (!answered) reject(error);
    });
    void (async () => {
      for (const chunk of chunks) {
        if ((answered && !finishBody) || req.destroyed) return;
        const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        sentBytes += buf.length;
        if (!req.write(buf) && !answered) {
          await new Promise<void>((r) => {
            const done = () => {
              req.off("drain", done);
              req.off("close", done);
              req.off("response", done);
              r();
            };
            req.on("drain", done);
            req.on("close", done);
            req.on("response", done);
          });
        }
      }
      if (!req.destroyed) {
        sentAll = true;
        req.end();
      }
    })();
  });
}

const chunked = (body: string | Buffer, size = 64 * 1024): Buffer[] => {
  const buf = typeof body === "string" ? Buffer.from(body) : body;
  return Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size));
};

/** Writes `body`, waits `waitMs` so the server reads (and writes batches of) it, then the client goes away. */
function abortedPost(target: TestApp, p: string, body: string, waitMs: number): Promise<{ answered: boolean }> {
  return new Promise((resolve) => {
    let answered = false;
    const req = http.request(new URL(p, target.url), {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${target.adminKey}`, "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      answered = true;
      res.resume();
    });
    req.on("error", () => undefined);
    req.write(body, () => {
      setTimeout(() => {
        req.destroy();
        setTimeout(() => resolve({ answered }), 50);
      }, waitMs);
    });
  });
}

describe("valid lines are stored for every kind", () => {
  it.each([
    { kind: "predictions" as const, lines: (n: number) => Array.from({ length: n }, (_, i) => prediction(i)) },
    { kind: "labels" as const, lines: (n: number) => Array.from({ length: n }, (_, i) => label(i, i % 2)) },
    { kind: "feedback" as const, lines: (n: number) => Array.from({ length: n }, (_, i) => feedback(i)) },
    { kind: "metrics" as const, lines: (n: number) => Array.from({ length: n }, (_, i) => metric(i)) },
  ])("$kind: 300 lines → 300 rows, the IngestResult as JSON", async ({ kind, lines }) => {
    const m = await newModel();
    if (kind === "labels" || kind === "feedback") await seedPredictions(m.id, 0, 300);
    const r = await app.post(path(m.id, kind), ndjson(lines(300)));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ accepted: 300, duplicates: 0, rejected: 0, errors: [] });
    expect(await rows(kind, m.id)).toBe(300);
  });

  it("stores exactly what was sent (first line checked field by field)", async () => {
    const m = await newModel();
    const r = await app.post(path(m.id, "predictions"), ndjson([prediction(7, { segment: "vip", features: { speed: 12.5, country: "€uro" } })]));
    expect(r.json.accepted).toBe(1);
    const stored = await app.db.dataSource.query(`SELECT prediction_id, ts, features, score, segment FROM predictions WHERE model_id = $1`, [m.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0].prediction_id).toBe("p-7");
    expect(new Date(stored[0].ts).toISOString()).toBe(prediction(7).timestamp);
    expect(stored[0].features).toEqual({ speed: 12.5, country: "€uro" });
    expect(stored[0]).toMatchObject({ score: 0.7, segment: "vip" });
  });
});

describe("invalid lines are reported with their zero-based line number and a reason naming the field", () => {
  const good = JSON.stringify(prediction(1));
  const cases: Array<{ name: string; kind?: Kind; line: string; message: string }> = [
    { name: "1e999 (parses as Infinity)", line: `{"id":"p-x","timestamp":"2026-01-05T10:00:00Z","features":{"speed":1e999},"score":0.5}`, message: "features.speed: expected a finite number, got Infinity" },
    { name: "-1e999 as the score", line: `{"id":"p-x","timestamp":"2026-01-05T10:00:00Z","features":{},"score":-1e999}`, message: "score: expected a finite number, got -Infinity" },
    { name: '"NaN" as a string', line: JSON.stringify(prediction(2, { id: "p-x", features: { speed: "NaN" } })), message: 'features.speed: expected a finite number, got "NaN"' },
    { name: "an undeclared feature", line: JSON.stringify(prediction(2, { id: "p-x", features: { colour: "red" } })), message: "features.colour: not a feature of model" },
    { name: "a misspelt field", line: JSON.stringify({ ...prediction(2, { id: "p-x" }), scroe: 1 }), message: "scroe: unknown field" },
    { name: "a timestamp without a zone", line: JSON.stringify(prediction(2, { id: "p-x", timestamp: "2026-01-05 10:00:00" })), message: "timestamp: expected an ISO-8601 date-time with a time zone" },
    { name: "a missing id", line: JSON.stringify({ timestamp: "2026-01-05T10:00:00Z", features: {}, score: 0.1 }), message: "id: expected a string, got nothing" },
    { name: "a JSON array line", line: "[1,2,3]", message: "expected an object, got an array" },
    { name: "a JSON null line", line: "null", message: "expected an object, got null" },
    { name: "a JSON number line", line: "42", message: "expected an object, got 42" },
    { name: "a metric with a NaN value", kind: "metrics", line: `{"name":"ctr","timestamp":"2026-01-05T10:00:00Z","value":"NaN"}`, message: 'value: expected a finite number, got "NaN"' },
    { name: "a metric with an invalid name", kind: "metrics", line: `{"name":"bad name","timestamp":"2026-01-05T10:00:00Z","value":1}`, message: "name: expected a metric name" },
  ];

  it.each(cases)("$name", async ({ kind = "predictions", line, message }) => {
    const m = await newModel();
    const valid = kind === "metrics" ? JSON.stringify(metric(1)) : good;
    const valid2 = kind === "metrics" ? JSON.stringify(metric(2)) : JSON.stringify(prediction(3));
    const r = await app.post(path(m.id, kind), ndjson([valid, line, valid2]));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1 });
    expect(r.json.errors).toHaveLength(1);
    expect(r.json.errors[0].index).toBe(1);
    expect(r.json.errors[0].message).toContain(message);
    expect(await rows(kind, m.id)).toBe(2);
  });

  it("reports the line number of an invalid item far into a multi-batch body", async () => {
    const m = await newModel();
    const lines: unknown[] = Array.from({ length: 12_000 }, (_, i) => prediction(i));
    lines[3] = prediction(3, { score: 2 });
    lines[5_000] = prediction(5_000, { features: { speed: "fast" } });
    lines[11_999] = prediction(11_999, { id: "" });
    const r = await app.post(path(m.id, "predictions"), ndjson(lines));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 11_997, duplicates: 0, rejected: 3 });
    expect(r.json.errors).toEqual([
      { index: 3, message: "score: expected P(positive) in [0, 1] for a binary classifier, got 2" },
      { index: 5_000, message: 'features.speed: expected a finite number, got "fast"' },
      { index: 11_999, message: "id: must not be empty" },
    ]);
    expect(await rows("predictions", m.id)).toBe(11_997);
  });
});

describe("line handling", () => {
  const cases: Array<{ name: string; body: string; accepted: number; errorIndex?: number }> = [
    { name: "blank and whitespace-only lines are skipped but keep their line number", body: `${JSON.stringify(prediction(1))}\n\n   \n\t\n${JSON.stringify(prediction(2, { score: 9 }))}\n${JSON.stringify(prediction(3))}\n\n`, accepted: 2, errorIndex: 4 },
    { name: "CRLF line endings", body: ndjson([prediction(1), prediction(2, { score: 9 }), prediction(3)], "\r\n"), accepted: 2, errorIndex: 1 },
    { name: "CRLF with blank CRLF lines", body: `${JSON.stringify(prediction(1))}\r\n\r\n${JSON.stringify(prediction(2, { score: 9 }))}\r\n`, accepted: 1, errorIndex: 2 },
    { name: "a last line without a trailing newline", body: `${JSON.stringify(prediction(1))}\n${JSON.stringify(prediction(2))}`, accepted: 2 },
    { name: "a last CRLF line without a trailing newline", body: `${JSON.stringify(prediction(1))}\r\n${JSON.stringify(prediction(2, { score: 9 }))}\r`, accepted: 1, errorIndex: 1 },
    { name: "an empty body", body: "", accepted: 0 },
    { name: "a body of blank lines", body: "\n\r\n\n", accepted: 0 },
  ];

  it.each(cases)("$name", async ({ body, accepted, errorIndex }) => {
    const m = await newModel();
    const r = await app.post(path(m.id, "predictions"), body);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(accepted);
    expect(r.json.errors.map((e: { index: number }) => e.index)).toEqual(errorIndex === undefined ? [] : [errorIndex]);
    expect(await rows("predictions", m.id)).toBe(accepted);
  });

  it("decodes UTF-8 characters split across chunks of a streamed body", async () => {
    const m = await newModel();
    const body = Buffer.from(ndjson([prediction(1, { features: { country: "€€€" } }), prediction(2, { features: { country: "日本🙂" } })]));
    const at = body.indexOf(Buffer.from("€")) + 1; // inside the 3-byte "€"
    const at2 = body.indexOf(Buffer.from("🙂")) + 2; // inside the 4-byte emoji
    const r = await streamPost(app, path(m.id, "predictions"), [body.subarray(0, at), body.subarray(at, at2), body.subarray(at2)]);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(2);
    const stored = await app.db.dataSource.query(`SELECT features->>'country' AS c FROM predictions WHERE model_id = $1 ORDER BY prediction_id`, [m.id]);
    expect(stored.map((s: { c: string }) => s.c)).toEqual(["€€€", "日本🙂"]);
  });
});

describe("a line that is not JSON: 400 naming the line, nothing of the request stored", () => {
  it("line 7,501 of 12,000 — after batches were already written in the transaction", async () => {
    const m = await newModel();
    const lines: string[] = Array.from({ length: 12_000 }, (_, i) => JSON.stringify(prediction(i)));
    lines[7_500] = `{"id":"p-7500","timestamp":"2026-01-05T10:00:00Z",`;
    // A connection of its own: the client keeps sending the rest of the body after the early
    // answer (as fetch does), then sends another request on the same keep-alive connection.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const r = await streamPost(app, path(m.id, "predictions"), chunked(lines.join("\n") + "\n"), { agent, finishBody: true });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe("BAD_USER_INPUT");
      expect(r.json.error.line).toBe(7_501);
      expect(r.json.error.message).toContain("line 7501");
      expect(r.json.error.message).toContain("nothing of this request was stored");
      expect(await rows("predictions", m.id)).toBe(0);
      // The connection is not left stuck in the middle of the refused body: the next request is answered.
      const next = await streamPost(app, path(m.id, "predictions"), [ndjson([prediction(99_999)])], { agent, timeoutMs: 10_000 });
      expect(next.status).toBe(200);
      expect(next.json.accepted).toBe(1);
    } finally {
      agent.destroy();
    }
    // The same body without the bad line is then stored in full: the rollback left nothing behind.
    lines[7_500] = JSON.stringify(prediction(7_500));
    const again = await app.post(path(m.id, "predictions"), lines.join("\n") + "\n");
    expect(again.json).toMatchObject({ accepted: 12_000, duplicates: 0, rejected: 0 });
    expect(await rows("predictions", m.id)).toBe(12_001);
  });

  const cases: Array<{ name: string; kind?: Kind; body: (good: string[]) => string; line: number }> = [
    { name: "the first line", body: (g) => ["not json", ...g].join("\n"), line: 1 },
    { name: "a truncated last line without newline", body: (g) => [...g, `{"id":"p-99"`].join("\n"), line: 4 },
    { name: "a line with trailing garbage", body: (g) => [g[0], `${g[1]} x`, g[2]].join("\n"), line: 2 },
    { name: "a line after blank lines (lines are counted, blank ones too)", body: (g) => [g[0], "", "", "{,}", g[1]].join("\n"), line: 4 },
    { name: "a NaN literal (not JSON)", body: (g) => [g[0], `{"id":"p-9","timestamp":"2026-01-05T10:00:00Z","features":{"speed":NaN},"score":0.1}`].join("\n"), line: 2 },
    { name: "a CRLF body", body: (g) => [...g, "{oops}", ""].join("\r\n"), line: 4 },
    { name: "a metrics body", kind: "metrics", body: () => [JSON.stringify(metric(1)), JSON.stringify(metric(2)), "}"].join("\n"), line: 3 },
    { name: "a labels body", kind: "labels", body: () => [JSON.stringify(label(0)), "{'predictionId': 'p-1'}"].join("\n"), line: 2 },
  ];

  it.each(cases)("$name → error.line $line", async ({ kind = "predictions", body, line }) => {
    const m = await newModel();
    if (kind === "labels") await seedPredictions(m.id, 0, 3);
    const r = await app.post(path(m.id, kind), body([0, 1, 2].map((i) => JSON.stringify(prediction(i)))));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "BAD_USER_INPUT", line });
    expect(r.json.error.message).toContain(`line ${line}`);
    expect(await rows(kind, m.id)).toBe(0);
  });
});

describe("idempotency inside one request", () => {
  it("counts duplicates across the 5,000-row batches of one request and keeps the first copy", async () => {
    const m = await newModel();
    // Lines 0‥9,999 are new; lines 10,000‥11,999 repeat ids of the first and second batch with another score.
    const lines = Array.from({ length: 12_000 }, (_, i) => (i < 10_000 ? prediction(i) : prediction(i - 10_000 + (i % 2) * 5_000, { score: 0.99 })));
    const r = await app.post(path(m.id, "predictions"), ndjson(lines));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ accepted: 10_000, duplicates: 2_000, rejected: 0, errors: [] });
    expect(await rows("predictions", m.id)).toBe(10_000);
    expect(await count(app, `SELECT count(*) FROM predictions WHERE model_id = $1 AND score = 0.99`, [m.id])).toBe(0);
    // Sending the whole request again stores nothing new.
    const again = await app.post(path(m.id, "predictions"), ndjson(lines));
    expect(again.json).toEqual({ accepted: 0, duplicates: 12_000, rejected: 0, errors: [] });
    expect(await rows("predictions", m.id)).toBe(10_000);
  });

  it("counts duplicates inside one batch, for every kind", async () => {
    const m = await newModel();
    await seedPredictions(m.id, 0, 2);
    const cases = [
      { kind: "predictions" as const, items: [prediction(10), prediction(10), prediction(11)] },
      { kind: "labels" as const, items: [label(0), label(0), label(1)] },
      { kind: "feedback" as const, items: [feedback(0), feedback(0), feedback(1)] },
      { kind: "metrics" as const, items: [metric(0), metric(0), metric(1)] },
    ];
    for (const c of cases) {
      const r = await app.post(path(m.id, c.kind), ndjson(c.items));
      expect(r.json, c.kind).toEqual({ accepted: 2, duplicates: 1, rejected: 0, errors: [] });
    }
  });
});

describe("labels and feedback need a known prediction", () => {
  it.each([{ kind: "labels" as const, item: label }, { kind: "feedback" as const, item: feedback }])(
    "$kind for unknown predictions are rejected, the rest stored (also beyond the first batch)",
    async ({ kind, item }) => {
      const m = await newModel();
      const other = await newModel();
      await seedPredictions(m.id, 0, 6_000);
      await seedPredictions(other.id, 90_000, 90_001);
      const lines = Array.from({ length: 6_000 }, (_, i) => item(i));
      lines[2] = item(50_000); // never sent
      lines[5_500] = item(90_000); // a prediction of another model
      const r = await app.post(path(m.id, kind), ndjson(lines));
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ accepted: 5_998, rejected: 2 });
      expect(r.json.errors).toEqual([
        { index: 2, message: `predictionId: no prediction with id "p-50000" for model '${m.key}'` },
        { index: 5_500, message: `predictionId: no prediction with id "p-90000" for model '${m.key}'` },
      ]);
      expect(await rows(kind, m.id)).toBe(5_998);
      expect(await rows(kind, other.id)).toBe(0);
    },
  );
});

describe("routing", () => {
  const cases: Array<{ name: string; method: string; path: (modelId: string) => string; key?: string | null; status: number; code: string }> = [
    { name: "an unknown kind", method: "POST", path: (id) => `/v1/models/${id}/labelz`, status: 404, code: "NOT_FOUND" },
    { name: "GET on a bulk endpoint", method: "GET", path: (id) => path(id, "predictions"), status: 405, code: "METHOD_NOT_ALLOWED" },
    { name: "PUT on a bulk endpoint", method: "PUT", path: (id) => path(id, "metrics"), status: 405, code: "METHOD_NOT_ALLOWED" },
    { name: "an unknown model", method: "POST", path: () => path("00000000-0000-0000-0000-000000000000", "predictions"), status: 404, code: "NOT_FOUND" },
    { name: "a model id that is not a uuid", method: "POST", path: () => path("not-a-uuid", "predictions"), status: 404, code: "NOT_FOUND" },
    { name: "a model id with broken percent-encoding", method: "POST", path: () => path("%E0%A4%A", "predictions"), status: 404, code: "NOT_FOUND" },
    { name: "no API key", method: "POST", path: (id) => path(id, "predictions"), key: null, status: 401, code: "UNAUTHENTICATED" },
    { name: "an unknown API key", method: "POST", path: (id) => path(id, "predictions"), key: "test_nope", status: 401, code: "UNAUTHENTICATED" },
  ];

  it.each(cases)("$name → $status $code, nothing stored", async ({ method, path: p, key, status, code }) => {
    const m = await newModel();
    const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
    if (key !== null) headers.authorization = `Bearer ${key ?? app.adminKey}`;
    const res = await fetch(`${app.url}${p(m.id)}`, { method, headers, body: method === "GET" ? undefined : ndjson([prediction(1)]) });
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    if (status === 405) expect(res.headers.get("allow")).toBe("POST");
    if (code === "NOT_FOUND" && p(m.id).endsWith("labelz")) expect(json.error.message).toContain("unknown telemetry kind 'labelz'");
    expect(await rows("predictions", m.id)).toBe(0);
  });
});

describe("request bodies over the limit answer 413 and store nothing", () => {
  const LIMIT = 64 * 1024;
  let small: TestApp;
  let smallSystem: string;

  beforeAll(async () => {
    small = await startTestApp({ maxBodyBytes: LIMIT });
    smallSystem = (await seedSystem(small, "small", [])).systemId;
  });
  afterAll(() => small?.close());

  /** ~200 KB of valid predictions. */
  const bigBody = () => ndjson(Array.from({ length: 2_000 }, (_, i) => prediction(i)));

  it("a body just under the limit is accepted", async () => {
    const m = await newModel(small, smallSystem);
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; ; i++) {
      const line = JSON.stringify(prediction(i)) + "\n";
      if (size + line.length > LIMIT) break;
      lines.push(line);
      size += line.length;
    }
    const r = await small.post(path(m.id, "predictions"), lines.join(""));
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(lines.length);
  });

  it("with content-length (~200 KB)", async () => {
    const m = await newModel(small, smallSystem);
    const body = bigBody();
    expect(body.length).toBeGreaterThan(3 * LIMIT);
    const r = await small.post(path(m.id, "predictions"), body);
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(r.json.error.message).toContain(`exceeds ${LIMIT} bytes`);
    expect(await rows("predictions", m.id, small)).toBe(0);
  });

  it("with a streamed, chunked body (no content-length)", async () => {
    const m = await newModel(small, smallSystem);
    const r = await streamPost(small, path(m.id, "predictions"), chunked(bigBody(), 8_192));
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("PAYLOAD_TOO_LARGE");
    // Re-sending a small request proves the refused one's transaction is over; nothing of it is stored.
    const after = await small.post(path(m.id, "predictions"), ndjson([prediction(100_000)]));
    expect(after.json.accepted).toBe(1);
    expect(await rows("predictions", m.id, small)).toBe(1);
  });

  it("with a streamed body via fetch (ReadableStream, duplex half)", async () => {
    const m = await newModel(small, smallSystem);
    const body = new TextEncoder().encode(bigBody());
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= body.length) return controller.close();
        controller.enqueue(body.subarray(i, i + 16_384));
        i += 16_384;
      },
    });
    const res = await fetch(`${small.url}${path(m.id, "predictions")}`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${small.adminKey}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe("PAYLOAD_TOO_LARGE");
    await small.post(path(m.id, "predictions"), "\n");
    expect(await rows("predictions", m.id, small)).toBe(0);
  });

  it("a declared 64 MiB + 1 byte is refused by the default app before the body is sent", async () => {
    const m = await newModel();
    const declared = 64 * 1024 * 1024 + 1;
    const line = Buffer.from(JSON.stringify(prediction(1)) + "\n");
    const block = Buffer.alloc(64 * 1024, " ");
    line.copy(block);
    function* body() {
      let left = declared;
      while (left > 0) {
        const b = left >= block.length ? block : block.subarray(0, left);
        left -= b.length;
        yield b;
      }
    }
    const r = await streamPost(app, path(m.id, "predictions"), body(), { headers: { "content-length": String(declared) } });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(r.sentAll).toBe(false);
    expect(r.sentBytes).toBeLessThan(declared / 4);
    expect(await rows("predictions", m.id)).toBe(0);
  });
});

describe("a client that goes away mid-body", () => {
  it("stores nothing, even after a batch was written", async () => {
    const m = await newModel();
    const lines = Array.from({ length: 12_000 }, (_, i) => JSON.stringify(prediction(i)) + "\n");
    const half = lines.slice(0, 6_000).join("");
    const r = await abortedPost(app, path(m.id, "predictions"), half, 1_500);
    expect(r.answered).toBe(false);
    // A later bulk request on the same model waits for the aborted transaction to end.
    const next = await app.post(path(m.id, "predictions"), ndjson([prediction(50_000)]));
    expect(next.status).toBe(200);
    expect(next.json.accepted).toBe(1);
    expect(await rows("predictions", m.id)).toBe(1);
    expect(await count(app, `SELECT count(*) FROM predictions WHERE model_id = $1 AND prediction_id = 'p-0'`, [m.id])).toBe(0);
  });

  it("stores nothing when cut off in the middle of a line", async () => {
    const m = await newModel();
    const body = ndjson([prediction(1), prediction(2)]) + JSON.stringify(prediction(3)).slice(0, 20);
    await abortedPost(app, path(m.id, "predictions"), body, 200);
    const next = await app.post(path(m.id, "predictions"), "");
    expect(next.status).toBe(200);
    expect(await rows("predictions", m.id)).toBe(0);
  });
});
