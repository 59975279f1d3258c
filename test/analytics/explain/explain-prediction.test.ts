import { describe, expect, it } from "vitest";
import { featureContext } from "../../../api/src/analytics/explain/feature-context.js";
import { similarCases } from "../../../api/src/analytics/explain/similar-cases.js";
import { explainPrediction } from "../../../api/src/analytics/explain/explain-prediction.js";

const FEATURES = [{ name: "x", kind: "NUMERIC" as const }, { name: "city", kind: "CATEGORICAL" as const }];

describe("analytics/explain/feature-context", () => {
  // Reference x = 1..10: mid-rank percentile of v = 100·(#below + ½#equal)/10 (scipy percentileofscore kind="mean").
  const reference = Array.from({ length: 10 }, (_, i) => i + 1);
  it.each([
    { name: "inside, on a value", value: 4, percentile: 35, out: false },
    { name: "inside, between values", value: 4.5, percentile: 40, out: false },
    { name: "below the range", value: 0, percentile: 0, out: true },
    { name: "above the range", value: 11, percentile: 100, out: true },
  ])("$name", ({ value, percentile, out }) => {
    const c = featureContext({ feature: "x", kind: "NUMERIC", value, reference, bins: null });
    expect(c.percentile).toBeCloseTo(percentile, 12);
    expect(c.outOfReferenceRange).toBe(out);
    expect(c.inDriftedBin).toBeNull();
  });

  it("categorical: frequency and unseen", () => {
    const ref = ["a", "a", "b", "c"];
    expect(featureContext({ feature: "city", kind: "CATEGORICAL", value: "a", reference: ref, bins: null })).toMatchObject({ referenceFrequency: 0.5, outOfReferenceRange: false });
    expect(featureContext({ feature: "city", kind: "CATEGORICAL", value: "z", reference: ref, bins: null })).toMatchObject({ referenceFrequency: 0, outOfReferenceRange: true });
  });

  it("drifted bin: the feature drifted and the value's bin moved ≥ 5 points", () => {
    const bins = { drifted: true, edges: [5], categories: null, referenceCounts: [50, 50], currentCounts: [20, 80] };
    expect(featureContext({ feature: "x", kind: "NUMERIC", value: 7, reference, bins }).inDriftedBin).toBe(true);
    expect(featureContext({ feature: "x", kind: "NUMERIC", value: 7, reference, bins: { ...bins, drifted: false } }).inDriftedBin).toBe(false);
    expect(featureContext({ feature: "x", kind: "NUMERIC", value: 7, reference, bins: { ...bins, currentCounts: [49, 51] } }).inDriftedBin).toBe(false);
  });
});

describe("analytics/explain/similar-cases", () => {
  it("standardized numeric + exact-match categorical, k nearest, label counts", () => {
    const reference = [
      { predictionId: "p1", features: { x: 0, city: "a" }, label: "1" },
      { predictionId: "p2", features: { x: 10, city: "a" }, label: "0" },
      { predictionId: "p3", features: { x: 1, city: "b" }, label: "1" },
      { predictionId: "p4", features: { x: 1, city: "a" }, label: "0" },
    ];
    const r = similarCases({ features: FEATURES, query: { x: 1, city: "a" }, reference, k: 3 });
    // x: mean 3, population std sqrt(((0-3)²+(10-3)²+(1-3)²+(1-3)²)/4) = sqrt(16.5)
    const std = Math.sqrt(16.5);
    expect(r.cases.map((c) => c.predictionId)).toEqual(["p4", "p1", "p3"]);
    expect(r.cases[1]!.distance).toBeCloseTo(1 / std, 12);
    expect(r.cases[2]!.distance).toBeCloseTo(1, 12);
    expect(r.labelCounts).toEqual([{ label: "1", count: 2 }, { label: "0", count: 1 }]);
  });
});

describe("analytics/explain/explain-prediction", () => {
  const reference = Array.from({ length: 100 }, (_, i) => ({ x: i, city: i % 2 ? "a" : "b" }));

  it("ranks attributions by |value|, flags a forbidden top reason, says so in the sentence", () => {
    const e = explainPrediction({
      task: "BINARY_CLASSIFICATION", features: FEATURES,
      prediction: { features: { x: 150, city: "a" }, attributions: { x: 0.1, city: -0.6 }, score: 0.8, predictedClass: null },
      reference, bins: null, forbidden: [{ name: "city", maxShare: 0.1 }], similarCases: null,
    });
    expect(e.attributions.map((a) => [a.feature, a.forbidden])).toEqual([["city", true], ["x", false]]);
    expect(e.attributions[0]!.share).toBeCloseTo(0.6 / 0.7, 12);
    expect(e.forbiddenInTopReasons).toEqual(["city"]);
    expect(e.features.map((f) => f.feature)).toEqual(["city", "x"]);
    expect(e.predictedLabel).toBe("1");
    expect(e.sentence).toMatch(/Driven mostly by city \(−0\.60\) and x \(\+0\.10\)/);
    expect(e.sentence).toMatch(/x = 150 is outside the reference range/);
    expect(e.sentence).toMatch(/Forbidden feature city is among its top reasons/);
  });

  it("without attributions: the case-based sentence", () => {
    const similar = similarCases({ features: FEATURES, query: { x: 3, city: "a" }, reference: reference.map((r, i) => ({ predictionId: `p${i}`, features: r, label: i < 10 ? "1" : "0" })) });
    const e = explainPrediction({
      task: "BINARY_CLASSIFICATION", features: FEATURES,
      prediction: { features: { x: 3, city: "a" }, attributions: null, score: 0.9, predictedClass: null },
      reference, bins: null, forbidden: [], similarCases: similar,
    });
    expect(e.attributions).toEqual([]);
    expect(similar.k).toBe(20);
    expect(e.sameLabelCount).toBe(similar.cases.filter((c) => c.label === "1").length);
    expect(e.sentence).toContain(`Of the 20 most similar reference cases, ${e.sameLabelCount} had this label (1).`);
  });
});
