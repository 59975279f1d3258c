// No raw value of a PII feature or of a PROFILE_ONLY model comes back out (docs/privacy.md).
// Unique marker values are planted in every row: categorical PII (a RAW model and a profile-only
// one), numeric PII, and the features a profile-only model does not keep. Then EVERY field of the
// GraphQL Query type is called (built from the schema's introspection, every argument bound to both
// models, every field without required arguments selected 4 levels deep), the bulk endpoints, the
// retraining export, the profile endpoints, and every table of the database are searched:
//   - categorical markers: in no response and in no table (window profiles hold their keyed hash);
//   - numeric markers: in no response and in no table but the two holding profiles
//     (window_profiles, profile_reference_bins), whose quantile sketches, min/max and cut points
//     hold a bounded number of individual values unlinked to any prediction — the profile itself;
//     reads withhold them for these features.
// Also: what stays works — the profile-only model's drift report (PROFILE path) and the RAW model's
// health; what needs raw rows says so (BAD_USER_INPUT naming the model).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOTH_DATABASES, gqlData, seedSystem, startTestAppOn, type TestApp } from "../support/test-app.js";
import { everyQuery, found, tableTexts } from "./privacy-support.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const ROWS = 300;

const CATEGORICAL = (i: number) => [`PATIENT-7f3a-${i}`, `DIAG-9c1e-${i}`, `SSN-4b2d-${i}`];
const NUMERIC = (i: number) => [880_000 + i + 0.375, 640_000 + i + 0.625];
const categoricalMarkers = Array.from({ length: 3 * ROWS }, (_, i) => CATEGORICAL(i)).flat();
const numericMarkers = Array.from({ length: 3 * ROWS }, (_, i) => NUMERIC(i).map(String)).flat();
const PROFILE_TABLES = new Set(["window_profiles", "profile_reference_bins"]);

