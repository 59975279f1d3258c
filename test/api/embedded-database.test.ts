// The embedded database (PGlite in a directory): what was written survives a restart of the API,
// migrations run once, the bootstrap admin key keeps working; a database that a newer Tandem has
// migrated refuses to start with a message naming the unknown migration (embedded and PostgreSQL).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../api/src/app.js";
import { startEmbeddedPostgres } from "../../api/src/db/embedded-postgres.js";
import { SchemaAheadError } from "../../api/src/db/migrate.js";
import { migrations } from "../../migrations/index.js";
import { FEATURES, freshDatabase, newKey, prediction, seedSystem, withClient, type TestApp } from "../support/test-app.js";

const INGEST = `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates rejected } }`;
const KNOWN = migrations.map((M) => new M().name ?? M.name);
/** A migration from a Tandem newer than this one. */
const FUTURE_MIGRATION = { timestamp: 4102444800000, name: "FromTheFuture4102444800000" };
const TIMEOUT = 120_000;

interface Started {
  app: TestApp;
  logs: string[];
}

/** startApp on `databaseUrl`, or on the embedded database in `dataDir`; its log lines are kept. */
async function start(where: { databaseUrl?: string; dataDir?: string }, adminKey: string): Promise<Started> {
  const logs: string[] = [];
  const app = await startApp({
    databaseUrl: where.databaseUrl,
    embeddedDataDir: where.dataDir,
    port: 0,
    host: "127.0.0.1",
    maxBodyBytes: 64 * 1024 * 1024,
    adminKey,
    log: (level, message, error) => {
      logs.push(`${level}: ${message}`);
      if (level === "error") console.error(message, error);
    },
  });
  return { app: withClient(app, adminKey, where.databaseUrl, () => app.close()), logs };
}

async function readyz(app: TestApp): Promise<{ status: number; json: { status: string; reason: string } }> {
  const res = await fetch(`${app.url}/readyz`);
  return { status: res.status, json: (await res.json()) as { status: string; reason: string } };
}

/** Runs `sql` on the embedded database in `dataDir` while no API has it open. */
async function onEmbedded(dataDir: string, sql: string, params: unknown[] = []): Promise<void> {
  const db = await startEmbeddedPostgres({ dataDir });
  try {
    await onPostgres(db.url, sql, params);
  } finally {
    await db.stop();
  }
}

