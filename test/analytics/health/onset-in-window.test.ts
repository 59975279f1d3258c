// Onset inside the window: a single change-point in the per-bucket means of the breached signals.
// Rows are simulated with a seeded generator (mulberry32 + Box–Muller), aggregated into the fine
// buckets a repository returns, and the estimate is compared with the true change time.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";
import { changeThreshold, fineBucketMs, onsetInWindow, type OnsetSeries } from "../../../api/src/analytics/health/onset-in-window.js";
import { normals } from "../../support/random.js";

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const WINDOW = { from: T0, to: T0 + 600_000 };
const FINE = fineBucketMs({ windowMs: 600_000 });

interface Sim {
  /** Rows per second, evenly spread with jitter. */
  rate: number;
  /** Value of a row at time t (ms from the window start). */
  value: (t: number, z: () => number, u: () => number) => number;
  seed: number;
  seconds?: number;
}

/** Fine buckets (count, mean) of simulated rows over the window. */
function buckets(sim: Sim): OnsetSeries["buckets"] {
  const z = normals(sim.seed);
  const u = seededRandom(sim.seed + 7_919);
  const n = new Map<number, { count: number; sum: number }>();
  const rows = Math.round(sim.rate * (sim.seconds ?? 600));
  for (let i = 0; i < rows; i++) {
    const t = Math.min(599_999, ((i + u()) / rows) * 600_000);
    const index = Math.floor(t / FINE);
    const b = n.get(index) ?? { count: 0, sum: 0 };
    b.count += 1;
    b.sum += sim.value(t, z, u);
    n.set(index, b);
  }
  return [...n.entries()].map(([index, b]) => ({ index, count: b.count, mean: b.sum / b.count }));
}

const step = (atMs: number, delta: number) => (t: number, z: () => number) => z() + (t >= atMs ? delta : 0);
const share = (atMs: number, before: number, after: number) => (t: number, _z: () => number, u: () => number) => (u() < (t >= atMs ? after : before) ? 1 : 0);
const REF = { mean: 0, std: 1, count: 6_000 };

function numeric(name: string, sim: Sim): OnsetSeries {
  return { name, kind: "mean", buckets: buckets(sim), reference: REF };
}

function estimate(series: OnsetSeries[]) {
  return onsetInWindow({ window: WINDOW, bucketMs: FINE, series });
}

