// The system registry through GraphQL: systems, models (features, version, task), dependencies
// (weights, features, cycles), the graph fields, and that nested graph fields are batched: the
// number of SQL queries for a whole system does not grow with its number of models.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES, count, startTestApp, type TestApp } from "../support/test-app.js";

let app: TestApp;

type GqlError = { message: string; extensions?: Record<string, unknown> };
type GqlResult = { data?: any; errors?: GqlError[] };

/** Every error this file received, checked at the end: readable, no stack trace. */
const seenErrors: GqlError[] = [];

async function gql(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<GqlResult> {
  const r = (await app.gql(query, variables, key)) as GqlResult;
  if (r.errors) seenErrors.push(...r.errors);
  return r;
}

/** Asserts one error with `code`; with `field`, its message starts with "<field>:". */
function expectError(r: GqlResult, code: string, field?: string): string {
  expect(r.errors, JSON.stringify(r)).toHaveLength(1);
  const error = r.errors![0]!;
  expect(error.extensions?.code, error.message).toBe(code);
  if (field !== undefined) expect(error.message.startsWith(`${field}:`), `"${error.message}" should start with "${field}:"`).toBe(true);
  return error.message;
}

const CREATE_SYSTEM = `mutation($name: String!, $description: String, $windowSeconds: Int) {
  createSystem(name: $name, description: $description, windowSeconds: $windowSeconds) { id name description windowSeconds models { id } dependencies { id } } }`;
const CREATE_SYSTEM_DEFAULT = `mutation($name: String!) { createSystem(name: $name) { id name description windowSeconds } }`;
const REGISTER = `mutation($s: ID!, $k: String!, $n: String, $t: ModelTask!, $v: String, $f: [FeatureInput!]!) {
  registerModel(systemId: $s, key: $k, name: $n, task: $t, version: $v, features: $f) { id key name task version features { name kind } system { id name } } }`;
const ADD_DEP = `mutation($s: ID!, $from: String!, $to: String!, $w: Float, $f: String) {
  addDependency(systemId: $s, fromKey: $from, toKey: $to, weight: $w, feature: $f) { id weight feature from { key } to { key } } }`;
const ADD_DEP_DEFAULT_WEIGHT = `mutation($s: ID!, $from: String!, $to: String!) { addDependency(systemId: $s, fromKey: $from, toKey: $to) { id weight feature } }`;
const MISSING_UUID = "00000000-0000-4000-8000-000000000000";

async function createSystem(name: string, windowSeconds = 3600): Promise<string> {
  const r = await gql(CREATE_SYSTEM, { name, windowSeconds });
  expect(r.errors).toBeUndefined();
  return r.data.createSystem.id;
}

async function register(systemId: string, key: string, task = "BINARY_CLASSIFICATION", features: Array<{ name: string; kind: string }> = FEATURES, version?: string) {
  const r = await gql(REGISTER, { s: systemId, k: key, t: task, f: features, v: version ?? null });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.registerModel as { id: string; key: string; name: string; task: string; version: string | null; features: Array<{ name: string; kind: string }> };
}

async function depend(systemId: string, from: string, to: string, weight = 1, feature: string | null = null) {
  const r = await gql(ADD_DEP, { s: systemId, from, to, w: weight, f: feature });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.addDependency as { id: string; weight: number; feature: string | null; from: { key: string }; to: { key: string } };
}

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe("createSystem", () => {
  it("creates a system with windowSeconds 3600 by default", async () => {
    const r = await gql(CREATE_SYSTEM_DEFAULT, { name: "defaults" });
    expect(r.errors).toBeUndefined();
    expect(r.data.createSystem).toMatchObject({ name: "defaults", description: null, windowSeconds: 3600 });
    const explicitNull = await gql(CREATE_SYSTEM, { name: "defaults-null", windowSeconds: null });
    expect(explicitNull.data.createSystem.windowSeconds).toBe(3600);
  });

  it("keeps name, description and windowSeconds, and starts with no models or dependencies", async () => {
    const r = await gql(CREATE_SYSTEM, { name: "  recsys  ", description: "recommendations", windowSeconds: 300 });
    expect(r.errors).toBeUndefined();
    expect(r.data.createSystem).toMatchObject({ name: "recsys", description: "recommendations", windowSeconds: 300, models: [], dependencies: [] });
    const back = await gql(`query($id: ID!) { system(id: $id) { id name description windowSeconds } }`, { id: r.data.createSystem.id });
    expect(back.data.system).toEqual({ id: r.data.createSystem.id, name: "recsys", description: "recommendations", windowSeconds: 300 });
  });

  it.each([
    { name: "the smallest window", windowSeconds: 1 },
    { name: "the largest window (30 days)", windowSeconds: 30 * 24 * 3600 },
  ])("accepts $name", async ({ windowSeconds }) => {
    const r = await gql(CREATE_SYSTEM, { name: `window-${windowSeconds}`, windowSeconds });
    expect(r.errors).toBeUndefined();
    expect(r.data.createSystem.windowSeconds).toBe(windowSeconds);
  });

  const bad: Array<{ name: string; vars: Record<string, unknown>; field: string }> = [
    { name: "windowSeconds 0", vars: { name: "w0", windowSeconds: 0 }, field: "windowSeconds" },
    { name: "negative windowSeconds", vars: { name: "wneg", windowSeconds: -60 }, field: "windowSeconds" },
    { name: "windowSeconds over 30 days", vars: { name: "wbig", windowSeconds: 30 * 24 * 3600 + 1 }, field: "windowSeconds" },
    { name: "an empty name", vars: { name: "" }, field: "name" },
    { name: "a blank name", vars: { name: "   " }, field: "name" },
    { name: "a name over 200 characters", vars: { name: "n".repeat(201) }, field: "name" },
  ];
  it.each(bad)("refuses $name with BAD_USER_INPUT naming the field", async ({ vars, field }) => {
    const before = await count(app, `SELECT count(*) FROM systems`);
    expectError(await gql(CREATE_SYSTEM, vars), "BAD_USER_INPUT", field);
    expect(await count(app, `SELECT count(*) FROM systems`)).toBe(before);
  });

  it("refuses a non-integer windowSeconds (GraphQL Int) as BAD_USER_INPUT", async () => {
    const r = await gql(CREATE_SYSTEM, { name: "wfrac", windowSeconds: 1.5 });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toContain("windowSeconds");
  });

  it("refuses a duplicate name (also after trimming) with BAD_USER_INPUT", async () => {
    await createSystem("fraud-platform");
    const msg = expectError(await gql(CREATE_SYSTEM, { name: "fraud-platform" }), "BAD_USER_INPUT", "name");
    expect(msg).toContain("already exists");
    expectError(await gql(CREATE_SYSTEM, { name: " fraud-platform " }), "BAD_USER_INPUT", "name");
    expect(await count(app, `SELECT count(*) FROM systems WHERE name = 'fraud-platform'`)).toBe(1);
  });

  it("creates a name once under concurrent requests; the others get BAD_USER_INPUT", async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => gql(CREATE_SYSTEM, { name: "race" })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expectError(r, "BAD_USER_INPUT", "name");
    expect(await count(app, `SELECT count(*) FROM systems WHERE name = 'race'`)).toBe(1);
  });
});

