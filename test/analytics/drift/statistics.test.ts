// Drift statistics against SciPy 1.10 / NumPy 1.24 golden values
// (test/fixtures/drift/stats.json, made by make-stat-fixtures.py), Evidently's published values,
// hand-derived cases and input errors.
//
// Tolerances: statistics and distances relative 1e-9 (absolute 1e-15 when the expected value is 0);
// p-values relative 1e-6 where p ≥ 1e-100, and below 1e-100 only "also below 1e-100".
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { benjaminiHochberg } from "../../../api/src/analytics/drift/benjamini-hochberg.js";
import { binCounts, categoryCounts, decileEdges, proportions } from "../../../api/src/analytics/drift/bins.js";
import { chiSquareContingency, chiSquareGoodnessOfFit } from "../../../api/src/analytics/drift/chi-square.js";
import { hellinger } from "../../../api/src/analytics/drift/hellinger.js";
import { jensenShannon } from "../../../api/src/analytics/drift/jensen-shannon.js";
import { psi } from "../../../api/src/analytics/drift/psi.js";
import { normalizedWasserstein, wasserstein1 } from "../../../api/src/analytics/drift/wasserstein.js";

const STAT_REL = 1e-9;
const STAT_ABS_AT_ZERO = 1e-15;
const P_REL = 1e-6;
const P_FLOOR = 1e-100;

interface Generator {
  n: number;
  multiplier: number;
  offset: number;
  shape: "uniform" | "square";
  scale: number;
  shift: number;
}
interface Fixture {
  versions: Record<string, string>;
  chiSquareContingency: Array<{
    name: string;
    reference: Record<string, number>;
    current: Record<string, number>;
    statistic: number;
    pValue: number;
    dof: number;
    corrected: boolean;
    categories: string[];
  }>;
  chiSquareGoodnessOfFit: Array<{ name: string; observed: number[]; expected: number[]; statistic: number; pValue: number; dof: number }>;
  bins: Array<{ name: string; reference: number[]; current: number[]; edges: number[]; referenceCounts: number[]; currentCounts: number[] }>;
  categoryCounts: Array<{ name: string; values: Array<string | null>; counts: Array<[string, number]> }>;
  psi: DistanceCase[];
  jensenShannon: DistanceCase[];
  hellinger: DistanceCase[];
  wasserstein: Array<{ name: string; reference: number[]; current: number[]; wasserstein1: number; normalized: number }>;
  wassersteinGenerated: Array<{
    name: string;
    referenceGenerator: Generator;
    currentGenerator: Generator;
    wasserstein1: number;
    normalized: number;
    check: { referenceSum: number; currentFirst: number; currentLast: number };
  }>;
  benjaminiHochberg: Array<{ name: string; pValues: Array<number | null>; adjusted: Array<number | null> }>;
}
interface DistanceCase {
  name: string;
  reference: number[];
  current: number[];
  expected: number;
}

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../fixtures/drift/stats.json"), "utf8"),
) as Fixture;

/** Largest relative error seen per quantity, printed at the end (for the record, not asserted). */
const maxErr = new Map<string, number>();
function note(kind: string, actual: number, expected: number): void {
  const err = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  maxErr.set(kind, Math.max(maxErr.get(kind) ?? 0, err));
}
afterAll(() => {
  console.log(
    "max observed error (relative; absolute where expected = 0):\n" +
      [...maxErr].map(([k, v]) => `  ${k}: ${v.toExponential(2)}`).join("\n"),
  );
});

function expectStat(kind: string, actual: number, expected: number): void {
  note(kind, actual, expected);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected === 0 ? STAT_ABS_AT_ZERO : STAT_REL * Math.abs(expected));
}

function expectP(kind: string, actual: number, expected: number): void {
  if (expected >= P_FLOOR) {
    note(kind, actual, expected);
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(P_REL * expected);
  } else {
    expect(actual).toBeGreaterThanOrEqual(0);
    expect(actual).toBeLessThan(P_FLOOR);
  }
}

