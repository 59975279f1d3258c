import { describe, expect, it } from "vitest";
import { buildSystemGraph, propagateAnomaly } from "../../graph/index.js";
import { mulberry32 } from "../bench/rca/simulate.js";
import { referencePropagateAnomaly } from "./reference/propagate-anomaly-reference.js";

const graphOf = (ids: string[], edges: Array<[string, string, number]>) =>
  buildSystemGraph({ models: ids.map((id) => ({ id, key: id })), edges: edges.map(([from, to, weight]) => ({ from, to, weight })) });

describe("propagateAnomaly", () => {
  // Hand-derived with p_v = 1 − (1 − s_v) Π (1 − decay · w · p_u), decay 0.5.
  const cases: Array<{ name: string; ids: string[]; edges: Array<[string, string, number]>; scores: Record<string, number>; expected: Record<string, number> }> = [
    { name: "isolated model keeps its own score", ids: ["a"], edges: [], scores: { a: 0.4 }, expected: { a: 0.4 } },
    // b = 1 − 1·(1 − 0.5·1·0.8) = 0.4; c = 1 − 0.9·(1 − 0.5·0.5·0.4) = 0.19
    { name: "chain attenuates", ids: ["a", "b", "c"], edges: [["a", "b", 1], ["b", "c", 0.5]] as Array<[string, string, number]>, scores: { a: 0.8, c: 0.1 }, expected: { a: 0.8, b: 0.4, c: 0.19 } },
    // b = c = 0.5·1·1 = 0.5; d = 1 − (1 − 0.5·0.5)² = 1 − 0.75²
    { name: "diamond combines both paths", ids: ["a", "b", "c", "d"], edges: [["a", "b", 1], ["a", "c", 1], ["b", "d", 1], ["c", "d", 1]] as Array<[string, string, number]>, scores: { a: 1 }, expected: { a: 1, b: 0.5, c: 0.5, d: 1 - 0.75 * 0.75 } },
    // a ↔ b, s_a = 0.5: a = 1 − 0.5(1 − 0.5b), b = 0.5a → a = 0.5 + 0.125a → a = 4/7, b = 2/7
    { name: "feedback loop converges to the fixed point", ids: ["a", "b"], edges: [["a", "b", 1], ["b", "a", 1]] as Array<[string, string, number]>, scores: { a: 0.5 }, expected: { a: 4 / 7, b: 2 / 7 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = propagateAnomaly({ graph: graphOf(c.ids, c.edges), scores: c.scores });
      for (const [id, value] of Object.entries(c.expected)) expect(p[id]).toBeCloseTo(value, 8);
    });
  }

  it("terminates and stays in [0, 1] on random graphs with cycles (property)", () => {
    const random = mulberry32(3);
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + Math.floor(random() * 40);
      const ids = Array.from({ length: n }, (_, i) => `m${i}`);
      const edges: Array<[string, string, number]> = [];
      const seen = new Set<string>();
      for (let e = 0; e < n * 3; e++) {
        const a = Math.floor(random() * n);
        const b = Math.floor(random() * n);
        if (a === b || seen.has(`${a}>${b}`)) continue;
        seen.add(`${a}>${b}`);
        edges.push([ids[a]!, ids[b]!, 0.05 + 0.95 * random()]);
      }
      const scores = Object.fromEntries(ids.map((id) => [id, random() < 0.3 ? random() : 0]));
      const decay = random();
      const p = propagateAnomaly({ graph: graphOf(ids, edges), scores, options: { decay } });
      for (const id of ids) {
        expect(p[id]).toBeGreaterThanOrEqual(scores[id]! - 1e-12);
        expect(p[id]).toBeLessThanOrEqual(1);
      }
    }
  });

  it("gives the former implementation's scores (within 1e-12) on random graphs with cycles", () => {
    const random = mulberry32(17);
    let compared = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + Math.floor(random() * (trial < 50 ? 60 : 600));
      // Ids inserted in a shuffled order, so graphology's node order is not the numeric one.
      const ids = Array.from({ length: n }, (_, i) => `m${i}`).sort(() => random() - 0.5);
      const edges: Array<[string, string, number]> = [];
      const seen = new Set<string>();
      for (let e = 0; e < n * (1 + random() * 4); e++) {
        const a = Math.floor(random() * n);
        const b = Math.floor(random() * n);
        if (a === b || seen.has(`${a}>${b}`)) continue;
        seen.add(`${a}>${b}`);
        edges.push([ids[a]!, ids[b]!, random() < 0.2 ? 1 : 0.05 + 0.95 * random()]);
      }
      // Some models left out of the scores (they count as 0).
      const scores = Object.fromEntries(ids.filter(() => random() < 0.8).map((id) => [id, random() < 0.4 ? random() : random() < 0.5 ? 0 : 1]));
      const options = { decay: trial % 5 === 0 ? 1 : random(), tolerance: trial % 3 === 0 ? 1e-12 : 1e-9, maxIterations: 100_000 };
      const graph = graphOf(ids, edges);
      const fast = propagateAnomaly({ graph, scores, options });
      const slow = referencePropagateAnomaly({ graph, scores, options });
      expect(Object.keys(fast)).toEqual(Object.keys(slow));
      for (const id of ids) expect(Math.abs(fast[id]! - slow[id]!)).toBeLessThanOrEqual(1e-12);
      compared += ids.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  const errors: Array<{ name: string; scores: Record<string, number>; options: Record<string, number>; message: string }> = [
    { name: "unknown model", scores: { x: 0.1 }, options: {}, message: "graph/propagate-anomaly: unknown model 'x'" },
    { name: "score above 1", scores: { a: 1.5 }, options: {}, message: "score of 'a' must be in [0, 1]" },
    { name: "decay above 1", scores: {}, options: { decay: 2 }, message: "decay must be in [0, 1]" },
    { name: "non-convergence", scores: { a: 1e-6 }, options: { decay: 1, maxIterations: 3, tolerance: 1e-15 }, message: "did not converge within 3 iterations" },
  ];
  for (const c of errors) {
    it(`throws on ${c.name}`, () => {
      const g = graphOf(["a", "b"], [["a", "b", 1], ["b", "a", 1]]);
      expect(() => propagateAnomaly({ graph: g, scores: c.scores, options: c.options })).toThrow(c.message);
    });
  }
});
