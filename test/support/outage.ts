// Shared by the outage tests: writers that ingest continuously, timed outcomes, and the checks
// "failed cleanly" and "nothing acknowledged lost nor stored twice".
import pg from "pg";
import { expect } from "vitest";
import { startEmbeddedPostgres } from "../../api/src/db/embedded-postgres.js";
import { freshDatabase, prediction, type TestApp } from "./test-app.js";
import { hostPort, startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

export const INGEST = `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates rejected } }`;
/** A failed request must have answered within this (functional limit, not a benchmark). */
export const FAIL_FAST_MS = 5_000;
/** A request still open after this counts as a hang. */
export const HANG_MS = 20_000;
export const BATCH = 5;
export const TIMEOUT = 120_000;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ProxiedDatabase {
  /** The database itself, past the proxy. */
  directUrl: string;
  /** Through the proxy: the URL to give the app. */
  url: string;
  proxy: TcpProxy;
  /** PGlite behind pglite-socket (no DATABASE_URL): one backend session, so the app needs a pool of 1. */
  embedded: boolean;
  /** Restores the line, closes `app`, then the proxy and the database. */
  close(app?: { close(): Promise<void> }): Promise<void>;
}

/** A fresh database (on DATABASE_URL's server, else an embedded one) behind a TCP proxy that can cut the line. */
export async function databaseBehindProxy(): Promise<ProxiedDatabase> {
  const fresh = await freshDatabase();
  const embedded = fresh ? undefined : await startEmbeddedPostgres({ dataDir: undefined });
  const directUrl = fresh ? fresh.url : embedded!.url;
  const proxy = await startTcpProxy(hostPort(directUrl));
  return {
    directUrl,
    url: proxy.rewrite(directUrl),
    proxy,
    embedded: embedded !== undefined,
    async close(app) {
      await proxy.start().catch(() => undefined);
      await app?.close().catch(() => undefined);
      await proxy.close();
      await embedded?.stop();
      await fresh?.drop();
    },
  };
}

export interface Outcome {
  ids: string[];
  via: "graphql" | "bulk";
  startedAt: number;
  endedAt: number;
  ms: number;
  /** HTTP status; 0 = no answer (network error or hang). */
  status: number;
  /** Every item acknowledged (accepted or duplicate). */
  ok: boolean;
  code?: string;
  message?: string;
  retryAfter?: string | null;
  body?: unknown;
}

/** One ingest request of `ids`, over GraphQL or the NDJSON bulk endpoint, timed. */
export async function send(app: TestApp, modelId: string, ids: string[], via: "graphql" | "bulk"): Promise<Outcome> {
  const items = ids.map((id) => prediction(Number(id.split("-").at(-1)), { id }));
  const startedAt = Date.now();
  const done = (o: Omit<Outcome, "ids" | "via" | "startedAt" | "endedAt" | "ms">): Outcome => {
    const endedAt = Date.now();
    return { ids, via, startedAt, endedAt, ms: endedAt - startedAt, ...o };
  };
  try {
    if (via === "graphql") {
      const res = await fetch(`${app.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${app.adminKey}` },
        body: JSON.stringify({ query: INGEST, variables: { m: modelId, e: items } }),
        signal: AbortSignal.timeout(HANG_MS),
      });
      const body = (await res.json()) as { data?: { ingestPredictions?: { accepted: number; duplicates: number; rejected: number } }; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      const r = body.data?.ingestPredictions;
      const ok = !body.errors && r !== undefined && r.rejected === 0 && r.accepted + r.duplicates === ids.length;
      return done({ status: res.status, ok, code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message, retryAfter: res.headers.get("retry-after"), body });
    }
    const res = await fetch(`${app.url}/v1/models/${modelId}/predictions`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${app.adminKey}` },
      body: items.map((i) => JSON.stringify(i)).join("\n"),
      signal: AbortSignal.timeout(HANG_MS),
    });
    const body = (await res.json()) as { accepted?: number; duplicates?: number; rejected?: number; error?: { code?: string; message?: string } };
    const ok = res.status === 200 && body.rejected === 0 && (body.accepted ?? 0) + (body.duplicates ?? 0) === ids.length;
    return done({ status: res.status, ok, code: body.error?.code, message: body.error?.message, retryAfter: res.headers.get("retry-after"), body });
  } catch (error) {
    const e = error as Error;
    return done({ status: 0, ok: false, code: e.name === "TimeoutError" ? "HANG" : "NO_ANSWER", message: e.message });
  }
}

/** `n` clients ingesting distinct ids back to back; every third request uses the bulk endpoint. */
export function startWriters(app: TestApp, modelId: string, n: number, prefix: string) {
  const outcomes: Outcome[] = [];
  let running = true;
  let seq = 0;
  const workers = Array.from({ length: n }, async () => {
    while (running) {
      const k = seq++;
      const ids = Array.from({ length: BATCH }, (_, j) => `${prefix}-${k * BATCH + j}`);
      const o = await send(app, modelId, ids, k % 3 === 2 ? "bulk" : "graphql");
      outcomes.push(o);
      if (!o.ok) await sleep(50); // do not spin while the database is away
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

export async function waitUntil(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export async function getJson(url: string): Promise<{ status: number; json: any; ms: number }> {
  const t0 = Date.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(HANG_MS) });
  return { status: res.status, json: await res.json(), ms: Date.now() - t0 };
}

/** A failure while the database is away: a clean, retryable SERVICE_UNAVAILABLE, answered fast. */
export function expectCleanUnavailable(o: Outcome): void {
  const seen = `${o.via} request [${o.ids[0]}..] → HTTP ${o.status} ${o.code ?? ""} "${o.message ?? ""}" after ${o.ms} ms`;
  expect(o.code, seen).toBe("SERVICE_UNAVAILABLE");
  expect(o.message, seen).toMatch(/database unavailable/i);
  expect(o.ms, seen).toBeLessThan(FAIL_FAST_MS);
  if (o.via === "bulk") {
    expect(o.status, seen).toBe(503);
    expect(o.retryAfter, seen).toMatch(/^\d+$/);
  } else {
    // 503 when authentication could not reach the database, 200 with a GraphQL error when a
    // resolver could not; never a 500.
    expect([200, 503], seen).toContain(o.status);
    if (o.status === 503) expect(o.retryAfter, seen).toMatch(/^\d+$/);
  }
}

/** How many times each prediction id of `modelId` is stored, read with a direct client (not through the app). */
export async function storedIds(directUrl: string, modelId: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; n: string }>(
      `SELECT prediction_id AS id, count(*) AS n FROM predictions WHERE model_id = $1 GROUP BY prediction_id`,
      [modelId],
    );
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  } finally {
    await client.end();
  }
}

/**
 * Every acknowledged id is stored exactly once; then every failed request is retried with the same
 * ids (idempotency keys) and afterwards every id ever sent is stored exactly once.
 */
export async function expectNothingLostNorDoubled(app: TestApp, directUrl: string, modelId: string, outcomes: Outcome[]): Promise<void> {
  const acked = outcomes.filter((o) => o.ok).flatMap((o) => o.ids);
  const stored = await storedIds(directUrl, modelId);
  const missing = acked.filter((id) => !stored.has(id));
  expect(missing, `acknowledged but not stored`).toEqual([]);
  const doubled = [...stored].filter(([, n]) => n !== 1);
  expect(doubled, "stored more than once").toEqual([]);

  for (const o of outcomes.filter((x) => !x.ok)) {
    const retry = await send(app, modelId, o.ids, o.via);
    expect(retry.ok, `retry of ${o.ids[0]}..: ${JSON.stringify(retry.body)}`).toBe(true);
  }
  const all = outcomes.flatMap((o) => o.ids);
  const after = await storedIds(directUrl, modelId);
  expect(all.filter((id) => after.get(id) !== 1), "not stored exactly once after retries").toEqual([]);
  expect(after.size).toBe(all.length);
}

export function summary(outcomes: Outcome[]) {
  const failed = outcomes.filter((o) => !o.ok);
  return {
    requests: outcomes.length,
    acknowledged: outcomes.length - failed.length,
    failed: failed.length,
    failedGraphql503: failed.filter((o) => o.via === "graphql" && o.status === 503).length,
    failedGraphql200: failed.filter((o) => o.via === "graphql" && o.status === 200).length,
    failedBulk: failed.filter((o) => o.via === "bulk").length,
    slowestFailureMs: Math.max(0, ...failed.map((o) => o.ms)),
    codes: [...new Set(failed.map((o) => `${o.status} ${o.code}: ${o.message}`))],
  };
}

