// Issue #15 parts 1–4 end to end, on PostgreSQL (with DATABASE_URL) and on the embedded database:
// attributions through GraphQL and the NDJSON bulk endpoint (bad items refused one by one, nothing
// else lost), prediction(modelId, id) explanations (ranked attributions, reference percentiles,
// forbidden top reasons, the case-based view without attributions), forbidden features, and the
// planted truths: attributions moving weight from income to tenure while inputs stay the same →
// attribution drift fires naming both and input drift does not; a forbidden feature above its
// limit fires, below does not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOTH_DATABASES, gqlData, seedSystem, startTestAppOn, type TestApp } from "../support/test-app.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const N = 400;
const FEATURES = [
  { name: "income", kind: "NUMERIC" },
  { name: "age", kind: "NUMERIC" },
  { name: "tenure", kind: "NUMERIC" },
  { name: "zip", kind: "CATEGORICAL" },
];
type Weights = Record<"income" | "age" | "tenure" | "zip", number>;
const REFERENCE: Weights = { income: 1, age: 0.5, tenure: 0.25, zip: 0.05 };
const MOVED: Weights = { income: 0.05, age: 0.5, tenure: 1, zip: 0.25 };
const ZIP_HEAVY: Weights = { income: 1, age: 0.5, tenure: 0.25, zip: 0.6 };