function generated(g: Generator): Float64Array {
  const out = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) {
    const x = ((i * g.multiplier + g.offset) % 4294967296) / 4294967296;
    out[i] = g.shape === "uniform" ? x * g.scale + g.shift : x * x * g.scale + g.shift;
  }
  return out;
}

describe(`drift statistics vs SciPy ${fixture.versions.scipy} / NumPy ${fixture.versions.numpy}`, () => {
  describe("chiSquareContingency = scipy.stats.chi2_contingency (correction=True)", () => {
    it.each(fixture.chiSquareContingency.map((c) => [c.name, c] as const))("%s", (_, c) => {
      const r = chiSquareContingency({ reference: c.reference, current: c.current });
      expect(r.dof).toBe(c.dof);
      expect(r.corrected).toBe(c.corrected);
      expect(r.categories).toEqual(c.categories);
      expectStat("chi2 contingency statistic", r.statistic, c.statistic);
      expectP("chi2 contingency p-value", r.pValue, c.pValue);
    });

    it("a Map gives the same answer as a Record", () => {
      const c = fixture.chiSquareContingency.find((x) => x.name.startsWith("K=5"))!;
      const a = chiSquareContingency({ reference: new Map(Object.entries(c.reference)), current: new Map(Object.entries(c.current)) });
      const b = chiSquareContingency({ reference: c.reference, current: c.current });
      expect(a).toEqual(b);
    });
  });

  describe("chiSquareGoodnessOfFit = scipy.stats.chisquare(f_obs, f_exp)", () => {
    it.each(fixture.chiSquareGoodnessOfFit.map((c) => [c.name, c] as const))("%s", (_, c) => {
      const r = chiSquareGoodnessOfFit({ observed: c.observed, expected: c.expected });
      expect(r.dof).toBe(c.dof);
      expectStat("chi2 goodness-of-fit statistic", r.statistic, c.statistic);
      expectP("chi2 goodness-of-fit p-value", r.pValue, c.pValue);
    });
  });

  describe("decileEdges = numpy.unique(numpy.quantile(ref, k/10)); binCounts = searchsorted(side='right')", () => {
    it.each(fixture.bins.map((c) => [c.name, c] as const))("%s", (_, c) => {
      const edges = decileEdges(c.reference);
      expect(edges.length).toBe(c.edges.length);
      edges.forEach((e, i) => expectStat("decile edge", e, c.edges[i]!));
      // Counts must be exact; they use the fixture's edges so that a last-bit edge difference
      // would show above rather than here.
      expect(binCounts(c.reference, c.edges)).toEqual(c.referenceCounts);
      expect(binCounts(c.current, c.edges)).toEqual(c.currentCounts);
      expect(binCounts(Float64Array.from(c.current), edges)).toEqual(c.currentCounts);
    });

    it.each(fixture.categoryCounts.map((c) => [c.name, c] as const))("categoryCounts: %s", (_, c) => {
      expect([...categoryCounts(c.values)]).toEqual(c.counts);
    });
  });

  for (const [kind, fn] of [
    ["psi", psi],
    ["jensenShannon", jensenShannon],
    ["hellinger", hellinger],
  ] as const) {
    const source = kind === "jensenShannon" ? "scipy.spatial.distance.jensenshannon(base=2)" : "the CONTRACT formula in NumPy";
    describe(`${kind} = ${source}`, () => {
      it.each(fixture[kind].map((c) => [c.name, c] as const))("%s", (_, c) => {
        expectStat(kind, fn({ reference: c.reference, current: c.current }), c.expected);
      });
    });
  }

  describe("wasserstein1 = scipy.stats.wasserstein_distance; normalized by max(numpy.std(ref), 0.001)", () => {
    it.each(fixture.wasserstein.map((c) => [c.name, c] as const))("%s", (_, c) => {
      expectStat("wasserstein1", wasserstein1({ reference: c.reference, current: c.current }), c.wasserstein1);
      expectStat("normalized wasserstein", normalizedWasserstein({ reference: c.reference, current: c.current }), c.normalized);
    });

    it.each(fixture.wassersteinGenerated.map((c) => [c.name, c] as const))("%s, in well under 3 s", (_, c) => {
      const reference = generated(c.referenceGenerator);
      const current = generated(c.currentGenerator);
      // Same doubles as NumPy made.
      expect(current[0]).toBe(c.check.currentFirst);
      expect(current[current.length - 1]).toBe(c.check.currentLast);
      expect(Math.abs(reference.reduce((s, x) => s + x, 0) - c.check.referenceSum)).toBeLessThan(1e-9 * c.check.referenceSum);

      const t0 = performance.now();
      const normalized = normalizedWasserstein({ reference, current });
      const ms = performance.now() - t0;
      console.log(`normalizedWasserstein on ${reference.length} + ${current.length} values: ${ms.toFixed(0)} ms`);
      expectStat("normalized wasserstein (1e6 values)", normalized, c.normalized);
      expectStat("wasserstein1 (1e6 values)", wasserstein1({ reference, current }), c.wasserstein1);
      expect(ms).toBeLessThan(3000);
    });
  });

  describe("benjaminiHochberg = false_discovery_control(method='bh') on the non-null p-values", () => {
    it.each(fixture.benjaminiHochberg.map((c) => [c.name, c] as const))("%s", (_, c) => {
      const adjusted = benjaminiHochberg({ pValues: c.pValues });
      expect(adjusted.length).toBe(c.adjusted.length);
      adjusted.forEach((a, i) => {
        const e = c.adjusted[i]!;
        if (e === null) expect(a).toBeNull();
        else expectStat("BH adjusted p-value", a!, e);
      });
    });
  });
});

