// DRIFT's per-sample evidence (drift-regions.ts): which bins of a drift report drifted, which of them
// a sample falls in, and how DRIFT grades and explains it. Hand-derived cases (tolerance 1e-12).
import { describe, expect, it } from "vitest";
import {
  type Candidate, describeHit, drift, driftedRegions, type DriftedFeatureInput, regionHits,
} from "../../../api/src/analytics/prioritize/prioritize.js";

const TOL = 12;

// x: cut points 10, 20 → bins (−∞, 10), [10, 20), [20, +∞). Reference shares 0.5, 0.4, 0.1;
// current 0.3, 0.3, 0.4 → excess of [20, +∞) = (0.4 − 0.1) / 0.4 = 0.75; the others shrank.
const x: DriftedFeatureInput = {
  feature: "x", kind: "NUMERIC", drifted: true,
  referenceHistogram: { edges: [10, 20], categories: null, counts: [50, 40, 10] },
  currentHistogram: { edges: [10, 20], categories: null, counts: [30, 30, 40] },
};
// color: red 0.6 → 0.4 (excess 0), blue 0.4 → 0.45 (excess 0.111… < 1/3), green 0 → 0.15 (excess 1).
const color: DriftedFeatureInput = {
  feature: "color", kind: "CATEGORICAL", drifted: true,
  referenceHistogram: { edges: null, categories: ["blue", "green", "red"], counts: [40, 0, 60] },
  currentHistogram: { edges: null, categories: ["blue", "green", "red"], counts: [45, 15, 40] },
};
const stable: DriftedFeatureInput = { ...x, feature: "y", drifted: false };

describe("driftedRegions / regionHits", () => {
  const regions = driftedRegions({ features: [x, color, stable] });

  it("keeps the over-represented bins of drifted features only", () => {
    expect(regions.features.map((f) => f.feature)).toEqual(["x", "color"]);
    expect([...regions.features[0]!.byIndex.keys()]).toEqual([2]);
    expect(regions.features[0]!.byIndex.get(2)!.excess).toBeCloseTo(0.75, TOL);
    expect([...regions.features[1]!.byCategory.keys()]).toEqual(["green"]);
  });

  it.each([
    { name: "in the top bin and a new category", values: { x: 25, color: "green", y: 30 }, expected: [["color", "\"green\"", 1], ["x", "[20, +∞)", 0.75]] },
    { name: "on a cut point: the bin that starts there", values: { x: 20, color: "red" }, expected: [["x", "[20, +∞)", 0.75]] },
    { name: "just below the cut point", values: { x: 19.999, color: "blue" }, expected: [] },
    { name: "missing or mistyped values", values: { x: "25", color: 3 }, expected: [] },
  ])("$name", ({ values, expected }) => {
    const hits = regionHits({ regions, values });
    expect(hits.map((h) => h.feature)).toEqual(expected.map((e) => e[0]));
    hits.forEach((h, i) => {
      expect(h.bin).toBe(expected[i]![1]);
      expect(h.excess).toBeCloseTo(expected[i]![2] as number, TOL);
    });
  });

  it("minExcess decides which bins count", () => {
    const loose = driftedRegions({ features: [color], minExcess: 0.1 });
    expect([...loose.features[0]!.byCategory.keys()].sort()).toEqual(["blue", "green"]);
  });

  it("says which feature and bin", () => {
    const [hit] = regionHits({ regions, values: { x: 25.5 } });
    expect(describeHit(hit!)).toBe('feature "x" = 25.5 is in the drifted bin [20, +∞): 40% of the current window vs 10% of the reference');
    const [out] = regionHits({ regions: driftedRegions({ features: [{ ...x, feature: "prediction" }] }), values: { prediction: 0.9, x: 1 } });
    expect(out).toBeUndefined();
  });

  it.each([
    { name: "bins differ", run: () => driftedRegions({ features: [{ ...x, currentHistogram: { edges: [10, 20], categories: null, counts: [1, 2] } }] }), message: /different bins/ },
    { name: "edges and counts disagree", run: () => driftedRegions({ features: [{ ...x, referenceHistogram: { edges: [10], categories: null, counts: [1, 2, 3] }, currentHistogram: { edges: [10], categories: null, counts: [1, 2, 3] } }] }), message: /1 cut points need 2 bins, got 3/ },
    { name: "minExcess 0", run: () => driftedRegions({ features: [x], minExcess: 0 }), message: /minExcess must be in \(0, 1\]/ },
  ])("errors: $name", ({ run, message }) => expect(run).toThrow(message));
});

describe("DRIFT with region evidence", () => {
  const regions = driftedRegions({ features: [x, color] });
  const cand = (id: string, values: Record<string, unknown>, reconstructionError?: number): Candidate => {
    const hits = regionHits({ regions, values });
    return {
      id, task: "REGRESSION", score: 1, predictedClass: null, probabilities: null, label: null, feedback: [], features: values,
      drift: { inDriftedRegion: hits.length > 0, regions: hits, ...(reconstructionError === undefined ? {} : { reconstructionError }) },
    };
  };

  it("grades by the largest excess: a new category (1) before the top bin (0.75); outside: not returned", () => {
    const ranked = drift({ candidates: [cand("a", { x: 25, color: "red" }), cand("b", { x: 5, color: "green" }), cand("c", { x: 5, color: "red" })] });
    expect(ranked.map((r) => r.id)).toEqual(["b", "a"]);
    expect(ranked[0]!.priority).toBeCloseTo(0.5, TOL);
    expect(ranked[1]!.priority).toBeCloseTo(0.375, TOL);
    expect(ranked[0]!.reasons).toEqual(['feature "color" = "green" is in the drifted bin "green": 15% of the current window vs 0% of the reference']);
    expect(ranked[1]!.reasons).toEqual(['feature "x" = 25 is in the drifted bin [20, +∞): 40% of the current window vs 10% of the reference']);
  });

  it("adds the reconstruction-error percentile as before", () => {
    const ranked = drift({ candidates: [cand("a", { x: 25 }, 1), cand("b", { x: 25 }, 3)] });
    // a: 0.5 · 0.75 + 0.5 · 0.5; b: 0.5 · 0.75 + 0.5 · 1 (and its error is high).
    expect(ranked.map((r) => [r.id, r.priority])).toEqual([["b", 0.875], ["a", 0.625]]);
    expect(ranked[0]!.reasons[1]).toBe("reconstruction error 3.0 is high (percentile 100 of the batch)");
  });

  it("rejects malformed region evidence", () => {
    const bad = { ...cand("a", { x: 25 }), drift: { inDriftedRegion: true, regions: [{ feature: "x", bin: "b", excess: 2 }] } } as unknown as Candidate;
    expect(() => drift({ candidates: [bad] })).toThrow(/drift.regions entries need a feature, a bin and an excess in \[0, 1\]/);
  });
});
