// The retraining queue through GraphQL: ranked candidates with reasons, and leased batches —
// 8 concurrent workers drain 5,000 samples with every sample delivered exactly once; a worker that
// dies before acking has its samples re-delivered after the lease expires.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
let app: TestApp;
let binaryId: string;
let ratingId: string;
let retrainKey: string;

const CLAIM = `mutation($m: ID!, $n: Int!, $l: Int) { claimRetrainingBatch(modelId: $m, size: $n, leaseSeconds: $l, strategy: UNCERTAINTY) { id leaseExpiresAt samples { predictionId priority reasons } } }`;
const ACK = `mutation($b: ID!) { ackRetrainingBatch(batchId: $b) }`;

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false });
  const s = await seedSystem(app, "shop", [
    { key: "fraud", task: "BINARY_CLASSIFICATION", features: [{ name: "amount", kind: "NUMERIC" }] },
    { key: "rating", task: "REGRESSION", features: [{ name: "genre", kind: "CATEGORICAL" }] },
  ]);
  binaryId = s.modelIds.fraud!;
  ratingId = s.modelIds.rating!;
  const random = seededRandom(3);
  const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ id: `f-${i}`, timestamp: iso(T0 + i * 1000), features: { amount: random() * 100 }, score: random() }));
  expect((await app.post(`/v1/models/${binaryId}/predictions`, lines.join("\n"))).json.accepted).toBe(5000);
  retrainKey = (await app.gql(`mutation { createApiKey(scopes: [RETRAIN]) { key } }`)).data.createApiKey.key;
});
afterAll(() => app?.close());

describe("retraining candidates", () => {
  it("puts feedback 1.0 against a confident 4.6 above feedback 4.0 against 4.5, and says why", async () => {
    const preds = [
      { id: "r-1", score: 4.6 }, { id: "r-2", score: 4.5 }, { id: "r-3", score: 3.0 }, { id: "r-4", score: 2.0 },
    ].map((p, i) => ({ ...p, timestamp: iso(T0 + i * 1000), features: { genre: "comedy" } }));
    await app.gql(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m: ratingId, e: preds });
    await app.gql(`mutation($m: ID!, $f: [FeedbackInput!]!) { ingestFeedback(modelId: $m, feedback: $f) { accepted } }`, {
      m: ratingId,
      f: [{ predictionId: "r-1", timestamp: iso(T0 + 60_000), value: 1.0 }, { predictionId: "r-2", timestamp: iso(T0 + 60_000), value: 4.0 }],
    });
    const r = await app.gql(`query($m: ID!) { retrainingCandidates(modelId: $m, strategy: DISAGREEMENT, first: 10) { predictionId priority reasons feedback prediction } }`, { m: ratingId }, retrainKey);
    expect(r.errors).toBeUndefined();
    const ids = r.data.retrainingCandidates.map((c: { predictionId: string }) => c.predictionId);
    expect(ids.indexOf("r-1")).toBeLessThan(ids.indexOf("r-2") === -1 ? Infinity : ids.indexOf("r-2"));
    expect(ids[0]).toBe("r-1");
    expect(r.data.retrainingCandidates[0].reasons.join(" ")).toMatch(/user rated 1(\.0)?, model predicted 4\.6/);
  });

  it("needs the RETRAIN (or ADMIN) scope", async () => {
    const read = (await app.gql(`mutation { createApiKey(scopes: [READ]) { key } }`)).data.createApiKey.key;
    const r = await app.gql(`query($m: ID!) { retrainingCandidates(modelId: $m) { predictionId } }`, { m: ratingId }, read);
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("leased batches", () => {
  it("re-delivers the samples of a worker that died before acking, once its lease expired", async () => {
    const dead = (await app.gql(CLAIM, { m: binaryId, n: 50, l: 1 }, retrainKey)).data.claimRetrainingBatch;
    expect(dead.samples).toHaveLength(50);
    const next = (await app.gql(CLAIM, { m: binaryId, n: 50, l: 600 }, retrainKey)).data.claimRetrainingBatch;
    const overlap = next.samples.filter((s: { predictionId: string }) => dead.samples.some((d: { predictionId: string }) => d.predictionId === s.predictionId));
    expect(overlap).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1_500));
    const again = (await app.gql(CLAIM, { m: binaryId, n: 50, l: 600 }, retrainKey)).data.claimRetrainingBatch;
    expect(again.samples.map((s: { predictionId: string }) => s.predictionId).sort()).toEqual(dead.samples.map((s: { predictionId: string }) => s.predictionId).sort());
    // The dead worker's late ack consumes nothing: its samples belong to the new batch now.
    expect((await app.gql(ACK, { b: dead.id }, retrainKey)).data.ackRetrainingBatch).toBe(0);
    expect((await app.gql(ACK, { b: again.id }, retrainKey)).data.ackRetrainingBatch).toBe(50);
    expect((await app.gql(ACK, { b: next.id }, retrainKey)).data.ackRetrainingBatch).toBe(50);
  });

  it("8 concurrent workers drain the rest, every sample delivered exactly once, highest priority first", async () => {
    const seen = new Map<string, number>();
    const worker = async () => {
      for (;;) {
        const r = await app.gql(CLAIM, { m: binaryId, n: 50, l: 600 }, retrainKey);
        if (r.errors) throw new Error(JSON.stringify(r.errors));
        const batch = r.data.claimRetrainingBatch;
        if (batch.samples.length === 0) return;
        for (let i = 1; i < batch.samples.length; i += 1) expect(batch.samples[i].priority).toBeLessThanOrEqual(batch.samples[i - 1].priority);
        for (const s of batch.samples) seen.set(s.predictionId, (seen.get(s.predictionId) ?? 0) + 1);
        expect((await app.gql(ACK, { b: batch.id }, retrainKey)).data.ackRetrainingBatch).toBe(batch.samples.length);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(seen.size).toBe(5000 - 100);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const consumed = await app.db.dataSource.query(`SELECT count(*)::int AS n FROM retraining_pool WHERE model_id = $1 AND consumed_at IS NOT NULL`, [binaryId]);
    expect(consumed[0].n).toBe(5000);
  }, 300_000);
});
