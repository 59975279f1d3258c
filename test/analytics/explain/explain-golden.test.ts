// Percentiles against scipy.stats.percentileofscore(kind="mean") and the k nearest reference cases
// against scikit-learn's NearestNeighbors (test/fixtures/explain/make-explain.py).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { featureContext } from "../../../api/src/analytics/explain/feature-context.js";
import { similarCases } from "../../../api/src/analytics/explain/similar-cases.js";

const golden = JSON.parse(readFileSync(new URL("../../fixtures/explain/explain.json", import.meta.url), "utf8")) as {
  percentiles: Array<{ name: string; reference: number[]; values: number[]; expected: number[] }>;
  neighbours: Array<{ name: string; reference: Array<{ predictionId: string; features: Record<string, unknown>; label: string }>; query: Record<string, unknown>; k: number; ids: string[]; distances: number[] }>;
};

const FEATURES = [{ name: "x1", kind: "NUMERIC" as const }, { name: "x2", kind: "NUMERIC" as const }, { name: "city", kind: "CATEGORICAL" as const }];

describe("analytics/explain golden values", () => {
  it.each(golden.percentiles)("$name: percentile = SciPy's percentileofscore(kind='mean') to 1e-9", (c) => {
    c.values.forEach((v, i) => {
      const got = featureContext({ feature: "x", kind: "NUMERIC", value: v, reference: c.reference, bins: null }).percentile!;
      expect(Math.abs(got - c.expected[i]!)).toBeLessThan(1e-9);
    });
  });

  it.each(golden.neighbours)("$name: the 20 nearest = scikit-learn's NearestNeighbors, distances to 1e-9", (c) => {
    const r = similarCases({ features: FEATURES, query: c.query, reference: c.reference, k: c.k });
    expect(r.cases.map((x) => x.predictionId)).toEqual(c.ids);
    r.cases.forEach((x, i) => expect(Math.abs(x.distance - c.distances[i]!)).toBeLessThan(1e-9));
  });
});