describe("Evidently's published values (tests/stattests/test_stattests.py)", () => {
  // Evidently's chi-square drift test is a goodness-of-fit test: it scales the reference
  // frequencies to the current total and calls scipy.stats.chisquare(current, scaled reference).
  // Our categorical significance test is the contingency form (docs/drift.md), so the published
  // p-value is reproduced with chiSquareGoodnessOfFit.
  const reference = [16, 18, 16, 14, 12, 12];
  const current = [16, 16, 16, 16, 16, 8];
  const scaledTo = (ref: number[], total: number) => {
    const sum = ref.reduce((s, x) => s + x, 0);
    return ref.map((x) => (x / sum) * total);
  };
  const currentTotal = current.reduce((s, x) => s + x, 0);

  it.each([
    ["test_freq_obs_eq_freq_exp: goodness of fit of current vs reference scaled to the current total → p = 0.67309", reference],
    ["test_freq_obs_not_eq_freq_exp: reference counts doubled, scaled to the current total → p = 0.67309", reference.map((x) => 2 * x)],
  ] as const)("%s", (_, ref) => {
    const r = chiSquareGoodnessOfFit({ observed: current, expected: scaledTo([...ref], currentTotal) });
    expect(Math.abs(r.pValue - 0.67309)).toBeLessThan(1e-5);
    expect(r.dof).toBe(5);
  });

  it("hellinger of the same counts = 0.06812 (abs 1e-5)", () => {
    expect(Math.abs(hellinger({ reference, current }) - 0.06812)).toBeLessThan(1e-5);
    expect(Math.abs(hellinger({ reference: reference.map((x) => 2 * x), current }) - 0.06812)).toBeLessThan(1e-5);
  });
});

