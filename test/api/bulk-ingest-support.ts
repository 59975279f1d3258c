// Helpers shared by the bulk-ingest tests (bulk-ingest.test.ts, bulk-ingest-limits.test.ts): fresh
// models, the endpoints' paths and bodies, row counts, and raw HTTP clients that stream a body in
// chunks or go away mid-body.
import http from "node:http";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { FEATURES, count, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";

/** The file's test app and system (set in its beforeAll). */
export const bulk: { app: TestApp; systemId: string } = { app: undefined as unknown as TestApp, systemId: "" };
let modelSeq = 0;

/** The file's setup: a test app with a system "bulk" (in `bulk`), closed after the file; long timeouts. */
export function useBulkApp(): void {
  // Also when run without test/vitest.config.ts (default timeouts are 5 s).
  vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
  beforeAll(async () => {
    bulk.app = await startTestApp();
    bulk.systemId = (await seedSystem(bulk.app, "bulk", [])).systemId;
  });
  afterAll(() => bulk.app?.close());
}

/** A fresh binary model (features speed, country) so each test counts only its own rows. */
export async function newModel(target: TestApp = bulk.app, sys = bulk.systemId, task = "BINARY_CLASSIFICATION"): Promise<{ id: string; key: string }> {
  const key = `m${++modelSeq}`;
  const r = await target.gql(
    `mutation($s: ID!, $k: String!, $t: ModelTask!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: $t, features: $f) { id } }`,
    { s: sys, k: key, t: task, f: FEATURES },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return { id: r.data.registerModel.id, key };
}

export const path = (modelId: string, kind: string) => `/v1/models/${modelId}/${kind}`;
export const ndjson = (items: unknown[], eol = "\n") => items.map((i) => (typeof i === "string" ? i : JSON.stringify(i))).join(eol) + eol;
export const label = (i: number, value = 1) => ({ predictionId: `p-${i}`, timestamp: "2026-01-05T12:00:00Z", value });
export const feedback = (i: number) => ({ predictionId: `p-${i}`, timestamp: "2026-01-05T12:30:00Z", comment: `looked wrong ${i}` });
export const metric = (i: number) => ({ name: "ctr", timestamp: new Date(Date.UTC(2026, 0, 5, 10) + i * 60_000).toISOString(), value: i / 1000 });

export const TABLES = { predictions: "predictions", labels: "labels", feedback: "feedback", metrics: "metric_points" } as const;
export type Kind = keyof typeof TABLES;
export const rows = (kind: Kind, modelId: string, target: TestApp = bulk.app) => count(target, `SELECT count(*) FROM ${TABLES[kind]} WHERE model_id = $1`, [modelId]);

/** Stores predictions p-from … p-(to-1) through the bulk endpoint. */
export async function seedPredictions(modelId: string, from: number, to: number, target: TestApp = bulk.app): Promise<void> {
  const r = await target.post(path(modelId, "predictions"), ndjson(Array.from({ length: to - from }, (_, i) => prediction(from + i))));
  expect(r.status).toBe(200);
  expect(r.json.accepted).toBe(to - from);
}

export interface RawResult {
  status: number | undefined;
  headers: http.IncomingHttpHeaders;
  json: any;
  /** Body bytes the client handed to the socket before it stopped. */
  sentBytes: number;
  /** The client wrote (and ended) the whole body. */
  sentAll: boolean;
}

export interface StreamOptions {
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
export function streamPost(target: TestApp, p: string, chunks: Iterable<Buffer | string>, options: StreamOptions = {}): Promise<RawResult> {
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

export const chunked = (body: string | Buffer, size = 64 * 1024): Buffer[] => {
  const buf = typeof body === "string" ? Buffer.from(body) : body;
  return Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size));
};

/** Writes `body`, waits `waitMs` so the server reads (and writes batches of) it, then the client goes away. */
export function abortedPost(target: TestApp, p: string, body: string, waitMs: number): Promise<{ answered: boolean }> {
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