describe.each(BOTH_DATABASES)("privacy markers on $where", ({ where, skip }) => {
  let app: TestApp;
  let systemId: string;
  let openId: string;
  let closedId: string;
  const responses: Array<{ what: string; text: string }> = [];
  const record = (what: string, body: unknown) => responses.push({ what, text: typeof body === "string" ? body : JSON.stringify(body) });

  beforeAll(async () => {
    if (skip) return;
    app = await startTestAppOn(where, { now: () => new Date(T0 + 5 * HOUR), multivariateDrift: false });
    ({ systemId, modelIds: { open: openId, closed: closedId } } = (await seedSystem(app, "clinic", [
      { key: "open", features: [{ name: "patient", kind: "CATEGORICAL" }, { name: "salary", kind: "NUMERIC" }, { name: "age", kind: "NUMERIC" }, { name: "city", kind: "CATEGORICAL" }] },
      { key: "closed", features: [{ name: "diagnosis", kind: "CATEGORICAL" }, { name: "weight", kind: "NUMERIC" }, { name: "zip", kind: "CATEGORICAL" }, { name: "ssn", kind: "CATEGORICAL" }] },
    ])) as never);
    record("setModelPrivacy open", await gqlData(app, `mutation($m: ID!) { setModelPrivacy(modelId: $m, piiFeatures: ["patient", "salary"]) { mode piiFeatures } }`, { m: openId }));
    record("setModelPrivacy closed", await gqlData(app, `mutation($m: ID!) { setModelPrivacy(modelId: $m, mode: PROFILE_ONLY, retainedFeatures: ["zip", "ssn"], piiFeatures: ["ssn"]) { mode retainedFeatures piiFeatures } }`, { m: closedId }));
    for (let w = 0; w < 3; w++) {
      const open = [];
      const closed = [];
      for (let k = 0; k < ROWS; k++) {
        const i = w * ROWS + k;
        const ts = iso(T0 + (w + 1) * HOUR + k * 1000);
        const [patient, diagnosis, ssn] = CATEGORICAL(i);
        const [salary, weight] = NUMERIC(i);
        open.push({ id: `o-${i}`, timestamp: ts, features: { patient, salary, age: 20 + (k % 50), city: ["Lyon", "Nice"][k % 2] }, score: (k % 10) / 10 });
        closed.push({ id: `c-${i}`, timestamp: ts, features: { diagnosis, weight, zip: ["75001", "69002"][k % 2], ssn }, score: (k % 7) / 7 });
      }
      const half = ROWS / 2;
      record("bulk open", (await app.post(`/v1/models/${openId}/predictions`, open.slice(0, half).map((x) => JSON.stringify(x)).join("\n"))).json);
      record("graphql open", await gqlData(app, `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted errors { index message } } }`, { m: openId, e: open.slice(half) }));
      record("bulk closed", (await app.post(`/v1/models/${closedId}/predictions`, closed.map((x) => JSON.stringify(x)).join("\n"))).json);
      const labels = open.map((o, k) => ({ predictionId: o.id, timestamp: o.timestamp, value: k % 2 }));
      record("labels", (await app.post(`/v1/models/${openId}/labels`, labels.map((x) => JSON.stringify(x)).join("\n"))).json);
      record("evaluate", await gqlData(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: iso(T0 + (w + 2) * HOUR) }));
    }
  }, 300_000);
  afterAll(() => app?.close());

  it.skipIf(skip)("stored rows: PII categories hashed, numeric PII and profile-only features absent", async () => {
    const open: Array<{ f: Record<string, unknown> }> = await app.db.dataSource.query(`SELECT features AS f FROM predictions WHERE model_id = $1`, [openId]);
    expect(open).toHaveLength(3 * ROWS);
    expect(open.every((r) => typeof r.f.patient === "string" && /^hmac:[0-9a-f]{32}$/.test(r.f.patient as string) && !("salary" in r.f) && typeof r.f.age === "number")).toBe(true);
    const closed: Array<{ f: Record<string, unknown> }> = await app.db.dataSource.query(`SELECT features AS f FROM predictions WHERE model_id = $1`, [closedId]);
    expect(closed.every((r) => Object.keys(r.f).sort().join() === "ssn,zip" && /^hmac:/.test(r.f.ssn as string))).toBe(true);
  });

  it.skipIf(skip)("every GraphQL query, the endpoints and every table: no marker", async () => {
    const window = { from: iso(T0 + 2 * HOUR), to: iso(T0 + 3 * HOUR) };
    const { plans, skipped } = await everyQuery(app, (arg, type) => {
      if (arg === "modelId" || (arg === "id" && type === "ID!")) return [openId, closedId];
      if (arg === "id") return ["o-5", "c-5"];
      if (arg === "systemId") return [systemId];
      if (arg === "key") return ["open", "closed"];
      if (type.startsWith("WindowInput")) return arg === "reference" ? undefined : [window];
      if (type.startsWith("DateTime")) return arg === "from" ? [iso(T0)] : [iso(T0 + 4 * HOUR)];
      if (arg === "metric") return ["accuracy"];
      if (arg === "horizonSeconds") return [3600];
      if (arg === "threshold") return [0.5];
      if (arg === "windows") return [3];
      return undefined;
    });
    expect(skipped).toEqual([]);
    for (const p of plans) record(`query ${p.field} ${JSON.stringify(p.variables)}`, await app.gql(p.query, p.variables));
    expect(plans.length).toBeGreaterThan(40);
    // A feature that needs raw rows says so for the profile-only model.
    const explained = await app.gql(`query($m: ID!) { prediction(modelId: $m, id: "c-5") { id } }`, { m: closedId });
    expect(explained.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(explained.errors?.[0]?.message).toMatch(/PROFILE_ONLY/);
    const drift = await gqlData(app, `query($m: ID!, $c: WindowInput!) { driftReport(modelId: $m, current: $c) { path features { feature skipped } } }`, { m: closedId, c: window });
    expect(drift.driftReport.path).toBe("PROFILE");
    expect(drift.driftReport.features.every((f: { skipped: string | null }) => f.skipped === null)).toBe(true);
    for (const [model, format] of [[openId, "jsonl"], [openId, "csv"], [closedId, "jsonl"]] as const) {
      const res = await fetch(`${app.url}/v1/models/${model}/retraining/export?format=${format}`, { headers: { authorization: `Bearer ${app.adminKey}` } });
      const text = await res.text();
      if (model === closedId) expect([res.status, text]).toEqual([400, expect.stringMatching(/PROFILE_ONLY/)]);
      record(`export ${model} ${format}`, text);
    }
    for (const model of [openId, closedId]) {
      const res = await fetch(`${app.url}/v1/models/${model}/profiles/bins`, { headers: { authorization: `Bearer ${app.adminKey}` } });
      record(`profile bins ${model}`, await res.text());
    }
    // Controls: the search sees what is there — a RAW feature's category, the keyed hashes, the
    // queries answered data (most without errors).
    expect(responses.some((r) => r.what.startsWith("query") && r.text.includes('"Lyon"'))).toBe(true);
    expect(responses.some((r) => r.what.startsWith("query") && r.text.includes('"hmac:'))).toBe(true);
    const answered = responses.filter((r) => r.what.startsWith("query") && !r.text.includes('"errors"')).length;
    expect(answered).toBeGreaterThan(0.7 * plans.length);
    for (const r of responses) {
      expect(found(r.text, categoricalMarkers), r.what).toEqual([]);
      expect(found(r.text, numericMarkers), r.what).toEqual([]);
    }
    const tables = await tableTexts(app);
    expect(tables.get("predictions")).toContain('"Lyon"');
    expect(found(tables.get("window_profiles")!, ["hmac:"])).toEqual(["hmac:"]);
    for (const [table, text] of tables) {
      expect(found(text, categoricalMarkers), table).toEqual([]);
      if (!PROFILE_TABLES.has(table)) expect(found(text, numericMarkers), table).toEqual([]);
    }
    console.log(`${where}: ${plans.length} GraphQL queries (${answered} without errors), ${responses.length} responses and every table searched for ${categoricalMarkers.length + numericMarkers.length} markers`);
  }, 300_000);
});
