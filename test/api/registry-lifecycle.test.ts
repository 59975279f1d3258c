// Issue #18 through GraphQL, on PostgreSQL and on the embedded database: a system changes after it
// was built — models updated (features added and deprecated, never retyped) and retired, dependencies
// changed and removed, alert rules listed, changed and deleted, a whole system deleted — with
// BAD_USER_INPUT naming the field for invalid changes, NOT_FOUND for another system's ids under a
// bound key, and every change in the history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOTH_DATABASES, startTestAppOn, type TestApp } from "../support/test-app.js";

type Result = { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };

function expectError(r: Result, code: string, field?: string): string {
  expect(r.errors, JSON.stringify(r)).toHaveLength(1);
  const e = r.errors![0]!;
  expect(e.extensions?.code, e.message).toBe(code);
  if (field !== undefined) expect(e.message.startsWith(`${field}:`), `"${e.message}" should start with "${field}:"`).toBe(true);
  return e.message;
}

function ok(r: Result): any {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}

const startOn = (where: "PostgreSQL" | "embedded") => startTestAppOn(where, { maxBodyBytes: 1 << 24, multivariateDrift: false, evaluateEverySeconds: 0 });

const FEATURES = [{ name: "speed", kind: "NUMERIC" }, { name: "country", kind: "CATEGORICAL" }];
const MODEL = `id key name description version retiredAt features { name kind deprecated }`;
const HISTORY = `query($s: ID!, $m: ID, $before: ID, $limit: Int) { registryChanges(systemId: $s, modelId: $m, before: $before, limit: $limit) { id kind actorKeyId at effectiveFrom modelId summary details } }`;