describe("registerModel", () => {
  let systemId: string;
  beforeAll(async () => {
    systemId = await createSystem("models");
  });

  it("round-trips key, name, task, version and features in declaration order", async () => {
    const features = [
      { name: "speed", kind: "NUMERIC" },
      { name: "country", kind: "CATEGORICAL" },
      { name: "amount eur", kind: "NUMERIC" },
    ];
    const r = await gql(REGISTER, { s: systemId, k: "fraud", n: "Fraud scorer", t: "BINARY_CLASSIFICATION", v: "1.0.0", f: features });
    expect(r.errors).toBeUndefined();
    expect(r.data.registerModel).toMatchObject({ key: "fraud", name: "Fraud scorer", task: "BINARY_CLASSIFICATION", version: "1.0.0", features, system: { id: systemId, name: "models" } });
    const back = await gql(`query($id: ID!) { model(id: $id) { id key name task version features { name kind } system { id } } }`, { id: r.data.registerModel.id });
    expect(back.data.model).toEqual({ id: r.data.registerModel.id, key: "fraud", name: "Fraud scorer", task: "BINARY_CLASSIFICATION", version: "1.0.0", features, system: { id: systemId } });
  });

  it("uses the key as the name and null as the version when they are not given", async () => {
    const m = await register(systemId, "ranker", "RANKING", []);
    expect(m).toMatchObject({ key: "ranker", name: "ranker", version: null, features: [] });
  });

  it("re-registering the same key updates version and features and keeps the id", async () => {
    const v1 = await register(systemId, "churn", "BINARY_CLASSIFICATION", FEATURES, "1");
    const v2Features = [{ name: "tenure", kind: "NUMERIC" }, { name: "plan", kind: "CATEGORICAL" }, { name: "speed", kind: "NUMERIC" }];
    const v2 = await register(systemId, "churn", "BINARY_CLASSIFICATION", v2Features, "2");
    expect(v2.id).toBe(v1.id);
    expect(v2).toMatchObject({ version: "2", features: v2Features, task: "BINARY_CLASSIFICATION" });
    expect(await count(app, `SELECT count(*) FROM models WHERE system_id = $1 AND key = 'churn'`, [systemId])).toBe(1);
    const byKey = await gql(`query($s: ID!) { modelByKey(systemId: $s, key: "churn") { id version features { name kind } } }`, { s: systemId });
    expect(byKey.data.modelByKey).toEqual({ id: v1.id, version: "2", features: v2Features });
  });

  it("refuses to change a model's task with BAD_USER_INPUT and leaves the model as it was", async () => {
    const m = await register(systemId, "price", "REGRESSION", FEATURES, "1");
    const r = await gql(REGISTER, { s: systemId, k: "price", t: "BINARY_CLASSIFICATION", v: "2", f: [] });
    const msg = expectError(r, "BAD_USER_INPUT", "task");
    expect(msg).toContain("REGRESSION");
    const back = await gql(`query($id: ID!) { model(id: $id) { task version features { name } } }`, { id: m.id });
    expect(back.data.model).toEqual({ task: "REGRESSION", version: "1", features: FEATURES.map((f) => ({ name: f.name })) });
  });

  it("keeps one task when the same new key is registered concurrently with different tasks", async () => {
    const tasks = ["BINARY_CLASSIFICATION", "REGRESSION", "MULTICLASS_CLASSIFICATION", "RANKING"];
    const results = await Promise.all(tasks.map((t) => gql(REGISTER, { s: systemId, k: "contested", t, f: [] })));
    const stored = await app.db.dataSource.query(`SELECT task FROM models WHERE system_id = $1 AND key = 'contested'`, [systemId]);
    expect(stored).toHaveLength(1);
    results.forEach((r, i) => {
      if (r.errors) {
        expectError(r, "BAD_USER_INPUT", "task");
      } else {
        // A success must describe the model actually stored, with the task that was asked for.
        expect(r.data.registerModel.task).toBe(tasks[i]);
        expect(stored[0].task).toBe(tasks[i]);
      }
    });
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
  });

  const badKeys: Array<{ name: string; key: string }> = [
    { name: "an empty key", key: "" },
    { name: "a key with a space", key: "fraud model" },
    { name: "a key starting with '-'", key: "-fraud" },
    { name: "a key with a slash", key: "fraud/v2" },
    { name: "a key over 128 characters", key: "k".repeat(129) },
  ];
  it.each(badKeys)("refuses $name with BAD_USER_INPUT naming key", async ({ key }) => {
    expectError(await gql(REGISTER, { s: systemId, k: key, t: "REGRESSION", f: [] }), "BAD_USER_INPUT", "key");
  });

  it.each([
    { name: "letters, digits and _.:-", key: "Fraud_v2.eu:west-1" },
    { name: "128 characters", key: "k".repeat(128) },
  ])("accepts a key of $name", async ({ key }) => {
    expect((await register(systemId, key, "REGRESSION", [])).key).toBe(key);
  });

  const badFeatures: Array<{ name: string; features: Array<{ name: string; kind: string }>; field: string }> = [
    { name: "a feature declared twice", features: [{ name: "speed", kind: "NUMERIC" }, { name: "speed", kind: "CATEGORICAL" }], field: "features[1].name" },
    { name: "an empty feature name", features: [{ name: "speed", kind: "NUMERIC" }, { name: "", kind: "NUMERIC" }], field: "features[1].name" },
    { name: "a feature name with a dot", features: [{ name: "user.age", kind: "NUMERIC" }], field: "features[0].name" },
    { name: "a feature name starting with a space", features: [{ name: " age", kind: "NUMERIC" }], field: "features[0].name" },
  ];
  it.each(badFeatures)("refuses $name with BAD_USER_INPUT naming the feature", async ({ features, field }) => {
    const msg = expectError(await gql(REGISTER, { s: systemId, k: "bad-features", t: "REGRESSION", f: features }), "BAD_USER_INPUT", field);
    expect(msg.length).toBeGreaterThan(field.length + 10);
    expect(await count(app, `SELECT count(*) FROM models WHERE system_id = $1 AND key = 'bad-features'`, [systemId])).toBe(0);
  });

  it("answers NOT_FOUND for an unknown or malformed system id", async () => {
    expectError(await gql(REGISTER, { s: MISSING_UUID, k: "x", t: "REGRESSION", f: [] }), "NOT_FOUND");
    expectError(await gql(REGISTER, { s: "not-an-id", k: "x", t: "REGRESSION", f: [] }), "NOT_FOUND");
  });

  it("scopes keys to their system: the same key can exist in two systems", async () => {
    const other = await createSystem("models-2");
    const a = await register(systemId, "shared-key", "REGRESSION", []);
    const b = await register(other, "shared-key", "BINARY_CLASSIFICATION", []);
    expect(a.id).not.toBe(b.id);
    expect(b.task).toBe("BINARY_CLASSIFICATION");
  });
});

