// COMBINED's near-duplicate suppression uses a grid index (near-duplicates.ts); it must give exactly
// the answers of the definition — compare each sample with every selected one, in order — on
// clustered data, exact duplicates, missing features, no numeric feature, and several epsilons.
import { describe, expect, it } from "vitest";
import {
  type Candidate, featureDistance, type Prioritized, standardisedFeatures, suppressNearDuplicates,
} from "../../../api/src/analytics/prioritize/prioritize.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";

/** The definition, O(n²). */
function bruteForce(ranked: readonly Prioritized[], candidates: readonly Candidate[], epsilon: number, first = Infinity): Array<[string, string[]]> {
  const vectors = standardisedFeatures(candidates);
  const selected: Array<{ id: string; v: Map<string, number>; skipped: string[] }> = [];
  for (const item of ranked) {
    if (selected.length >= first) break;
    const v = vectors.get(item.id)!;
    const twin = selected.find((s) => featureDistance(s.v, v) <= epsilon);
    if (twin) twin.skipped.push(item.id);
    else selected.push({ id: item.id, v, skipped: [] });
  }
  return selected.map((s) => [s.id, s.skipped]);
}

function fast(ranked: readonly Prioritized[], candidates: readonly Candidate[], epsilon: number, first?: number): Array<[string, string[]]> {
  return suppressNearDuplicates({ ranked, candidates, epsilon, first }).map((p) => {
    const note = p.reasons.find((r) => r.startsWith("stands for"));
    return [p.id, note ? note.replace(/.*\((.*)\)$/, "$1").split(", ").filter((x) => x !== "…") : []];
  });
}

function make(seed: number, n: number, shape: "clustered" | "missing" | "duplicates" | "none" | "one"): Candidate[] {
  const r = seededRandom(seed);
  const centres = Array.from({ length: 8 }, () => [r() * 10, r() * 10, r() * 10, r() * 10]);
  return Array.from({ length: n }, (_, i) => {
    const c = centres[Math.floor(r() * centres.length)]!;
    let features: Record<string, unknown>;
    if (shape === "none") features = { country: r() < 0.5 ? "FR" : "DE" };
    else if (shape === "one") features = { x: Math.round(r() * 50) };
    else if (shape === "duplicates") features = { a: Math.round(r() * 3), b: Math.round(r() * 3), c: 1 };
    else {
      features = { a: c[0]! + r() * 0.3, b: c[1]! + r() * 0.3, c: c[2]! + r() * 0.3, d: c[3]! + r() * 0.3, label: "x" };
      if (shape === "missing") for (const k of ["a", "b", "c", "d"]) if (r() < 0.25) delete features[k];
    }
    return { id: `s${i}`, task: "REGRESSION", score: r(), predictedClass: null, probabilities: null, label: null, feedback: [], features };
  });
}

describe("near-duplicate suppression: grid index = the definition", () => {
  const shapes = ["clustered", "missing", "duplicates", "none", "one"] as const;
  const cases = shapes.flatMap((shape) => [0, 0.05, 0.1, 0.5, 2].map((epsilon) => ({ shape, epsilon })));
  it.each(cases)("$shape, epsilon $epsilon", ({ shape, epsilon }) => {
    const candidates = make(shapes.indexOf(shape) + 1, 600, shape);
    const r = seededRandom(99);
    const ranked = candidates.map((c) => ({ id: c.id, priority: r(), reasons: [] })).sort((a, b) => b.priority - a.priority);
    const expected = bruteForce(ranked, candidates, epsilon).map(([id, skipped]) => [id, skipped.slice(0, 5)]);
    expect(fast(ranked, candidates, epsilon)).toEqual(expected);
    expect(fast(ranked, candidates, epsilon, 7)).toEqual(bruteForce(ranked, candidates, epsilon, 7).map(([id, skipped]) => [id, skipped.slice(0, 5)]));
  });

  it("20,000 candidates take well under the O(n²) scan's time", () => {
    const r = seededRandom(7);
    const candidates: Candidate[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: `p${i}`, task: "REGRESSION", score: r(), predictedClass: null, probabilities: null, label: null, feedback: [],
      features: Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`n${k}`, r() * 1000])),
    }));
    const ranked = candidates.map((c, i) => ({ id: c.id, priority: 1 - i / 20_000, reasons: [] }));
    const t0 = performance.now();
    expect(suppressNearDuplicates({ ranked, candidates })).toHaveLength(20_000);
    // The linear scan needed ~100 s here; the grid about a second on a busy 2-core machine.
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