describe("hand-derived cases", () => {
  const close = (a: number, e: number, tol = 1e-14) => expect(Math.abs(a - e)).toBeLessThanOrEqual(tol);

  it.each([
    ["PSI of identical distributions = 0", () => psi({ reference: [3, 5, 0, 2], current: [3, 5, 0, 2] }), 0],
    ["PSI of [.5,.5] vs [.25,.75] = ln(3)/4", () => psi({ reference: [0.5, 0.5], current: [0.25, 0.75] }), Math.log(3) / 4],
    [
      "PSI replaces an empty bin by 1e-4 without renormalizing",
      () => psi({ reference: [10, 0], current: [5, 5] }),
      (0.5 - 1) * Math.log(0.5 / 1) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4),
    ],
    ["PSI: counts and proportions give the same value", () => psi({ reference: [20, 30, 50], current: [0.3, 0.3, 0.4] }) - psi({ reference: [0.2, 0.3, 0.5], current: [3, 3, 4] }), 0],
    ["JS of [1,0] vs [0,1] = 1", () => jensenShannon({ reference: [1, 0], current: [0, 1] }), 1],
    ["JS of identical distributions = 0", () => jensenShannon({ reference: [1, 2, 3], current: [2, 4, 6] }), 0],
    [
      "JS of [1,0] vs [.5,.5] from its definition",
      () => jensenShannon({ reference: [1, 0], current: [0.5, 0.5] }),
      Math.sqrt((Math.log2(1 / 0.75) + 0.5 * Math.log2(0.5 / 0.75) + 0.5 * Math.log2(0.5 / 0.25)) / 2),
    ],
    ["Hellinger of disjoint supports = 1", () => hellinger({ reference: [0, 4, 0], current: [2, 0, 7] }), 1],
    ["Hellinger of identical distributions = 0 exactly", () => hellinger({ reference: [1, 2, 3], current: [1, 2, 3] }), 0],
    ["Hellinger of [1,0] vs [.5,.5] = sqrt(1 − sqrt(.5))", () => hellinger({ reference: [1, 0], current: [0.5, 0.5] }), Math.sqrt(1 - Math.SQRT1_2)],
    ["W1 of a sample and its shift by 5 = 5", () => wasserstein1({ reference: [0, 1, 3], current: [5, 6, 8] }), 5],
    ["normalized W1 divides by the population std", () => normalizedWasserstein({ reference: [0, 2], current: [1, 3] }), 1 / 1],
    ["normalized W1 of a constant reference divides by 0.001", () => normalizedWasserstein({ reference: [7, 7, 7], current: [7.5] }), 0.5 / 0.001],
    ["χ² with one category: statistic 0", () => chiSquareContingency({ reference: { a: 3 }, current: { a: 9 } }).statistic, 0],
    ["χ² with one category: p-value 1", () => chiSquareContingency({ reference: { a: 3 }, current: { a: 9 } }).pValue, 1],
  ] as const)("%s", (_, f, expected) => close(f(), expected, 1e-12 * Math.max(1, Math.abs(expected))));

  it("χ² counts a category unseen in the reference and lists the union in first-appearance order", () => {
    const r = chiSquareContingency({ reference: new Map([["x", 10], ["y", 10]]), current: { y: 5, z: 5, x: 0 } });
    expect(r.categories).toEqual(["x", "y", "z"]);
    expect(r.dof).toBe(2);
    expect(r.corrected).toBe(false);
  });

  it("BH of [0.01, 0.02, 0.03] is 0.03 for all; nulls stay null and are not counted", () => {
    expect(benjaminiHochberg({ pValues: [0.01, null, 0.02, 0.03] })).toEqual([0.03, null, 0.03, 0.03]);
    expect(benjaminiHochberg({ pValues: [] })).toEqual([]);
    expect(benjaminiHochberg({ pValues: [0.9, 0.8] })).toEqual([0.9, 0.9]);
  });

  it("deciles of 0..10 are 1..9; bins are half-open [c_i, c_i+1)", () => {
    expect(decileEdges([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(binCounts([0.5, 1, 1.5, 2, 3], [1, 2])).toEqual([1, 2, 2]);
    expect(binCounts([], [1])).toEqual([0, 0]);
    expect(binCounts([4], [])).toEqual([1]);
    expect(proportions([1, 3])).toEqual([0.25, 0.75]);
  });

  it("does not modify its inputs", () => {
    const ref = [3, 1, 2];
    const cur = new Float64Array([9, 7, 8]);
    decileEdges(ref);
    wasserstein1({ reference: ref, current: cur });
    normalizedWasserstein({ reference: ref, current: cur });
    expect(ref).toEqual([3, 1, 2]);
    expect([...cur]).toEqual([9, 7, 8]);
  });
});

describe("input errors name the module", () => {
  it.each([
    ["psi: different bin counts", () => psi({ reference: [1, 2], current: [1, 2, 3] }), "analytics/psi: reference and current have different bin counts"],
    ["psi: negative count", () => psi({ reference: [1, -2], current: [1, 2] }), "analytics/psi: reference[1] must be a finite non-negative number"],
    ["psi: NaN", () => psi({ reference: [1, 2], current: [NaN, 2] }), "analytics/psi: current[0] must be a finite non-negative number"],
    ["psi: all-zero current", () => psi({ reference: [1, 2], current: [0, 0] }), "analytics/psi: current sums to zero"],
    ["psi: no bins", () => psi({ reference: [], current: [] }), "analytics/psi: reference has no bins"],
    ["jensenShannon: different bin counts", () => jensenShannon({ reference: [1], current: [1, 2] }), "analytics/jensen-shannon: reference and current have different bin counts"],
    ["jensenShannon: Infinity", () => jensenShannon({ reference: [Infinity, 1], current: [1, 2] }), "analytics/jensen-shannon: reference[0] must be a finite non-negative number"],
    ["hellinger: different bin counts", () => hellinger({ reference: [1, 2, 3], current: [1, 2] }), "analytics/hellinger: reference and current have different bin counts"],
    ["hellinger: zero sum", () => hellinger({ reference: [0, 0], current: [1, 2] }), "analytics/hellinger: reference sums to zero"],
    ["wasserstein: empty reference", () => wasserstein1({ reference: [], current: [1] }), "analytics/wasserstein: reference is empty"],
    ["wasserstein: NaN", () => normalizedWasserstein({ reference: [1], current: [1, NaN] }), "analytics/wasserstein: current[1] must be a finite number"],
    ["chi-square: negative count", () => chiSquareContingency({ reference: { a: -1, b: 2 }, current: { a: 1 } }), "analytics/chi-square: reference count of 'a' must be a finite non-negative number"],
    ["chi-square: NaN count", () => chiSquareContingency({ reference: { a: 1 }, current: new Map([["a", NaN]]) }), "analytics/chi-square: current count of 'a' must be a finite non-negative number"],
    ["chi-square: empty reference", () => chiSquareContingency({ reference: {}, current: { a: 1 } }), "analytics/chi-square: reference has no observations"],
    ["chi-square: empty current", () => chiSquareContingency({ reference: { a: 1 }, current: { a: 0 } }), "analytics/chi-square: current has no observations"],
    ["goodness of fit: sums differ", () => chiSquareGoodnessOfFit({ observed: [1, 2], expected: [1, 1] }), "analytics/chi-square: observed and expected sums differ"],
    ["goodness of fit: zero expected", () => chiSquareGoodnessOfFit({ observed: [1, 0], expected: [1, 0] }), "analytics/chi-square: expected[1] must be a finite positive number"],
    ["goodness of fit: lengths differ", () => chiSquareGoodnessOfFit({ observed: [1, 2], expected: [3] }), "analytics/chi-square: observed and expected have different lengths"],
    ["goodness of fit: one category", () => chiSquareGoodnessOfFit({ observed: [3], expected: [3] }), "analytics/chi-square: goodness of fit needs at least 2 categories"],
    ["decileEdges: empty", () => decileEdges([]), "analytics/bins: reference is empty"],
    ["decileEdges: Infinity", () => decileEdges([1, Infinity]), "analytics/bins: reference[1] must be a finite number"],
    ["binCounts: edges not increasing", () => binCounts([1], [2, 2]), "analytics/bins: edges must be strictly increasing"],
    ["binCounts: NaN value", () => binCounts([1, NaN], [0]), "analytics/bins: values[1] must be a finite number"],
    ["categoryCounts: a number", () => categoryCounts(["a", 3 as unknown as string]), "analytics/bins: values[1] must be a string or null"],
    ["proportions: zero sum", () => proportions([0, 0]), "analytics/bins: counts sums to zero"],
    ["benjaminiHochberg: p > 1", () => benjaminiHochberg({ pValues: [0.5, 1.5] }), "analytics/benjamini-hochberg: pValues[1] must be a number in [0, 1] or null"],
    ["benjaminiHochberg: NaN", () => benjaminiHochberg({ pValues: [NaN] }), "analytics/benjamini-hochberg: pValues[0] must be a number in [0, 1] or null"],
  ] as const)("%s", (_, f, message) => {
    expect(f).toThrow(message);
  });
});
