// Weak-slice p-values against SciPy 1.10 / NumPy 1.24 golden values
// (test/fixtures/slices/slices.json, made by make-slice-fixtures.py).
//
// Tolerance: p-values within 1e-9 relative, or 1e-300 absolute (SciPy answers 0 below the double
// range); the dataset case checks every reported slice: conditions, support, rates, p and adjusted p.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fisherExactGreater, hypergeometricUpperTail } from "../../../api/src/analytics/slices/fisher-exact.js";
import { encodeSliceFeatures } from "../../../api/src/analytics/slices/slice-features.js";
import { findWeakSlices } from "../../../api/src/analytics/slices/weak-slices.js";
import { welchGreater, type LossSummary } from "../../../api/src/analytics/slices/welch-test.js";

const REL = 1e-9;

interface Golden {
  fisher: Array<{ a: number; b: number; c: number; d: number; pValue: number }>;
  welch: Array<{ inside: LossSummary; outside: LossSummary; pValue: number }>;
  dataset: {
    color: string[];
    size: number[];
    wrong: number[];
    categories: string[];
    cuts: number[];
    tested: number;
    reported: Array<{ levels: number[][]; support: number; inSlice: number; outside: number; pValue: number; adjustedPValue: number }>;
  };
}

const golden = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../fixtures/slices/slices.json"), "utf8")) as Golden;

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= Math.max(REL * Math.abs(expected), 1e-300);
}

describe("fisherExactGreater = scipy.stats.fisher_exact(alternative='greater')", () => {
  it.each(golden.fisher.map((c) => [`[[${c.a}, ${c.b}], [${c.c}, ${c.d}]]`, c] as const))("%s", (_name, c) => {
    const p = fisherExactGreater(c);
    expect(close(p, c.pValue), `got ${p}, SciPy ${c.pValue}`).toBe(true);
  });

  it("rejects counts that are not non-negative integers", () => {
    expect(() => fisherExactGreater({ a: -1, b: 1, c: 1, d: 1 })).toThrow(/analytics\/fisher-exact: a must be/);
    expect(() => fisherExactGreater({ a: 1.5, b: 1, c: 1, d: 1 })).toThrow(/a must be a non-negative integer/);
    expect(() => hypergeometricUpperTail({ a: 1, M: 3, K: 4, n: 1 })).toThrow(/must not exceed M/);
  });
});

describe("welchGreater = scipy.stats.ttest_ind(equal_var=False, alternative='greater')", () => {
  it.each(golden.welch.map((c, i) => [`case ${i} (n ${c.inside.n} vs ${c.outside.n})`, c] as const))("%s", (_name, c) => {
    const p = welchGreater(c);
    expect(close(p, c.pValue), `got ${p}, SciPy ${c.pValue}`).toBe(true);
  });

  it("zero variances: 0 when the inside mean is larger, else 1", () => {
    expect(welchGreater({ inside: { n: 3, mean: 2, variance: 0 }, outside: { n: 5, mean: 1, variance: 0 } })).toBe(0);
    expect(welchGreater({ inside: { n: 3, mean: 1, variance: 0 }, outside: { n: 5, mean: 1, variance: 0 } })).toBe(1);
    expect(() => welchGreater({ inside: { n: 1, mean: 1, variance: 0 }, outside: { n: 5, mean: 1, variance: 0 } })).toThrow(/inside.n must be an integer ≥ 2/);
  });
});

describe("findWeakSlices on a 900-row dataset = the same search in NumPy/SciPy", () => {
  const d = golden.dataset;
  const features = encodeSliceFeatures({
    features: [
      { name: "color", kind: "CATEGORICAL", values: d.color },
      { name: "size", kind: "NUMERIC", values: d.size },
    ],
  });

  it("same levels: categories by count, quintile cut points", () => {
    expect(features[0]!.levels.map((l) => l.category)).toEqual(d.categories);
    const cuts = features[1]!.levels.slice(1).map((l) => l.range!.lower);
    expect(cuts.length).toBe(d.cuts.length);
    cuts.forEach((c, i) => expect(Math.abs(c! - d.cuts[i]!)).toBeLessThanOrEqual(1e-12));
  });

  it("same slices tested, reported in the same order with the same p-values (1e-9) and adjusted p-values", () => {
    const result = findWeakSlices({ features, loss: d.wrong, test: "FISHER", minSupport: 30, alpha: 0.05, maxSlices: 100 });
    expect(result.tested).toBe(d.tested);
    expect(result.slices.length).toBe(d.reported.length);
    expect(d.reported.length).toBeGreaterThan(0);
    result.slices.forEach((s, i) => {
      const g = d.reported[i]!;
      expect(s.conditions.map((c) => c.feature)).toEqual(g.levels.map(([f]) => (f === 0 ? "color" : "size")));
      g.levels.forEach(([f, l], k) => expect(s.conditions[k]).toMatchObject(features[f!]!.levels[l!]!));
      expect(s.support).toBe(g.support);
      expect(Math.abs(s.inSlice - g.inSlice)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(s.outside - g.outside)).toBeLessThanOrEqual(1e-12);
      expect(close(s.pValue, g.pValue), `p ${s.pValue} vs ${g.pValue}`).toBe(true);
      expect(close(s.adjustedPValue, g.adjustedPValue), `adjusted ${s.adjustedPValue} vs ${g.adjustedPValue}`).toBe(true);
    });
  });
});
