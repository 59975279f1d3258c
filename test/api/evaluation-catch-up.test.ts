// An outage leaves no hole in the health history: an evaluation that fails gives its claim back,
// and once the database is back the evaluator stores every closed window it missed, oldest first
// (a window's onsets and incidents build on the windows before it). The clock is injected and the
// evaluator called directly; the database goes away behind a TCP proxy (both databases).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { count, FEATURES, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import type { TcpProxy } from "../support/tcp-proxy.js";
import { databaseBehindProxy, TIMEOUT, type ProxiedDatabase } from "../support/outage.js";
import type { Principal } from "../../api/src/services/auth.js";

// As in database-outage.test.ts: behind the proxy, PGlite's single session needs a pool of 1.
const pool = vi.hoisted(() => ({ size: undefined as number | undefined }));
vi.mock("../../api/src/db/data-source.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/src/db/data-source.js")>();
  return { ...original, openDatabase: (args: Parameters<typeof original.openDatabase>[0]) => original.openDatabase({ ...args, poolSize: args.poolSize ?? pool.size }) };
});

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10); // prediction(i) starts here
const DATA_HOURS = 6; // predictions in the windows [T0, T0 + 6 h)

describe("evaluation catch-up after failures and an outage", () => {
  let db: ProxiedDatabase | undefined;
  let proxy: TcpProxy;
  let app: TestApp;
  let systemId: string;
  let fakeNow = new Date(T0);

  const stored = async (): Promise<number[]> => {
    const rows: Array<{ window_start: Date }> = await app.db.dataSource.query(
      `SELECT window_start FROM system_health WHERE system_id = $1 ORDER BY evaluated_at, window_start`,
      [systemId],
    );
    return rows.map((r) => (r.window_start.getTime() - T0) / HOUR);
  };
  const claims = (hour: number) => count(app, `SELECT count(*) FROM evaluation_claims WHERE system_id = $1 AND window_start = $2`, [systemId, new Date(T0 + hour * HOUR)]);
  const evaluateAt = (ms: number) => {
    fakeNow = new Date(ms);
    return app.services.health.evaluateClosedWindows();
  };

  beforeAll(async () => {
    db = await databaseBehindProxy();
    proxy = db.proxy;
    if (db.embedded) pool.size = 1;
    app = await startTestApp({ databaseUrl: db.url, now: () => fakeNow, evaluateEverySeconds: 0, multivariateDrift: false });
    const seeded = await seedSystem(app, "catch-up", [{ key: "fraud", features: FEATURES }]);
    systemId = seeded.systemId;
    const events = Array.from({ length: DATA_HOURS * 40 }, (_, k) => prediction(Math.floor(k / 40) * 3600 + (k % 40) * 60, { id: `c-${k}` }));
    const r = await app.gql(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m: seeded.modelIds.fraud, e: events });
    expect(r.errors).toBeUndefined();
    expect(r.data.ingestPredictions.accepted).toBe(events.length);
  }, TIMEOUT);
  afterAll(async () => {
    await db?.close(app);
  }, TIMEOUT);

  it("a first round evaluates from the system's first data, not only the last closed window", { timeout: TIMEOUT }, async () => {
    expect(await evaluateAt(T0 + 2 * HOUR + 30_000)).toBe(2);
    expect(await stored()).toEqual([0, 1]);
  });

  it("a failed evaluation gives its claim back and later windows wait for it", { timeout: TIMEOUT }, async () => {
    const drift = app.services.drift;
    const original = drift.reportFor.bind(drift);
    drift.reportFor = async () => {
      throw new Error("boom: the drift report failed");
    };
    try {
      // Windows 2 h and 3 h are owed; 2 h fails, so 3 h is not evaluated before it.
      await expect(evaluateAt(T0 + 4 * HOUR + 30_000)).rejects.toThrow(/boom/);
    } finally {
      drift.reportFor = original;
    }
    expect(await stored()).toEqual([0, 1]);
    expect(await claims(2), "the failed evaluation's claim").toBe(0);
    expect(await claims(3)).toBe(0);
  });

  it("when the database dies mid-evaluation, the claim left behind does not block the window once it is back", { timeout: TIMEOUT }, async () => {
    const drift = app.services.drift;
    const original = drift.reportFor.bind(drift);
    drift.reportFor = async (...args: Parameters<typeof original>) => {
      await proxy.stop(); // PostgreSQL goes away after the window was claimed
      return original(...args);
    };
    try {
      await expect(evaluateAt(T0 + 4 * HOUR + 30_000)).rejects.toThrow();
    } finally {
      drift.reportFor = original;
    }
    // Still away: a round fails (the loop retries it), and time goes on.
    await expect(evaluateAt(T0 + 5 * HOUR + 30_000)).rejects.toThrow();
    await proxy.start();
    expect(await claims(2), "the claim taken before the outage is still there").toBe(1);

    // Back: every window since the last stored one, oldest first, well within the claim's lease.
    expect(await evaluateAt(T0 + 6 * HOUR + 30_000)).toBe(4);
    expect(await stored()).toEqual([0, 1, 2, 3, 4, 5]);
    for (let h = 0; h < DATA_HOURS; h += 1) {
      const r = await app.gql(`query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) { stored windowStart models { status } } }`, { s: systemId, at: new Date(T0 + (h + 1) * HOUR).toISOString() });
      expect(r.errors).toBeUndefined();
      expect(r.data.systemHealth.stored, `window ${h} h`).toBe(true);
      expect(Date.parse(r.data.systemHealth.windowStart)).toBe(T0 + h * HOUR);
      expect(r.data.systemHealth.models[0].status, `window ${h} h has data`).not.toBe("UNKNOWN");
    }
  });

  it("concurrent evaluators store each owed window once, in order, and then have nothing to do", { timeout: TIMEOUT }, async () => {
    fakeNow = new Date(T0 + 9 * HOUR + 30_000); // windows 6 h, 7 h and 8 h (no data: UNKNOWN) are owed
    const health = app.services.health;
    const results = await Promise.all([health.evaluateClosedWindows(), health.evaluateClosedWindows()]);
    // One round may have stopped at a window the other was evaluating; what it left is still owed.
    const more = await health.evaluateClosedWindows();
    expect(results[0]! + results[1]! + more).toBe(3);
    expect(await stored()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await count(app, `SELECT count(*) FROM system_health WHERE system_id = $1`, [systemId])).toBe(9);
    expect(await health.evaluateClosedWindows()).toBe(0);
  });

  it("goes back at most CATCH_UP_WINDOWS windows", { timeout: TIMEOUT }, async () => {
    const { CATCH_UP_WINDOWS } = await import("../../api/src/services/health/evaluator.js");
    // 60 windows later: only the last CATCH_UP_WINDOWS are evaluated (a bounded round), oldest first.
    const last = 8 + 60;
    expect(await evaluateAt(T0 + (last + 1) * HOUR + 1)).toBe(CATCH_UP_WINDOWS);
    const hours = await stored();
    expect(hours.slice(9)).toEqual(Array.from({ length: CATCH_UP_WINDOWS }, (_, k) => last - CATCH_UP_WINDOWS + 1 + k));
  });

  it("a live computation stops when the request's signal is aborted; a stored verdict is read as before", { timeout: TIMEOUT }, async () => {
    const admin: Principal = { keyId: "test", scopes: new Set(["ADMIN", "READ"]) as Principal["scopes"], systemId: null };
    const health = app.services.health;
    const notStored = new Date(T0 + 10.5 * HOUR); // skipped by the bounded round above: computed live
    expect(await count(app, `SELECT count(*) FROM system_health WHERE system_id = $1 AND window_start = $2`, [systemId, new Date(T0 + 10 * HOUR)])).toBe(0);
    const aborted = AbortSignal.abort();
    await expect(health.systemHealthAt(admin, systemId, notStored, aborted)).rejects.toMatchObject({ name: "AbortError" });
    await expect(health.evaluate(admin, systemId, notStored, aborted)).rejects.toMatchObject({ name: "AbortError" });
    expect(await count(app, `SELECT count(*) FROM system_health WHERE system_id = $1 AND window_start = $2`, [systemId, new Date(T0 + 10 * HOUR)])).toBe(0);
    const live = await health.systemHealthAt(admin, systemId, notStored, new AbortController().signal);
    expect(live.stored).toBe(false);
    const stored = await health.systemHealthAt(admin, systemId, new Date(T0 + 3 * HOUR), aborted);
    expect(stored.stored).toBe(true);
    expect(stored.models).toHaveLength(1);
    expect(stored.windowStart.getTime()).toBe(T0 + 2 * HOUR);
    expect(stored.models[0]!.status).not.toBe("UNKNOWN");
  });
});