describe("onsetInWindow: where the change is", () => {
  const cases: Array<{ name: string; series: () => OnsetSeries[]; truth: number | null }> = [
    { name: "a step of 1 sd at minute 2 of 10 (10 rows/s)", series: () => [numeric("speed", { rate: 10, seed: 1, value: step(120_000, 1) })], truth: T0 + 120_000 },
    { name: "a step of 0.5 sd at minute 2 (10 rows/s)", series: () => [numeric("speed", { rate: 10, seed: 2, value: step(120_000, 0.5) })], truth: T0 + 120_000 },
    { name: "a step of 1 sd at minute 7:13 (2 rows/s)", series: () => [numeric("speed", { rate: 2, seed: 3, value: step(433_000, -1) })], truth: T0 + 433_000 },
    { name: "a missing share 1% → 30% at minute 5", series: () => [{ name: "speed.missing", kind: "share", buckets: buckets({ rate: 10, seed: 4, value: share(300_000, 0.01, 0.3) }), reference: { mean: 0.01, std: 0, count: 6_000 } }], truth: T0 + 300_000 },
    { name: "a missing share 0 → 20% at minute 5 (none in the reference)", series: () => [{ name: "speed.missing", kind: "share", buckets: buckets({ rate: 10, seed: 5, value: share(300_000, 0, 0.2) }), reference: { mean: 0, std: 0, count: 6_000 } }], truth: T0 + 300_000 },
    {
      name: "a feature and the score change together at minute 4",
      series: () => [numeric("speed", { rate: 10, seed: 6, value: step(240_000, 0.5) }), numeric("score", { rate: 10, seed: 7, value: step(240_000, -0.5) })],
      truth: T0 + 240_000,
    },
    { name: "already changed when the window opened", series: () => [numeric("speed", { rate: 10, seed: 8, value: step(-1, 1) })], truth: T0 },
    { name: "changed at the start, worse at minute 5", series: () => [numeric("speed", { rate: 10, seed: 9, value: (t, z) => z() + (t >= 300_000 ? 2 : 1) })], truth: T0 },
    { name: "a step of 1 sd at minute 2 on a baseline 0.2 sd off the reference", series: () => [numeric("speed", { rate: 10, seed: 11, value: (t, z) => z() + 0.2 + (t >= 120_000 ? 1 : 0) })], truth: T0 + 120_000 },
    { name: "+0.5 sd at minute 1, +1.5 sd more at minute 6 (the earlier change)", series: () => [numeric("speed", { rate: 10, seed: 12, value: (t, z) => z() + (t >= 60_000 ? 0.5 : 0) + (t >= 360_000 ? 1.5 : 0) })], truth: T0 + 60_000 },
    {
      name: "data only from minute 3, already off the reference",
      series: () => [{ ...numeric("speed", { rate: 10, seed: 15, value: step(-1, 1) }), buckets: buckets({ rate: 10, seed: 15, value: step(-1, 1) }).filter((b) => b.index * FINE >= 180_000) }],
      truth: T0 + 180_000,
    },
    { name: "a step at second 10", series: () => [numeric("speed", { rate: 10, seed: 10, value: step(10_000, 1) })], truth: T0 + 10_000 },
    { name: "a step at second 3 (inside the first bucket)", series: () => [numeric("speed", { rate: 10, seed: 10, value: step(3_000, 1) })], truth: T0 + 3_000 },
  ];
  it.each(cases)("$name", ({ series, truth }) => {
    const r = estimate(series());
    expect(r.reason).toBeNull();
    expect(r.bucketMs).toBeLessThanOrEqual(10_000);
    expect(Math.abs(r.onset! - truth!)).toBeLessThanOrEqual(r.bucketMs);
  });

  it("orders two series stepping 30 s apart (camera at 10:02, fusion at 10:02:30)", () => {
    for (const seed of [11, 12, 13, 14, 15]) {
      const camera = estimate([numeric("lidar_range", { rate: 5, seed, value: step(120_000, 1) })]);
      const fusion = estimate([numeric("track_count", { rate: 5, seed: seed + 100, value: step(150_000, 1) })]);
      expect(camera.bucketMs).toBeLessThan(30_000);
      expect(Math.abs(camera.onset! - (T0 + 120_000))).toBeLessThanOrEqual(camera.bucketMs);
      expect(Math.abs(fusion.onset! - (T0 + 150_000))).toBeLessThanOrEqual(fusion.bucketMs);
      expect(camera.onset!).toBeLessThan(fusion.onset!);
    }
  });

  it.each([
    // Measured (seeds 40,001… and 50,001…): 100/100, 100/100, 99 resolved with 96 in order, 100/100.
    { rate: 1, delta: 1, offset: 0, inOrder: 0.98 },
    { rate: 1, delta: 1, offset: 0.2, inOrder: 0.98 },
    { rate: 2, delta: 0.5, offset: 0, inOrder: 0.95 },
    { rate: 10, delta: 0.5, offset: 0.1, inOrder: 0.98 },
  ])("camera 30 s before fusion at $rate rows/s, step $delta sd, baseline $offset sd off: ≥ 90% of 100 pairs resolved, ≥ $inOrder of them in order", ({ rate, delta, offset, inOrder }) => {
    let resolved = 0;
    let ordered = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const value = (at: number) => (t: number, z: () => number) => z() + offset + (t >= at ? delta : 0);
      const camera = estimate([numeric("a", { rate, seed: 40_000 + seed, value: value(120_000) })]).onset;
      const fusion = estimate([numeric("b", { rate, seed: 50_000 + seed, value: value(150_000) })]).onset;
      if (camera === null || fusion === null) continue;
      resolved++;
      if (camera < fusion) ordered++;
    }
    console.log(`onset-in-window pairs (${rate} rows/s, ${delta} sd, +${offset} sd): ${resolved} resolved, ${ordered} in order`);
    expect(resolved).toBeGreaterThanOrEqual(90);
    expect(ordered / resolved).toBeGreaterThanOrEqual(inOrder);
  });

  it("bucket width follows the row count: ≤ 120 buckets of ≥ 10 rows on average", () => {
    expect(estimate([numeric("x", { rate: 10, seed: 20, value: step(120_000, 1) })]).bucketMs).toBe(5_000);
    expect(estimate([numeric("x", { rate: 1, seed: 21, value: step(120_000, 1) })]).bucketMs).toBe(10_000);
    expect(estimate([numeric("x", { rate: 0.5, seed: 22, value: step(120_000, 1) })]).bucketMs).toBe(20_000);
  });
});

