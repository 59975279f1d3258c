// Authorization (README, "Authorization"): every request but /healthz and /readyz needs `Authorization: Bearer
// <key>`; scopes ADMIN / INGEST / READ / RETRAIN; a key bound to a system sees that system alone and
// other systems' ids answer exactly like ids that do not exist. Keys are stored hashed; errors carry
// a code and a readable message, never a stack trace.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES, count, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { auth, ADD_DEP, clearKeys, CREATE_KEY, CREATE_SYSTEM, expectCode, gql, INGEST, mint, MISSING_UUID, MODEL, MODEL_BY_KEY, ndjson, post, raw, REGISTER, seenErrors, SYSTEM, SYSTEMS } from "./authorization-support.js";

let app: TestApp;
let systemA: string;
let systemB: string;
let modelA: string;
let modelB: string;

beforeAll(async () => {
  app = auth.app = await startTestApp();
  clearKeys.push(app.adminKey);
  const a = await seedSystem(app, "alpha", [{ key: "fraud", features: FEATURES }, { key: "review", features: FEATURES }]);
  const b = await seedSystem(app, "beta", [{ key: "fraud", features: FEATURES }, { key: "pricing", task: "REGRESSION", features: FEATURES }]);
  systemA = a.systemId;
  systemB = b.systemId;
  modelA = a.modelIds.fraud!;
  modelB = b.modelIds.fraud!;
});
afterAll(() => app?.close());

describe("authentication", () => {
  const missingOrBad: Array<{ name: string; header: () => string | undefined }> = [
    { name: "no Authorization header", header: () => undefined },
    { name: "an empty header", header: () => "" },
    { name: "a Basic header", header: () => `Basic ${Buffer.from("admin:secret").toString("base64")}` },
    { name: "'Bearer' without a key", header: () => "Bearer" },
    { name: "the key without 'Bearer'", header: () => app.adminKey },
    { name: "another scheme", header: () => `Token ${app.adminKey}` },
    { name: "two tokens", header: () => `Bearer ${app.adminKey} ${app.adminKey}` },
    { name: "an unknown key", header: () => "Bearer tdm_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
    { name: "the admin key with one character more", header: () => `Bearer ${app.adminKey}x` },
    { name: "the admin key in upper case", header: () => `Bearer ${app.adminKey.toUpperCase()}` },
  ];

  it.each(missingOrBad)("answers $name on GraphQL POST with HTTP 401 and UNAUTHENTICATED", async ({ header }) => {
    const r = await raw("POST", "/graphql", header(), JSON.stringify({ query: SYSTEMS }));
    expect(r.status).toBe(401);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(r.json).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }] });
    expect(r.json.errors[0].message).not.toContain(app.adminKey);
  });

  it.each(missingOrBad.slice(0, 3).concat(missingOrBad.slice(7, 8)))("answers $name on GraphQL GET with HTTP 401", async ({ header }) => {
    const r = await raw("GET", `/graphql?query=${encodeURIComponent(SYSTEMS)}`, header());
    expect(r.status).toBe(401);
    expect(r.json.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("says what is wrong: missing, malformed or unknown key", async () => {
    const missing = await raw("POST", "/graphql", undefined, JSON.stringify({ query: SYSTEMS }));
    const malformed = await raw("POST", "/graphql", "Basic abc", JSON.stringify({ query: SYSTEMS }));
    const unknown = await raw("POST", "/graphql", "Bearer tdm_nope", JSON.stringify({ query: SYSTEMS }));
    expect(missing.json.errors[0].message).toMatch(/missing API key/i);
    expect(malformed.json.errors[0].message).toMatch(/malformed Authorization header/i);
    expect(unknown.json.errors[0].message).toMatch(/invalid or revoked API key/i);
  });

  it.each(missingOrBad.slice(0, 3).concat(missingOrBad.slice(7, 8)))("answers $name on the bulk endpoint with 401 and stores nothing", async ({ header }) => {
    const r = await raw("POST", `/v1/models/${modelA}/predictions`, header(), ndjson(prediction(1)), "application/x-ndjson");
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
    expect(await count(app, `SELECT count(*) FROM predictions`)).toBe(0);
  });

  it("accepts the scheme in any case and surrounding spaces (RFC 7235)", async () => {
    for (const header of [`bearer ${app.adminKey}`, `BEARER ${app.adminKey}`, `Bearer   ${app.adminKey}  `]) {
      const r = await raw("POST", "/graphql", header, JSON.stringify({ query: SYSTEMS }));
      expect(r.status, header).toBe(200);
      expect(r.json.errors).toBeUndefined();
    }
  });

  it("serves /healthz and /readyz without a key", async () => {
    const health = await raw("GET", "/healthz");
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: "ok" });
    const ready = await raw("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ status: "ready" });
    const withBadKey = await raw("GET", "/healthz", "Bearer wrong");
    expect(withBadKey.status).toBe(200);
  });
});