/** A deterministic uniform generator (LCG) — the same inputs in every window. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function inputs(i: number) {
  const r = rng(1000 + i);
  return { income: Math.round(20_000 + 80_000 * r()), age: Math.round(18 + 60 * r()), tenure: Math.round(10 * r() * 10) / 10, zip: `z${Math.floor(r() * 5)}` };
}

function windowPredictions(window: number, weights: Weights, withAttributions = true) {
  return Array.from({ length: N }, (_, i) => {
    const r = rng(7 + window * 100_000 + i);
    const sign = () => (r() < 0.5 ? -1 : 1);
    const attributions = Object.fromEntries(Object.entries(weights).map(([f, w]) => [f, sign() * w * (0.5 + r())]));
    return {
      id: `w${window}-${i}`, timestamp: iso(T0 + window * HOUR + 1000 + i * 1000), features: inputs(i), score: (i % 10) / 10 + 0.05,
      ...(withAttributions ? { attributions } : {}),
    };
  });
}

const INGEST = `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates rejected errors { index message } } }`;
const SIGNALS = `query($m: ID!, $at: DateTime) { model(id: $m) { health(at: $at) { signals { kind name value threshold breached } } } }`;
const PREDICTION = `query($m: ID!, $id: String!) { prediction(modelId: $m, id: $id) {
  id features attributions score reference { from to }
  explanation { sentence forbiddenInTopReasons predictedLabel sameLabelCount
    attributions { feature value share forbidden }
    features { feature kind value percentile referenceFrequency outOfReferenceRange inDriftedBin }
    similarCases { k labelCounts { label count } cases { predictionId distance label } } } } }`;
const SET_FORBIDDEN = `mutation($m: ID!, $f: [ForbiddenFeatureInput!]!) { setForbiddenFeatures(modelId: $m, features: $f) { name maxShare } }`;
const ATTRIBUTION_DRIFT = `query($m: ID!, $w: WindowInput!) { attributionDrift(modelId: $m, window: $w) { ndcg threshold drifted moved currentCount referenceCount features { feature shift } signals { kind name breached } upstream { feature fromModelKey shift sentence } } }`;

type Signal = { kind: string; name: string; value: number; threshold: number | null; breached: boolean };

describe.each(BOTH_DATABASES)("explanations on $where", ({ where, skip }) => {
  let app: TestApp;
  let modelId: string;
  let systemId: string;

  const signalsAt = async (window: number): Promise<Signal[]> => {
    await gqlData(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: iso(T0 + (window + 1) * HOUR) });
    return (await gqlData(app, SIGNALS, { m: modelId, at: iso(T0 + (window + 1) * HOUR) })).model.health.signals;
  };

  beforeAll(async () => {
    if (skip) return;
    app = await startTestAppOn(where, { now: () => new Date(T0 + 10 * HOUR), multivariateDrift: false });
    ({ systemId, modelIds: { credit: modelId } } = (await seedSystem(app, "lending", [{ key: "credit", features: FEATURES }, { key: "tenure_model", task: "REGRESSION" }])) as never);
    // tenure is the output of an upstream model.
    await gqlData(app, `mutation($s: ID!) { addDependency(systemId: $s, fromKey: "tenure_model", toKey: "credit", feature: "tenure") { id } }`, { s: systemId });
    // Window 0 (the reference) through GraphQL, labelled; window 1 through the bulk endpoint.
    const w0 = windowPredictions(0, REFERENCE);
    expect((await gqlData(app, INGEST, { m: modelId, e: w0 })).ingestPredictions).toMatchObject({ accepted: N, rejected: 0 });
    const labels = w0.map((p, i) => ({ predictionId: p.id, timestamp: p.timestamp, value: i % 3 === 0 ? 1 : 0 }));
    expect((await gqlData(app, `mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted } }`, { m: modelId, l: labels })).ingestLabels.accepted).toBe(N);
    const bulk = await app.post(`/v1/models/${modelId}/predictions`, windowPredictions(1, MOVED).map((p) => JSON.stringify(p)).join("\n"));
    expect(bulk.status).toBe(200);
    expect(bulk.json).toMatchObject({ accepted: N, rejected: 0 });
    expect((await gqlData(app, INGEST, { m: modelId, e: windowPredictions(2, ZIP_HEAVY) })).ingestPredictions.accepted).toBe(N);
    expect((await gqlData(app, INGEST, { m: modelId, e: windowPredictions(3, REFERENCE, false).slice(0, 5) })).ingestPredictions.accepted).toBe(5);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it.skipIf(skip)("GraphQL: unknown feature, NaN, Infinity-sized and too many attributions are per-item errors; the rest is stored", async () => {
    const ok = (i: number) => ({ id: `bad-gql-ok-${i}`, timestamp: iso(T0 + 5 * HOUR + i), features: inputs(i), score: 0.5, attributions: { income: 0.1 * i } });
    const events = [
      ok(0),
      { ...ok(1), id: "bad-gql-1", attributions: { income: 0.1, height: 0.2 } },
      { ...ok(2), id: "bad-gql-2", attributions: { income: "NaN" } },
      { ...ok(3), id: "bad-gql-3", attributions: { income: 1, age: 1, tenure: 1, zip: 1, extra: 1 } },
      ok(4),
      { ...ok(5), id: "bad-gql-5", attributions: { age: 1e300 } },
    ];
    const r = (await gqlData(app, INGEST, { m: modelId, e: events })).ingestPredictions;
    expect(r).toMatchObject({ accepted: 2, rejected: 4 });
    const byIndex = new Map<number, string>(r.errors.map((e: { index: number; message: string }) => [e.index, e.message]));
    expect(byIndex.get(1)).toMatch(/^attributions\.height: not a feature of model 'credit'/);
    expect(byIndex.get(2)).toBe(`attributions.income: expected a finite number, got "NaN"`);
    expect(byIndex.get(3)).toMatch(/attributions: 5 attributions but model 'credit' declares 4 features/);
    expect(byIndex.get(5)).toMatch(/^attributions\.age: expected a finite number with \|x\| ≤ 1e15/);
    const stored = (await gqlData(app, PREDICTION, { m: modelId, id: "bad-gql-ok-4" })).prediction;
    expect(stored.attributions).toEqual({ income: 0.4 });
  });

  it.skipIf(skip)("bulk: the same refusals per line (1e400 parses to Infinity), nothing else lost", async () => {
    const lines = [
      JSON.stringify({ id: "bad-bulk-ok-0", timestamp: iso(T0 + 6 * HOUR), features: inputs(0), score: 0.2, attributions: { zip: -0.3 } }),
      `{"id":"bad-bulk-1","timestamp":"${iso(T0 + 6 * HOUR + 1)}","features":{"income":1},"score":0.2,"attributions":{"income":1e400}}`,
      JSON.stringify({ id: "bad-bulk-2", timestamp: iso(T0 + 6 * HOUR + 2), features: inputs(2), score: 0.2, attributions: { nope: 1 } }),
      JSON.stringify({ id: "bad-bulk-3", timestamp: iso(T0 + 6 * HOUR + 3), features: inputs(3), score: 0.2, attributions: { a: 1, b: 2, c: 3, d: 4, e: 5 } }),
      JSON.stringify({ id: "bad-bulk-ok-4", timestamp: iso(T0 + 6 * HOUR + 4), features: inputs(4), score: 0.2 }),
    ];
    const r = await app.post(`/v1/models/${modelId}/predictions`, lines.join("\n"));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ accepted: 2, rejected: 3 });
    const messages = r.json.errors.map((e: { index: number; message: string }) => `${e.index}: ${e.message}`).join("\n");
    expect(messages).toMatch(/^1: attributions\.income: expected a finite number, got Infinity$/m);
    expect(messages).toMatch(/^2: attributions\.nope: not a feature/m);
    expect(messages).toMatch(/^3: attributions: 5 attributions but model 'credit' declares 4 features/m);
    expect((await gqlData(app, PREDICTION, { m: modelId, id: "bad-bulk-ok-0" })).prediction.attributions).toEqual({ zip: -0.3 });
    expect((await gqlData(app, PREDICTION, { m: modelId, id: "bad-bulk-ok-4" })).prediction.attributions).toBeNull();
  });

  it.skipIf(skip)("planted: weight moved from income to tenure, same inputs → attribution drift names both, input drift does not fire", async () => {
    const signals = await signalsAt(1);
    const breached = signals.filter((s) => s.breached).map((s) => `${s.kind}:${s.name}`);
    expect(breached).toEqual(expect.arrayContaining(["attribution_drift:ndcg", "attribution_drift:income.importance_shift", "attribution_drift:tenure.importance_shift"]));
    expect(breached.filter((b) => b.startsWith("drift:") || b.startsWith("data_quality:"))).toEqual([]);
    const report = (await gqlData(app, ATTRIBUTION_DRIFT, { m: modelId, w: { from: iso(T0 + HOUR), to: iso(T0 + 2 * HOUR) } })).attributionDrift;
    expect(report).toMatchObject({ drifted: true, threshold: 0.9, currentCount: N, referenceCount: N });
    expect(report.ndcg).toBeLessThan(0.9);
    expect(report.moved.slice(0, 2).sort()).toEqual(["income", "tenure"]);
    // In the system: the consumer's shift sits on the feature its upstream model produces.
    expect(report.upstream).toHaveLength(1);
    expect(report.upstream[0]).toMatchObject({ feature: "tenure", fromModelKey: "tenure_model" });
    expect(report.upstream[0].shift).toBeGreaterThan(0);
    expect(report.upstream[0].sentence).toMatch(/^The importance of tenure for credit rose from \d+% to \d+% of its attribution mass; tenure is the output of upstream model tenure_model\.$/);
    // The reference against itself: nDCG 1, nothing breached.
    const same = await signalsAt(0);
    expect(same.find((s) => s.kind === "attribution_drift" && s.name === "ndcg")).toMatchObject({ value: 1, breached: false });
  }, 60_000);

  it.skipIf(skip)("forbidden zip: above its limit fires (window 2), below does not (reference); the explanation says so", async () => {
    const denied = await app.gql(SET_FORBIDDEN, { m: modelId, f: [{ name: "zip", maxShare: 0.2 }, { name: "height", maxShare: 0.1 }] });
    expect(denied.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(denied.errors?.[0]?.message).toMatch(/^features\[1\]\.name: 'height'/);
    const bad = await app.gql(SET_FORBIDDEN, { m: modelId, f: [{ name: "zip", maxShare: 1 }] });
    expect(bad.errors?.[0]?.message).toMatch(/^features\[0\]\.maxShare/);
    const reader = (await gqlData(app, `mutation { createApiKey(scopes: [READ]) { key } }`)).createApiKey.key;
    expect((await app.gql(SET_FORBIDDEN, { m: modelId, f: [] }, reader)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gqlData(app, SET_FORBIDDEN, { m: modelId, f: [{ name: "zip", maxShare: 0.2 }] })).setForbiddenFeatures).toEqual([{ name: "zip", maxShare: 0.2 }]);
    expect((await gqlData(app, `query($m: ID!) { model(id: $m) { forbiddenFeatures { name maxShare } } }`, { m: modelId })).model.forbiddenFeatures).toEqual([{ name: "zip", maxShare: 0.2 }]);

    const above = (await signalsAt(2)).find((s) => s.kind === "forbidden_attribution")!;
    expect(above).toMatchObject({ name: "zip", threshold: 0.2, breached: true });
    expect(above.value).toBeGreaterThan(0.2);
    const below = (await signalsAt(0)).find((s) => s.kind === "forbidden_attribution")!;
    expect(below).toMatchObject({ name: "zip", breached: false });
    expect(below.value).toBeLessThan(0.2);

    // A window-2 prediction whose largest attribution is zip's.
    const top = windowPredictions(2, ZIP_HEAVY).find((p) => {
      const a = p.attributions!;
      return Math.abs(a.zip) > Math.max(Math.abs(a.income), Math.abs(a.age), Math.abs(a.tenure));
    })!;
    const e = (await gqlData(app, PREDICTION, { m: modelId, id: top.id })).prediction.explanation;
    expect(e.attributions[0]).toMatchObject({ feature: "zip", forbidden: true });
    expect(e.forbiddenInTopReasons).toEqual(["zip"]);
    expect(e.sentence).toMatch(/Forbidden feature zip is among its top reasons/);
  }, 60_000);

  it.skipIf(skip)("prediction(): ranked attributions and reference percentiles as computed from the reference rows", async () => {
    const p = windowPredictions(1, MOVED)[17]!;
    const v = (await gqlData(app, PREDICTION, { m: modelId, id: p.id })).prediction;
    expect(v.reference).toEqual({ from: iso(T0), to: iso(T0 + HOUR) });
    const ranked = Object.entries(p.attributions!).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
    expect(v.explanation.attributions.map((a: { feature: string; value: number }) => [a.feature, a.value])).toEqual(ranked);
    const ref = Array.from({ length: N }, (_, i) => inputs(i).income);
    const x = p.features.income;
    const expected = (100 * (ref.filter((r) => r < x).length + 0.5 * ref.filter((r) => r === x).length)) / N;
    const income = v.explanation.features.find((f: { feature: string }) => f.feature === "income");
    expect(income.percentile).toBeCloseTo(expected, 10);
    expect(income.outOfReferenceRange).toBe(false);
    expect(income.inDriftedBin).toBe(false);
    expect(v.explanation.similarCases).toBeNull();
    expect(v.explanation.sentence).toMatch(/^Driven mostly by /);
    expect((await app.gql(PREDICTION, { m: modelId, id: "nope" })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it.skipIf(skip)("prediction() without attributions: the 20 most similar labelled reference cases and their labels", async () => {
    const v = (await gqlData(app, PREDICTION, { m: modelId, id: "w3-4" })).prediction;
    const e = v.explanation;
    expect(e.attributions).toEqual([]);
    expect(e.similarCases.k).toBe(20);
    // Window 3 repeats the reference's inputs: its own twin (distance 0) comes first.
    expect(e.similarCases.cases[0]).toMatchObject({ predictionId: "w0-4", distance: 0 });
    const label = v.score >= 0.5 ? "1" : "0";
    expect(e.predictedLabel).toBe(label);
    expect(e.sameLabelCount).toBe(e.similarCases.cases.filter((c: { label: string }) => c.label === label).length);
    expect(e.sentence).toContain(`Of the 20 most similar reference cases, ${e.sameLabelCount} had this label (${label}).`);
  });
});
