// The graph fields of the registry (upstream, downstream, dependencies, cycles) and that nested
// graph fields are batched: the number of SQL queries for a whole system does not grow with its
// number of models.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, startTestApp, type TestApp } from "../support/test-app.js";
import { MISSING_UUID, createSystem, depend, gql, register, registry } from "./registry-support.js";

let app: TestApp;

beforeAll(async () => {
  app = registry.app = await startTestApp();
});
afterAll(() => app?.close());

describe("the graph fields", () => {
  let systemId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    systemId = await createSystem("graph", 900);
    // ingest → (features, fraud) ; features → fraud ; fraud → review → ingest (a feedback loop); lonely alone.
    for (const [key, task, features] of [
      ["ingest", "REGRESSION", [{ name: "raw", kind: "NUMERIC" }, { name: "review_rate", kind: "NUMERIC" }]],
      ["features", "REGRESSION", [{ name: "ingest_value", kind: "NUMERIC" }]],
      ["fraud", "BINARY_CLASSIFICATION", [{ name: "emb", kind: "NUMERIC" }, { name: "vol", kind: "NUMERIC" }]],
      ["review", "MULTICLASS_CLASSIFICATION", [{ name: "fraud_score", kind: "NUMERIC" }]],
      ["lonely", "RANKING", []],
    ] as const) {
      ids[key] = (await register(systemId, key, task, [...features])).id;
    }
    await depend(systemId, "ingest", "features", 0.9, "ingest_value");
    await depend(systemId, "ingest", "fraud", 0.3, "vol");
    await depend(systemId, "features", "fraud", 0.7, "emb");
    await depend(systemId, "fraud", "review", 1, "fraud_score");
    await depend(systemId, "review", "ingest", 0.2, "review_rate");
  });

  const keys = (ms: Array<{ key: string }>) => ms.map((m) => m.key).sort();

  it("System.models lists the system's models (by key) and System.dependencies its edges", async () => {
    const r = await gql(
      `query($id: ID!) { system(id: $id) { name windowSeconds models { key } dependencies { id from { key } to { key } weight feature } } }`,
      { id: systemId },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.system.windowSeconds).toBe(900);
    expect(r.data.system.models.map((m: { key: string }) => m.key)).toEqual(["features", "fraud", "ingest", "lonely", "review"]);
    const edges = r.data.system.dependencies.map((d: any) => `${d.from.key}->${d.to.key}:${d.weight}:${d.feature}`).sort();
    expect(edges).toEqual([
      "features->fraud:0.7:emb",
      "fraud->review:1:fraud_score",
      "ingest->features:0.9:ingest_value",
      "ingest->fraud:0.3:vol",
      "review->ingest:0.2:review_rate",
    ]);
    expect(new Set(r.data.system.dependencies.map((d: { id: string }) => d.id)).size).toBe(5);
  });

  it("Model.upstream/downstream follow the edges, including the feedback loop", async () => {
    const q = `query($id: ID!) { model(id: $id) { key upstream { key } downstream { key } system { id name windowSeconds } features { name kind } } }`;
    const expected: Record<string, { up: string[]; down: string[] }> = {
      ingest: { up: ["review"], down: ["features", "fraud"] },
      features: { up: ["ingest"], down: ["fraud"] },
      fraud: { up: ["features", "ingest"], down: ["review"] },
      review: { up: ["fraud"], down: ["ingest"] },
      lonely: { up: [], down: [] },
    };
    for (const [key, { up, down }] of Object.entries(expected)) {
      const r = await gql(q, { id: ids[key] });
      expect(r.errors).toBeUndefined();
      expect(keys(r.data.model.upstream), `${key} upstream`).toEqual(up);
      expect(keys(r.data.model.downstream), `${key} downstream`).toEqual(down);
      expect(r.data.model.system).toEqual({ id: systemId, name: "graph", windowSeconds: 900 });
    }
    const fraud = await gql(q, { id: ids.fraud });
    expect(fraud.data.model.features).toEqual([{ name: "emb", kind: "NUMERIC" }, { name: "vol", kind: "NUMERIC" }]);
  });

  it("walks around the cycle through nested fields without looping", async () => {
    const r = await gql(
      `query($id: ID!) { model(id: $id) { key downstream { key downstream { key downstream { key downstream { key } } } } } }`,
      { id: ids.fraud },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.model.downstream[0].key).toBe("review");
    expect(r.data.model.downstream[0].downstream[0].key).toBe("ingest");
    expect(keys(r.data.model.downstream[0].downstream[0].downstream)).toEqual(["features", "fraud"]);
  });

  it("Dependency.from/to are the full models", async () => {
    const r = await gql(`query($id: ID!) { system(id: $id) { dependencies { from { id key task system { id } } to { id key features { name } } } } }`, { id: systemId });
    const e = r.data.system.dependencies.find((d: any) => d.from.key === "features");
    expect(e).toEqual({ from: { id: ids.features, key: "features", task: "REGRESSION", system: { id: systemId } }, to: { id: ids.fraud, key: "fraud", features: [{ name: "emb" }, { name: "vol" }] } });
  });

  it("model and modelByKey find models, and answer null for unknown ones", async () => {
    const byKey = await gql(`query($s: ID!, $k: String!) { modelByKey(systemId: $s, key: $k) { id key } }`, { s: systemId, k: "review" });
    expect(byKey.data.modelByKey).toEqual({ id: ids.review, key: "review" });
    const cases: Array<{ query: string; vars: Record<string, unknown>; field: string }> = [
      { query: `query($id: ID!) { model(id: $id) { id } }`, vars: { id: MISSING_UUID }, field: "model" },
      { query: `query($id: ID!) { model(id: $id) { id } }`, vars: { id: "not-a-uuid" }, field: "model" },
      { query: `query($id: ID!) { system(id: $id) { id } }`, vars: { id: MISSING_UUID }, field: "system" },
      { query: `query($id: ID!) { system(id: $id) { id } }`, vars: { id: "graph" }, field: "system" },
      { query: `query($s: ID!, $k: String!) { modelByKey(systemId: $s, key: $k) { id } }`, vars: { s: systemId, k: "ghost" }, field: "modelByKey" },
      { query: `query($s: ID!, $k: String!) { modelByKey(systemId: $s, key: $k) { id } }`, vars: { s: MISSING_UUID, k: "review" }, field: "modelByKey" },
      { query: `query($s: ID!, $k: String!) { modelByKey(systemId: $s, key: $k) { id } }`, vars: { s: "nope", k: "review" }, field: "modelByKey" },
    ];
    for (const c of cases) {
      const r = await gql(c.query, c.vars);
      expect(r.errors, `${c.field} ${JSON.stringify(c.vars)}: ${JSON.stringify(r.errors)}`).toBeUndefined();
      expect(r.data[c.field]).toBeNull();
    }
  });

  it("systems lists every system for an unbound key", async () => {
    await createSystem("another");
    const r = await gql(`{ systems { id name } }`);
    const names = r.data.systems.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(["graph", "another"]));
    expect(await count(app, `SELECT count(*) FROM systems`)).toBe(names.length);
  });
});