describe("addDependency", () => {
  let systemId: string;
  beforeAll(async () => {
    systemId = await createSystem("deps");
    await register(systemId, "a", "REGRESSION", [{ name: "x", kind: "NUMERIC" }]);
    await register(systemId, "b", "REGRESSION", [{ name: "a_score", kind: "NUMERIC" }, { name: "segment", kind: "CATEGORICAL" }]);
    await register(systemId, "c", "BINARY_CLASSIFICATION", [{ name: "b_value", kind: "NUMERIC" }]);
    await register(systemId, "d", "REGRESSION", []);
    const other = await createSystem("deps-other");
    await register(other, "foreign", "REGRESSION", []);
  });

  it("adds an edge with its weight and feature, and weight 1 by default", async () => {
    const ab = await depend(systemId, "a", "b", 0.8, "a_score");
    expect(ab).toMatchObject({ weight: 0.8, feature: "a_score", from: { key: "a" }, to: { key: "b" } });
    const r = await gql(ADD_DEP_DEFAULT_WEIGHT, { s: systemId, from: "b", to: "c" });
    expect(r.errors).toBeUndefined();
    expect(r.data.addDependency).toMatchObject({ weight: 1, feature: null });
  });

  it("allows cycles (a → b → c → a) and two-way edges", async () => {
    const ca = await depend(systemId, "c", "a", 0.25, "x");
    expect(ca).toMatchObject({ from: { key: "c" }, to: { key: "a" }, weight: 0.25 });
    const ba = await depend(systemId, "b", "a", 1);
    expect(ba).toMatchObject({ from: { key: "b" }, to: { key: "a" } });
    expect(await count(app, `SELECT count(*) FROM dependencies WHERE system_id = $1`, [systemId])).toBe(4);
  });

  const bad: Array<{ name: string; from: string; to: string; weight?: number; feature?: string; field: string }> = [
    { name: "a self-dependency", from: "d", to: "d", field: "toKey" },
    { name: "an unknown fromKey", from: "ghost", to: "d", field: "fromKey" },
    { name: "an unknown toKey", from: "d", to: "ghost", field: "toKey" },
    { name: "a fromKey of another system", from: "foreign", to: "d", field: "fromKey" },
    { name: "a toKey of another system", from: "d", to: "foreign", field: "toKey" },
    { name: "a duplicate edge", from: "a", to: "b", weight: 0.5, field: "fromKey" },
    { name: "weight 0", from: "a", to: "d", weight: 0, field: "weight" },
    { name: "a negative weight", from: "a", to: "d", weight: -0.5, field: "weight" },
    { name: "a weight above 1", from: "a", to: "d", weight: 1.0001, field: "weight" },
    { name: "a huge weight", from: "a", to: "d", weight: 1e308, field: "weight" },
    { name: "a feature the `to` model does not declare", from: "a", to: "c", feature: "a_score", field: "feature" },
    { name: "a feature of the `from` model only", from: "a", to: "d", feature: "x", field: "feature" },
  ];
  it.each(bad)("refuses $name with BAD_USER_INPUT, message starting with the field", async ({ from, to, weight, feature, field }) => {
    const before = await count(app, `SELECT count(*) FROM dependencies`);
    const msg = expectError(await gql(ADD_DEP, { s: systemId, from, to, w: weight ?? 1, f: feature ?? null }), "BAD_USER_INPUT", field);
    expect(msg.length).toBeGreaterThan(field.length + 10);
    expect(await count(app, `SELECT count(*) FROM dependencies`)).toBe(before);
  });

  it("names both keys in the duplicate-edge message, and lists the declared features in the feature message", async () => {
    expect(expectError(await gql(ADD_DEP, { s: systemId, from: "a", to: "b", w: 1, f: null }), "BAD_USER_INPUT", "fromKey")).toMatch(/'a'.*'b'/);
    const msg = expectError(await gql(ADD_DEP, { s: systemId, from: "a", to: "c", w: 1, f: "nope" }), "BAD_USER_INPUT", "feature");
    expect(msg).toContain("b_value");
  });

  it("stores an edge once under concurrent identical requests; the others get BAD_USER_INPUT", async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => gql(ADD_DEP, { s: systemId, from: "d", to: "c", w: 0.5, f: null })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expectError(r, "BAD_USER_INPUT", "fromKey");
    expect(await count(app, `SELECT count(*) FROM dependencies d JOIN models f ON f.id = d.from_model_id JOIN models t ON t.id = d.to_model_id WHERE f.key = 'd' AND t.key = 'c' AND d.system_id = $1`, [systemId])).toBe(1);
  });

  it("answers NOT_FOUND for an unknown or malformed system id", async () => {
    expectError(await gql(ADD_DEP, { s: MISSING_UUID, from: "a", to: "b", w: 1, f: null }), "NOT_FOUND");
    expectError(await gql(ADD_DEP, { s: "nope", from: "a", to: "b", w: 1, f: null }), "NOT_FOUND");
  });
});

