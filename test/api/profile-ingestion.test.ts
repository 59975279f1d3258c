// Window profiles built at ingestion, on PostgreSQL and the embedded database:
//   - a retried request (same ids, GraphQL or bulk) leaves every stored profile byte for byte
//     unchanged: profiles count only the rows the database inserted, in the rows' transaction;
//   - a request refused mid-stream (a malformed line) stores no profile either;
//   - the drift report of a window above the sample cap takes the PROFILE path (errorBound set) over
//     the WHOLE window, and its statistics equal the exact ones computed here on every row (KS D
//     within the bound, normalized W1 within 1 %, PSI within 1e-9 once the reference bins are known);
//   - a small window keeps the EXACT path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binCounts, decileEdges } from "../../api/src/analytics/drift/bins.js";
import { ksTwoSample } from "../../api/src/analytics/drift/ks-test.js";
import { psi } from "../../api/src/analytics/drift/psi.js";
import { normalizedWasserstein } from "../../api/src/analytics/drift/wasserstein.js";
import { seededRandom } from "../../api/src/analytics/seeded-random.js";
import { BOTH_DATABASES, gqlData, seedSystem, startTestAppOn, type TestApp } from "../support/test-app.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const N = 21_000; // above the exact path's sample cap (20,000)

const REPORT = `query($m: ID!, $c: WindowInput!) { driftReport(modelId: $m, current: $c) {
  path pathReason errorBound currentCount referenceCount drifted
  features { feature statistic errorBound wasserstein psi effectSize drifted referenceHistogram { edges counts } currentHistogram { counts } } } }`;

function window(hour: number, n: number, shift: number, seed: number) {
  const r = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Array.from({ length: n }, (_, i) => ({
    id: `w${hour}-${i}`, timestamp: iso(T0 + hour * HOUR + Math.floor((i * HOUR) / n)),
    features: { income: Math.exp(gauss() + shift) * 1000 + r(), region: ["N", "S", "E", "W"][Math.floor(r() * (shift > 0 ? 3 : 4))] },
    score: r(),
  }));
}

describe.each(BOTH_DATABASES)("window profiles at ingestion on $where", ({ where, skip }) => {
  let app: TestApp;
  let modelId: string;
  const data = new Map<number, ReturnType<typeof window>>();
  const storedProfiles = () => app.db.dataSource.query(`SELECT window_start, column_name, row_count, profile::text AS p FROM window_profiles WHERE model_id = $1 ORDER BY 1, 2`, [modelId]);
  const bulk = (rows: unknown[]) => app.post(`/v1/models/${modelId}/predictions`, rows.map((x) => JSON.stringify(x)).join("\n"));

  beforeAll(async () => {
    if (skip) return;
    app = await startTestAppOn(where, { now: () => new Date(T0 + 10 * HOUR), multivariateDrift: false });
    ({ modelIds: { scorer: modelId } } = (await seedSystem(app, "profiles", [{ key: "scorer", features: [{ name: "income", kind: "NUMERIC" }, { name: "region", kind: "CATEGORICAL" }] }])) as never);
    for (const [hour, shift] of [[1, 0], [2, 0.3]] as const) {
      data.set(hour, window(hour, N, shift, hour));
      expect((await bulk(data.get(hour)!)).json).toMatchObject({ accepted: N, rejected: 0 });
    }
  }, 300_000);
  afterAll(() => app?.close());

  it.skipIf(skip)("a retried request changes no profile (bulk, GraphQL, overlapping)", async () => {
    const before = await storedProfiles();
    expect(before.length).toBeGreaterThan(0);
    expect((await bulk(data.get(2)!.slice(0, 7000))).json).toMatchObject({ accepted: 0, duplicates: 7000 });
    const gql = await gqlData(app, `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates } }`, { m: modelId, e: data.get(1)!.slice(100, 2100) });
    expect(gql.ingestPredictions).toEqual({ accepted: 0, duplicates: 2000 });
    expect(await storedProfiles()).toEqual(before);
    const refused = await app.post(`/v1/models/${modelId}/predictions`, `${JSON.stringify(window(5, 1, 0, 9)[0])}\n{not json`);
    expect(refused.status).toBe(400);
    expect(await storedProfiles()).toEqual(before);
  }, 120_000);

  it.skipIf(skip)("a window above the sample cap: PROFILE path over every row, equal to the exact statistics within the bounds", async () => {
    const r = (await gqlData(app, REPORT, { m: modelId, c: { from: iso(T0 + 2 * HOUR), to: iso(T0 + 3 * HOUR) } })).driftReport;
    expect(r.path).toBe("PROFILE");
    expect([r.referenceCount, r.currentCount]).toEqual([N, N]);
    const ref = data.get(1)!.map((x) => x.features.income);
    const cur = data.get(2)!.map((x) => x.features.income);
    const income = r.features.find((f: { feature: string }) => f.feature === "income");
    expect(Math.abs(income.statistic - ksTwoSample({ reference: ref, current: cur }).statistic)).toBeLessThanOrEqual(income.errorBound);
    expect(r.errorBound).toBeGreaterThanOrEqual(income.errorBound);
    // The reference bins were set by this first report: window 2 was profiled before, so its
    // W1 and PSI are estimated from its sketch (measured here; exact below for a later window).
    console.log(`${where}: window 2 (profiled before the reference bins) W1 ${income.wasserstein} vs ${normalizedWasserstein({ reference: ref, current: cur })}`);
    expect(income.drifted).toBe(true);
  }, 120_000);

  it.skipIf(skip)("a window ingested after the reference bins: PSI on the deciles exact, W1 within 1 %", async () => {
    data.set(3, window(3, N, 0.05, 3));
    expect((await bulk(data.get(3)!)).json).toMatchObject({ accepted: N });
    const r = (await gqlData(app, REPORT, { m: modelId, c: { from: iso(T0 + 3 * HOUR), to: iso(T0 + 4 * HOUR) } })).driftReport;
    expect(r.path).toBe("PROFILE");
    const ref = data.get(1)!.map((x) => x.features.income);
    const cur = data.get(3)!.map((x) => x.features.income);
    const income = r.features.find((f: { feature: string }) => f.feature === "income");
    const edges = decileEdges(ref);
    expect(income.referenceHistogram.edges).toEqual(edges);
    expect(income.currentHistogram.counts).toEqual(binCounts(cur, edges));
    expect(Math.abs(income.psi - psi({ reference: binCounts(ref, edges), current: binCounts(cur, edges) }))).toBeLessThan(1e-9);
    const w1 = normalizedWasserstein({ reference: ref, current: cur });
    expect(Math.abs(income.wasserstein - w1) / w1).toBeLessThan(0.01);
    expect(Math.abs(income.statistic - ksTwoSample({ reference: ref, current: cur }).statistic)).toBeLessThanOrEqual(income.errorBound);
  }, 120_000);

  it.skipIf(skip)("a small window keeps the EXACT path", async () => {
    expect((await bulk(window(4, 500, 0, 4))).json).toMatchObject({ accepted: 500 });
    const r = (await gqlData(app, REPORT, { m: modelId, c: { from: iso(T0 + 4 * HOUR), to: iso(T0 + 5 * HOUR) } })).driftReport;
    expect(r.path).toBe("EXACT");
    expect(r.errorBound).toBeNull();
    expect(r.features.every((f: { errorBound: number | null }) => f.errorBound === null)).toBe(true);
  }, 120_000);
});
