// Fairness (issue 15, part 6) through GraphQL, on PostgreSQL (with DATABASE_URL) and on the embedded
// database: setFairnessPolicy (ADMIN; BAD_USER_INPUT naming the field), fairness(modelId, at) with
// the breast-cancer golden values end to end (ingested, figures equal NumPy's to 1e-12), a planted
// unfair model whose fairness signal fires in its evaluated health while a fair one's does not, and
// fairnessHistory over windows.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../api/src/app.js";
import { seededRandom } from "../../api/src/analytics/seeded-random.js";
import { freshDatabase, newKey, seedSystem, withClient, type TestApp } from "../support/test-app.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const fixture = JSON.parse(readFileSync(new URL("../fixtures/fairness/fairness.json", import.meta.url), "utf8"));

const SET_POLICY = `mutation($m: ID!, $f: [String!]!, $r: Float, $d: Float, $o: Float, $bins: [FairnessBinsInput!], $min: Int) {
  setFairnessPolicy(modelId: $m, sensitiveFeatures: $f, minParityRatio: $r, maxParityDifference: $d, maxEqualizedOddsDifference: $o, bins: $bins, minGroupSize: $min) {
    sensitiveFeatures minParityRatio maxParityDifference maxEqualizedOddsDifference favorableLabel bins { feature edges } quantiles minGroupSize } }`;
const FEATURE_FIELDS = `feature binning edges demographicParityDifference demographicParityRatio truePositiveRateDifference falsePositiveRateDifference equalizedOddsDifference meanAbsoluteErrorDifference
  groups { group count labeled selectionRate truePositiveRate falsePositiveRate accuracy meanPrediction meanError meanAbsoluteError }`;
const FAIRNESS = `query($m: ID!, $at: DateTime) { fairness(modelId: $m, at: $at) { modelId windowStart windowEnd predictions rows policy { sensitiveFeatures }
  features { ${FEATURE_FIELDS} } signals { kind name value threshold breached } } }`;
const HISTORY = `query($m: ID!, $n: Int!, $at: DateTime) { fairnessHistory(modelId: $m, windows: $n, at: $at) { windowStart predictions features { feature demographicParityRatio } signals { name breached } } }`;
const EVALUATE = `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { models { model { key } status signals { kind name value threshold breached } } } }`;
const INGEST = `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted rejected } }`;
const LABELS = `mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted rejected } }`;

async function startOn(where: "PostgreSQL" | "embedded"): Promise<TestApp> {
  const db = where === "PostgreSQL" ? (await freshDatabase())! : undefined;
  const adminKey = newKey();
  const app = await startApp({
    databaseUrl: db?.url, embeddedDataDir: undefined, port: 0, host: "127.0.0.1", maxBodyBytes: 1 << 26, adminKey,
    now: () => new Date(T0 + 10 * HOUR), multivariateDrift: false,
    log: (level, message, error) => (level === "error" ? console.error(message, error) : undefined),
  });
  return withClient(app, adminKey, db?.url, async () => {
    await app.close();
    await db?.drop();
  });
}

/** `n` predictions in the hour from `start`, groups A/B alternating, P(score ≥ 0.5) = rateA / rateB; labels = the prediction 85% of the time. */
function planted(prefix: string, start: number, n: number, rateA: number, rateB: number, seed: number) {
  const rnd = seededRandom(seed);
  const events = [];
  const labels = [];
  for (let i = 0; i < n; i++) {
    const group = i % 2 === 0 ? "A" : "B";
    const positive = rnd() < (group === "A" ? rateA : rateB);
    const id = `${prefix}-${i}`;
    events.push({ id, timestamp: iso(start + 1000 + i * 1000), features: { group, age: 20 + (i % 50) }, score: positive ? 0.7 + rnd() * 0.2 : 0.1 + rnd() * 0.3 });
    labels.push({ predictionId: id, timestamp: iso(start + 2000 + i * 1000), value: rnd() < 0.85 ? Number(positive) : Number(!positive) });
  }
  return { events, labels };
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));

