// Onset inside the window on stored predictions: OnsetEstimator reads per-bucket aggregates through
// OnsetRepository (real PostgreSQL with DATABASE_URL, else the embedded database) and finds when
// each model changed inside a 10-minute window: camera at minute 2, fusion 30 s later.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { normals } from "../support/random.js";
import { OnsetRepository } from "../../api/src/db/repositories/onset-repository.js";
import { OnsetEstimator, onsetSources } from "../../api/src/services/health/onset-estimator.js";
import { ModelEntity } from "../../api/src/db/entities/index.js";
import type { StoredSignal } from "../../api/src/db/repositories/health-repository.js";

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const MIN = 60_000;
const REFERENCE = { from: new Date(T0), to: new Date(T0 + 10 * MIN) };
const WINDOW = { from: new Date(T0 + 10 * MIN), to: new Date(T0 + 20 * MIN) };
/** Rows per second. */
const RATE = 5;
/** The widest bucket the estimator may use here: 3,000 rows in 600 s → 120 buckets of 5 s. */
const BUCKET = 5_000;

let app: TestApp;
let estimator: OnsetEstimator;
const models: Record<string, ModelEntity> = {};

type Row = { speed: number | null; score: number; country?: string };
/** Value of a row at `t` ms after the window start (the reference is t < 0). */
type Gen = (t: number, z: () => number) => Row;

const steady: Gen = (_t, z) => ({ speed: z(), score: 0.5 + 0.1 * z() });
const jumpAt = (ms: number): Gen => (t, z) => ({ speed: z() + (t >= ms ? 1 : 0), score: 0.5 + 0.1 * z() + (t >= ms ? 0.1 : 0) });
const missingFrom = (ms: number): Gen => (t, z) => ({ speed: t >= ms && z() < 0 ? null : z(), score: 0.5 + 0.1 * z() });
const unseenFrom = (ms: number): Gen => (t, z) => {
  const r = z();
  return { speed: z(), score: 0.5 + 0.1 * z(), country: t >= ms && r > 0.5 ? "XX" : r > 0 ? "FR" : "DE" };
};
const outOfRangeFrom = (ms: number): Gen => (t, z) => ({ speed: t >= ms && z() > 0.5 ? 10 + Math.abs(z()) : z(), score: 0.5 + 0.1 * z() });

async function ingest(key: string, gen: Gen, seed: number): Promise<void> {
  const z = normals(seed);
  const lines: string[] = [];
  for (let i = 0; i < 20 * 60 * RATE; i++) {
    const ms = T0 + Math.floor((i * 1000) / RATE);
    const row = gen(ms - WINDOW.from.getTime(), z);
    lines.push(JSON.stringify({ id: `${key}-${i}`, timestamp: new Date(ms).toISOString(), features: { ...(row.speed === null ? {} : { speed: row.speed }), ...(row.country === undefined ? {} : { country: row.country }) }, score: Math.min(1, Math.max(0, row.score)) }));
  }
  for (let i = 0; i < lines.length; i += 3_000) {
    const res = await app.post(`/v1/models/${models[key]!.id}/predictions`, lines.slice(i, i + 3_000).join("\n"));
    expect(res.status).toBe(200);
    expect(res.json.rejected, JSON.stringify(res.json).slice(0, 400)).toBe(0);
  }
}

const breached = (kind: string, name: string): StoredSignal => ({ kind, name, value: 1, threshold: 0.1, breached: true });
const DRIFT = [breached("drift", "speed"), { kind: "drift", name: "prediction", value: 0, threshold: 0.1, breached: false }];

function estimate(key: string, signals: StoredSignal[], reference: { from: Date; to: Date } | null = REFERENCE): Promise<number | null> {
  return estimator.estimate({ model: models[key]!, window: WINDOW, reference, signals });
}

beforeAll(async () => {
  app = await startTestApp();
  const keys = ["camera", "fusion", "radar", "lidar", "steady", "legacy", "gateway"];
  const speed = { name: "speed", kind: "NUMERIC" };
  const s = await seedSystem(app, "onset", keys.map((key) => ({ key, features: key === "gateway" ? [speed, { name: "country", kind: "CATEGORICAL" }] : [speed] })));
  const repo = app.db.dataSource.getRepository(ModelEntity);
  for (const key of keys) models[key] = await repo.findOneByOrFail({ id: s.modelIds[key]! });
  await ingest("camera", jumpAt(2 * MIN), 1);
  await ingest("fusion", jumpAt(2 * MIN + 30_000), 2);
  await ingest("radar", missingFrom(5 * MIN), 3);
  await ingest("lidar", outOfRangeFrom(7 * MIN), 4);
  await ingest("steady", steady, 5);
  await ingest("legacy", jumpAt(2 * MIN), 6);
  await ingest("gateway", unseenFrom(3 * MIN), 7);
  // A value beyond float64, stored before ingestion bounded values (written here past the API).
  await app.db.dataSource.query(
    `INSERT INTO predictions (system_id, model_id, prediction_id, ts, features, score) VALUES ($1, $2, 'legacy-huge', $3, '{"speed": 1e400}'::jsonb, 0.5)`,
    [s.systemId, s.modelIds.legacy, new Date(WINDOW.from.getTime() + 5 * MIN)],
  );
  estimator = new OnsetEstimator({ onsets: new OnsetRepository(app.db.dataSource) });
});
afterAll(() => app?.close());