describe("a key bound to system A", () => {
  let readA: string;
  let ingestA: string;
  let adminA: string;
  beforeAll(async () => {
    readA = await mint(systemA, ["READ"]);
    ingestA = await mint(systemA, ["INGEST"]);
    adminA = await mint(systemA, ["ADMIN"]);
  });

  it.each([
    { name: "READ", key: () => readA },
    { name: "ADMIN", key: () => adminA },
  ])("systems lists only A ($name key)", async ({ key }) => {
    const r = await gql(SYSTEMS, {}, key());
    expect(r.errors).toBeUndefined();
    expect(r.data.systems).toEqual([{ id: systemA, name: "alpha" }]);
    const all = await gql(SYSTEMS);
    expect(all.data.systems.map((s: { name: string }) => s.name)).toEqual(["alpha", "beta"]);
  });

  it("reads A's system and models", async () => {
    expect((await gql(SYSTEM, { id: systemA }, readA)).data.system).toEqual({ id: systemA, name: "alpha" });
    expect((await gql(MODEL, { id: modelA }, readA)).data.model).toEqual({ id: modelA, key: "fraud" });
    expect((await gql(MODEL_BY_KEY, { s: systemA, k: "fraud" }, readA)).data.modelByKey).toEqual({ id: modelA, key: "fraud" });
    const nested = await gql(`query($id: ID!) { system(id: $id) { models { key system { name } } } }`, { id: systemA }, readA);
    expect(nested.data.system.models).toEqual([{ key: "fraud", system: { name: "alpha" } }, { key: "review", system: { name: "alpha" } }]);
  });

  const invisible: Array<{ name: string; query: string; vars: () => Record<string, unknown>; field: string }> = [
    { name: "system(id: B)", query: SYSTEM, vars: () => ({ id: systemB }), field: "system" },
    { name: "model(id: B's model)", query: MODEL, vars: () => ({ id: modelB }), field: "model" },
    { name: "modelByKey(systemId: B, an existing key)", query: MODEL_BY_KEY, vars: () => ({ s: systemB, k: "fraud" }), field: "modelByKey" },
    { name: "modelByKey(systemId: B, a key only B has)", query: MODEL_BY_KEY, vars: () => ({ s: systemB, k: "pricing" }), field: "modelByKey" },
  ];
  it.each(invisible)("$name answers null, as for an id that does not exist", async ({ query, vars, field }) => {
    for (const key of [readA, adminA]) {
      const r = await gql(query, vars(), key);
      expect(r.errors).toBeUndefined();
      expect(r.data[field]).toBeNull();
    }
    // …while the unbound admin key does see it.
    expect((await gql(query, vars())).data[field]).not.toBeNull();
  });

  it("ingestPredictions on B's model answers NOT_FOUND, the same answer as for a random id", async () => {
    const foreign = await gql(INGEST, { m: modelB, e: [prediction(1)] }, ingestA);
    const missing = await gql(INGEST, { m: MISSING_UUID, e: [prediction(1)] }, ingestA);
    expectCode(foreign, "NOT_FOUND");
    expectCode(missing, "NOT_FOUND");
    expect(foreign.errors![0]!.message.replace(modelB, "<id>")).toBe(missing.errors![0]!.message.replace(MISSING_UUID, "<id>"));
    expect(foreign.data).toEqual(missing.data);
    // A READ key bound to A learns nothing either: NOT_FOUND, not FORBIDDEN.
    expectCode(await gql(INGEST, { m: modelB, e: [prediction(1)] }, readA), "NOT_FOUND");
    expect(await count(app, `SELECT count(*) FROM predictions WHERE model_id = $1`, [modelB])).toBe(0);
  });

  it("the bulk endpoint answers 404 for B's model, the same answer as for a random id", async () => {
    const foreign = await post(`/v1/models/${modelB}/predictions`, ndjson(prediction(1)), ingestA);
    const missing = await post(`/v1/models/${MISSING_UUID}/predictions`, ndjson(prediction(1)), ingestA);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.json.error.code).toBe("NOT_FOUND");
    expect(JSON.stringify(foreign.json).replace(modelB, "<id>")).toBe(JSON.stringify(missing.json).replace(MISSING_UUID, "<id>"));
    for (const kind of ["labels", "feedback", "metrics"]) {
      expect((await post(`/v1/models/${modelB}/${kind}`, "", ingestA)).status, kind).toBe(404);
    }
    expect(await count(app, `SELECT count(*) FROM predictions WHERE model_id = $1`, [modelB])).toBe(0);
  });

  it("ingests into A's own model over GraphQL and the bulk endpoint", async () => {
    const r = await gql(INGEST, { m: modelA, e: [prediction(10)] }, ingestA);
    expect(r.errors).toBeUndefined();
    expect(r.data.ingestPredictions).toMatchObject({ accepted: 1, rejected: 0 });
    const bulk = await post(`/v1/models/${modelA}/predictions`, ndjson(prediction(11), prediction(12)), ingestA);
    expect(bulk.status).toBe(200);
    expect(bulk.json).toMatchObject({ accepted: 2, rejected: 0 });
  });

  it("an ADMIN key bound to A cannot change B: registerModel and addDependency answer NOT_FOUND", async () => {
    expectCode(await gql(REGISTER, { s: systemB, k: "intruder" }, adminA), "NOT_FOUND");
    expectCode(await gql(ADD_DEP, { s: systemB }, adminA), "NOT_FOUND");
    expect(await count(app, `SELECT count(*) FROM models WHERE key = 'intruder'`)).toBe(0);
    // …and can change A.
    expect((await gql(REGISTER, { s: systemA, k: "added-by-admin-a" }, adminA)).errors).toBeUndefined();
    expect((await gql(ADD_DEP, { s: systemA }, adminA)).errors).toBeUndefined();
  });

  it("an ADMIN key bound to A creates keys for A, not for B (NOT_FOUND) nor unbound ones (FORBIDDEN)", async () => {
    const minted = await mint(systemA, ["READ"], adminA);
    expect((await gql(SYSTEMS, {}, minted)).data.systems).toEqual([{ id: systemA, name: "alpha" }]);
    const before = await count(app, `SELECT count(*) FROM api_keys`);
    const forB = await gql(CREATE_KEY, { s: systemB, scopes: ["READ"] }, adminA);
    const forMissing = await gql(CREATE_KEY, { s: MISSING_UUID, scopes: ["READ"] }, adminA);
    expectCode(forB, "NOT_FOUND");
    expectCode(forMissing, "NOT_FOUND");
    expect(forB.errors![0]!.message.replace(systemB, "<id>")).toBe(forMissing.errors![0]!.message.replace(MISSING_UUID, "<id>"));
    expectCode(await gql(CREATE_KEY, { s: null, scopes: ["READ"] }, adminA), "FORBIDDEN");
    expect(await count(app, `SELECT count(*) FROM api_keys`)).toBe(before);
  });

  it("an ADMIN key bound to A cannot createSystem (FORBIDDEN)", async () => {
    const msg = expectCode(await gql(CREATE_SYSTEM, { n: "made-by-admin-a" }, adminA), "FORBIDDEN");
    expect(msg).toMatch(/createSystem/);
    expect(await count(app, `SELECT count(*) FROM systems WHERE name = 'made-by-admin-a'`)).toBe(0);
  });
});