describe.each([
  { where: "PostgreSQL" as const, skip: !process.env.DATABASE_URL },
  { where: "embedded" as const, skip: false },
])("fairness on $where", ({ where, skip }) => {
  let app: TestApp;
  let systemId: string;
  let ids: Record<string, string>;
  const gql = (q: string, v: Record<string, unknown> = {}, key?: string) => app.gql(q, v, key);

  async function ingest(modelId: string, data: { events: unknown[]; labels: unknown[] }) {
    expect((await gql(INGEST, { m: modelId, e: data.events })).data.ingestPredictions).toEqual({ accepted: data.events.length, rejected: 0 });
    expect((await gql(LABELS, { m: modelId, l: data.labels })).data.ingestLabels).toEqual({ accepted: data.labels.length, rejected: 0 });
  }

  beforeAll(async () => {
    if (skip) return;
    app = await startOn(where);
    const features = [{ name: "group", kind: "CATEGORICAL" }, { name: "age", kind: "NUMERIC" }];
    ({ systemId, modelIds: ids } = await seedSystem(app, "lending", [
      { key: "unfair", features }, { key: "fair", features },
      { key: "cancer", features: [{ name: "texture_band", kind: "CATEGORICAL" }, { name: "area", kind: "NUMERIC" }, { name: "smoothness", kind: "NUMERIC" }] },
    ]));
    for (const h of [0, 1]) {
      await ingest(ids.unfair!, planted(`u${h}`, T0 + h * HOUR, 600, 0.6, 0.25, 11 + h));
      await ingest(ids.fair!, planted(`f${h}`, T0 + h * HOUR, 600, 0.45, 0.45, 21 + h));
    }
    const rows = fixture.binary.rows as Array<{ texture_band: string; area: number; smoothness: number; score: number; label: number }>;
    await ingest(ids.cancer!, {
      events: rows.map((r, i) => ({ id: `bc-${i}`, timestamp: iso(T0 + 3 * HOUR + i * 1000), features: { texture_band: r.texture_band, area: r.area, smoothness: r.smoothness }, score: r.score })),
      labels: rows.map((r, i) => ({ predictionId: `bc-${i}`, timestamp: iso(T0 + 4 * HOUR), value: r.label })),
    });
  }, 120_000);
  afterAll(async () => {
    if (!skip) await app?.close();
  });

  it.skipIf(skip)("setFairnessPolicy: ADMIN only; BAD_USER_INPUT naming the field", async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ f: ["income"] }, "sensitiveFeatures"],
      [{ f: [] }, "sensitiveFeatures"],
      [{ f: ["group"], r: 1.5 }, "minParityRatio"],
      [{ f: ["group"], d: -1 }, "maxParityDifference"],
      [{ f: ["group"], o: 3 }, "maxEqualizedOddsDifference"],
      [{ f: ["group"], bins: [{ feature: "group", edges: [1] }] }, "bins"],
      [{ f: ["age"], bins: [{ feature: "age", edges: [40, 30] }] }, "bins"],
      [{ f: ["group"], min: 0 }, "minGroupSize"],
    ];
    for (const [vars, field] of bad) {
      const r = await gql(SET_POLICY, { m: ids.unfair, ...vars });
      expect(r.errors?.[0]?.extensions?.code, field).toBe("BAD_USER_INPUT");
      expect(r.errors?.[0]?.message).toContain(field);
    }
    const readKey = (await gql(`mutation($s: ID!) { createApiKey(label: "reader", scopes: [READ], systemId: $s) { key } }`, { s: systemId })).data.createApiKey.key;
    expect((await gql(SET_POLICY, { m: ids.unfair, f: ["group"] }, readKey)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(FAIRNESS, { m: ids.unfair, at: iso(T0 + HOUR) }, readKey)).errors).toBeUndefined();
  });

  it.skipIf(skip)("end to end: the breast-cancer figures equal NumPy's to 1e-12", async () => {
    const set = await gql(SET_POLICY, { m: ids.cancer, f: ["texture_band", "area", "smoothness"], bins: [{ feature: "area", edges: [500, 800] }], min: 1 });
    expect(set.errors).toBeUndefined();
    expect(set.data.setFairnessPolicy).toMatchObject({ minParityRatio: 0.8, maxParityDifference: null, favorableLabel: "1", quantiles: 4, minGroupSize: 1 });
    const r = (await gql(FAIRNESS, { m: ids.cancer, at: iso(T0 + 4 * HOUR) })).data.fairness;
    expect(r).toMatchObject({ predictions: 569, rows: 569, windowStart: iso(T0 + 3 * HOUR), windowEnd: iso(T0 + 4 * HOUR) });
    const cases = fixture.binary.cases.filter((c: any) => c.favorableLabel === "1");
    expect(r.features.map((f: any) => f.feature)).toEqual(cases.map((c: any) => c.feature));
    for (const [i, c] of cases.entries()) {
      const f = r.features[i];
      expect(f.binning).toBe(c.binning);
      expect(f.groups.map((g: any) => [g.group, g.count, g.labeled])).toEqual(c.groups.map((g: any) => [g.group, g.count, g.count]));
      f.groups.forEach((g: any, k: number) => {
        for (const m of ["selectionRate", "truePositiveRate", "falsePositiveRate", "accuracy"]) close(g[m], c.groups[k][m]);
      });
      for (const m of ["demographicParityDifference", "demographicParityRatio", "truePositiveRateDifference", "falsePositiveRateDifference", "equalizedOddsDifference"]) close(f[m], c[m]);
    }
    // The texture bands' selection rates are far apart: the four-fifths rule is breached.
    expect(r.signals.find((s: any) => s.name === "texture_band.demographic_parity_ratio")).toMatchObject({ kind: "fairness", threshold: 0.8, breached: true });
  });

  it.skipIf(skip)("a planted unfair model fires the fairness signal in its health; a fair one does not", async () => {
    for (const key of ["unfair", "fair"]) expect((await gql(SET_POLICY, { m: ids[key], f: ["group", "age"], o: 0.5, bins: [{ feature: "age", edges: [40] }] })).errors).toBeUndefined();
    const unfair = (await gql(FAIRNESS, { m: ids.unfair, at: iso(T0 + HOUR) })).data.fairness;
    const group = unfair.features.find((f: any) => f.feature === "group");
    expect(group.groups.map((g: any) => [g.group, g.count])).toEqual([["A", 300], ["B", 300]]);
    expect(group.demographicParityRatio).toBeLessThan(0.6);
    expect(unfair.features.find((f: any) => f.feature === "age").groups.map((g: any) => g.group)).toEqual(["< 40", ">= 40"]);
    const health = (await gql(EVALUATE, { s: systemId, at: iso(T0 + HOUR) })).data.evaluate.models;
    const signal = (key: string) => health.find((m: any) => m.model.key === key).signals.find((s: any) => s.name === "group.demographic_parity_ratio");
    expect(signal("unfair")).toMatchObject({ kind: "fairness", threshold: 0.8, breached: true });
    expect(signal("fair")).toMatchObject({ kind: "fairness", breached: false });
    expect(health.find((m: any) => m.model.key === "fair").signals.filter((s: any) => s.kind === "fairness" && s.breached)).toEqual([]);
    expect(["DEGRADED", "FAILING"]).toContain(health.find((m: any) => m.model.key === "unfair").status);
    // The signal as fairness(at:) reports it is the one the evaluation stored.
    expect(unfair.signals.find((s: any) => s.name === "group.demographic_parity_ratio")).toEqual(signal("unfair"));
  });

  it.skipIf(skip)("fairnessHistory: one entry per window, oldest first; a window without data has no groups", async () => {
    const h = (await gql(HISTORY, { m: ids.unfair, n: 3, at: iso(T0 + 3 * HOUR) })).data.fairnessHistory;
    expect(h.map((w: any) => [w.windowStart, w.predictions])).toEqual([[iso(T0), 600], [iso(T0 + HOUR), 600], [iso(T0 + 2 * HOUR), 0]]);
    expect(h[0].signals.find((s: any) => s.name === "group.demographic_parity_ratio").breached).toBe(true);
    expect(h[2].features.every((f: any) => f.demographicParityRatio === null)).toBe(true);
    expect((await gql(HISTORY, { m: ids.unfair, n: 0 })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const none = (await gql(FAIRNESS, { m: ids.cancer.replace(/.$/, (c: string) => (c === "0" ? "1" : "0")) })).errors?.[0]?.extensions?.code;
    expect(none).toBe("NOT_FOUND");
  });

  it.skipIf(skip)("clearFairnessPolicy: no policy, no figures", async () => {
    expect((await gql(`mutation($m: ID!) { clearFairnessPolicy(modelId: $m) }`, { m: ids.fair })).data.clearFairnessPolicy).toBe(true);
    const r = (await gql(FAIRNESS, { m: ids.fair, at: iso(T0 + HOUR) })).data.fairness;
    expect(r).toMatchObject({ policy: null, features: [], signals: [] });
  });
});
