// Each item is validated on its own; valid items are stored, invalid ones reported with a reason
// naming the field, and nothing invalid is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES, count, prediction, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";

let app: TestApp;
let modelId: string;
let regressionId: string;
let multiclassId: string;

const INGEST = `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates rejected errors { index message } } }`;
const LABELS = `mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted duplicates rejected errors { index message } } }`;
const FEEDBACK = `mutation($m: ID!, $f: [FeedbackInput!]!) { ingestFeedback(modelId: $m, feedback: $f) { accepted duplicates rejected errors { index message } } }`;
const METRICS = `mutation($m: ID!, $p: [MetricPointInput!]!) { ingestMetrics(modelId: $m, points: $p) { accepted duplicates rejected errors { index message } } }`;

beforeAll(async () => {
  app = await startTestApp();
  const s = await seedSystem(app, "validation", [
    { key: "fraud", features: FEATURES },
    { key: "price", task: "REGRESSION", features: FEATURES },
    { key: "genre", task: "MULTICLASS_CLASSIFICATION", features: FEATURES },
  ]);
  modelId = s.modelIds.fraud!;
  regressionId = s.modelIds.price!;
  multiclassId = s.modelIds.genre!;
});
afterAll(() => app?.close());

describe("prediction validation over GraphQL", () => {
  const cases: Array<{ name: string; item: Record<string, unknown>; message: string }> = [
    { name: "NaN as a string", item: prediction(1, { features: { speed: "NaN" } }), message: 'features.speed: expected a finite number, got "NaN"' },
    { name: "Infinity as a string", item: prediction(2, { features: { speed: "Infinity" } }), message: 'features.speed: expected a finite number, got "Infinity"' },
    { name: "wrong type (boolean)", item: prediction(3, { features: { speed: true } }), message: "features.speed: expected a finite number, got true" },
    { name: "number for a category", item: prediction(4, { features: { country: 33 } }), message: "features.country: expected a string, got 33" },
    { name: "undeclared feature", item: prediction(5, { features: { speed: 1, colour: "red" } }), message: "features.colour: not a feature of model 'fraud' (declared: speed, country)" },
    { name: "over-long category", item: prediction(6, { features: { country: "x".repeat(257) } }), message: "features.country: expected at most 256 characters, got 257" },
    { name: "features not an object", item: prediction(7, { features: [1, 2] }), message: "features: expected an object {featureName: value}, got an array" },
    { name: "binary score out of range", item: prediction(8, { score: 1.5 }), message: "score: expected P(positive) in [0, 1] for a binary classifier, got 1.5" },
    { name: "empty id", item: prediction(9, { id: "" }), message: "id: must not be empty" },
    { name: "timestamp far in the future", item: prediction(10, { timestamp: "2999-01-01T00:00:00Z" }), message: "timestamp: 2999-01-01T00:00:00.000Z is more than 24 hours in the future" },
  ];

  it.each(cases)("rejects $name with a reason naming the field", async ({ item, message }) => {
    const r = await app.gql(INGEST, { m: modelId, e: [prediction(1000), item] });
    expect(r.errors).toBeUndefined();
    const res = r.data.ingestPredictions;
    expect(res.rejected).toBe(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].index).toBe(1);
    expect(res.errors[0].message).toContain(message);
  });

  it("stores the valid items of a mixed batch and none of the invalid ones", async () => {
    const items = [prediction(2001), prediction(2002, { features: { speed: "fast" } }), prediction(2003), prediction(2004, { score: -1 })];
    const r = await app.gql(INGEST, { m: modelId, e: items });
    expect(r.data.ingestPredictions).toMatchObject({ accepted: 2, rejected: 2 });
    expect(r.data.ingestPredictions.errors.map((e: { index: number }) => e.index)).toEqual([1, 3]);
    expect(await count(app, `SELECT count(*) FROM predictions WHERE model_id = $1 AND prediction_id = ANY($2)`, [modelId, ["p-2001", "p-2002", "p-2003", "p-2004"]])).toBe(2);
    const stored = await app.db.dataSource.query(`SELECT features, score FROM predictions WHERE model_id = $1 AND prediction_id = 'p-2003'`, [modelId]);
    expect(stored[0]).toEqual({ features: { speed: 3, country: "DE" }, score: 0.3 });
  });

  it("stores awkward text exactly (tabs, newlines, backslashes, quotes, \\N, emoji) on every write path", async () => {
    const awkward = ["tab\there", "line\nbreak\r\n", "back\\slash \\N", 'quote " and \\"', "ünïcødé 🚗", "\\", "NULL"];
    const items = awkward.map((text, k) => prediction(2300 + k, { id: `awk\t${k}\\${text}`, features: { speed: k, country: text }, segment: text }));
    const first = await app.gql(INGEST, { m: modelId, e: items });
    expect(first.data.ingestPredictions).toMatchObject({ accepted: awkward.length, rejected: 0 });
    // A resend mixing old and new ids takes the idempotent path; it must agree byte for byte.
    const again = await app.gql(INGEST, { m: modelId, e: [...items, prediction(2399, { id: "awk-new", features: { country: awkward[2] } })] });
    expect(again.data.ingestPredictions).toMatchObject({ accepted: 1, duplicates: awkward.length });
    const rows = await app.db.dataSource.query(
      `SELECT prediction_id, features->>'country' AS country, segment FROM predictions WHERE model_id = $1 AND (prediction_id LIKE 'awk%') ORDER BY prediction_id`,
      [modelId],
    );
    const expected = [...items.map((i) => ({ prediction_id: i.id, country: i.features.country, segment: (i as { segment?: string }).segment })), { prediction_id: "awk-new", country: awkward[2], segment: null }]
      .sort((a, b) => (a.prediction_id < b.prediction_id ? -1 : 1));
    expect(rows).toEqual(expected);
  });

  it("keeps nulls and missing features as missing values", async () => {
    const r = await app.gql(INGEST, { m: modelId, e: [prediction(2100, { features: { speed: null } })] });
    expect(r.data.ingestPredictions).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it("lists every problem of one item", async () => {
    const r = await app.gql(INGEST, { m: modelId, e: [prediction(2200, { features: { speed: "x", country: 1 }, score: 7 })] });
    const msg = r.data.ingestPredictions.errors[0].message as string;
    expect(msg).toContain("features.speed");
    expect(msg).toContain("features.country");
    expect(msg).toContain("score");
  });

  it("applies the task's rules: regression needs a score, multiclass probabilities sum to 1", async () => {
    const reg = await app.gql(INGEST, { m: regressionId, e: [prediction(1, { score: null })] });
    expect(reg.data.ingestPredictions.errors[0].message).toBe("score: required for a regression model");
    const mc = await app.gql(INGEST, { m: multiclassId, e: [prediction(1, { score: null, probabilities: { comedy: 0.7, horror: 0.7 } }), prediction(2, { score: null, probabilities: { comedy: 0.25, horror: 0.75 } })] });
    expect(mc.data.ingestPredictions.accepted).toBe(1);
    expect(mc.data.ingestPredictions.errors[0].message).toBe("probabilities: must sum to 1 (±0.01), got 1.4");
  });

  it("refuses more than 10,000 items per call, naming the argument", async () => {
    const items = Array.from({ length: 10_001 }, (_, i) => prediction(100_000 + i));
    const r = await app.gql(INGEST, { m: modelId, e: items });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/^events: at most 10000 items per call, got 10001/);
    expect(await count(app, `SELECT count(*) FROM predictions WHERE model_id = $1 AND prediction_id = 'p-100000'`, [modelId])).toBe(0);
  });
});

