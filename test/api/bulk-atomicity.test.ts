// A refused bulk request stores nothing, wherever it fails: at every batch boundary and in the
// middle of batches (a write in flight when the line iterator throws must settle inside the
// request's transaction, never on another connection in autocommit). A slow upload holds no lock
// and no connection while it arrives. Input hygiene: invalid UTF-8 refused per line, BOM accepted,
// gzip decoded, other encodings 415.
import http from "node:http";
import { gzipSync, deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FEATURES, count, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { BULK_BATCH_ROWS } from "../../api/src/services/ingest/ingest-service.js";
import { readBodyBytes } from "../../api/src/http/read-body.js";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

let app: TestApp;
let systemId: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp();
  systemId = (await seedSystem(app, "atomicity", [])).systemId;
});
afterAll(() => app?.close());

async function newModel(): Promise<string> {
  const r = await app.gql(
    `mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: BINARY_CLASSIFICATION, features: $f) { id } }`,
    { s: systemId, k: `a${++seq}`, f: FEATURES },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.registerModel.id;
}

const predictionRows = (modelId: string) => count(app, `SELECT count(*) FROM predictions WHERE model_id = $1`, [modelId]);
const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => JSON.stringify(prediction(from + i)));

describe("a malformed line anywhere: 400 and not one row stored", () => {
  const B = BULK_BATCH_ROWS;
  // Zero-based positions of the bad line: at, just before and just after each batch boundary, and
  // in the middle of batches. Each position is tried 3 times (the bug was a race).
  const positions = [0, 1, B / 2, B - 1, B, B + 1, B + 2, Math.round(1.5 * B), 2 * B - 1, 2 * B, 2 * B + 1, 3 * B - 1];
  it.each(positions)("bad line at zero-based position %i of 15,000 lines", async (position) => {
    const total = 3 * B;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const m = await newModel();
      const body = lines(total);
      body[position] = `{"id":"broken","timestamp":`;
      const r = await app.post(`/v1/models/${m}/predictions`, body.join("\n") + "\n");
      expect(r.status).toBe(400);
      expect(r.json.error.line).toBe(position + 1);
      expect(r.json.error.message).toContain("nothing of this request was stored");
      // Give any write that escaped the transaction time to land before counting.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await predictionRows(m)).toBe(0);
    }
  });

  it("labels: a bad line after the first batch stores no label", async () => {
    const m = await newModel();
    const ok = await app.post(`/v1/models/${m}/predictions`, lines(2 * B).join("\n"));
    expect(ok.json.accepted).toBe(2 * B);
    const body = Array.from({ length: 2 * B }, (_, i) => JSON.stringify({ predictionId: `p-${i}`, timestamp: "2026-01-05T12:00:00Z", value: i % 2 }));
    body[B + 1] = "{nope";
    const r = await app.post(`/v1/models/${m}/labels`, body.join("\n"));
    expect(r.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await count(app, `SELECT count(*) FROM labels WHERE model_id = $1`, [m])).toBe(0);
  });
});

