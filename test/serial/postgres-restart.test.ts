// A real restart of the local PostgreSQL cluster behind DATABASE_URL while clients ingest: failures
// are clean SERVICE_UNAVAILABLE answers, the API recovers by itself, nothing acknowledged is lost.
// It disturbs every connection to the cluster, so it runs alone, after the main suite
// (test/vitest.serial.config.ts), and only when TANDEM_TEST_PG_RESTART is set (CI sets it).
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { FEATURES, freshDatabase, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { clusterOnline, ctlCluster, localCluster, REAL_RESTART, type LocalCluster } from "../support/local-cluster.js";
import { TIMEOUT, expectCleanUnavailable, expectNothingLostNorDoubled, getJson, startWriters, summary, waitUntil } from "../support/outage.js";

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
  let cluster: LocalCluster | undefined;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp | undefined;

  afterAll(async () => {
    // Whatever happened, leave the cluster running for everyone else.
    if (cluster && !(await clusterOnline(cluster).catch(() => false))) {
      await ctlCluster(cluster, "start").catch((e) => console.error("[database-outage] could not start the cluster again", e));
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
      await ctlCluster(cluster, "restart", { timeoutMs: 60_000 });
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