describe("labels, feedback and metrics", () => {
  it("rejects a label for an unknown prediction and stores the rest", async () => {
    await app.gql(INGEST, { m: modelId, e: [prediction(3001)] });
    const r = await app.gql(LABELS, {
      m: modelId,
      l: [
        { predictionId: "p-3001", timestamp: "2026-01-05T11:00:00Z", value: 1 },
        { predictionId: "nope", timestamp: "2026-01-05T11:00:00Z", value: 0 },
        { predictionId: "p-3001", timestamp: "2026-01-05T11:00:00Z", value: 0.5 },
      ],
    });
    expect(r.data.ingestLabels.accepted).toBe(1);
    expect(r.data.ingestLabels.errors).toEqual([
      { index: 1, message: `predictionId: no prediction with id "nope" for model 'fraud'` },
      { index: 2, message: "value: a binary label is 0 or 1, got 0.5" },
    ]);
    expect(await count(app, `SELECT count(*) FROM labels WHERE model_id = $1`, [modelId])).toBe(1);
  });

  it("treats an identical label as a duplicate and a different one as a correction", async () => {
    const same = await app.gql(LABELS, { m: modelId, l: [{ predictionId: "p-3001", timestamp: "2026-01-05T11:00:00Z", value: 1 }] });
    expect(same.data.ingestLabels).toMatchObject({ accepted: 0, duplicates: 1 });
    const fixed = await app.gql(LABELS, { m: modelId, l: [{ predictionId: "p-3001", timestamp: "2026-01-05T12:00:00Z", value: 0 }] });
    expect(fixed.data.ingestLabels).toMatchObject({ accepted: 1, duplicates: 0 });
    const rows = await app.db.dataSource.query(`SELECT value FROM labels WHERE model_id = $1`, [modelId]);
    expect(rows).toEqual([{ value: 0 }]);
  });

  it("stores feedback once per (prediction, timestamp) and needs some content", async () => {
    const fb = { predictionId: "p-3001", timestamp: "2026-01-05T11:30:00Z", value: 1, comment: "wrong genre" };
    const r1 = await app.gql(FEEDBACK, { m: modelId, f: [fb, fb, { predictionId: "p-3001", timestamp: "2026-01-05T11:31:00Z" }] });
    expect(r1.data.ingestFeedback).toMatchObject({ accepted: 1, duplicates: 1, rejected: 1 });
    expect(r1.data.ingestFeedback.errors[0].message).toBe("value: feedback needs a value, a class or a comment");
  });

  it("validates metric names and values", async () => {
    const r = await app.gql(METRICS, {
      m: modelId,
      p: [
        { name: "ctr", timestamp: "2026-01-05T10:00:00Z", value: 0.12 },
        { name: "bad name", timestamp: "2026-01-05T10:00:00Z", value: 1 },
        { name: "ctr", timestamp: "2026-01-05T10:00:00Z", value: 0.12 },
      ],
    });
    expect(r.data.ingestMetrics).toMatchObject({ accepted: 1, duplicates: 1, rejected: 1 });
    expect(r.data.ingestMetrics.errors[0].message).toMatch(/^name: expected a metric name/);
  });

  it("answers NOT_FOUND for an unknown model id", async () => {
    const r = await app.gql(INGEST, { m: "00000000-0000-0000-0000-000000000000", e: [prediction(1)] });
    expect(r.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const r2 = await app.gql(INGEST, { m: "not-a-uuid", e: [prediction(1)] });
    expect(r2.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
