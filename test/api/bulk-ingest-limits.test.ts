// The NDJSON bulk endpoints, continued (bulk-ingest.test.ts): labels and feedback need a known
// prediction, routing, bodies over the limit (413, nothing stored) and a client that goes away
// mid-body (nothing stored).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { bulk, useBulkApp, abortedPost, chunked, feedback, label, ndjson, newModel, path, rows, seedPredictions, streamPost } from "./bulk-ingest-support.js";

useBulkApp();

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
      const r = await bulk.app.post(path(m.id, kind), ndjson(lines));
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
    if (key !== null) headers.authorization = `Bearer ${key ?? bulk.app.adminKey}`;
    const res = await fetch(`${bulk.app.url}${p(m.id)}`, { method, headers, body: method === "GET" ? undefined : ndjson([prediction(1)]) });
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

  it("a declared 64 MiB + 1 byte is refused by the default bulk.app before the body is sent", async () => {
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
    const r = await streamPost(bulk.app, path(m.id, "predictions"), body(), { headers: { "content-length": String(declared) } });
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
    const r = await abortedPost(bulk.app, path(m.id, "predictions"), half, 1_500);
    expect(r.answered).toBe(false);
    // A later bulk request on the same model waits for the aborted transaction to end.
    const next = await bulk.app.post(path(m.id, "predictions"), ndjson([prediction(50_000)]));
    expect(next.status).toBe(200);
    expect(next.json.accepted).toBe(1);
    expect(await rows("predictions", m.id)).toBe(1);
    expect(await count(bulk.app, `SELECT count(*) FROM predictions WHERE model_id = $1 AND prediction_id = 'p-0'`, [m.id])).toBe(0);
  });

  it("stores nothing when cut off in the middle of a line", async () => {
    const m = await newModel();
    const body = ndjson([prediction(1), prediction(2)]) + JSON.stringify(prediction(3)).slice(0, 20);
    await abortedPost(bulk.app, path(m.id, "predictions"), body, 200);
    const next = await bulk.app.post(path(m.id, "predictions"), "");
    expect(next.status).toBe(200);
    expect(await rows("predictions", m.id)).toBe(0);
  });
});