/** POSTs `first`, then one more line every `everyMs` for `times` times; resolves with the answer. */
function tricklePost(path: string, first: string, next: (i: number) => string, everyMs: number, times: number): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, app.url), {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${app.adminKey}`, "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString("utf8")) }));
    });
    req.on("error", reject);
    req.write(first);
    let i = 0;
    const timer = setInterval(() => {
      if (i === times) {
        clearInterval(timer);
        req.end();
        return;
      }
      req.write(next(i));
      i += 1;
    }, everyMs);
  });
}

describe("a slow upload holds no lock and no connection", () => {
  it("GraphQL ingests to the same model complete while a bulk body trickles in", async () => {
    const m = await newModel();
    let slowDone = false;
    const slow = tricklePost(`/v1/models/${m}/predictions`, lines(10).join("\n") + "\n", (i) => JSON.stringify(prediction(100 + i)) + "\n", 400, 10).then((r) => {
      slowDone = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // More calls than the pool has connections: with the lock held for the upload, they queued.
    const calls = await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        app.gql(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m, e: [prediction(1_000 + k)] }),
      ),
    );
    expect(slowDone).toBe(false);
    for (const c of calls) expect(c.data?.ingestPredictions.accepted).toBe(1);
    const r = await slow;
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(20);
    expect(await predictionRows(m)).toBe(32);
  });

  it("a body that stops arriving is refused with 408 after the idle timeout", async () => {
    const server = http.createServer((req, res) => {
      readBodyBytes(req, 1024 * 1024, { idleTimeoutMs: 300 }).then(
        (b) => res.end(`read ${b.length}`),
        (e: { httpStatus?: number; message: string }) => {
          res.statusCode = e.httpStatus ?? 500;
          res.end(e.message);
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/", headers: { "transfer-encoding": "chunked" } });
        req.on("response", (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on("error", reject);
        req.write("{}\n"); // then nothing more
      });
      expect(answer.status).toBe(408);
      expect(answer.text).toContain("no data for");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("input hygiene", () => {
  it("a line with invalid UTF-8 is refused on its own; the id is never rewritten", async () => {
    const m = await newModel();
    const bad = Buffer.concat([Buffer.from(`{"id":"p-`), Buffer.from([0xff, 0xfe]), Buffer.from(`x","timestamp":"2026-01-05T10:00:00Z","features":{},"score":0.5}`)]);
    const body = Buffer.concat([Buffer.from(lines(1).join("") + "\n"), bad, Buffer.from("\n" + lines(1, 1).join("") + "\n")]);
    const r = await app.post(`/v1/models/${m}/predictions`, body as unknown as string);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 2, rejected: 1 });
    expect(r.json.errors).toEqual([{ index: 1, message: expect.stringContaining("not valid UTF-8") }]);
    const ids = await app.db.dataSource.query(`SELECT prediction_id FROM predictions WHERE model_id = $1 ORDER BY 1`, [m]);
    expect(ids.map((x: { prediction_id: string }) => x.prediction_id)).toEqual(["p-0", "p-1"]);
  });

  it("a UTF-8 byte order mark before the first line is accepted", async () => {
    const m = await newModel();
    const r = await app.post(`/v1/models/${m}/predictions`, "\uFEFF" + lines(3).join("\n"));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 3, rejected: 0 });
  });

  it("Content-Encoding gzip and deflate are decoded", async () => {
    for (const [encoding, pack] of [["gzip", gzipSync], ["deflate", deflateSync]] as const) {
      const m = await newModel();
      const body = new Uint8Array(pack(Buffer.from(lines(500).join("\n"))));
      const res = await fetch(`${app.url}/v1/models/${m}/predictions`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", "content-encoding": encoding, authorization: `Bearer ${app.adminKey}` },
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ accepted: 500 });
    }
  });

  it("gzip that inflates beyond the body limit answers 413; corrupt gzip 400; unknown encodings 415", async () => {
    const small = await startTestApp({ maxBodyBytes: 64 * 1024 });
    try {
      const sys = await seedSystem(small, "enc", [{ key: "m", features: FEATURES }]);
      const m = sys.modelIds.m!;
      const send = async (encoding: string, bytes: Buffer) => {
        const body = new Uint8Array(bytes);
        const res = await fetch(`${small.url}/v1/models/${m}/predictions`, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", "content-encoding": encoding, authorization: `Bearer ${small.adminKey}` },
          body,
        });
        return { status: res.status, json: (await res.json()) as any };
      };
      const bomb = await send("gzip", gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)));
      expect(bomb.status).toBe(413);
      const corrupt = await send("gzip", Buffer.from("this is not gzip"));
      expect(corrupt.status).toBe(400);
      expect(corrupt.json.error.message).toContain("not valid gzip");
      const br = await send("br", Buffer.from("x"));
      expect(br.status).toBe(415);
      expect(br.json.error.message).toContain("Content-Encoding 'br'");
      expect(await count(small, `SELECT count(*) FROM predictions`)).toBe(0);
    } finally {
      await small.close();
    }
  });

  it("a GraphQL body that is not valid UTF-8 answers 400 BAD_USER_INPUT", async () => {
    const res = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${app.adminKey}` },
      body: new Uint8Array(Buffer.concat([Buffer.from(`{"query":"{ systems { id } }", "x": "`), Buffer.from([0xc3, 0x28]), Buffer.from(`"}`)])),
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as any;
    expect(json.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(json.errors[0].message).toContain("UTF-8");
  });

  it("one long line without a newline is split in linear time and refused as one malformed line", async () => {
    const m = await newModel();
    const long = `{"id":"p-long","timestamp":"2026-01-05T10:00:00Z","features":{"country":"${"x".repeat(8 * 1024 * 1024)}`;
    const r = await app.post(`/v1/models/${m}/predictions`, long);
    expect(r.status).toBe(400);
    expect(r.json.error.line).toBe(1);
    expect(await predictionRows(m)).toBe(0);
  });
});
