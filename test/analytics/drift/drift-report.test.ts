// The decision rule on whole reports: quiet on data drawn from the reference (false alarms),
// loud on a small real shift (power), and the window summaries it relies on are uniform samples.
import { describe, expect, it } from "vitest";
import { driftReport } from "../../../api/src/analytics/drift/drift-report.js";
import { createSummaryBuilder, seededRandom, type WindowSummary } from "../../../api/src/analytics/drift/window-summary.js";

function normal(random: () => number): () => number {
  return () => {
    let u = 0;
    while (u === 0) u = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

const NUMERIC = Array.from({ length: 16 }, (_, i) => ({ name: `n${i}`, kind: "NUMERIC" as const }));
const CATEGORICAL = Array.from({ length: 4 }, (_, i) => ({ name: `c${i}`, kind: "CATEGORICAL" as const }));
const FEATURES = [...NUMERIC, ...CATEGORICAL];
const CATS = ["a", "b", "c", "d", "e"];
const WEIGHTS = [0.4, 0.25, 0.15, 0.12, 0.08];

/** A summary of `rows` rows drawn from the reference distribution (shift: σ added to feature n0). */
function window(args: { rows: number; seed: number; shift?: number; sampleCap?: number }): WindowSummary {
  const random = seededRandom(args.seed);
  const gauss = normal(random);
  const builder = createSummaryBuilder({ features: FEATURES, sampleCap: args.sampleCap ?? 20_000, seed: args.seed + 1 });
  for (let r = 0; r < args.rows; r += 1) {
    const features: Record<string, number | string> = {};
    for (const f of NUMERIC) features[f.name] = gauss() + (f.name === "n0" ? (args.shift ?? 0) : 0);
    for (const f of CATEGORICAL) {
      let u = random();
      let k = 0;
      while (k < CATS.length - 1 && u >= WEIGHTS[k]!) u -= WEIGHTS[k++]!;
      features[f.name] = CATS[k]!;
    }
    builder.add({ features, score: 1 / (1 + Math.exp(-gauss())), predictedClass: null, segment: null });
  }
  return builder.result();
}

describe("drift reports", () => {
  it("flag drift in at most 5% of 200 windows drawn from the reference distribution (20 features)", () => {
    // A window of 100,000 rows is summarised by a uniform sample of 20,000 values per numeric
    // feature and exact category counts; drawing the 20,000 directly is the same distribution.
    const reference = window({ rows: 20_000, seed: 1 });
    reference.rows = 100_000;
    let alarms = 0;
    let significantOnly = 0;
    for (let w = 0; w < 200; w += 1) {
      const current = window({ rows: 20_000, seed: 1000 + w });
      current.rows = 100_000; // a uniform sample of 20,000 of the window's 100,000 rows
      const report = driftReport({ features: FEATURES, reference, current });
      if (report.drifted) alarms += 1;
      if (report.features.some((f) => (f.adjustedPValue ?? 1) < 0.05)) significantOnly += 1;
    }
    console.info(`false alarms: ${alarms}/200 windows drifted; ${significantOnly}/200 had a significant but immaterial test`);
    expect(alarms / 200).toBeLessThanOrEqual(0.05);
  });

  it("flags a 0.25σ mean shift in one feature at n = 5,000 and ranks that feature first", () => {
    const reference = window({ rows: 5_000, seed: 7 });
    const current = window({ rows: 5_000, seed: 8, shift: 0.25 });
    const report = driftReport({ features: FEATURES, reference, current });
    expect(report.drifted).toBe(true);
    expect(report.driftedFeatures).toBe(1);
    expect(report.features[0]!.feature).toBe("n0");
    expect(report.features[0]!.drifted).toBe(true);
    expect(report.features[0]!.effectSize).toBeGreaterThan(0.2);
    expect(report.features[0]!.adjustedPValue!).toBeLessThan(1e-6);
  });

  it("does not call a significant but immaterial change a drift", () => {
    // 0.05σ at 20,000 rows per window: very significant for KS, below the 0.1 materiality threshold.
    const reference = window({ rows: 20_000, seed: 11 });
    const current = window({ rows: 20_000, seed: 12, shift: 0.05 });
    const report = driftReport({ features: FEATURES, reference, current });
    const n0 = report.features.find((f) => f.feature === "n0")!;
    expect(n0.adjustedPValue!).toBeLessThan(0.05);
    expect(n0.effectSize).toBeLessThan(n0.threshold);
    expect(n0.drifted).toBe(false);
  });

  it("reports unseen categories and missing-value rates as data quality", () => {
    const features = [{ name: "country", kind: "CATEGORICAL" as const }, { name: "speed", kind: "NUMERIC" as const }];
    const make = (rows: Array<[string | null, number | null]>) => {
      const b = createSummaryBuilder({ features, sampleCap: 100, seed: 3 });
      for (const [country, speed] of rows) b.add({ features: { country, speed }, score: null, predictedClass: null, segment: null });
      return b.result();
    };
    const ref = make(Array.from({ length: 100 }, (_, i) => [i % 2 ? "FR" : "DE", i]));
    const cur = make(Array.from({ length: 100 }, (_, i) => [i % 4 === 0 ? "XX" : i % 2 ? "FR" : "DE", i % 10 === 0 ? null : i + 50]));
    const report = driftReport({ features, reference: ref, current: cur });
    const country = report.features.find((f) => f.feature === "country")!;
    expect(country.unseenCategories).toEqual(["XX"]);
    expect(country.unseenShare).toBeCloseTo(0.25, 12);
    const speed = report.features.find((f) => f.feature === "speed")!;
    expect(speed.missingRateReference).toBe(0);
    expect(speed.missingRateCurrent).toBeCloseTo(0.1, 12);
    expect(speed.unseenShare).toBeCloseTo(45 / 90, 12); // 50..99 without the multiples of 10 map above the reference maximum 99
  });
});

describe("window summaries", () => {
  it("keep a uniform reservoir sample: the sample mean of 0..99,999 is near 49,999.5", () => {
    const b = createSummaryBuilder({ features: [{ name: "x", kind: "NUMERIC" }], sampleCap: 20_000, seed: 5 });
    for (let i = 0; i < 100_000; i += 1) b.add({ features: { x: i }, score: null, predictedClass: null, segment: null });
    const s = b.result().features.x!;
    if (s.kind !== "NUMERIC") throw new Error("kind");
    expect(s.sample).toHaveLength(20_000);
    const mean = s.sample.reduce((a, v) => a + v, 0) / s.sample.length;
    // σ of the mean of 20,000 draws from U(0, 100,000) ≈ 204; allow 5σ.
    expect(Math.abs(mean - 49_999.5)).toBeLessThan(1_020);
    expect([s.count, s.min, s.max]).toEqual([100_000, 0, 99_999]);
  });
});