describe("scopes", () => {
  let read: string;
  let ingest: string;
  let retrain: string;
  let readIngest: string;
  beforeAll(async () => {
    read = await mint(null, ["READ"]);
    ingest = await mint(systemA, ["INGEST"]);
    retrain = await mint(null, ["RETRAIN"]);
    readIngest = await mint(systemA, ["READ", "INGEST"]);
  });

  it("a READ key reads everything it may see", async () => {
    expect((await gql(SYSTEMS, {}, read)).data.systems).toHaveLength(2);
    expect((await gql(SYSTEM, { id: systemB }, read)).data.system).toEqual({ id: systemB, name: "beta" });
    expect((await gql(MODEL, { id: modelB }, read)).data.model).toEqual({ id: modelB, key: "fraud" });
    expect((await gql(MODEL_BY_KEY, { s: systemA, k: "fraud" }, read)).data.modelByKey).toEqual({ id: modelA, key: "fraud" });
  });

  it("a READ key gets FORBIDDEN on ingestPredictions and 403 on the bulk endpoint, and nothing is stored", async () => {
    const before = await count(app, `SELECT count(*) FROM predictions`);
    const msg = expectCode(await gql(INGEST, { m: modelA, e: [prediction(100)] }, read), "FORBIDDEN");
    expect(msg).toMatch(/INGEST/);
    const bulk = await post(`/v1/models/${modelA}/predictions`, ndjson(prediction(101)), read);
    expect(bulk.status).toBe(403);
    expect(bulk.json.error.code).toBe("FORBIDDEN");
    expect(await count(app, `SELECT count(*) FROM predictions`)).toBe(before);
  });

  const readOnlyForIngest: Array<{ name: string; query: string; vars: () => Record<string, unknown> }> = [
    { name: "systems", query: SYSTEMS, vars: () => ({}) },
    { name: "system", query: SYSTEM, vars: () => ({ id: systemA }) },
    { name: "model", query: MODEL, vars: () => ({ id: modelA }) },
    { name: "modelByKey", query: MODEL_BY_KEY, vars: () => ({ s: systemA, k: "fraud" }) },
    { name: "registerModel", query: REGISTER, vars: () => ({ s: systemA, k: "by-ingest" }) },
    { name: "addDependency", query: ADD_DEP, vars: () => ({ s: systemA }) },
    { name: "createSystem", query: CREATE_SYSTEM, vars: () => ({ n: "by-ingest" }) },
    { name: "createApiKey", query: CREATE_KEY, vars: () => ({ s: systemA, scopes: ["READ"] }) },
  ];
  it.each(readOnlyForIngest)("an INGEST key gets FORBIDDEN on $name", async ({ query, vars }) => {
    const r = await gql(query, vars(), ingest);
    expectCode(r, "FORBIDDEN");
    expect(r.data?.[Object.keys(r.data ?? {})[0] ?? ""] ?? null).toBeNull();
  });

  it("an INGEST key ingests over GraphQL and the bulk endpoint", async () => {
    const r = await gql(INGEST, { m: modelA, e: [prediction(200)] }, ingest);
    expect(r.errors).toBeUndefined();
    expect(r.data.ingestPredictions.accepted).toBe(1);
    const bulk = await post(`/v1/models/${modelA}/predictions`, ndjson(prediction(201)), ingest);
    expect(bulk.status).toBe(200);
    expect(bulk.json.accepted).toBe(1);
  });

  it("a RETRAIN key gets FORBIDDEN on ingest (GraphQL and bulk) and on reads", async () => {
    expectCode(await gql(INGEST, { m: modelA, e: [prediction(300)] }, retrain), "FORBIDDEN");
    expect((await post(`/v1/models/${modelA}/predictions`, ndjson(prediction(301)), retrain)).status).toBe(403);
    expectCode(await gql(SYSTEMS, {}, retrain), "FORBIDDEN");
  });

  it("a key with READ and INGEST may do both", async () => {
    expect((await gql(SYSTEMS, {}, readIngest)).data.systems).toEqual([{ id: systemA, name: "alpha" }]);
    expect((await gql(INGEST, { m: modelA, e: [prediction(400)] }, readIngest)).data.ingestPredictions.accepted).toBe(1);
    expectCode(await gql(REGISTER, { s: systemA, k: "by-read-ingest" }, readIngest), "FORBIDDEN");
  });

  it.each([
    { name: "READ", key: () => read },
    { name: "INGEST", key: () => ingest },
    { name: "RETRAIN", key: () => retrain },
    { name: "READ+INGEST", key: () => readIngest },
  ])("a $name key gets FORBIDDEN on createApiKey and creates nothing", async ({ key }) => {
    const before = await count(app, `SELECT count(*) FROM api_keys`);
    for (const vars of [{ s: null, scopes: ["ADMIN"] }, { s: systemA, scopes: ["READ"] }]) {
      const msg = expectCode(await gql(CREATE_KEY, vars, key()), "FORBIDDEN");
      expect(msg).toMatch(/ADMIN/);
    }
    expect(await count(app, `SELECT count(*) FROM api_keys`)).toBe(before);
  });

  it("FORBIDDEN messages say which scope is needed and which the key has", async () => {
    const msg = expectCode(await gql(SYSTEMS, {}, ingest), "FORBIDDEN");
    expect(msg).toMatch(/READ/);
    expect(msg).toMatch(/INGEST/);
  });

  it("an unbound ADMIN key creates systems and keys for any system", async () => {
    const created = await gql(CREATE_SYSTEM, { n: "gamma" });
    expect(created.errors).toBeUndefined();
    const key = await mint(created.data.createSystem.id, ["READ"]);
    expect((await gql(SYSTEMS, {}, key)).data.systems).toEqual([{ id: created.data.createSystem.id, name: "gamma" }]);
    const global = await mint(null, ["ADMIN"]);
    expect((await gql(CREATE_SYSTEM, { n: "delta" }, global)).errors).toBeUndefined();
  });
});

