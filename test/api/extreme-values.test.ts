// No value can blind monitoring (issue #11 point 4), through the public API on a real server:
// numbers at the ingestion bound (|x| = 1e15, MAX_ABS_VALUE) are accepted, numbers beyond it are
// rejected item by item with a message naming the field (the other items of the batch are stored),
// on the GraphQL and the NDJSON paths; then driftReport, systemHealth, evaluate, performance and
// forecast of the model answer without errors and with finite numbers only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ABS_VALUE } from "../../api/src/services/ingest/validate-values.js";
import { count, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = new Date(T0 + 48 * HOUR);
const B = MAX_ABS_VALUE;
const HUGE = 1.7e308;
const bound = (path: string, got: string) => `${path}: expected a finite number with |x| ≤ 1e15, got ${got}`;

let app: TestApp;
let systemId: string;
let reg: string;
let clf: string;

const PREDICT = `mutation($m: ID!, $p: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $p) { accepted rejected errors { index message } } }`;
const LABEL = `mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted rejected errors { index message } } }`;
const FEEDBACK = `mutation($m: ID!, $f: [FeedbackInput!]!) { ingestFeedback(modelId: $m, feedback: $f) { accepted rejected errors { index message } } }`;
const METRIC = `mutation($m: ID!, $p: [MetricPointInput!]!) { ingestMetrics(modelId: $m, points: $p) { accepted rejected errors { index message } } }`;

/** Every number in a GraphQL answer, with its path. */
function numbers(value: unknown, path = "$", out: Array<[string, number]> = []): Array<[string, number]> {
  if (typeof value === "number") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

function expectFiniteAnswer(r: { data?: unknown; errors?: unknown }): void {
  expect(r.errors).toBeUndefined();
  const all = numbers(r.data);
  expect(all.length).toBeGreaterThan(0);
  const bad = all.filter(([, v]) => !Number.isFinite(v));
  expect(bad).toEqual([]);
}

/** A value at the bound for some rows, tiny for others, ordinary for the rest. */
function extreme(i: number, hour: number): number {
  if (i % 7 === 0) return hour % 2 ? -B : B;
  if (i % 11 === 0) return 1e-300;
  return (i % 13) - 6 + hour;
}

function predictions(hour: number, n: number, model: "reg" | "clf") {
  return Array.from({ length: n }, (_, i) => ({
    id: `h${hour}-${i}`,
    timestamp: iso(T0 + hour * HOUR + i * 10_000),
    features: { speed: extreme(i, hour), size: i % 3 === 0 ? -B : B, country: i % 2 ? "FR" : "DE" },
    score: model === "clf" ? (i % 10) / 10 : i % 5 === 0 ? (hour % 2 ? B : -B) : extreme(i + 1, hour),
  }));
}

beforeAll(async () => {
  app = await startTestApp({ now: () => NOW, multivariateDrift: false });
  const features = [{ name: "speed", kind: "NUMERIC" }, { name: "size", kind: "NUMERIC" }, { name: "country", kind: "CATEGORICAL" }];
  const seeded = await seedSystem(app, "extreme", [{ key: "reg", task: "REGRESSION", features }, { key: "clf", task: "BINARY_CLASSIFICATION", features }]);
  systemId = seeded.systemId;
  reg = seeded.modelIds.reg!;
  clf = seeded.modelIds.clf!;
});
afterAll(() => app?.close());

describe("ingestion: the bound is accepted, beyond it each item is rejected naming the field", () => {
  it("GraphQL: predictions, labels, feedback and metrics", async () => {
    const preds = predictions(0, 150, "reg");
    preds.push({ ...preds[0]!, id: "bad-feature", features: { speed: HUGE, size: 1, country: "FR" } });
    preds.push({ ...preds[0]!, id: "bad-score", score: -HUGE });
    preds.push({ ...preds[0]!, id: "just-beyond", features: { speed: 1.0000000000000002e15, size: 1, country: "FR" } });
    const p = await app.gql(PREDICT, { m: reg, p: preds });
    expect(p.errors).toBeUndefined();
    expect(p.data.ingestPredictions).toEqual({
      accepted: 150, rejected: 3,
      errors: [
        { index: 150, message: bound("features.speed", "1.7e308") },
        { index: 151, message: bound("score", "-1.7e308") },
        { index: 152, message: bound("features.speed", "1000000000000000.2") },
      ],
    });
    const labels = preds.slice(0, 150).map((x, i) => ({ predictionId: x.id, timestamp: x.timestamp, value: i % 4 === 0 ? -B : i % 9 === 0 ? 1e-300 : extreme(i + 3, 0) }));
    labels.push({ predictionId: "h0-1", timestamp: preds[1]!.timestamp, value: HUGE });
    const l = await app.gql(LABEL, { m: reg, l: labels });
    expect(l.data.ingestLabels).toEqual({ accepted: 150, rejected: 1, errors: [{ index: 150, message: bound("value", "1.7e308") }] });
    const f = await app.gql(FEEDBACK, { m: reg, f: [{ predictionId: "h0-2", timestamp: preds[2]!.timestamp, value: B }, { predictionId: "h0-3", timestamp: preds[3]!.timestamp, value: -HUGE }] });
    expect(f.data.ingestFeedback).toEqual({ accepted: 1, rejected: 1, errors: [{ index: 1, message: bound("value", "-1.7e308") }] });
    const points = Array.from({ length: 8 }, (_, h) => ({ name: "ctr", timestamp: iso(T0 + h * HOUR + 60_000), value: h % 2 ? B : -B }));
    points.push({ name: "ctr", timestamp: iso(T0 + 30 * 60_000), value: HUGE });
    const m = await app.gql(METRIC, { m: reg, p: points });
    expect(m.data.ingestMetrics).toEqual({ accepted: 8, rejected: 1, errors: [{ index: 8, message: bound("value", "1.7e308") }] });
    expect(await count(app, `SELECT count(*) FROM predictions WHERE model_id = $1`, [reg])).toBe(150);
  });

  it("NDJSON bulk: the same bound and messages", async () => {
    const preds = predictions(1, 150, "reg");
    const lines = preds.map((x) => JSON.stringify(x));
    lines.push(JSON.stringify({ ...preds[0], id: "bulk-bad", features: { speed: 1, size: -HUGE, country: "DE" } }));
    const r = await app.post(`/v1/models/${reg}/predictions`, lines.join("\n"));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 150, rejected: 1, errors: [{ index: 150, message: bound("features.size", "-1.7e308") }] });
    const labels = preds.map((x, i) => JSON.stringify({ predictionId: x.id, timestamp: x.timestamp, value: i % 6 === 0 ? B : extreme(i, 1) }));
    labels.push(JSON.stringify({ predictionId: preds[5]!.id, timestamp: preds[5]!.timestamp, value: -HUGE }));
    const l = await app.post(`/v1/models/${reg}/labels`, labels.join("\n"));
    expect(l.json).toMatchObject({ accepted: 150, rejected: 1, errors: [{ index: 150, message: bound("value", "-1.7e308") }] });
    const metrics = await app.post(`/v1/models/${reg}/metrics`, [JSON.stringify({ name: "ctr", timestamp: iso(T0 + 9 * HOUR), value: B }), JSON.stringify({ name: "ctr", timestamp: iso(T0 + 9 * HOUR + 1), value: HUGE })].join("\n"));
    expect(metrics.json).toMatchObject({ accepted: 1, rejected: 1, errors: [{ index: 1, message: bound("value", "1.7e308") }] });
    for (const hour of [0, 1, 2]) {
      const c = predictions(hour, 150, "clf");
      expect((await app.post(`/v1/models/${clf}/predictions`, c.map((x) => JSON.stringify(x)).join("\n"))).json.accepted).toBe(150);
      if (hour < 2) {
        const cl = c.map((x, i) => JSON.stringify({ predictionId: x.id, timestamp: x.timestamp, value: i % 3 === 0 ? 1 : 0 }));
        expect((await app.post(`/v1/models/${clf}/labels`, cl.join("\n"))).json.accepted).toBe(150);
      }
    }
  });
});

