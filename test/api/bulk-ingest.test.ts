// The NDJSON bulk endpoints POST /v1/models/{modelId}/predictions|labels|feedback|metrics: one
// item per line, each validated on its own (index = zero-based line number), one transaction per
// request — a malformed line stores nothing. Routing, known predictions, limits and clients that go
// away: bulk-ingest-limits.test.ts.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { count, prediction } from "../support/test-app.js";
import { bulk, useBulkApp, chunked, feedback, Kind, label, metric, ndjson, newModel, path, rows, seedPredictions, streamPost } from "./bulk-ingest-support.js";

useBulkApp();

describe("valid lines are stored for every kind", () => {
  it.each([
    { kind: "predictions" as const, lines: (n: number) => Array.from({ length: n }, (_, i) => prediction(i)) },
    { kind: "labels" as const, lines: (n: number) => Array.from({ length: n }, (_, i) => label(i, i % 2)) },
    { kind: "feedback" as const, lines: (n: number) => Array.from({ length: n }, (_, i) => feedback(i)) },
    { kind: "metrics" as const, lines: (n: number) => Array.from({ length: n }, (_, i) => metric(i)) },
  ])("$kind: 300 lines → 300 rows, the IngestResult as JSON", async ({ kind, lines }) => {
    const m = await newModel();
    if (kind === "labels" || kind === "feedback") await seedPredictions(m.id, 0, 300);
    const r = await bulk.app.post(path(m.id, kind), ndjson(lines(300)));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ accepted: 300, duplicates: 0, rejected: 0, errors: [] });
    expect(await rows(kind, m.id)).toBe(300);
  });

  it("stores exactly what was sent (first line checked field by field)", async () => {
    const m = await newModel();
    const r = await bulk.app.post(path(m.id, "predictions"), ndjson([prediction(7, { segment: "vip", features: { speed: 12.5, country: "€uro" } })]));
    expect(r.json.accepted).toBe(1);
    const stored = await bulk.app.db.dataSource.query(`SELECT prediction_id, ts, features, score, segment FROM predictions WHERE model_id = $1`, [m.id]);
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
    const r = await bulk.app.post(path(m.id, kind), ndjson([valid, line, valid2]));
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
    const r = await bulk.app.post(path(m.id, "predictions"), ndjson(lines));
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
    const r = await bulk.app.post(path(m.id, "predictions"), body);
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
    const r = await streamPost(bulk.app, path(m.id, "predictions"), [body.subarray(0, at), body.subarray(at, at2), body.subarray(at2)]);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(2);
    const stored = await bulk.app.db.dataSource.query(`SELECT features->>'country' AS c FROM predictions WHERE model_id = $1 ORDER BY prediction_id`, [m.id]);
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
      const r = await streamPost(bulk.app, path(m.id, "predictions"), chunked(lines.join("\n") + "\n"), { agent, finishBody: true });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe("BAD_USER_INPUT");
      expect(r.json.error.line).toBe(7_501);
      expect(r.json.error.message).toContain("line 7501");
      expect(r.json.error.message).toContain("nothing of this request was stored");
      expect(await rows("predictions", m.id)).toBe(0);
      // The connection is not left stuck in the middle of the refused body: the next request is answered.
      const next = await streamPost(bulk.app, path(m.id, "predictions"), [ndjson([prediction(99_999)])], { agent, timeoutMs: 10_000 });
      expect(next.status).toBe(200);
      expect(next.json.accepted).toBe(1);
    } finally {
      agent.destroy();
    }
    // The same body without the bad line is then stored in full: the rollback left nothing behind.
    lines[7_500] = JSON.stringify(prediction(7_500));
    const again = await bulk.app.post(path(m.id, "predictions"), lines.join("\n") + "\n");
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
    const r = await bulk.app.post(path(m.id, kind), body([0, 1, 2].map((i) => JSON.stringify(prediction(i)))));
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
    const r = await bulk.app.post(path(m.id, "predictions"), ndjson(lines));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ accepted: 10_000, duplicates: 2_000, rejected: 0, errors: [] });
    expect(await rows("predictions", m.id)).toBe(10_000);
    expect(await count(bulk.app, `SELECT count(*) FROM predictions WHERE model_id = $1 AND score = 0.99`, [m.id])).toBe(0);
    // Sending the whole request again stores nothing new.
    const again = await bulk.app.post(path(m.id, "predictions"), ndjson(lines));
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
      const r = await bulk.app.post(path(m.id, c.kind), ndjson(c.items));
      expect(r.json, c.kind).toEqual({ accepted: 2, duplicates: 1, rejected: 0, errors: [] });
    }
  });
});