describe("text PostgreSQL cannot store (a NUL character)", () => {
  let systemId: string;
  beforeAll(async () => {
    systemId = await createSystem("nul");
    await register(systemId, "a", "REGRESSION", []);
  });

  const cases: Array<{ name: string; query: string; vars: () => Record<string, unknown>; field: string }> = [
    { name: "a system name", query: CREATE_SYSTEM, vars: () => ({ name: "nul\u0000system" }), field: "name" },
    { name: "a system description", query: CREATE_SYSTEM, vars: () => ({ name: "nul-description", description: "a\u0000b" }), field: "description" },
    { name: "a model name", query: REGISTER, vars: () => ({ s: systemId, k: "nul-name", n: "a\u0000b", t: "REGRESSION", f: [] }), field: "name" },
    { name: "a model version", query: REGISTER, vars: () => ({ s: systemId, k: "nul-version", v: "1\u00002", t: "REGRESSION", f: [] }), field: "version" },
    { name: "a feature name", query: REGISTER, vars: () => ({ s: systemId, k: "nul-feature", t: "REGRESSION", f: [{ name: "a\u0000b", kind: "NUMERIC" }] }), field: "features[0].name" },
    { name: "an addDependency fromKey", query: ADD_DEP, vars: () => ({ s: systemId, from: "a\u0000b", to: "a", w: 1, f: null }), field: "fromKey" },
    { name: "an addDependency toKey", query: ADD_DEP, vars: () => ({ s: systemId, from: "a", to: "a\u0000b", w: 1, f: null }), field: "toKey" },
  ];
  it.each(cases)("refuses $name with a NUL as BAD_USER_INPUT naming the field, not as an internal error", async ({ query, vars, field }) => {
    expectError(await gql(query, vars()), "BAD_USER_INPUT", field);
  });

  it("modelByKey with a NUL in the key answers null (no such model), not an internal error", async () => {
    const r = await gql(`query($s: ID!, $k: String!) { modelByKey(systemId: $s, key: $k) { id } }`, { s: systemId, k: "a\u0000b" });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data.modelByKey).toBeNull();
  });
});

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
    const r = await gql(`{ systems { id name } }`);
    const names = r.data.systems.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(["graph", "deps", "models", "defaults", "recsys"]));
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

describe("error messages", () => {
  it("every error of this file is readable and carries no stack trace", () => {
    expect(seenErrors.length).toBeGreaterThan(30);
    for (const e of seenErrors) {
      expect(typeof e.message).toBe("string");
      expect(e.message.length, e.message).toBeGreaterThan(10);
      expect(e.message).not.toMatch(/\n\s*at |\bat .*\.(ts|js|mjs|cjs):\d+|node_modules|\[object |undefined|QueryFailedError|SELECT |INSERT INTO/);
      expect(Object.keys(e.extensions ?? {})).toEqual(["code"]);
    }
  });
});