describe("analyses of a model with values at the bound answer with finite numbers", () => {
  const window = (h: number) => ({ from: iso(T0 + h * HOUR), to: iso(T0 + (h + 1) * HOUR) });

  it("driftReport", async () => {
    for (const m of [reg, clf]) {
      const r = await app.gql(
        `query($m: ID!, $c: WindowInput!, $r: WindowInput) { driftReport(modelId: $m, current: $c, reference: $r) {
          referenceCount currentCount drifted driftedFeatures
          features { feature statistic pValue adjustedPValue effectSize threshold drifted psi jensenShannon wasserstein
            referenceHistogram { edges counts } currentHistogram { edges counts } missingRateReference missingRateCurrent unseenShare }
          predictionDrift { feature statistic pValue effectSize wasserstein psi jensenShannon }
          signals { kind name value threshold breached } } }`,
        { m, c: window(1), r: window(0) },
      );
      expectFiniteAnswer(r);
      expect(r.data.driftReport.currentCount).toBe(150);
    }
  });

  it("evaluate and systemHealth, window by window", async () => {
    const fields = `status score stored models { model { key } status anomalyScore signals { kind name value threshold breached } }`;
    for (const h of [1, 2, 3]) {
      const e = await app.gql(`mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { ${fields} } }`, { s: systemId, at: iso(T0 + h * HOUR) });
      expectFiniteAnswer(e);
      const s = await app.gql(`query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) { ${fields} } }`, { s: systemId, at: iso(T0 + h * HOUR) });
      expectFiniteAnswer(s);
      expect(s.data.systemHealth.stored).toBe(true);
    }
    const live = await app.gql(`query($s: ID!) { systemHealth(systemId: $s) { ${fields} } }`, { s: systemId });
    expectFiniteAnswer(live);
  });

  it("performance", async () => {
    const query = `query($m: ID!, $k: String!, $f: DateTime!, $t: DateTime!) { performance(modelId: $m, metric: $k, from: $f, to: $t) { windowStart value estimated count lower upper } }`;
    for (const [m, metric] of [[reg, "mae"], [reg, "rmse"], [reg, "mape"], [reg, "ctr"], [clf, "accuracy"], [clf, "log_loss"]] as const) {
      const r = await app.gql(query, { m, k: metric, f: iso(T0), t: iso(T0 + 10 * HOUR) });
      expectFiniteAnswer(r);
    }
    const rmse = await app.gql(query, { m: reg, k: "rmse", f: iso(T0), t: iso(T0 + HOUR) });
    expect(rmse.data.performance[0].value).toBeGreaterThan(1e14);
  });

  it("forecast", async () => {
    for (const [metric, threshold] of [["ctr", 0], ["rmse", 1], ["mae", 1]] as const) {
      const r = await app.gql(`query($m: ID!, $k: String!, $t: Float!) { forecast(modelId: $m, metric: $k, threshold: $t, horizonSeconds: 172800) { expectedBreachAt direction reason points { value lower upper forecast } } }`, { m: reg, k: metric, t: threshold });
      expect(r.errors).toBeUndefined();
      expect(numbers(r.data).filter(([, v]) => !Number.isFinite(v))).toEqual([]);
    }
  });
});
