// The system registry through GraphQL: systems, models (features, version, task), dependencies
// (weights, features, cycles) and text PostgreSQL cannot store. The graph fields and the batching of
// nested fields are in registry-graph.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES, count, startTestApp, type TestApp } from "../support/test-app.js";
import { CREATE_SYSTEM, CREATE_SYSTEM_DEFAULT, REGISTER, ADD_DEP, ADD_DEP_DEFAULT_WEIGHT, MISSING_UUID, createSystem, depend, expectError, gql, register, registry, seenErrors } from "./registry-support.js";

let app: TestApp;

beforeAll(async () => {
  app = registry.app = await startTestApp();
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

  it("re-registering the same key updates version and features and keeps the id; features it leaves out stay, deprecated", async () => {
    const v1 = await register(systemId, "churn", "BINARY_CLASSIFICATION", FEATURES, "1");
    const listed = [{ name: "tenure", kind: "NUMERIC" }, { name: "plan", kind: "CATEGORICAL" }, { name: "speed", kind: "NUMERIC" }];
    const v2 = await register(systemId, "churn", "BINARY_CLASSIFICATION", listed, "2");
    const left = FEATURES.filter((f) => !listed.some((l) => l.name === f.name));
    const v2Features = [...listed, ...left];
    expect(v2.id).toBe(v1.id);
    expect(v2).toMatchObject({ version: "2", features: v2Features, task: "BINARY_CLASSIFICATION" });
    const deprecated = await gql(`query($id: ID!) { model(id: $id) { features { name deprecated } } }`, { id: v1.id });
    expect(deprecated.data.model.features).toEqual(v2Features.map((f) => ({ name: f.name, deprecated: left.includes(f as never) })));
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