describe("createApiKey input", () => {
  it("refuses an unknown scope with BAD_USER_INPUT and creates nothing", async () => {
    const before = await count(app, `SELECT count(*) FROM api_keys`);
    const r = await gql(CREATE_KEY, { s: null, scopes: ["SUPERUSER"] });
    expectCode(r, "BAD_USER_INPUT");
    expect(r.errors![0]!.message).toContain("SUPERUSER");
    const literal = await gql(`mutation { createApiKey(scopes: [SUPERUSER]) { key } }`);
    expect(literal.errors?.[0]?.extensions?.code).toMatch(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/);
    expect(await count(app, `SELECT count(*) FROM api_keys`)).toBe(before);
  });

  it("refuses an empty scope list with BAD_USER_INPUT naming scopes", async () => {
    const msg = expectCode(await gql(CREATE_KEY, { s: null, scopes: [] }), "BAD_USER_INPUT");
    expect(msg.startsWith("scopes:")).toBe(true);
  });

  it("stores a repeated scope once", async () => {
    const r = await gql(CREATE_KEY, { s: systemA, scopes: ["READ", "READ", "INGEST"] });
    expect(r.data.createApiKey.scopes).toEqual(["READ", "INGEST"]);
    clearKeys.push(r.data.createApiKey.key);
  });

  it("answers NOT_FOUND for an unknown or malformed system id", async () => {
    expectCode(await gql(CREATE_KEY, { s: MISSING_UUID, scopes: ["READ"] }), "NOT_FOUND");
    expectCode(await gql(CREATE_KEY, { s: "not-a-uuid", scopes: ["READ"] }), "NOT_FOUND");
  });

  it("a stored key whose scopes this version does not know grants nothing", async () => {
    const key = `tdm_${"z".repeat(32)}`;
    clearKeys.push(key);
    const hash = createHash("sha256").update(key).digest("hex");
    await app.db.dataSource.query(`INSERT INTO api_keys (key_hash, key_prefix, scopes) VALUES ($1, 'tdm_zzzzzz', ARRAY['SUPERUSER'])`, [hash]);
    expectCode(await gql(SYSTEMS, {}, key), "FORBIDDEN");
    expectCode(await gql(INGEST, { m: modelA, e: [prediction(500)] }, key), "FORBIDDEN");
    expectCode(await gql(CREATE_SYSTEM, { n: "by-superuser" }, key), "FORBIDDEN");
    expectCode(await gql(CREATE_KEY, { s: null, scopes: ["ADMIN"] }, key), "FORBIDDEN");
  });

  it("returns a new, distinct key each time", async () => {
    const a = await mint(systemA, ["READ"]);
    const b = await mint(systemA, ["READ"]);
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
  });
});

