// While PostgreSQL is down, requests fail fast with SERVICE_UNAVAILABLE and /readyz says so; when
// it comes back the running API recovers by itself, and nothing that was acknowledged is lost or
// stored twice. Part (a) cuts the line with a TCP proxy (both databases); part (b) restarts the
// real local PostgreSQL cluster (only with TANDEM_TEST_PG_RESTART set, as CI does).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../api/src/db/embedded-postgres.js";
import { FEATURES, freshDatabase, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { hostPort, startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const run = promisify(execFile);

// Behind the proxy the app sees a plain URL and would open a pool of 10 connections. PGlite has a
// single session that pglite-socket shares between its connections, so concurrent connections
// interleave their extended-protocol messages ("unnamed prepared statement does not exist"): the
// app's own embedded path uses a pool of 1 for that reason. Give the proxied app the same pool.
const pool = vi.hoisted(() => ({ size: undefined as number | undefined }));
vi.mock("../../api/src/db/data-source.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/src/db/data-source.js")>();
  return { ...original, openDatabase: (args: Parameters<typeof original.openDatabase>[0]) => original.openDatabase({ ...args, poolSize: args.poolSize ?? pool.size }) };
});

const INGEST = `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates rejected } }`;
/** A failed request must have answered within this (functional limit, not a benchmark). */
const FAIL_FAST_MS = 5_000;
/** A request still open after this counts as a hang. */
const HANG_MS = 20_000;
const BATCH = 5;
const TIMEOUT = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
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
async function send(app: TestApp, modelId: string, ids: string[], via: "graphql" | "bulk"): Promise<Outcome> {
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
function startWriters(app: TestApp, modelId: string, n: number, prefix: string) {
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

async function waitUntil(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function getJson(url: string): Promise<{ status: number; json: any; ms: number }> {
  const t0 = Date.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(HANG_MS) });
  return { status: res.status, json: await res.json(), ms: Date.now() - t0 };
}

/** A failure while the database is away: a clean, retryable SERVICE_UNAVAILABLE, answered fast. */
function expectCleanUnavailable(o: Outcome): void {
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
async function storedIds(directUrl: string, modelId: string): Promise<Map<string, number>> {
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
async function expectNothingLostNorDoubled(app: TestApp, directUrl: string, modelId: string, outcomes: Outcome[]): Promise<void> {
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

function summary(outcomes: Outcome[]) {
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

describe("PostgreSQL unreachable (connections cut by a proxy), then back", () => {
  let embedded: EmbeddedPostgres | undefined;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let directUrl: string;
  let proxy: TcpProxy;
  let app: TestApp;
  let modelId: string;

  beforeAll(async () => {
    fresh = await freshDatabase();
    if (fresh) directUrl = fresh.url;
    else {
      embedded = await startEmbeddedPostgres({ dataDir: undefined });
      directUrl = embedded.url;
      pool.size = 1;
    }
    proxy = await startTcpProxy(hostPort(directUrl));
    app = await startTestApp({ databaseUrl: proxy.rewrite(directUrl) });
    modelId = (await seedSystem(app, "outage", [{ key: "fraud", features: FEATURES }])).modelIds.fraud!;
  }, TIMEOUT);
  afterAll(async () => {
    await proxy?.start().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await proxy?.close();
    await embedded?.stop();
    await fresh?.drop();
  }, TIMEOUT);

  it("fails fast with SERVICE_UNAVAILABLE, reports not ready, recovers without a restart and loses nothing acknowledged", { timeout: TIMEOUT }, async () => {
    const writers = startWriters(app, modelId, 3, "cut");
    try {
      await waitUntil("20 acknowledged requests before the outage", () => writers.outcomes.filter((o) => o.ok).length >= 20, 30_000);
      expect(writers.outcomes.filter((o) => !o.ok), "failures before the outage").toEqual([]);

      // --- the database goes away ------------------------------------------------------------
      await proxy.stop();
      const downAt = Date.now();

      // Liveness is not readiness: /healthz stays 200, /readyz says why it is not ready, quickly.
      const health = await getJson(`${app.url}/healthz`);
      expect(health.status).toBe(200);
      const notReady = await getJson(`${app.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(notReady.json.status).toBe("not ready");
      expect(notReady.json.reason).toMatch(/database/i);
      expect(notReady.ms).toBeLessThan(FAIL_FAST_MS);

      // Stay down past the 5 s API-key cache, so both paths fail: a cached key reaches the
      // resolver (GraphQL error), an uncached one fails authentication (HTTP 503).
      await waitUntil(
        "10 failed requests and 7 s of outage",
        () => Date.now() - downAt > 7_000 && writers.outcomes.filter((o) => o.startedAt >= downAt && !o.ok).length >= 10,
        30_000,
      );
      const query = await app.gql(`{ systems { id } }`);
      expect(query.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      expect(query.errors?.[0]?.message).toMatch(/database unavailable/i);
      const stillNotReady = await getJson(`${app.url}/readyz`);
      expect(stillNotReady.status).toBe(503);
      expect(stillNotReady.ms).toBeLessThan(FAIL_FAST_MS);
      expect((await getJson(`${app.url}/healthz`)).status).toBe(200);

      // --- the database comes back -----------------------------------------------------------
      const upAt = Date.now();
      await proxy.start();
      await waitUntil("an acknowledged request after the database came back", () => writers.outcomes.some((o) => o.ok && o.startedAt >= upAt), 20_000);
      const firstOk = writers.outcomes.filter((o) => o.ok && o.startedAt >= upAt).sort((a, b) => a.endedAt - b.endedAt)[0]!;
      await waitUntil("20 acknowledged requests after recovery", () => writers.outcomes.filter((o) => o.ok && o.startedAt >= upAt).length >= 20, 30_000);
      const ready = await getJson(`${app.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.json.status).toBe("ready");
      await writers.stop();

      const outcomes = writers.outcomes;
      console.info("[database-outage] proxy cut", { ...summary(outcomes), outageMs: upAt - downAt, recoveredAfterMs: firstOk.endedAt - upAt, readyzDownMs: notReady.ms });

      // Every request that ran while the database was away failed cleanly; none succeeded.
      const duringOutage = outcomes.filter((o) => o.startedAt >= downAt && o.endedAt <= upAt);
      expect(duringOutage.length).toBeGreaterThanOrEqual(10);
      expect(duringOutage.filter((o) => o.ok)).toEqual([]);
      expect(duringOutage.some((o) => o.via === "bulk")).toBe(true);
      // Every failure at all (also those cut mid-request) is a clean SERVICE_UNAVAILABLE.
      for (const o of outcomes.filter((x) => !x.ok)) expectCleanUnavailable(o);
      // Requests that never reached the database stored nothing.
      const stored = await storedIds(directUrl, modelId);
      expect(duringOutage.flatMap((o) => o.ids).filter((id) => stored.has(id))).toEqual([]);
      await expectNothingLostNorDoubled(app, directUrl, modelId, outcomes);
    } finally {
      await writers.stop();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// (b) A real restart of the local PostgreSQL cluster behind DATABASE_URL.

const REAL_RESTART = Boolean(process.env.TANDEM_TEST_PG_RESTART) && Boolean(process.env.DATABASE_URL);

/** The Debian cluster (version, name) serving DATABASE_URL's port. */
async function localCluster(): Promise<{ version: string; name: string }> {
  const port = String(hostPort(process.env.DATABASE_URL!).port);
  const { stdout } = await run("pg_lsclusters", ["--no-header"]);
  for (const line of stdout.split("\n")) {
    const [version, name, clusterPort] = line.trim().split(/\s+/);
    if (version && name && clusterPort === port) return { version, name };
  }
  throw new Error(`no local PostgreSQL cluster on port ${port}:\n${stdout}`);
}

async function clusterOnline(c: { version: string; name: string }): Promise<boolean> {
  const { stdout } = await run("pg_lsclusters", ["--no-header", c.version, c.name]);
  return /\bonline\b/.test(stdout);
}

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("a real PostgreSQL restart during requests", () => {
  let cluster: { version: string; name: string } | undefined;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp | undefined;

  afterAll(async () => {
    // Whatever happened, leave the cluster running for everyone else.
    if (cluster && !(await clusterOnline(cluster).catch(() => false))) {
      await run("pg_ctlcluster", ["--skip-systemctl-redirect", cluster.version, cluster.name, "start"]).catch((e) => console.error("[database-outage] could not start the cluster again", e));
    }
    if (cluster) await waitUntil("PostgreSQL to accept connections again", () => acceptsConnections(process.env.DATABASE_URL!), 60_000).catch((e) => console.error(e));
    await app?.close().catch(() => undefined);
    await fresh?.drop().catch(() => undefined);
  }, TIMEOUT);

  it.skipIf(!REAL_RESTART)("answers SERVICE_UNAVAILABLE during the restart, recovers, and keeps every acknowledged item exactly once", { timeout: TIMEOUT }, async () => {
    cluster = await localCluster();
    fresh = await freshDatabase();
    app = await startTestApp({ databaseUrl: fresh!.url });
    const modelId = (await seedSystem(app, "restart", [{ key: "fraud", features: FEATURES }])).modelIds.fraud!;

    const writers = startWriters(app, modelId, 4, "restart");
    try {
      await waitUntil("20 acknowledged requests before the restart", () => writers.outcomes.filter((o) => o.ok).length >= 20, 30_000);
      const restartAt = Date.now();
      await run("pg_ctlcluster", ["--skip-systemctl-redirect", cluster.version, cluster.name, "restart"], { timeout: 60_000 });
      const restartedAt = Date.now();
      await waitUntil("20 acknowledged requests after the restart", () => writers.outcomes.filter((o) => o.ok && o.startedAt >= restartedAt).length >= 20, 30_000);
      const firstOk = writers.outcomes.filter((o) => o.ok && o.startedAt >= restartAt).sort((a, b) => a.endedAt - b.endedAt)[0]!;
      await writers.stop();
      const ready = await getJson(`${app.url}/readyz`);
      expect(ready.status).toBe(200);

      const outcomes = writers.outcomes;
      console.info("[database-outage] real restart", { ...summary(outcomes), restartCommandMs: restartedAt - restartAt, firstAckAfterRestartStartMs: firstOk.endedAt - restartAt });
      for (const o of outcomes.filter((x) => !x.ok)) expectCleanUnavailable(o);
      await expectNothingLostNorDoubled(app, fresh!.url, modelId, outcomes);
    } finally {
      await writers.stop();
    }
  });
});