describe.each(BOTH_DATABASES)("registry changes on $where", ({ where, skip }) => {
  let app: TestApp;
  let systemId: string;
  let otherSystemId: string;
  const ids: Record<string, string> = {};
  let boundKey: string;

  beforeAll(async () => {
    if (skip) return;
    app = await startOn(where);
    const gql = (q: string, v: Record<string, unknown> = {}) => app.gql(q, v).then(ok);
    systemId = (await gql(`mutation { createSystem(name: "city", windowSeconds: 3600) { id } }`)).createSystem.id;
    otherSystemId = (await gql(`mutation { createSystem(name: "other", windowSeconds: 3600) { id } }`)).createSystem.id;
    for (const key of ["sensors", "traffic", "parking", "pricing"]) {
      ids[key] = (await gql(`mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: $f) { id } }`, { s: systemId, k: key, f: FEATURES })).registerModel.id;
    }
    ids.foreign = (await gql(`mutation($s: ID!) { registerModel(systemId: $s, key: "foreign", task: REGRESSION, features: []) { id } }`, { s: otherSystemId })).registerModel.id;
    for (const [from, to] of [["sensors", "traffic"], ["sensors", "parking"], ["parking", "pricing"]]) {
      await gql(`mutation($s: ID!, $f: String!, $t: String!) { addDependency(systemId: $s, fromKey: $f, toKey: $t, weight: 0.8) { id } }`, { s: systemId, f: from, t: to });
    }
    boundKey = (await gql(`mutation($s: ID) { createApiKey(systemId: $s, scopes: [ADMIN]) { key } }`, { s: otherSystemId })).createApiKey.key;
  }, 120_000);
  afterAll(() => app?.close());

  it.skipIf(skip)("updateModel changes name, description and version, adds a feature and deprecates one; the history says what changed", async () => {
    const r = ok(await app.gql(`mutation($id: ID!) { updateModel(id: $id, name: "Parking occupancy", description: "lots per district", version: "2.1", addFeatures: [{ name: "hour", kind: NUMERIC }], deprecateFeatures: ["country"]) { ${MODEL} } }`, { id: ids.parking }));
    expect(r.updateModel).toMatchObject({ name: "Parking occupancy", description: "lots per district", version: "2.1", retiredAt: null });
    expect(r.updateModel.features).toEqual([{ name: "speed", kind: "NUMERIC", deprecated: false }, { name: "country", kind: "CATEGORICAL", deprecated: true }, { name: "hour", kind: "NUMERIC", deprecated: false }]);
    const [last] = ok(await app.gql(HISTORY, { s: systemId, m: ids.parking, limit: 1 })).registryChanges;
    expect(last).toMatchObject({ kind: "MODEL_UPDATED", modelId: ids.parking, effectiveFrom: null });
    expect(last.summary).toContain('version: none → "2.1"');
    expect(last.details.before.name).toBe("parking");
    // A deprecated feature is still accepted from older clients.
    const ingest = ok(await app.gql(`mutation($m: ID!) { ingestPredictions(modelId: $m, events: [{ id: "old-client", timestamp: "2026-01-05T10:00:00Z", features: { speed: 3, country: "FR", hour: 10 }, score: 0.4 }]) { accepted rejected } }`, { m: ids.parking }));
    expect(ingest.ingestPredictions).toEqual({ accepted: 1, rejected: 0 });
  });

  it.skipIf(skip)("a feature is never retyped or removed: BAD_USER_INPUT naming the field, nothing changed", async () => {
    expectError(await app.gql(`mutation($id: ID!) { updateModel(id: $id, addFeatures: [{ name: "speed", kind: CATEGORICAL }]) { id } }`, { id: ids.traffic }), "BAD_USER_INPUT", "addFeatures[0].kind");
    expectError(await app.gql(`mutation($id: ID!) { updateModel(id: $id, deprecateFeatures: ["nope"]) { id } }`, { id: ids.traffic }), "BAD_USER_INPUT", "deprecateFeatures[0]");
    expectError(await app.gql(`mutation($id: ID!) { updateModel(id: $id, name: "  ") { id } }`, { id: ids.traffic }), "BAD_USER_INPUT", "name");
    expectError(
      await app.gql(`mutation($s: ID!) { registerModel(systemId: $s, key: "traffic", task: REGRESSION, features: [{ name: "speed", kind: CATEGORICAL }]) { id } }`, { s: systemId }),
      "BAD_USER_INPUT", "features[0].kind",
    );
    const back = ok(await app.gql(`query($id: ID!) { model(id: $id) { ${MODEL} } }`, { id: ids.traffic }));
    expect(back.model.features).toEqual(FEATURES.map((f) => ({ ...f, deprecated: false })));
    expect(back.model.name).toBe("traffic");
  });

  it.skipIf(skip)("updateDependency and removeDependency; a missing edge is BAD_USER_INPUT naming fromKey", async () => {
    const upd = ok(await app.gql(`mutation($s: ID!) { updateDependency(systemId: $s, fromKey: "sensors", toKey: "traffic", weight: 0.3, feature: "speed") { weight feature validFrom validTo from { key } to { key } } }`, { s: systemId }));
    expect(upd.updateDependency).toEqual({ weight: 0.3, feature: "speed", validFrom: null, validTo: null, from: { key: "sensors" }, to: { key: "traffic" } });
    expectError(await app.gql(`mutation($s: ID!) { updateDependency(systemId: $s, fromKey: "sensors", toKey: "traffic", weight: 1.5) { id } }`, { s: systemId }), "BAD_USER_INPUT", "weight");
    expectError(await app.gql(`mutation($s: ID!) { updateDependency(systemId: $s, fromKey: "sensors", toKey: "traffic", feature: "nope") { id } }`, { s: systemId }), "BAD_USER_INPUT", "feature");
    ok(await app.gql(`mutation($s: ID!) { removeDependency(systemId: $s, fromKey: "sensors", toKey: "traffic") { id } }`, { s: systemId }));
    expectError(await app.gql(`mutation($s: ID!) { removeDependency(systemId: $s, fromKey: "sensors", toKey: "traffic") { id } }`, { s: systemId }), "BAD_USER_INPUT", "fromKey");
    expectError(await app.gql(`mutation($s: ID!) { removeDependency(systemId: $s, fromKey: "ghost", toKey: "traffic") { id } }`, { s: systemId }), "BAD_USER_INPUT", "fromKey");
    const sys = ok(await app.gql(`query($s: ID!) { system(id: $s) { dependencies { from { key } to { key } weight } } }`, { s: systemId }));
    expect(sys.system.dependencies.map((d: any) => `${d.from.key}>${d.to.key}`).sort()).toEqual(["parking>pricing", "sensors>parking"]);
    // With no window judged yet there is no past to keep: the removed edge is gone, not closed.
    const rows = await rowsOf(app, `SELECT count(*)::int AS n FROM dependencies WHERE system_id = $1`, [systemId]);
    expect(rows[0].n).toBe(2);
    // Re-adding it works (a removed edge does not block the pair).
    ok(await app.gql(`mutation($s: ID!) { addDependency(systemId: $s, fromKey: "sensors", toKey: "traffic", weight: 0.5) { id } }`, { s: systemId }));
  });

  it.skipIf(skip)("retireModel: ingestion refused naming modelId, off the current map, its edges end; retiring twice is BAD_USER_INPUT", async () => {
    const r = ok(await app.gql(`mutation($id: ID!) { retireModel(id: $id) { key retiredAt retiredFrom } }`, { id: ids.pricing }));
    expect(r.retireModel.key).toBe("pricing");
    expect(r.retireModel.retiredAt).not.toBeNull();
    expectError(await app.gql(`mutation($id: ID!) { retireModel(id: $id) { id } }`, { id: ids.pricing }), "BAD_USER_INPUT", "id");
    expectError(await app.gql(`mutation($id: ID!) { updateModel(id: $id, version: "9") { id } }`, { id: ids.pricing }), "BAD_USER_INPUT", "id");
    const msg = expectError(
      await app.gql(`mutation($m: ID!) { ingestPredictions(modelId: $m, events: [{ id: "x", timestamp: "2026-01-05T10:00:00Z", features: { speed: 1, country: "FR" }, score: 1 }]) { accepted } }`, { m: ids.pricing }),
      "BAD_USER_INPUT", "modelId",
    );
    expect(msg).toContain("retired");
    const bulk = await app.post(`/v1/models/${ids.pricing}/predictions`, JSON.stringify({ id: "y", timestamp: "2026-01-05T10:00:00Z", features: { speed: 1, country: "FR" }, score: 1 }));
    expect(bulk.status).toBe(400);
    const sys = ok(await app.gql(`query($s: ID!) { system(id: $s) { models { key } all: models(includeRetired: true) { key } dependencies { from { key } to { key } } } }`, { s: systemId }));
    expect(sys.system.models.map((m: any) => m.key)).not.toContain("pricing");
    expect(sys.system.all.map((m: any) => m.key)).toContain("pricing");
    expect(sys.system.dependencies.some((d: any) => d.to.key === "pricing")).toBe(false);
    // Its history stays readable.
    const back = ok(await app.gql(`query($id: ID!) { model(id: $id) { key retiredAt health { status } } }`, { id: ids.pricing })).model;
    expect(back).toMatchObject({ key: "pricing", health: { status: "UNKNOWN" } }); // no verdict after its retirement
    expectError(await app.gql(`mutation($s: ID!) { registerModel(systemId: $s, key: "pricing", task: REGRESSION, features: []) { id } }`, { s: systemId }), "BAD_USER_INPUT", "key");
    // A retired model is not configured any more.
    expectError(await app.gql(`mutation($m: ID!) { createAlertRule(modelId: $m, metric: "mae", operator: ">", threshold: 1) { id } }`, { m: ids.pricing }), "BAD_USER_INPUT", "modelId");
    expectError(await app.gql(`mutation($m: ID!) { setFairnessPolicy(modelId: $m, sensitiveFeatures: ["country"]) { sensitiveFeatures } }`, { m: ids.pricing }), "BAD_USER_INPUT", "modelId");
  });

  it.skipIf(skip)("a system being deleted is gone for readers and writers through its models' ids too; odd ids and numbers are BAD_USER_INPUT", async () => {
    const zombie = ok(await app.gql(`mutation { createSystem(name: "zombie", windowSeconds: 3600) { id } }`)).createSystem.id;
    const m = ok(await app.gql(`mutation($s: ID!) { registerModel(systemId: $s, key: "z", task: REGRESSION, features: [{ name: "speed", kind: NUMERIC }]) { id } }`, { s: zombie })).registerModel.id;
    expectError(await app.gql(`query($m: ID!) { prediction(modelId: $m, id: "a\u0000b") { id } }`, { m }), "BAD_USER_INPUT", "id");
    expectError(await app.gql(`mutation($m: ID!) { erasePredictions(modelId: $m, segment: { feature: "speed", equals: "1e-20000" }) { predictions } }`, { m }), "BAD_USER_INPUT", "segment.equals");
    await app.db.dataSource.query(`UPDATE systems SET deleting_since = now() WHERE id = $1`, [zombie]); // as a deletion stopped half-way
    expect(ok(await app.gql(`query($m: ID!) { model(id: $m) { id } }`, { m })).model).toBeNull();
    expectError(await app.gql(`query($m: ID!) { prediction(modelId: $m, id: "x") { id } }`, { m }), "NOT_FOUND");
    expectError(await app.gql(`mutation($m: ID!) { erasePredictions(modelId: $m, ids: ["x"]) { predictions } }`, { m }), "NOT_FOUND");
    expectError(await app.gql(`mutation($m: ID!) { ingestPredictions(modelId: $m, events: [{ id: "x", timestamp: "2026-01-05T10:00:00Z", features: { speed: 1 }, score: 1 }]) { accepted } }`, { m }), "NOT_FOUND");
    // Calling deleteSystem again finishes it.
    expect(ok(await app.gql(`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "zombie") { name } }`, { s: zombie })).deleteSystem.name).toBe("zombie");
  });

  it.skipIf(skip)("alert rules are listed, changed and deleted, with BAD_USER_INPUT naming the field", async () => {
    const created = ok(await app.gql(`mutation($m: ID!) { createAlertRule(modelId: $m, metric: "mae", operator: ">", threshold: 2) { id metric operator threshold model { key } } }`, { m: ids.traffic })).createAlertRule;
    const listed = ok(await app.gql(`query($s: ID!) { alertRules(systemId: $s) { id metric operator threshold model { key } } }`, { s: systemId })).alertRules;
    expect(listed).toEqual([created]);
    const updated = ok(await app.gql(`mutation($id: ID!) { updateAlertRule(id: $id, threshold: 3.5, operator: ">=") { id operator threshold metric } }`, { id: created.id })).updateAlertRule;
    expect(updated).toEqual({ id: created.id, operator: ">=", threshold: 3.5, metric: "mae" });
    expectError(await app.gql(`mutation($id: ID!) { updateAlertRule(id: $id, operator: "~") { id } }`, { id: created.id }), "BAD_USER_INPUT", "operator");
    ok(await app.gql(`mutation($id: ID!) { deleteAlertRule(id: $id) { id } }`, { id: created.id }));
    expect(ok(await app.gql(`query($s: ID!) { alertRules(systemId: $s) { id } }`, { s: systemId })).alertRules).toEqual([]);
    expectError(await app.gql(`mutation($id: ID!) { deleteAlertRule(id: $id) { id } }`, { id: created.id }), "NOT_FOUND");
  });

  it.skipIf(skip)("a key bound to another system gets NOT_FOUND for this system's ids, exactly as for missing ones", async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      [`mutation($id: ID!) { updateModel(id: $id, version: "x") { id } }`, { id: ids.traffic }],
      [`mutation($id: ID!) { retireModel(id: $id) { id } }`, { id: ids.traffic }],
      [`mutation($s: ID!) { removeDependency(systemId: $s, fromKey: "sensors", toKey: "parking") { id } }`, { s: systemId }],
      [`mutation($s: ID!) { updateDependency(systemId: $s, fromKey: "sensors", toKey: "parking", weight: 0.1) { id } }`, { s: systemId }],
      [`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "city") { totalRows } }`, { s: systemId }],
      [`query($s: ID!) { registryChanges(systemId: $s) { id } }`, { s: systemId }],
      [`query($s: ID!) { alertRules(systemId: $s) { id } }`, { s: systemId }],
    ];
    for (const [q, v] of calls) expectError(await app.gql(q, v, boundKey), "NOT_FOUND");
    // Its own system it may change.
    ok(await app.gql(`mutation($id: ID!) { updateModel(id: $id, version: "7") { id } }`, { id: ids.foreign }, boundKey));
  });

  it.skipIf(skip)("every change is in the history, newest first, with its actor; paged with `before`", async () => {
    ok(await app.gql(`mutation($m: ID!) { setForbiddenFeatures(modelId: $m, features: [{ name: "country", maxShare: 0.2 }]) { name } }`, { m: ids.traffic }));
    const [configured] = ok(await app.gql(HISTORY, { s: systemId, limit: 1 })).registryChanges;
    expect(configured).toMatchObject({ kind: "MODEL_CONFIGURED", modelId: ids.traffic, details: { setting: "forbidden features", value: [{ name: "country", maxShare: 0.2 }] } });
    const all = ok(await app.gql(HISTORY, { s: systemId, limit: 500 })).registryChanges;
    const kinds = all.map((c: any) => c.kind).reverse();
    expect(kinds.slice(0, 8)).toEqual(["SYSTEM_CREATED", "MODEL_REGISTERED", "MODEL_REGISTERED", "MODEL_REGISTERED", "MODEL_REGISTERED", "DEPENDENCY_ADDED", "DEPENDENCY_ADDED", "DEPENDENCY_ADDED"]);
    for (const kind of ["MODEL_UPDATED", "DEPENDENCY_UPDATED", "DEPENDENCY_REMOVED", "MODEL_RETIRED", "ALERT_RULE_CREATED", "ALERT_RULE_UPDATED", "ALERT_RULE_DELETED"]) expect(kinds).toContain(kind);
    // Refused changes left no record.
    expect(kinds.filter((k: string) => k === "MODEL_RETIRED")).toHaveLength(1);
    expect(new Set(all.map((c: any) => c.actorKeyId)).size).toBe(1);
    const page = ok(await app.gql(HISTORY, { s: systemId, limit: 3, before: all[2].id })).registryChanges;
    expect(page.map((c: any) => c.id)).toEqual(all.slice(3, 6).map((c: any) => c.id));
    expectError(await app.gql(HISTORY, { s: systemId, limit: 0 }), "BAD_USER_INPUT", "limit");
  });

  it.skipIf(skip)("deleteSystem: a wrong confirmation changes nothing; then the system and everything of it are gone, the other system untouched, the record stays", async () => {
    expectError(await app.gql(`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "City") { totalRows } }`, { s: systemId }), "BAD_USER_INPUT", "confirmName");
    const cityKey = ok(await app.gql(`mutation($s: ID) { createApiKey(systemId: $s, scopes: [READ]) { key } }`, { s: systemId })).createApiKey.key;
    const before = await rowsOf(app, `SELECT count(*)::int AS n FROM predictions WHERE system_id = $1`, [otherSystemId]);
    const d = ok(await app.gql(`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "city") { systemId name totalRows deleted { table rows } } }`, { s: systemId })).deleteSystem;
    expect(d).toMatchObject({ systemId, name: "city" });
    expect(d.deleted.find((x: any) => x.table === "models").rows).toBe(4);
    expect(d.deleted.find((x: any) => x.table === "predictions").rows).toBe(1);
    expect(ok(await app.gql(`query($s: ID!) { system(id: $s) { id } }`, { s: systemId })).system).toBeNull();
    expect(ok(await app.gql(`query { systems { name } }`)).systems.map((s: any) => s.name)).toEqual(["other"]);
    expect(ok(await app.gql(`query($id: ID!) { model(id: $id) { id } }`, { id: ids.traffic })).model).toBeNull();
    // No table holds a row of it, whatever column names it.
    expect(await tablesHolding(app, systemId, Object.values(ids).filter((id) => id !== ids.foreign))).toEqual(["registry_changes"]);
    const record = ok(await app.gql(HISTORY, { s: systemId })).registryChanges;
    expect(record.map((c: any) => c.kind)).toEqual(["SYSTEM_DELETED"]);
    expect(record[0].summary).toContain("city");
    // Its bound key is gone with it; the other system is untouched.
    expect((await app.gql(`query { systems { id } }`, {}, cityKey)).errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|NOT_FOUND/);
    expect(await rowsOf(app, `SELECT count(*)::int AS n FROM predictions WHERE system_id = $1`, [otherSystemId])).toEqual(before);
    expect(ok(await app.gql(`query($s: ID!) { system(id: $s) { models { key } } }`, { s: otherSystemId })).system.models).toEqual([{ key: "foreign" }]);
  });
});

/** Runs SQL on the app's database (its own pool: PGlite has one connection). */
function rowsOf(app: TestApp, sql: string, params: unknown[]): Promise<any[]> {
  return app.db.dataSource.query(sql, params);
}

/** Tables with any row whose uuid column holds the system's or its models' ids. */
async function tablesHolding(app: TestApp, systemId: string, modelIds: string[]): Promise<string[]> {
  const columns = await rowsOf(app, `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'uuid'`, []);
  const found = new Set<string>();
  for (const { t, c } of columns) {
    const rows = await rowsOf(app, `SELECT count(*)::int AS n FROM ${t} WHERE ${c} = ANY($1::uuid[])`, [[systemId, ...modelIds]]);
    if (rows[0].n > 0) found.add(t);
  }
  return [...found].sort();
}