describe("onsetInWindow: when it cannot be resolved", () => {
  it.each([
    { name: "no series", series: () => [] as OnsetSeries[], reason: /no breached signal/ },
    { name: "50 rows", series: () => [numeric("x", { rate: 50 / 600, seed: 30, value: step(120_000, 3) })], reason: /too few predictions/ },
    { name: "a stationary window", series: () => [numeric("x", { rate: 10, seed: 31, value: step(Infinity, 0) })], reason: /no clear change/ },
    { name: "all rows in 5 s", series: () => [numeric("x", { rate: 100, seconds: 5, seed: 32, value: step(Infinity, 0) })], reason: /too few buckets|no clear change/ },
  ])("$name → null", ({ series, reason }) => {
    const r = estimate(series());
    expect(r.onset).toBeNull();
    expect(r.reason).toMatch(reason);
  });

  it("a step without a reference is still found; a shifted window without one is not", () => {
    const noRef = (s: OnsetSeries): OnsetSeries => ({ ...s, reference: null });
    const inside = estimate([noRef(numeric("x", { rate: 10, seed: 33, value: step(120_000, 1) }))]);
    expect(Math.abs(inside.onset! - (T0 + 120_000))).toBeLessThanOrEqual(inside.bucketMs);
    expect(estimate([noRef(numeric("x", { rate: 10, seed: 34, value: step(-1, 1) }))]).onset).toBeNull();
  });

  it.each([
    { name: "a bucket index outside the window", series: [{ name: "x", kind: "mean", buckets: [{ index: 5_000, count: 1, mean: 0 }], reference: null }], error: /analytics\/onset-in-window: series 'x': bucket index/ },
    { name: "a negative count", series: [{ name: "x", kind: "mean", buckets: [{ index: 0, count: -1, mean: 0 }], reference: null }], error: /bucket count/ },
    { name: "five series", series: Array.from({ length: 5 }, (_, i) => ({ name: `x${i}`, kind: "mean", buckets: [], reference: null })), error: /at most 4 series/ },
  ] as Array<{ name: string; series: OnsetSeries[]; error: RegExp }>)("rejects $name", ({ series, error }) => {
    expect(() => estimate(series)).toThrow(error);
  });

  it("rejects a bad window or bucket width", () => {
    expect(() => onsetInWindow({ window: { from: T0, to: T0 }, bucketMs: FINE, series: [] })).toThrow(/analytics\/onset-in-window: window/);
    expect(() => onsetInWindow({ window: WINDOW, bucketMs: 0, series: [] })).toThrow(/bucketMs/);
  });
});

describe("onsetInWindow: extreme values (rows stored before ingestion bounded them)", () => {
  const scaled = (series: OnsetSeries, k: number): OnsetSeries => ({
    ...series,
    buckets: series.buckets.map((b) => ({ ...b, mean: b.mean === null ? null : b.mean * k })),
    reference: series.reference === null ? null : { ...series.reference, mean: series.reference.mean * k, std: series.reference.std * k },
  });
  const base = numeric("x", { rate: 10, seed: 60, value: step(120_000, 1) });
  const plain = estimate([base]);
  it.each([1e300, 2 ** 1000, 1e-300, -1e307])("the same answer in units × %s", (k) => {
    const r = estimate([scaled(base, k)]);
    expect(Math.abs(r.onset! - plain.onset!)).toBeLessThanOrEqual(1);
    expect(Math.abs(r.onset! - (T0 + 120_000))).toBeLessThanOrEqual(r.bucketMs);
    expect(r.statistic! / plain.statistic!).toBeCloseTo(1, 9);
  });

  it("means at ±1.7e308 give a finite onset or null, never NaN", () => {
    const huge: OnsetSeries = { name: "x", kind: "mean", reference: { mean: 0, std: 1.7e308, count: 100 }, buckets: Array.from({ length: 1_200 }, (_, i) => ({ index: i, count: 5, mean: (i % 2 === 0 ? 1 : -1) * (i >= 400 ? 1.7e308 : 1e308) })) };
    const r = estimate([huge]);
    expect(r.onset === null || Number.isFinite(r.onset)).toBe(true);
    expect(r.statistic === null || Number.isFinite(r.statistic)).toBe(true);
  });
});

describe("onsetInWindow: false positives on stationary windows drawn from the reference", () => {
  const SEEDS = 1_000;
  // Measured: printed below and quoted in api/src/analytics/README.md.
  it.each([
    { name: "one numeric feature, 10 rows/s", series: (seed: number) => [numeric("x", { rate: 10, seed, value: step(Infinity, 0) })] },
    { name: "one numeric feature, 0.5 rows/s", series: (seed: number) => [numeric("x", { rate: 0.5, seed, value: step(Infinity, 0) })] },
    {
      name: "a heavy-tailed (lognormal) feature, 2 rows/s",
      series: (seed: number) => [{ ...numeric("x", { rate: 2, seed, value: (_t, z) => Math.exp(z()) }), reference: { mean: Math.exp(0.5), std: Math.sqrt((Math.E - 1) * Math.E), count: 6_000 } }],
    },
    {
      name: "a feature, the score and a 5% missing share, 2 rows/s",
      series: (seed: number) => [
        numeric("x", { rate: 2, seed, value: step(Infinity, 0) }),
        numeric("score", { rate: 2, seed: seed + 500_000, value: step(Infinity, 0) }),
        { name: "x.missing", kind: "share", buckets: buckets({ rate: 2, seed: seed + 900_000, value: share(Infinity, 0.05, 0.05) }), reference: { mean: 0.05, std: 0, count: 6_000 } },
      ] as OnsetSeries[],
    },
  ])("$name: ≤ 1% of 1,000 windows get an onset", ({ name, series }) => {
    let positives = 0;
    for (let seed = 1; seed <= SEEDS; seed++) if (estimate(series(seed * 7 + 100_000)).onset !== null) positives++;
    console.log(`onset-in-window false-positive rate (${name}): ${positives}/${SEEDS}`);
    expect(positives / SEEDS).toBeLessThanOrEqual(0.01);
  });

  it("the threshold grows with the number of series", () => {
    expect(changeThreshold(1)).toBeCloseTo(20.25, 10);
    expect(changeThreshold(4)).toBeCloseTo(30, 10);
  });
});
