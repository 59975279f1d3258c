// The evaluator: alert rules fire in exactly the windows where they hold, verdicts are stored once
// per window (also with two API processes on one database), and health(at:) returns the stored one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../api/src/app.js";
import { count, freshDatabase, newKey, seedSystem, startTestApp, withClient, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = new Date(T0 + 48 * HOUR);
let app: TestApp;

const HEALTH = `query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) { status score stored windowStart windowEnd
  models { model { key } status anomalyScore signals { kind name value threshold breached } } } }`;
const EVALUATE = `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status score stored windowStart models { model { key } status anomalyScore signals { kind name value threshold breached } } } }`;

beforeAll(async () => {
  app = await startTestApp({ now: () => NOW, multivariateDrift: false });
});
afterAll(() => app?.close());

describe("alert rules", () => {
  it("ctr < 0.10 fires in exactly the windows where the ingested CTR is below 0.10", async () => {
    const { systemId, modelIds } = await seedSystem(app, "shop", [{ key: "recommender", task: "REGRESSION", features: [] }]);
    const ctr = [0.12, 0.08, 0.15, 0.09, 0.1, 0.11, 0.099];
    const points = ctr.flatMap((v, h) => [0, 20, 40].map((m) => ({ name: "ctr", timestamp: iso(T0 + h * HOUR + m * 60_000), value: v })));
    const ing = await app.gql(`mutation($m: ID!, $p: [MetricPointInput!]!) { ingestMetrics(modelId: $m, points: $p) { accepted } }`, { m: modelIds.recommender, p: points });
    expect(ing.data.ingestMetrics.accepted).toBe(points.length);
    const rule = await app.gql(`mutation($m: ID!) { createAlertRule(modelId: $m, metric: "ctr", operator: "<", threshold: 0.1) { id metric operator threshold model { key } } }`, { m: modelIds.recommender });
    expect(rule.data.createAlertRule).toMatchObject({ metric: "ctr", operator: "<", threshold: 0.1, model: { key: "recommender" } });
    const fired: number[] = [];
    for (let h = 0; h < ctr.length; h += 1) {
      const r = await app.gql(EVALUATE, { s: systemId, at: iso(T0 + (h + 1) * HOUR) });
      expect(r.errors).toBeUndefined();
      const model = r.data.evaluate.models[0];
      const signal = model.signals.find((s: { name: string }) => s.name === "ctr < 0.1");
      expect(signal.value).toBeCloseTo(ctr[h]!, 12);
      if (signal.breached) fired.push(h);
      expect(model.status).toBe(signal.breached ? "DEGRADED" : "HEALTHY");
    }
    expect(fired).toEqual([1, 3, 6]);
    const alerts = await app.db.dataSource.query(`SELECT window_start, value, message FROM alerts WHERE system_id = $1 ORDER BY window_start`, [systemId]);
    expect(alerts.map((a: { window_start: Date }) => (a.window_start.getTime() - T0) / HOUR)).toEqual([1, 3, 6]);
    expect(alerts[0].message).toMatch(/^recommender: ctr = 0\.08 < 0\.1 in the window 2026-01-05T01:00:00\.000Z/);
  });

  it("refuses bad rules naming the field", async () => {
    const { modelIds } = await seedSystem(app, "rules", [{ key: "m", features: [] }]);
    for (const [args, message] of [
      [`metric: "ctr", operator: "=<", threshold: 1`, /^operator: expected one of < <= > >=/],
      [`metric: "bad name", operator: "<", threshold: 1`, /^metric: expected a metric name/],
    ] as const) {
      const r = await app.gql(`mutation($m: ID!) { createAlertRule(modelId: $m, ${args}) { id } }`, { m: modelIds.m });
      expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(r.errors?.[0]?.message).toMatch(message);
    }
  });
});

describe("performance in health", () => {
  let systemId: string;
  let modelId: string;

  beforeAll(async () => {
    ({ systemId, modelIds: { fraud: modelId } } = (await seedSystem(app, "risk", [{ key: "fraud", task: "BINARY_CLASSIFICATION", features: [{ name: "amount", kind: "NUMERIC" }] }])) as never);
    const random = seededRandom(5);
    // Hour 0 (the reference): labelled, the model is right 95% of the time. Hour 1: labelled, right 60%. Hour 2: no labels.
    for (const [hour, correct, labelled] of [[0, 0.95, true], [1, 0.6, true], [2, 0.95, false]] as const) {
      const preds = Array.from({ length: 400 }, (_, i) => {
        const y = random() < 0.5 ? 1 : 0;
        const right = random() < correct;
        const score = right === (y === 1) ? 0.75 + 0.2 * random() : 0.05 + 0.2 * random();
        return { id: `h${hour}-${i}`, timestamp: iso(T0 + hour * HOUR + i * 1000), features: { amount: random() }, score, y };
      });
      await app.post(`/v1/models/${modelId}/predictions`, preds.map(({ y: _y, ...p }) => JSON.stringify(p)).join("\n"));
      if (labelled) await app.post(`/v1/models/${modelId}/labels`, preds.map((p) => JSON.stringify({ predictionId: p.id, timestamp: p.timestamp, value: p.y })).join("\n"));
    }
  });

  it("compares realized accuracy with the reference's and fails a model that lost it", async () => {
    const good = (await app.gql(EVALUATE, { s: systemId, at: iso(T0 + HOUR) })).data.evaluate.models[0];
    expect(good.signals.find((s: { kind: string; name: string }) => s.kind === "performance" && s.name === "accuracy")).toMatchObject({ breached: false });
    const bad = (await app.gql(EVALUATE, { s: systemId, at: iso(T0 + 2 * HOUR) })).data.evaluate.models[0];
    const acc = bad.signals.find((s: { kind: string; name: string }) => s.kind === "performance" && s.name === "accuracy");
    expect(acc.breached).toBe(true);
    expect(acc.value).toBeLessThan(0.7);
    expect(acc.threshold).toBeGreaterThan(0.8);
    expect(["DEGRADED", "FAILING"]).toContain(bad.status);
  });

  it("estimates accuracy for a window without labels from the reference's calibration", async () => {
    const r = (await app.gql(EVALUATE, { s: systemId, at: iso(T0 + 3 * HOUR) })).data.evaluate.models[0];
    const est = r.signals.find((s: { kind: string }) => s.kind === "estimated_performance");
    expect(est.name).toBe("accuracy");
    expect(est.value).toBeGreaterThan(0.85);
    expect(est.breached).toBe(false);
  });

  it("returns the stored verdict for a past window, even after more data arrived", async () => {
    const before = (await app.gql(HEALTH, { s: systemId, at: iso(T0 + 2 * HOUR) })).data.systemHealth;
    expect(before.stored).toBe(true);
    await app.post(`/v1/models/${modelId}/predictions`, JSON.stringify({ id: "late", timestamp: iso(T0 + HOUR + 5), features: { amount: 1 }, score: 0.9 }));
    const after = (await app.gql(HEALTH, { s: systemId, at: iso(T0 + 2 * HOUR) })).data.systemHealth;
    expect(after).toEqual(before);
    const unknown = (await app.gql(HEALTH, { s: systemId, at: iso(T0 + 30 * HOUR) })).data.systemHealth;
    expect(unknown).toMatchObject({ stored: false, status: "UNKNOWN" });
    const viaField = await app.gql(`query($s: ID!, $at: DateTime) { system(id: $s) { health(at: $at) { status } models { health(at: $at) { status anomalyScore } } } }`, { s: systemId, at: iso(T0 + 2 * HOUR) });
    expect(viaField.data.system.health.status).toBe(before.status);
    expect(viaField.data.system.models[0].health.anomalyScore).toBeCloseTo(before.models[0].anomalyScore, 12);
  });
});

describe("forecast in health", () => {
  it("raises a forecast signal before a slowly degrading metric breaches its threshold", async () => {
    const { systemId, modelIds } = await seedSystem(app, "eta", [{ key: "eta", task: "REGRESSION", features: [{ name: "distance", kind: "NUMERIC" }] }]);
    // RMSE grows by 1% a window from 1.0: the threshold (reference × 1.1) is crossed at window 10.
    for (let h = 0; h < 8; h += 1) {
      const err = 1 + 0.01 * h;
      const preds = Array.from({ length: 120 }, (_, i) => ({ id: `e${h}-${i}`, timestamp: iso(T0 + h * HOUR + i * 1000), features: { distance: i }, score: 10 + (i % 7) }));
      await app.post(`/v1/models/${modelIds.eta}/predictions`, preds.map((p) => JSON.stringify(p)).join("\n"));
      await app.post(`/v1/models/${modelIds.eta}/labels`, preds.map((p, i) => JSON.stringify({ predictionId: p.id, timestamp: p.timestamp, value: p.score + (i % 2 ? err : -err) })).join("\n"));
    }
    let last: any;
    for (let h = 0; h < 8; h += 1) last = (await app.gql(EVALUATE, { s: systemId, at: iso(T0 + (h + 1) * HOUR) })).data.evaluate.models[0];
    const rmse = last.signals.find((x: { kind: string; name: string }) => x.kind === "performance" && x.name === "rmse");
    expect(rmse.value).toBeCloseTo(1.07, 9);
    expect(rmse.breached).toBe(false);
    const forecast = last.signals.find((x: { kind: string }) => x.kind === "forecast");
    expect(forecast.name).toBe("rmse breach in windows");
    expect(forecast.breached).toBe(true);
    expect(forecast.value).toBeGreaterThanOrEqual(2);
    expect(forecast.value).toBeLessThanOrEqual(4);
  });
});

describe("performance and forecast", () => {
  it("gives realized points where labels exist and estimated ones where they do not", async () => {
    const sys = (await app.gql(`{ systems { id name models { id key } } }`)).data.systems.find((x: { name: string }) => x.name === "risk");
    const modelId = sys.models[0].id;
    const r = await app.gql(`query($m: ID!, $f: DateTime!, $t: DateTime!) { performance(modelId: $m, metric: "accuracy", from: $f, to: $t) { windowStart value estimated count lower upper } }`, { m: modelId, f: iso(T0), t: iso(T0 + 3 * HOUR) });
    expect(r.errors).toBeUndefined();
    const points = r.data.performance;
    expect(points.map((p: { estimated: boolean }) => p.estimated)).toEqual([false, false, true]);
    expect(points[0].value).toBeGreaterThan(0.9);
    expect(points[1].value).toBeLessThan(0.7);
    expect(points[2].lower).toBeLessThan(points[2].value);
    expect(points[2].upper).toBeGreaterThan(points[2].value);
  });

  it("forecasts when a decaying metric crosses its threshold, and nothing for a flat one", async () => {
    const { modelIds } = await seedSystem(app, "ads", [{ key: "decaying", task: "REGRESSION", features: [] }, { key: "flat", task: "REGRESSION", features: [] }]);
    const random = seededRandom(3);
    const decay = Array.from({ length: 20 }, (_, h) => ({ name: "ctr", timestamp: iso(T0 + h * HOUR + 600_000), value: 0.2 - 0.004 * h + (random() - 0.5) * 0.002 }));
    const flat = Array.from({ length: 30 }, (_, h) => ({ name: "ctr", timestamp: iso(T0 + h * HOUR + 600_000), value: 0.2 + (random() - 0.5) * 0.002 }));
    const ingest = `mutation($m: ID!, $p: [MetricPointInput!]!) { ingestMetrics(modelId: $m, points: $p) { accepted } }`;
    await app.gql(ingest, { m: modelIds.decaying, p: decay });
    await app.gql(ingest, { m: modelIds.flat, p: flat });
    const q = `query($m: ID!) { forecast(modelId: $m, metric: "ctr", threshold: 0.1, horizonSeconds: 172800) { expectedBreachAt direction reason points { value forecast } } }`;
    const d = (await app.gql(q, { m: modelIds.decaying })).data.forecast;
    // 0.2 − 0.004·h reaches 0.1 at h = 25: the window [25h, 26h) ends at T0 + 26h.
    const breach = Date.parse(d.expectedBreachAt);
    expect(Math.abs(breach - (T0 + 26 * HOUR))).toBeLessThanOrEqual(HOUR);
    expect(d.direction).toBe("below");
    expect(d.points.filter((p: { forecast: boolean }) => !p.forecast)).toHaveLength(20);
    expect(d.reason).toBeNull();
    const f = (await app.gql(q, { m: modelIds.flat })).data.forecast;
    expect(f.expectedBreachAt).toBeNull();
  });
});

describe.skipIf(!process.env.DATABASE_URL)("two API processes on one database", () => {
  it("store each closed window exactly once", async () => {
    const db = (await freshDatabase())!;
    const now = () => new Date(T0 + 10 * HOUR + 60_000);
    const keyA = newKey();
    const a = await startApp({ databaseUrl: db.url, embeddedDataDir: undefined, port: 0, host: "127.0.0.1", maxBodyBytes: 1 << 26, adminKey: keyA, now, multivariateDrift: false, log: () => undefined });
    const b = await startApp({ databaseUrl: db.url, embeddedDataDir: undefined, port: 0, host: "127.0.0.1", maxBodyBytes: 1 << 26, adminKey: keyA, now, multivariateDrift: false, log: () => undefined });
    try {
      const client = withClient(a, keyA, db.url, async () => undefined);
      for (let s = 0; s < 4; s += 1) {
        const { modelIds } = await seedSystem(client, `sys-${s}`, [{ key: "m", task: "REGRESSION", features: [] }]);
        await client.gql(`mutation($m: ID!, $p: [MetricPointInput!]!) { ingestMetrics(modelId: $m, points: $p) { accepted } }`, {
          m: modelIds.m, p: [{ name: "ctr", timestamp: iso(T0 + 9 * HOUR + 60_000), value: 0.2 }],
        });
      }
      const results = await Promise.all([a, b, a, b].map((app_) => app_.services.health.evaluateClosedWindows()));
      // Each window was computed and stored by exactly one of the four concurrent evaluator runs.
      expect(results.reduce((x, y) => x + y, 0)).toBe(4);
      expect(await count(a, `SELECT count(*) FROM evaluation_claims`)).toBe(4);
      expect(await count(a, `SELECT count(*) FROM system_health`)).toBe(4);
      expect(await count(a, `SELECT count(*) FROM system_health WHERE window_start = $1`, [new Date(T0 + 9 * HOUR)])).toBe(4);
      expect(await Promise.all([a, b].map((x) => x.services.health.evaluateClosedWindows()))).toEqual([0, 0]);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
