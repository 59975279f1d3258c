// driftReport, setReference and configureDrift through GraphQL, on stored telemetry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";
import { sampleLevel } from "../../api/src/services/drift/drift-service.js";

let app: TestApp;
let modelId: string;
const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

const REPORT = `query($m: ID!, $c: WindowInput!, $r: WindowInput) {
  driftReport(modelId: $m, current: $c, reference: $r) {
    referenceSource reference { from to } current { from to } referenceCount currentCount drifted driftedFeatures sampleCap
    features { feature kind test statistic pValue adjustedPValue effectSizeMetric effectSize threshold drifted psi jensenShannon wasserstein
      referenceHistogram { edges categories counts } currentHistogram { edges categories counts }
      sampled referenceSampleSize currentSampleSize missingRateReference missingRateCurrent unseenCategories unseenShare skipped }
    predictionDrift { feature kind test drifted effectSize }
    segments { segment output effectSize drifted }
    multivariate { method score threshold drifted referenceScore topFeatures { feature contribution } }
    multivariateStatus
    signals { kind name value threshold breached }
  } }`;

function rows(hour: number, n: number, opts: { shift?: number; country?: (i: number) => string | null; seed: number; comedyShare?: number }) {
  const random = seededRandom(opts.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: n }, (_, i) => ({
    id: `h${hour}-${i}`,
    timestamp: iso(T0 + hour * HOUR + Math.floor((i * HOUR) / n)),
    features: { speed: gauss() + (opts.shift ?? 0), load: gauss(), country: opts.country ? opts.country(i) : ["FR", "DE", "ES"][i % 3] },
    predictedClass: random() < (opts.comedyShare ?? 0.7) ? "comedy" : "horror",
    probabilities: null,
    segment: i % 2 === 0 ? "kids" : "adults",
  }));
}

async function ingest(items: unknown[]) {
  const body = items.map((i) => JSON.stringify(i)).join("\n");
  const res = await app.post(`/v1/models/${modelId}/predictions`, body);
  expect(res.status).toBe(200);
  expect(res.json.rejected).toBe(0);
}

beforeAll(async () => {
  app = await startTestApp();
  const s = await seedSystem(app, "drift", [
    { key: "recommender", task: "MULTICLASS_CLASSIFICATION", features: [{ name: "speed", kind: "NUMERIC" }, { name: "load", kind: "NUMERIC" }, { name: "country", kind: "CATEGORICAL" }] },
  ]);
  modelId = s.modelIds.recommender!;
  await ingest(rows(0, 50, { seed: 1 })); // hour 0: too few for the default reference
  await ingest(rows(1, 3000, { seed: 2 })); // hour 1: the default reference
  await ingest(rows(2, 3000, { seed: 3 })); // hour 2: same distribution
  await ingest(rows(3, 3000, { seed: 4, shift: 0.5, country: (i) => (i % 10 === 0 ? "XX" : ["FR", "DE", "ES"][i % 3]!) })); // hour 3: drifted
});
afterAll(() => app?.close());

