// Starts a real Tandem API for a test file: a fresh PostgreSQL database (from DATABASE_URL) or,
// without DATABASE_URL, an in-memory embedded database. Migrations are applied, never synchronize.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startApp, type App, type AppOptions } from "../../api/src/app.js";

export interface TestApp extends App {
  adminKey: string;
  databaseUrl: string | undefined;
  gql<T = any>(query: string, variables?: Record<string, unknown>, key?: string): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> }>;
  post(path: string, body: string, key?: string, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
}

/** A query's data; its errors thrown as one Error (for tests whose setup must simply succeed). */
export async function gqlData<T = any>(app: Pick<TestApp, "gql">, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await app.gql<T>(query, variables);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

/** Creates an empty database on the DATABASE_URL server; returns its URL and a dropper. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const name = `tandem_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}

export function newKey(): string {
  return `test_${randomBytes(16).toString("hex")}`;
}

export async function startTestApp(overrides: Partial<AppOptions> = {}): Promise<TestApp> {
  const db = overrides.databaseUrl === undefined ? await freshDatabase() : undefined;
  const adminKey = overrides.adminKey ?? newKey();
  const app = await startApp({
    databaseUrl: db?.url,
    embeddedDataDir: undefined,
    port: 0,
    host: "127.0.0.1",
    maxBodyBytes: 64 * 1024 * 1024,
    adminKey,
    log: (level, message, error) => {
      if (level === "error") console.error(message, error);
    },
    ...overrides,
  });
  return withClient(app, adminKey, db?.url ?? overrides.databaseUrl, async () => {
    await app.close();
    await db?.drop();
  });
}

export function withClient(app: App, adminKey: string, databaseUrl: string | undefined, close: () => Promise<void>): TestApp {
  return {
    ...app,
    adminKey,
    databaseUrl,
    close,
    async gql(query, variables = {}, key = adminKey) {
      const res = await fetch(`${app.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as any;
    },
    async post(path, body, key = adminKey, headers = {}) {
      const res = await fetch(`${app.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${key}`, ...headers },
        body,
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, json };
    },
  };
}

/** Registers a system with one model per spec; returns their ids. */
export async function seedSystem(
  app: TestApp,
  name: string,
  models: Array<{ key: string; task?: string; features?: Array<{ name: string; kind: string }> }>,
): Promise<{ systemId: string; modelIds: Record<string, string> }> {
  const sys = await app.gql(`mutation($n: String!) { createSystem(name: $n, windowSeconds: 3600) { id } }`, { n: name });
  if (sys.errors) throw new Error(JSON.stringify(sys.errors));
  const systemId = sys.data.createSystem.id as string;
  const modelIds: Record<string, string> = {};
  for (const m of models) {
    const r = await app.gql(
      `mutation($s: ID!, $k: String!, $t: ModelTask!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: $t, features: $f) { id } }`,
      { s: systemId, k: m.key, t: m.task ?? "BINARY_CLASSIFICATION", f: m.features ?? [] },
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    modelIds[m.key] = r.data.registerModel.id;
  }
  return { systemId, modelIds };
}

export function prediction(i: number, overrides: Record<string, unknown> = {}) {
  return {
    id: `p-${i}`,
    timestamp: new Date(Date.UTC(2026, 0, 5, 10, 0, 0) + i * 1000).toISOString(),
    features: { speed: i % 100, country: i % 2 === 0 ? "FR" : "DE" },
    score: (i % 10) / 10,
    ...overrides,
  };
}

export const FEATURES = [
  { name: "speed", kind: "NUMERIC" },
  { name: "country", kind: "CATEGORICAL" },
];

export async function count(app: App, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await app.db.dataSource.query(sql, params);
  return Number(Object.values(rows[0])[0]);
}

/** Both databases a test runs on: PostgreSQL (skipped without DATABASE_URL) and the embedded one. */
export const BOTH_DATABASES = [
  { where: "PostgreSQL" as const, skip: !process.env.DATABASE_URL },
  { where: "embedded" as const, skip: false },
];

/** A test app on PostgreSQL (a fresh database from DATABASE_URL) or on the in-memory embedded database. */
export async function startTestAppOn(where: "PostgreSQL" | "embedded", overrides: Partial<AppOptions> = {}): Promise<TestApp> {
  const db = where === "PostgreSQL" ? await freshDatabase() : undefined;
  if (where === "PostgreSQL" && !db) throw new Error("startTestAppOn: PostgreSQL needs DATABASE_URL");
  const adminKey = overrides.adminKey ?? newKey();
  const app = await startApp({
    databaseUrl: db?.url, embeddedDataDir: undefined, port: 0, host: "127.0.0.1", maxBodyBytes: 1 << 26, adminKey,
    log: (level, message, error) => (level === "error" ? console.error(message, error) : undefined),
    ...overrides,
  });
  return withClient(app, adminKey, db?.url, async () => {
    await app.close();
    await db?.drop();
  });
}
