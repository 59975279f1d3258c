import { describe, expect, it } from "vitest";
import { importanceOf } from "../../../api/src/analytics/explain/attribution-importance.js";
import { attributionDrift, attributionDriftSignals } from "../../../api/src/analytics/explain/attribution-drift.js";
import { forbiddenFeaturesProblem, forbiddenSignals, forbiddenInTopReasons } from "../../../api/src/analytics/explain/forbidden-features.js";
import { seededRandom } from "../../../api/src/analytics/seeded-random.js";
import { upstreamShifts } from "../../../api/src/analytics/explain/upstream-shifts.js";
import { evidencePerFeature } from "../../../api/src/analytics/health/evidence-per-feature.js";

const FEATURES = ["income", "age", "tenure", "zip"];

/** Attributions ~ weight · N(0,1) per feature, for n predictions. */
function attributions(n: number, weights: Record<string, number>, seed: number) {
  const rand = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Array.from({ length: n }, () => Object.fromEntries(FEATURES.map((f) => [f, weights[f]! * normal()])));
}

describe("analytics/explain/attribution-drift", () => {
  const reference = importanceOf({ attributions: attributions(2000, { income: 1, age: 0.5, tenure: 0.25, zip: 0.05 }, 1), features: FEATURES });

  it("same weights: nDCG ≈ 1, no signal breached", () => {
    const current = importanceOf({ attributions: attributions(2000, { income: 1, age: 0.5, tenure: 0.25, zip: 0.05 }, 2), features: FEATURES });
    const r = attributionDrift({ features: FEATURES, reference, current });
    expect(r.ndcg).toBeGreaterThan(0.99);
    expect(r.drifted).toBe(false);
    expect(attributionDriftSignals(r).filter((s) => s.breached)).toEqual([]);
  });

  it("weight moved from income to zip: drifted, names both, largest shifts first", () => {
    const current = importanceOf({ attributions: attributions(2000, { income: 0.05, age: 0.5, tenure: 0.25, zip: 1 }, 3), features: FEATURES });
    const r = attributionDrift({ features: FEATURES, reference, current });
    expect(r.ndcg).toBeLessThan(0.9);
    expect(r.drifted).toBe(true);
    expect(r.moved.slice(0, 2).sort()).toEqual(["income", "zip"]);
    const breached = attributionDriftSignals(r).filter((s) => s.breached).map((s) => s.name);
    expect(breached).toEqual(expect.arrayContaining(["ndcg", "income.importance_shift", "zip.importance_shift"]));
  });

  it("threshold is configurable; too few predictions give no verdict", () => {
    const current = importanceOf({ attributions: attributions(2000, { income: 0.5, age: 1, tenure: 0.25, zip: 0.05 }, 4), features: FEATURES });
    const strict = attributionDrift({ features: FEATURES, reference, current, threshold: 0.999 });
    const lax = attributionDrift({ features: FEATURES, reference, current, threshold: 0.5 });
    expect(strict.drifted).toBe(true);
    expect(lax.drifted).toBe(false);
    const few = importanceOf({ attributions: attributions(10, { income: 0, age: 0, tenure: 0, zip: 1 }, 5), features: FEATURES });
    expect(attributionDrift({ features: FEATURES, reference, current: few }).ndcg).toBeNull();
    expect(() => attributionDrift({ features: FEATURES, reference, current, threshold: 0 })).toThrow(/threshold/);
  });
});

describe("analytics/explain/forbidden-features", () => {
  const mass = (zip: number) => importanceOf({ attributions: attributions(500, { income: 1, age: 0.5, tenure: 0.25, zip }, 6), features: FEATURES });

  it.each([
    { name: "above its limit fires", zip: 1, breached: true },
    { name: "below its limit does not", zip: 0.05, breached: false },
  ])("$name", ({ zip, breached }) => {
    const [signal] = forbiddenSignals({ forbidden: [{ name: "zip", maxShare: 0.1 }], importance: mass(zip) });
    expect(signal).toMatchObject({ kind: "forbidden_attribution", name: "zip", threshold: 0.1, breached });
  });

  it("declarations are checked naming the field", () => {
    expect(forbiddenFeaturesProblem({ declared: [{ name: "zip", maxShare: 0.1 }], features: FEATURES })).toBeNull();
    expect(forbiddenFeaturesProblem({ declared: [{ name: "zip", maxShare: 0.1 }, { name: "nope", maxShare: 0.1 }], features: FEATURES })).toMatch(/^features\[1\]\.name: 'nope'/);
    expect(forbiddenFeaturesProblem({ declared: [{ name: "zip", maxShare: 1.5 }], features: FEATURES })).toMatch(/^features\[0\]\.maxShare/);
    expect(forbiddenFeaturesProblem({ declared: [{ name: "zip", maxShare: 0.1 }, { name: "zip", maxShare: 0.2 }], features: FEATURES })).toMatch(/twice/);
  });

  it("top reasons: the first three by |value|", () => {
    const ranked = [{ feature: "income", value: 2 }, { feature: "zip", value: -1 }, { feature: "age", value: 0.5 }, { feature: "tenure", value: 0.1 }];
    expect(forbiddenInTopReasons({ ranked, forbidden: [{ name: "zip", maxShare: 0.1 }] })).toEqual(["zip"]);
    expect(forbiddenInTopReasons({ ranked, forbidden: [{ name: "tenure", maxShare: 0.1 }] })).toEqual([]);
  });
});

describe("analytics/explain/upstream-shifts", () => {
  it("names a moved feature that carries an upstream model's output, and only that", () => {
    const reference = importanceOf({ attributions: attributions(500, { income: 1, age: 0.5, tenure: 0.25, zip: 0.05 }, 8), features: FEATURES });
    const current = importanceOf({ attributions: attributions(500, { income: 0.05, age: 0.5, tenure: 1, zip: 0.05 }, 9), features: FEATURES });
    const drift = attributionDrift({ features: FEATURES, reference, current });
    const edges = [
      { fromModelId: "m1", fromModelKey: "tenure_model", feature: "tenure" },
      { fromModelId: "m2", fromModelKey: "age_model", feature: "age" },
      { fromModelId: "m3", fromModelKey: "unwired", feature: null },
    ];
    const shifts = upstreamShifts({ consumerKey: "credit", drift, edges });
    expect(shifts.map((s) => [s.feature, s.fromModelKey])).toEqual([["tenure", "tenure_model"]]);
    expect(shifts[0]!.sentence).toMatch(/^The importance of tenure for credit rose from 1\d% to \d\d% of its attribution mass/);
  });
});

describe("attribution drift as evidence for the system graph", () => {
  it("the nDCG signal and the shifts it names count as one piece of evidence", () => {
    const signals = [
      { kind: "attribution_drift", name: "ndcg", value: 0.6, threshold: 0.9, breached: true },
      { kind: "attribution_drift", name: "income.importance_shift", value: 0.4, threshold: 0.05, breached: true },
      { kind: "attribution_drift", name: "tenure.importance_shift", value: 0.4, threshold: 0.05, breached: true },
      { kind: "forbidden_attribution", name: "zip", value: 0.3, threshold: 0.2, breached: true },
    ];
    expect(evidencePerFeature(signals).map((s) => `${s.kind}:${s.name}`)).toEqual(["attribution_drift:ndcg", "forbidden_attribution:zip"]);
  });
});