describe("key storage", () => {
  it("stores only hashes: no row holds a key in clear, and key_hash is the SHA-256 of the key", async () => {
    const rows: Array<Record<string, unknown>> = await app.db.dataSource.query(`SELECT * FROM api_keys`);
    expect(rows.length).toBeGreaterThanOrEqual(clearKeys.length);
    expect(clearKeys.length).toBeGreaterThanOrEqual(10);
    const hashes = new Set(rows.map((r) => r.key_hash));
    for (const key of clearKeys) {
      expect(hashes.has(createHash("sha256").update(key, "utf8").digest("hex")), "key_hash is the SHA-256 of the key").toBe(true);
      for (const row of rows) {
        expect(row.key_hash).not.toBe(key);
        expect(JSON.stringify(row)).not.toContain(key);
      }
    }
    for (const row of rows) expect(String(row.key_hash)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("error responses", () => {
  it("refuses a GraphQL body that is not JSON with a readable BAD_USER_INPUT", async () => {
    const r = await raw("POST", "/graphql", `Bearer ${app.adminKey}`, "{not json");
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("no error message of this file is unreadable or carries a stack trace", () => {
    expect(seenErrors.length).toBeGreaterThan(40);
    for (const e of seenErrors) {
      expect(typeof e.message, e.where).toBe("string");
      expect(e.message.length, e.where).toBeGreaterThan(10);
      expect(e.message, e.where).not.toMatch(/\n\s*at |\bat .*\.(ts|js|mjs|cjs):\d+|\/(work|home|app|usr)\/|node_modules|\[object |undefined|QueryFailedError|SELECT |INSERT INTO/);
      if (e.extensions) expect(Object.keys(e.extensions), e.where).toEqual(["code"]);
    }
  });
});
