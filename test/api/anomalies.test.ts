// Anomalous predictions in the evaluator: the isolation forest and the autoencoder flag a window
// where a share of the predictions break the reference's joint structure; flagged predictions are
// stored with their most responsible features.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
let app: TestApp;
let systemId: string;
let modelId: string;

const EVALUATE = `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { models { status signals { kind name value threshold breached }
  anomalies(first: 5) { predictionId detector score topFeatures { feature contribution } } } } }`;

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date(T0 + 10 * HOUR) });
  ({ systemId, modelIds: { sensor: modelId } } = (await seedSystem(app, "plant", [
    { key: "sensor", task: "REGRESSION", features: ["a", "b", "c", "d"].map((name) => ({ name, kind: "NUMERIC" })) },
  ])) as never);
  const random = seededRandom(21);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (const [hour, brokenShare] of [[0, 0], [1, 0], [2, 0.3]] as const) {
    const lines = Array.from({ length: 1500 }, (_, i) => {
      const z = gauss();
      const broken = random() < brokenShare;
      // Normal rows: a, b, c follow one latent factor; broken rows: b flips sign and c is far off.
      const features = { a: z + 0.1 * gauss(), b: (broken ? -z : z) + 0.1 * gauss(), c: broken ? 6 + gauss() : z + 0.1 * gauss(), d: gauss() };
      return JSON.stringify({ id: `h${hour}-${i}`, timestamp: iso(T0 + hour * HOUR + i * 2000), features, score: z });
    });
    const res = await app.post(`/v1/models/${modelId}/predictions`, lines.join("\n"));
    expect(res.json.accepted).toBe(1500);
  }
});
afterAll(() => app?.close());

describe("anomalies in model health", () => {
  it("the isolation forest share stays low on a normal window and breaches on a broken one", async () => {
    const normal = (await app.gql(EVALUATE, { s: systemId, at: iso(T0 + 2 * HOUR) })).data.evaluate.models[0];
    const ifNormal = normal.signals.find((s: { name: string }) => s.name === "isolation_forest_share");
    expect(ifNormal.breached).toBe(false);
    expect(ifNormal.value).toBeLessThan(0.1);
    const broken = (await app.gql(EVALUATE, { s: systemId, at: iso(T0 + 3 * HOUR) })).data.evaluate.models[0];
    const ifBroken = broken.signals.find((s: { name: string }) => s.name === "isolation_forest_share");
    expect(ifBroken.breached).toBe(true);
    expect(ifBroken.value).toBeGreaterThan(0.2);
    expect(["DEGRADED", "FAILING"]).toContain(broken.status);
  });

  it("once the autoencoder is trained, flags and stores predictions with the features to blame", async () => {
    await app.services.trainer.idle();
    const broken = (await app.gql(EVALUATE, { s: systemId, at: iso(T0 + 3 * HOUR) })).data.evaluate.models[0];
    const ae = broken.signals.find((s: { name: string }) => s.name === "autoencoder_share");
    expect(ae.breached).toBe(true);
    expect(broken.anomalies).toHaveLength(5);
    for (const a of broken.anomalies) {
      expect(a.detector).toBe("autoencoder");
      expect(a.predictionId).toMatch(/^h2-/);
      expect(["b", "c"]).toContain(a.topFeatures[0].feature);
    }
    const stored = await app.db.dataSource.query(`SELECT count(*)::int AS n FROM anomalies WHERE model_id = $1`, [modelId]);
    expect(stored[0].n).toBeGreaterThan(100);
  });
});