describe("batching of nested fields", () => {
  const QUERY = `{ systems { models { key upstream { key } downstream { key } system { name } } dependencies { from { key } to { key } } } }`;

  /** Creates a system (GraphQL) with `n` models m0000 → m0001 → … in a chain (SQL, for speed). */
  async function chain(name: string, n: number): Promise<string> {
    const systemId = await createSystem(name);
    await app.db.dataSource.query(
      `INSERT INTO models (system_id, key, name, task, features)
       SELECT $1, 'm' || lpad(i::text, 4, '0'), 'model ' || i, 'REGRESSION', '[]'::jsonb FROM generate_series(0, $2::int - 1) AS i`,
      [systemId, n],
    );
    await app.db.dataSource.query(
      `INSERT INTO dependencies (system_id, from_model_id, to_model_id, weight)
       SELECT $1, a.id, b.id, 0.5 FROM models a JOIN models b ON b.system_id = a.system_id AND b.key = 'm' || lpad((substr(a.key, 2)::int + 1)::text, 4, '0')
       WHERE a.system_id = $1`,
      [systemId],
    );
    return systemId;
  }

  /** Runs `fn` and returns the SQL statements TypeORM issued meanwhile (every query passes through logger.logQuery). */
  async function recordQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
    const ds = app.db.dataSource as unknown as { logger: Record<string, unknown> & { logQuery(q: string, p?: unknown[], r?: unknown): unknown } };
    const original = ds.logger;
    const queries: string[] = [];
    ds.logger = new Proxy(original, {
      get(target, prop, receiver) {
        if (prop === "logQuery") {
          return (query: string, params?: unknown[], runner?: unknown) => {
            queries.push(query);
            return target.logQuery(query, params, runner);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    try {
      return { result: await fn(), queries: queries.filter((q) => !/\bapi_keys\b/.test(q)) };
    } finally {
      ds.logger = original;
    }
  }

  async function keyFor(systemId: string): Promise<string> {
    const r = await gql(`mutation($s: ID!) { createApiKey(systemId: $s, scopes: [READ]) { key } }`, { s: systemId });
    expect(r.errors).toBeUndefined();
    const key = r.data.createApiKey.key as string;
    expect((await gql(`{ systems { id } }`, {}, key)).errors).toBeUndefined(); // warm the key cache
    return key;
  }

  function expectChain(system: any, n: number, name: string) {
    expect(system.models).toHaveLength(n);
    expect(system.dependencies).toHaveLength(n - 1);
    system.models.forEach((m: any, i: number) => {
      const key = (j: number) => `m${String(j).padStart(4, "0")}`;
      expect(m.key).toBe(key(i));
      expect(m.upstream).toEqual(i === 0 ? [] : [{ key: key(i - 1) }]);
      expect(m.downstream).toEqual(i === n - 1 ? [] : [{ key: key(i + 1) }]);
      expect(m.system).toEqual({ name });
    });
    for (const d of system.dependencies) expect(Number(d.to.key.slice(1))).toBe(Number(d.from.key.slice(1)) + 1);
  }

  it("the counter sees the queries TypeORM sends", async () => {
    const { queries } = await recordQueries(() => app.db.dataSource.query(`SELECT 1 AS one`));
    expect(queries).toEqual([`SELECT 1 AS one`]);
  });

  it("answers a whole system in a constant, small number of queries (50 vs 500 models)", async () => {
    const small = await chain("chain-50", 50);
    const big = await chain("chain-500", 500);
    const smallKey = await keyFor(small);
    const bigKey = await keyFor(big);

    const s = await recordQueries(() => gql(QUERY, {}, smallKey));
    expect(s.result.errors).toBeUndefined();
    expect(s.result.data.systems).toHaveLength(1);
    expectChain(s.result.data.systems[0], 50, "chain-50");

    const b = await recordQueries(() => gql(QUERY, {}, bigKey));
    expect(b.result.errors).toBeUndefined();
    expect(b.result.data.systems).toHaveLength(1);
    expectChain(b.result.data.systems[0], 500, "chain-500");

    // One query per loader and wave: systems, models, dependencies, then upstream/downstream/system
    // edges, then the models they point to (1-3 batches, depending on when the edge queries return,
    // often 0 because the dependencies' from/to already loaded them). So 7-9 queries whatever n is.
    const report = `50 models: ${s.queries.length} queries; 500 models: ${b.queries.length}\n${b.queries.map((q) => q.slice(0, 120)).join("\n")}`;
    expect(s.queries.length).toBeGreaterThanOrEqual(3);
    expect(s.queries.length, report).toBeLessThanOrEqual(15);
    expect(b.queries.length, report).toBeLessThanOrEqual(15);
    // 10x the models, (essentially) the same queries: only DataLoader batch timing may differ.
    expect(Math.abs(b.queries.length - s.queries.length), report).toBeLessThanOrEqual(2);

    // Every system at once (unbound admin key): still the same handful of queries.
    const all = await recordQueries(() => gql(QUERY));
    expect(all.result.errors).toBeUndefined();
    const totalModels = all.result.data.systems.reduce((n: number, sys: any) => n + sys.models.length, 0);
    expect(totalModels).toBeGreaterThanOrEqual(550);
    expect(all.queries.length, all.queries.join("\n")).toBeLessThanOrEqual(15);
    expect(Math.abs(all.queries.length - b.queries.length)).toBeLessThanOrEqual(2);
  });
});

