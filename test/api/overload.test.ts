// Overload is not an outage: a full connection pool, a lock or statement timeout and too much
// expensive work for one key answer OVERLOADED (503 + Retry-After on REST), /readyz says
// "overloaded" and never that PostgreSQL is down. A request's work stops when its client goes
// away or its deadline passes.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { QueryRunner } from "typeorm";
import { asTandemError } from "../../api/src/services/errors.js";
import type { AppOptions } from "../../api/src/app.js";
import { FEATURES, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const onPostgres = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== "";

async function waitUntil(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Waits until `value()` has not changed for `quietMs`; returns it. */
async function settled(value: () => number, quietMs = 1_000): Promise<number> {
  let last = value();
  for (;;) {
    await sleep(quietMs);
    if (value() === last) return last;
    last = value();
  }
}

async function gql(app: TestApp, query: string, variables: Record<string, unknown> = {}, key = app.adminKey, signal?: AbortSignal) {
  const res = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
    signal: signal ?? AbortSignal.timeout(30_000), // a hang fails the test instead of blocking it
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

async function getJson(url: string) {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  return { status: res.status, json: (await res.json()) as any };
}

function aliases(n: number): string {
  const fields = Array.from({ length: n }, (_, i) => `a${i}: systemHealth(systemId: $s, at: "${new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString()}") { status }`);
  return `query($s: ID!) {\n${fields.join("\n")}\n}`;
}

/** Counts systemHealthAt calls; each one takes `delayMs` longer (simulated expensive work) or waits for `gate`. */
function countHealthCalls(app: TestApp, opts: { delayMs?: number; gate?: Promise<void> }) {
  const original = app.services.health.systemHealthAt.bind(app.services.health);
  const counter = { calls: 0 };
  const spy = vi.spyOn(app.services.health, "systemHealthAt").mockImplementation(async (...args) => {
    counter.calls += 1;
    if (opts.gate) await opts.gate;
    if (opts.delayMs) await sleep(opts.delayMs);
    return original(...args);
  });
  return { counter, restore: () => spy.mockRestore() };
}

async function startWith(overrides: Partial<AppOptions>): Promise<{ app: TestApp; systemId: string; modelId: string }> {
  const app = await startTestApp({ multivariateDrift: false, ...overrides });
  const seeded = await seedSystem(app, "overload", [{ key: "m", features: FEATURES }]);
  return { app, systemId: seeded.systemId, modelId: seeded.modelIds.m! };
}

describe("a saturated database is OVERLOADED, not down", () => {
  let app: TestApp;
  let systemId: string;
  let modelId: string;
  beforeAll(async () => {
    ({ app, systemId, modelId } = await startWith({
      dbPoolSize: 2,
      protection: { db: { acquireTimeoutMs: 500, lockTimeoutMs: 300, statementTimeoutMs: 1_500 }, expensivePerKey: 1, expensiveQueuePerKey: 0 },
    }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it("every pooled connection busy: OVERLOADED on GraphQL and REST (Retry-After), /readyz 'overloaded', then back", async () => {
    expect((await gql(app, `{ systems { id } }`)).body.errors).toBeUndefined(); // the key is cached now
    const size = app.db.kind === "embedded" ? 1 : 2;
    const held: QueryRunner[] = [];
    try {
      for (let i = 0; i < size; i += 1) {
        const runner = app.db.dataSource.createQueryRunner();
        await runner.connect();
        held.push(runner);
      }
      const query = await gql(app, `{ systems { id } }`);
      expect(query.body.errors?.[0]?.extensions?.code).toBe("OVERLOADED");
      expect(query.body.errors?.[0]?.message).not.toMatch(/cannot be reached|unavailable/i);

      const bulk = await fetch(`${app.url}/v1/models/${modelId}/predictions`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${app.adminKey}` },
        body: JSON.stringify(prediction(1)),
        signal: AbortSignal.timeout(30_000),
      });
      expect(bulk.status).toBe(503);
      expect(((await bulk.json()) as any).error.code).toBe("OVERLOADED");
      expect(Number(bulk.headers.get("retry-after"))).toBeGreaterThan(0);

      const ready = await getJson(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.json.status).toBe("overloaded");
      expect(ready.json.reason).not.toMatch(/unreachable|cannot be reached/i);
      expect((await getJson(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      for (const runner of held) await runner.release();
    }
    expect((await getJson(`${app.url}/readyz`)).json.status).toBe("ready");
    expect((await gql(app, `query($s: ID!) { system(id: $s) { id } }`, { s: systemId })).body.errors).toBeUndefined();
  });

  it("API connections carry the configured session timeouts", async () => {
    const rows: Array<{ lock_timeout: string }> = await app.db.dataSource.query(`SELECT current_setting('lock_timeout') AS lock_timeout`);
    expect(rows[0]!.lock_timeout).toBe("300ms");
  });

  it.skipIf(!onPostgres)("a lock held past lock_timeout answers OVERLOADED (55P03)", async () => {
    const locker = new pg.Client({ connectionString: app.databaseUrl });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE systems IN ACCESS EXCLUSIVE MODE");
      const r = await gql(app, `{ systems { id } }`);
      expect(r.body.errors?.[0]?.extensions?.code).toBe("OVERLOADED");
      expect(r.body.errors?.[0]?.message).toMatch(/lock/);
    } finally {
      await locker.query("ROLLBACK").catch(() => undefined);
      await locker.end();
    }
    expect((await gql(app, `{ systems { id } }`)).body.errors).toBeUndefined();
  });

  it.skipIf(!onPostgres)("a statement past statement_timeout is cancelled and answered OVERLOADED (57014)", async () => {
    const error = await app.db.dataSource.query(`SELECT pg_sleep(5)`).then(() => undefined, (e: unknown) => e);
    expect(error).toBeDefined();
    expect(asTandemError(error)?.code).toBe("OVERLOADED");
    expect((await getJson(`${app.url}/readyz`)).json.status).toBe("ready");
  });

  it("expensive work per key: past the limit OVERLOADED; another key is not held back", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { counter, restore } = countHealthCalls(app, { gate });
    const reader = (await app.gql(`mutation { createApiKey(scopes: [READ]) { key } }`)).data.createApiKey.key as string;
    try {
      const first = gql(app, `query($s: ID!) { systemHealth(systemId: $s) { status } }`, { s: systemId });
      await waitUntil("the first live health to start", () => counter.calls === 1);
      const second = await gql(app, `query($s: ID!) { systemHealth(systemId: $s, at: "2026-01-01T00:00:00Z") { status } }`, { s: systemId });
      expect(second.body.errors?.[0]?.extensions?.code).toBe("OVERLOADED");
      expect(second.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      expect(Number(second.retryAfter)).toBeGreaterThan(0);
      const other = gql(app, `query($s: ID!) { systemHealth(systemId: $s) { status } }`, { s: systemId }, reader);
      await waitUntil("another key's live health to start", () => counter.calls === 2);
      open();
      expect((await first).body.errors).toBeUndefined();
      expect((await other).body.errors).toBeUndefined();
    } finally {
      open();
      restore();
    }
  });
});

describe("a request's work stops with it", () => {
  it("when its client goes away, no further model is evaluated", async () => {
    const { app, systemId } = await startWith({ protection: { expensivePerKey: 2, expensiveQueuePerKey: 400 } });
    const { counter, restore } = countHealthCalls(app, { delayMs: 50 });
    try {
      const client = new AbortController();
      const pending = gql(app, aliases(150), { s: systemId }, app.adminKey, client.signal).catch(() => undefined);
      await waitUntil("6 live health computations", () => counter.calls >= 6);
      client.abort();
      await pending;
      const atAbort = counter.calls;
      const final = await settled(() => counter.calls);
      expect(final).toBeLessThanOrEqual(atAbort + 2); // those already admitted, at most
      expect(final).toBeLessThan(150);
      expect((await gql(app, `{ systems { id } }`)).body.errors).toBeUndefined(); // the slots were given back
    } finally {
      restore();
      await app.close();
    }
  });

  it("when its deadline passes: the rest is answered OVERLOADED and not computed", async () => {
    const { app, systemId } = await startWith({ protection: { expensivePerKey: 1, requestDeadlineMs: 1_500 } });
    const { counter, restore } = countHealthCalls(app, { delayMs: 100 });
    try {
      const r = await gql(app, aliases(100), { s: systemId });
      const codes = new Set((r.body.errors ?? []).map((e) => e.extensions?.code));
      expect(codes).toEqual(new Set(["OVERLOADED"]));
      expect(r.body.errors?.[0]?.message).toMatch(/deadline/);
      const final = await settled(() => counter.calls);
      expect(final).toBeLessThan(100);
    } finally {
      restore();
      await app.close();
    }
  });
});