async function onPostgres(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

const INSERT_FUTURE = `INSERT INTO tandem_migrations (timestamp, name) VALUES ($1, $2)`;
const DELETE_FUTURE = `DELETE FROM tandem_migrations WHERE name = $1`;

async function expectSchemaAhead(starting: Promise<Started>): Promise<void> {
  const error = await starting.then(
    async (s) => {
      await s.app.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error, "startApp must refuse a database ahead of the code").toBeInstanceOf(SchemaAheadError);
  const message = (error as Error).message;
  expect(message).toContain(FUTURE_MIGRATION.name);
  expect(message).toMatch(/newer than this Tandem/);
  expect(message).toContain(KNOWN.at(-1)!);
}

describe("embedded database in a directory", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tandem-embedded-"));
  const adminKey = newKey();
  let running: Started | undefined;
  let modelId: string;
  let systemId: string;
  let ingestKey: string;
  const ids = Array.from({ length: 50 }, (_, i) => `emb-${i}`);

  afterAll(async () => {
    await running?.app.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("migrates a new directory and is ready", { timeout: TIMEOUT }, async () => {
    running = await start({ dataDir }, adminKey);
    const { app, logs } = running;
    expect(app.db.kind).toBe("embedded");
    expect(logs).toContain(`info: applied migrations: ${KNOWN.join(", ")}`);
    expect(await readyz(app)).toEqual({ status: 200, json: { status: "ready", reason: "database reachable and migrated" } });

    const seeded = await seedSystem(app, "persisted", [
      { key: "fraud", features: FEATURES },
      { key: "price", task: "REGRESSION", features: FEATURES },
    ]);
    systemId = seeded.systemId;
    modelId = seeded.modelIds.fraud!;
    const r = await app.gql(INGEST, { m: modelId, e: ids.map((id, i) => prediction(i, { id })) });
    expect(r.errors).toBeUndefined();
    expect(r.data.ingestPredictions).toEqual({ accepted: 50, duplicates: 0, rejected: 0 });
    const key = await app.gql(`mutation($s: ID!) { createApiKey(systemId: $s, scopes: [INGEST, READ]) { key } }`, { s: systemId });
    expect(key.errors).toBeUndefined();
    ingestKey = key.data.createApiKey.key;
    await app.close();
    running = undefined;
  });

  it("keeps systems, models, predictions and keys across a restart, without re-applying migrations", { timeout: TIMEOUT }, async () => {
    running = await start({ dataDir }, adminKey);
    const { app, logs } = running;
    expect(logs.filter((l) => l.includes("applied migrations")), "migrations re-applied on restart").toEqual([]);
    const applied = await app.db.dataSource.query(`SELECT name FROM tandem_migrations ORDER BY timestamp`);
    expect(applied.map((r: { name: string }) => r.name)).toEqual(KNOWN);
    expect((await readyz(app)).status).toBe(200);

    // The bootstrap admin key still works and sees what was registered.
    const systems = await app.gql(`{ systems { id name windowSeconds models { key task features { name kind } } } }`);
    expect(systems.errors).toBeUndefined();
    expect(systems.data.systems).toHaveLength(1);
    expect(systems.data.systems[0]).toMatchObject({ id: systemId, name: "persisted", windowSeconds: 3600 });
    expect(systems.data.systems[0].models.map((m: { key: string; task: string }) => `${m.key}:${m.task}`).sort()).toEqual([
      "fraud:BINARY_CLASSIFICATION",
      "price:REGRESSION",
    ]);
    expect(systems.data.systems[0].models.find((m: { key: string }) => m.key === "fraud").features).toEqual(FEATURES);

    // The predictions are there, each once: sending them again only counts duplicates.
    const stored = await app.db.dataSource.query(`SELECT prediction_id FROM predictions WHERE model_id = $1 ORDER BY prediction_id`, [modelId]);
    expect(stored.map((r: { prediction_id: string }) => r.prediction_id)).toEqual([...ids].sort());
    const again = await app.gql(INGEST, { m: modelId, e: ids.map((id, i) => prediction(i, { id })) });
    expect(again.data.ingestPredictions).toEqual({ accepted: 0, duplicates: 50, rejected: 0 });

    // A key created before the restart works too.
    const withKey = await app.gql(INGEST, { m: modelId, e: [prediction(50, { id: "emb-50" })] }, ingestKey);
    expect(withKey.errors).toBeUndefined();
    expect(withKey.data.ingestPredictions.accepted).toBe(1);
    const noKey = await app.gql(`{ systems { id } }`, {}, newKey());
    expect(noKey.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("/readyz reports a database migrated further by a newer Tandem while this one runs", { timeout: TIMEOUT }, async () => {
    const { app } = running!;
    await app.db.dataSource.query(INSERT_FUTURE, [FUTURE_MIGRATION.timestamp, FUTURE_MIGRATION.name]);
    const r = await readyz(app);
    expect(r.status).toBe(503);
    expect(r.json.status).toBe("not ready");
    expect(r.json.reason).toContain(FUTURE_MIGRATION.name);
    await app.db.dataSource.query(DELETE_FUTURE, [FUTURE_MIGRATION.name]);
    expect((await readyz(app)).status).toBe(200);
    await app.close();
    running = undefined;
  });

  it("refuses to start on a directory ahead of the code, naming the unknown migration, and leaves it intact", { timeout: TIMEOUT }, async () => {
    await onEmbedded(dataDir, INSERT_FUTURE, [FUTURE_MIGRATION.timestamp, FUTURE_MIGRATION.name]);
    await expectSchemaAhead(start({ dataDir }, adminKey));

    // Refusing changed nothing: once the row is gone the same directory starts with its data.
    await onEmbedded(dataDir, DELETE_FUTURE, [FUTURE_MIGRATION.name]);
    running = await start({ dataDir }, adminKey);
    expect(running.logs.filter((l) => l.includes("applied migrations"))).toEqual([]);
    const n = await running.app.db.dataSource.query(`SELECT count(*)::int AS n FROM predictions WHERE model_id = $1`, [modelId]);
    expect(n[0].n).toBe(51);
  });

  it("a new bootstrap admin key replaces the previous one", { timeout: TIMEOUT }, async () => {
    await running!.app.close();
    const rotated = newKey();
    running = await start({ dataDir }, rotated);
    const { app } = running;
    expect((await app.gql(`{ systems { id } }`)).errors).toBeUndefined();
    const old = await app.gql(`{ systems { id } }`, {}, adminKey);
    expect(old.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe.skipIf(!process.env.DATABASE_URL)("PostgreSQL from DATABASE_URL", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let running: Started | undefined;

  beforeAll(async () => {
    fresh = await freshDatabase();
  }, TIMEOUT);
  afterAll(async () => {
    await running?.app.close().catch(() => undefined);
    await fresh?.drop();
  }, TIMEOUT);

  it("migrates once, is ready, and refuses to start once the database is ahead of the code", { timeout: TIMEOUT }, async () => {
    const adminKey = newKey();
    running = await start({ databaseUrl: fresh!.url }, adminKey);
    expect(running.app.db.kind).toBe("postgres");
    expect(running.logs).toContain(`info: applied migrations: ${KNOWN.join(", ")}`);
    expect((await readyz(running.app)).status).toBe(200);
    await seedSystem(running.app, "pg", [{ key: "fraud", features: FEATURES }]);
    await running.app.close();

    running = await start({ databaseUrl: fresh!.url }, adminKey);
    expect(running.logs.filter((l) => l.includes("applied migrations"))).toEqual([]);
    expect((await running.app.gql(`{ systems { name } }`)).data.systems).toEqual([{ name: "pg" }]);

    await onPostgres(fresh!.url, INSERT_FUTURE, [FUTURE_MIGRATION.timestamp, FUTURE_MIGRATION.name]);
    const r = await readyz(running.app);
    expect(r.status).toBe(503);
    expect(r.json.reason).toContain(FUTURE_MIGRATION.name);
    await running.app.close();
    running = undefined;

    await expectSchemaAhead(start({ databaseUrl: fresh!.url }, adminKey));
  });
});