describe("OnsetEstimator on stored predictions", () => {
  it("orders camera (10:02) before fusion (10:02:30), each within a bucket of the truth", async () => {
    const camera = await estimate("camera", DRIFT);
    const fusion = await estimate("fusion", DRIFT);
    expect(Math.abs(camera! - (WINDOW.from.getTime() + 2 * MIN))).toBeLessThanOrEqual(BUCKET);
    expect(Math.abs(fusion! - (WINDOW.from.getTime() + 2 * MIN + 30_000))).toBeLessThanOrEqual(BUCKET);
    expect(camera!).toBeLessThan(fusion!);
  });

  it.each([
    { name: "drift and an anomaly share (feature and score together)", key: "fusion", signals: [breached("drift", "speed"), breached("anomaly", "isolation_forest_share")], at: 2 * MIN + 30_000 },
    { name: "the score alone (estimated performance)", key: "fusion", signals: [breached("estimated_performance", "accuracy")], at: 2 * MIN + 30_000 },
    { name: "a missing share (data quality)", key: "radar", signals: [breached("data_quality", "speed.missing_rate_increase")], at: 5 * MIN },
    { name: "the brief's spelling speed.missing", key: "radar", signals: [breached("data_quality", "speed.missing")], at: 5 * MIN },
    { name: "values outside the reference range", key: "lidar", signals: [breached("data_quality", "speed.out_of_range")], at: 7 * MIN },
    { name: "unseen categories", key: "gateway", signals: [breached("data_quality", "country.unseen_categories")], at: 3 * MIN },
  ])("$name", async ({ key, signals, at }) => {
    const onset = await estimate(key, signals);
    expect(Math.abs(onset! - (WINDOW.from.getTime() + at))).toBeLessThanOrEqual(BUCKET);
  });

  it("a step is found without a reference", async () => {
    const camera = await estimate("camera", DRIFT, null);
    expect(Math.abs(camera! - (WINDOW.from.getTime() + 2 * MIN))).toBeLessThanOrEqual(BUCKET);
  });

  it("a window that had already changed when it opened gives the window start", async () => {
    const later = { from: new Date(WINDOW.from.getTime() + 5 * MIN), to: new Date(WINDOW.to.getTime() + 5 * MIN) };
    // [10:15, 10:25): changed since 10:12, data until 10:20 only (half the window).
    expect(await estimator.estimate({ model: models.camera!, window: later, reference: REFERENCE, signals: DRIFT })).toBe(later.from.getTime());
  });

  it.each([
    { name: "a model without change", key: "steady", signals: DRIFT, reference: REFERENCE },
    { name: "no breached signal", key: "camera", signals: [{ ...breached("drift", "speed"), breached: false }], reference: REFERENCE },
    { name: "only signals without a per-row statistic", key: "camera", signals: [breached("metric", "ctr < 0.1"), breached("drift", "multivariate")], reference: REFERENCE },
    { name: "out of range without a reference", key: "lidar", signals: [breached("data_quality", "speed.out_of_range")], reference: null },
    { name: "unseen categories without a reference", key: "gateway", signals: [breached("data_quality", "country.unseen_categories")], reference: null },
    { name: "drift of a categorical feature (no per-row statistic)", key: "gateway", signals: [breached("drift", "country")], reference: REFERENCE },
    { name: "a feature the model does not have", key: "camera", signals: [breached("drift", "nope"), breached("data_quality", "nope.missing_rate_increase")], reference: REFERENCE },
  ])("$name → null", async ({ key, signals, reference }) => {
    expect(await estimate(key, signals, reference)).toBeNull();
  });

  it("a stored value the database cannot aggregate in float8 → null, not an error", async () => {
    const onsets = new OnsetRepository(app.db.dataSource);
    await expect(onsets.featureBuckets({ modelId: models.legacy!.id, from: WINDOW.from, to: WINDOW.to, bucketMs: MIN, feature: "speed" })).rejects.toThrow(/out of range/);
    expect(await estimate("legacy", DRIFT)).toBeNull();
    // the score of the same model still reads
    const score = await estimate("legacy", [breached("anomaly", "isolation_forest_share")]);
    expect(Math.abs(score! - (WINDOW.from.getTime() + 2 * MIN))).toBeLessThanOrEqual(BUCKET);
  });

  it("a window without predictions → null", async () => {
    const empty = { from: new Date(T0 + 60 * MIN), to: new Date(T0 + 70 * MIN) };
    expect(await estimator.estimate({ model: models.camera!, window: empty, reference: REFERENCE, signals: DRIFT })).toBeNull();
  });

  it("repository: per-bucket aggregates in one query each, bounded by the bucket count", async () => {
    const onsets = new OnsetRepository(app.db.dataSource);
    const range = { modelId: models.radar!.id, from: WINDOW.from, to: WINDOW.to, bucketMs: MIN };
    const missing = await onsets.missingBuckets({ ...range, feature: "speed", kind: "NUMERIC" });
    expect(missing.map((b) => b.bucket)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(missing.every((b) => b.count === 60 * RATE)).toBe(true);
    expect(missing.slice(0, 5).every((b) => b.share === 0)).toBe(true);
    expect(missing.slice(5).every((b) => b.share > 0.3 && b.share < 0.7)).toBe(true);
    const values = await onsets.featureBuckets({ ...range, feature: "speed" });
    expect(values[0]!.count).toBe(60 * RATE);
    expect(values[9]!.count).toBe(60 * RATE - Math.round(missing[9]!.share * 60 * RATE));
    const scores = await onsets.scoreBuckets(range);
    expect(scores).toHaveLength(10);
    expect(scores[0]!.mean!).toBeCloseTo(0.5, 1);
    await expect(onsets.scoreBuckets({ ...range, bucketMs: 10 })).rejects.toThrow(/db\/onset-repository: more than 10000 buckets/);
    // A whole reference of 40 days as one bucket (longer than 2^31 ms).
    const long = { modelId: models.radar!.id, from: new Date(T0 - 20 * 86_400_000), to: new Date(T0 + 20 * 86_400_000), bucketMs: 40 * 86_400_000 };
    const [all] = await onsets.scoreBuckets(long);
    expect(all!.bucket).toBe(0);
    expect(all!.count).toBe(20 * 60 * RATE);
  });
});

describe("onsetSources: which statistic each breached signal is read from", () => {
  const model = { features: [{ name: "speed", kind: "NUMERIC" }, { name: "country", kind: "CATEGORICAL" }] } as ModelEntity;
  it.each([
    { signal: breached("drift", "speed"), source: [{ kind: "feature", feature: "speed" }] },
    { signal: breached("drift", "country"), source: [] },
    { signal: breached("drift", "prediction"), source: [{ kind: "score" }] },
    { signal: breached("drift", "segment:kids"), source: [{ kind: "score" }] },
    { signal: breached("drift", "multivariate"), source: [] },
    { signal: breached("data_quality", "speed.missing_rate_increase"), source: [{ kind: "missing", feature: "speed", featureKind: "NUMERIC" }] },
    { signal: breached("data_quality", "country.missing"), source: [{ kind: "missing", feature: "country", featureKind: "CATEGORICAL" }] },
    { signal: breached("data_quality", "speed.out_of_range"), source: [{ kind: "out_of_range", feature: "speed" }] },
    { signal: breached("data_quality", "country.unseen_categories"), source: [{ kind: "unseen", feature: "country" }] },
    { signal: breached("data_quality", "prediction.out_of_range"), source: [{ kind: "score" }] },
    { signal: breached("data_quality", "prediction.missing_rate_increase"), source: [] },
    { signal: breached("anomaly", "autoencoder_share"), source: [{ kind: "score" }] },
    { signal: breached("performance", "accuracy"), source: [{ kind: "score" }] },
    { signal: breached("metric", "ctr < 0.1"), source: [] },
    { signal: breached("forecast", "accuracy breach in windows"), source: [] },
    { signal: { ...breached("drift", "speed"), breached: false }, source: [] },
  ])("$signal.kind $signal.name", ({ signal, source }) => {
    expect(onsetSources({ model, signals: [signal] })).toEqual(source);
  });

  it("deduplicates, and puts a feature's own statistics before the score", () => {
    const signals = [breached("anomaly", "isolation_forest_share"), breached("drift", "speed"), breached("anomaly", "autoencoder_share"), breached("drift", "speed")];
    expect(onsetSources({ model, signals })).toEqual([{ kind: "feature", feature: "speed" }, { kind: "score" }]);
  });
});