describe("driftReport", () => {
  it("uses the first window with at least 100 predictions as the default reference and stays quiet on the same distribution", async () => {
    const r = await app.gql(REPORT, { m: modelId, c: { from: iso(T0 + 2 * HOUR), to: iso(T0 + 3 * HOUR) } });
    expect(r.errors).toBeUndefined();
    const d = r.data.driftReport;
    expect(d.referenceSource).toBe("default");
    expect(d.reference).toEqual({ from: iso(T0 + HOUR), to: iso(T0 + 2 * HOUR) });
    expect([d.referenceCount, d.currentCount]).toEqual([3000, 3000]);
    expect(d.drifted).toBe(false);
    expect(d.features).toHaveLength(3);
    const speed = d.features.find((f: { feature: string }) => f.feature === "speed");
    expect(speed).toMatchObject({ kind: "NUMERIC", test: "KS", effectSizeMetric: "WASSERSTEIN", threshold: 0.1, sampled: false, referenceSampleSize: 3000 });
    expect(speed.referenceHistogram.edges.length).toBe(9);
    expect(speed.referenceHistogram.counts).toHaveLength(10);
    expect(speed.referenceHistogram.counts.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(3000, 6);
    const country = d.features.find((f: { feature: string }) => f.feature === "country");
    expect(country).toMatchObject({ kind: "CATEGORICAL", test: "CHI_SQUARE", effectSizeMetric: "JENSEN_SHANNON", wasserstein: null });
    expect(country.referenceHistogram.categories).toEqual(["DE", "ES", "FR"]);
    expect(d.predictionDrift).toMatchObject({ feature: "prediction", kind: "CATEGORICAL", test: "CHI_SQUARE", drifted: false });
  });

  it("flags the shifted feature first, with the unseen category as data quality", async () => {
    const r = await app.gql(REPORT, { m: modelId, c: { from: iso(T0 + 3 * HOUR), to: iso(T0 + 4 * HOUR) } });
    const d = r.data.driftReport;
    expect(d.drifted).toBe(true);
    expect(d.features[0].feature).toBe("speed");
    expect(d.features[0].drifted).toBe(true);
    expect(d.features[0].adjustedPValue).toBeLessThan(1e-10);
    expect(d.features.find((f: { feature: string }) => f.feature === "load").drifted).toBe(false);
    const country = d.features.find((f: { feature: string }) => f.feature === "country");
    expect(country.unseenCategories).toEqual(["XX"]);
    expect(country.unseenShare).toBeCloseTo(0.1, 2);
    const breached = d.signals.filter((s: { breached: boolean }) => s.breached).map((s: { kind: string; name: string }) => `${s.kind}:${s.name}`);
    expect(breached).toContain("drift:speed");
    expect(breached).toContain("data_quality:country.unseen_categories");
    expect(breached).not.toContain("drift:load");
  });

  it("trains the multivariate detector in the background, then reports it", async () => {
    const window = { m: modelId, c: { from: iso(T0 + 3 * HOUR), to: iso(T0 + 4 * HOUR) }, r: { from: iso(T0 + HOUR), to: iso(T0 + 2 * HOUR) } };
    const first = await app.gql(REPORT, window);
    expect(first.data.driftReport.multivariateStatus).toMatch(/^(training|ready)/);
    await app.services.trainer.idle();
    const second = (await app.gql(REPORT, window)).data.driftReport;
    expect(second.multivariateStatus).toBe("ready");
    expect(second.multivariate.method).toBe("autoencoder-reconstruction");
    expect(second.multivariate.score).toBeGreaterThan(0);
    expect(second.multivariate.topFeatures.map((f: { feature: string }) => f.feature).sort()).toEqual(["country", "load", "speed"]);
    const sum = second.multivariate.topFeatures.reduce((a: number, f: { contribution: number }) => a + f.contribution, 0);
    expect(sum === 0 || Math.abs(sum - 1) < 1e-9).toBe(true);
    const stored = await count(app, `SELECT count(*) FROM drift_detectors WHERE model_id = $1 AND status = 'ready'`, [modelId]);
    expect(stored).toBe(1);
  });

  it("counts late data in its window, and samples large windows by level", async () => {
    await ingest(rows(2, 10, { seed: 99 }).map((row, i) => ({ ...row, id: `late-${i}` })));
    const r = await app.gql(REPORT, { m: modelId, c: { from: iso(T0 + 2 * HOUR), to: iso(T0 + 3 * HOUR) } });
    expect(r.data.driftReport.currentCount).toBe(3010);
    // The sample level of each stored prediction is a deterministic hash of its id: P(level ≥ L) = 2^-L.
    const levels = await app.db.dataSource.query(`SELECT sample_level AS l, count(*)::int AS n FROM predictions WHERE model_id = $1 GROUP BY 1 ORDER BY 1`, [modelId]);
    const total = levels.reduce((a: number, x: { n: number }) => a + x.n, 0);
    const atLeast1 = levels.filter((x: { l: number }) => x.l >= 1).reduce((a: number, x: { n: number }) => a + x.n, 0);
    expect(atLeast1 / total).toBeGreaterThan(0.45);
    expect(atLeast1 / total).toBeLessThan(0.55);
  });

  it("honours setReference and an explicit reference argument", async () => {
    const set = await app.gql(`mutation($m: ID!, $w: WindowInput!) { setReference(modelId: $m, window: $w) { id } }`, { m: modelId, w: { from: iso(T0 + 3 * HOUR), to: iso(T0 + 4 * HOUR) } });
    expect(set.errors).toBeUndefined();
    const r = await app.gql(REPORT, { m: modelId, c: { from: iso(T0 + 3 * HOUR), to: iso(T0 + 4 * HOUR) } });
    expect(r.data.driftReport.referenceSource).toBe("setReference");
    expect(r.data.driftReport.drifted).toBe(false);
    const arg = await app.gql(REPORT, { m: modelId, c: { from: iso(T0 + 3 * HOUR), to: iso(T0 + 4 * HOUR) }, r: { from: iso(T0 + HOUR), to: iso(T0 + 3 * HOUR) } });
    expect(arg.data.driftReport.referenceSource).toBe("argument");
    expect(arg.data.driftReport.referenceCount).toBe(6010);
    expect(arg.data.driftReport.drifted).toBe(true);
  });

  it("lets a feature use another test and threshold", async () => {
    const cfg = await app.gql(`mutation($m: ID!) { configureDrift(modelId: $m, feature: "speed", test: CHI_SQUARE, effectSize: PSI, threshold: 5) { feature test effectSize threshold } }`, { m: modelId });
    expect(cfg.errors).toBeUndefined();
    expect(cfg.data.configureDrift).toEqual([{ feature: "speed", test: "CHI_SQUARE", effectSize: "PSI", threshold: 5 }]);
    const r = await app.gql(REPORT, { m: modelId, c: { from: iso(T0 + 3 * HOUR), to: iso(T0 + 4 * HOUR) }, r: { from: iso(T0 + HOUR), to: iso(T0 + 2 * HOUR) } });
    const speed = r.data.driftReport.features.find((f: { feature: string }) => f.feature === "speed");
    expect(speed).toMatchObject({ test: "CHI_SQUARE", effectSizeMetric: "PSI", threshold: 5, drifted: false });
    const reset = await app.gql(`mutation($m: ID!) { configureDrift(modelId: $m, feature: "speed") { feature } }`, { m: modelId });
    expect(reset.data.configureDrift).toEqual([]);
  });

  const bad: Array<{ name: string; query: string; vars: Record<string, unknown>; message: RegExp }> = [
    { name: "an empty current window", query: REPORT, vars: { c: { from: iso(T0 + HOUR), to: iso(T0 + HOUR) } }, message: /^current: from .* must be before to/ },
    { name: "a reference without predictions", query: REPORT, vars: { c: { from: iso(T0 + HOUR), to: iso(T0 + 2 * HOUR) }, r: { from: iso(T0 - 10 * HOUR), to: iso(T0 - 9 * HOUR) } }, message: /^reference: no predictions/ },
    { name: "KS on a categorical feature", query: `mutation($m: ID!) { configureDrift(modelId: $m, feature: "country", test: KS) { feature } }`, vars: {}, message: /^test: KS is not a significance test for categorical features/ },
    { name: "Wasserstein on a categorical feature", query: `mutation($m: ID!) { configureDrift(modelId: $m, feature: "country", effectSize: WASSERSTEIN) { feature } }`, vars: {}, message: /^effectSize: WASSERSTEIN is not an effect size/ },
    { name: "a negative threshold", query: `mutation($m: ID!) { configureDrift(modelId: $m, feature: "load", threshold: -1) { feature } }`, vars: {}, message: /^threshold: / },
    { name: "an unknown feature", query: `mutation($m: ID!) { configureDrift(modelId: $m, feature: "colour", threshold: 1) { feature } }`, vars: {}, message: /^feature: model 'recommender' has no feature 'colour'/ },
  ];
  it.each(bad)("refuses $name with BAD_USER_INPUT naming the field", async ({ query, vars, message }) => {
    const r = await app.gql(query, { m: modelId, ...vars });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(message);
  });

  it("needs READ for reports and ADMIN for settings", async () => {
    const key = (await app.gql(`mutation { createApiKey(scopes: [INGEST]) { key } }`)).data.createApiKey.key;
    const r = await app.gql(REPORT, { m: modelId, c: { from: iso(T0 + HOUR), to: iso(T0 + 2 * HOUR) } }, key);
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("sample levels", () => {
  it.each([
    [0, 0], [20_000, 0], [20_001, 1], [40_000, 1], [100_000, 3], [1_000_000, 6], [1e12, 26],
  ])("a range of %i rows is read at level %i (about rows / 2^level ≤ 20,000 rows)", (rows, level) => {
    expect(sampleLevel(rows, 20_000)).toBe(level);
  });
});
