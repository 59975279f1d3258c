// While PostgreSQL is down, requests fail fast with SERVICE_UNAVAILABLE and /readyz says so; when
// it comes back the running API recovers by itself, and nothing that was acknowledged is lost or
// stored twice. Here the line is cut with a TCP proxy (both databases); test/serial/ restarts the
// real local PostgreSQL cluster.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FEATURES, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import type { TcpProxy } from "../support/tcp-proxy.js";
import { databaseBehindProxy, FAIL_FAST_MS, type ProxiedDatabase, TIMEOUT, expectCleanUnavailable, expectNothingLostNorDoubled, getJson, startWriters, storedIds, summary, waitUntil } from "../support/outage.js";

// Behind the proxy the app sees a plain URL and would open a pool of 10 connections. PGlite has a
// single session that pglite-socket shares between its connections, so concurrent connections
// interleave their extended-protocol messages ("unnamed prepared statement does not exist"): the
// app's own embedded path uses a pool of 1 for that reason. Give the proxied app the same pool.
const pool = vi.hoisted(() => ({ size: undefined as number | undefined }));
vi.mock("../../api/src/db/data-source.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/src/db/data-source.js")>();
  return { ...original, openDatabase: (args: Parameters<typeof original.openDatabase>[0]) => original.openDatabase({ ...args, poolSize: args.poolSize ?? pool.size }) };
});

describe("PostgreSQL unreachable (connections cut by a proxy), then back", () => {
  let db: ProxiedDatabase | undefined;
  let directUrl: string;
  let proxy: TcpProxy;
  let app: TestApp;
  let modelId: string;

  beforeAll(async () => {
    db = await databaseBehindProxy();
    ({ directUrl, proxy } = db);
    if (db.embedded) pool.size = 1;
    app = await startTestApp({ databaseUrl: db.url });
    modelId = (await seedSystem(app, "outage", [{ key: "fraud", features: FEATURES }])).modelIds.fraud!;
  }, TIMEOUT);
  afterAll(async () => {
    await db?.close(app);
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

