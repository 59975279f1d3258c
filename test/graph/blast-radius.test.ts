import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { blastRadius, buildSystemGraph } from "../../graph/index.js";

const graphOf = (ids: string[], edges: Array<[string, string, number]>) =>
  buildSystemGraph({ models: ids.map((id) => ({ id, key: id })), edges: edges.map(([from, to, weight]) => ({ from, to, weight })) });

describe("blastRadius", () => {
  // a → b (0.8) → d (0.5); a → c (0.4) → d (1); d → e (1); e → b (1) feeds back.
  const g = graphOf(["a", "b", "c", "d", "e", "z"], [["a", "b", 0.8], ["b", "d", 0.5], ["a", "c", 0.4], ["c", "d", 1], ["d", "e", 1], ["e", "b", 1]]);
  const cases = [
    {
      name: "small DAG with a feedback edge, decay 0.9",
      source: "a",
      decay: 0.9,
      // b: 0.9·0.8 = 0.72; d: max(0.72·0.9·0.5 = 0.324, 0.36·0.9 = 0.324) = 0.324; c: 0.36; e: 0.2916
      expected: [
        { modelId: "b", risk: 0.72, hops: 1 },
        { modelId: "c", risk: 0.36, hops: 1 },
        { modelId: "d", risk: 0.324, hops: 2 },
        { modelId: "e", risk: 0.2916, hops: 3 },
      ],
    },
    { name: "leaf has no blast radius", source: "z", decay: 0.9, expected: [] },
    { name: "cycle returns to the upstream side but never the source", source: "e", decay: 1, expected: [{ modelId: "b", risk: 1, hops: 1 }, { modelId: "d", risk: 0.5, hops: 2 }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = blastRadius({ graph: g, source: c.source, options: { decay: c.decay } });
      expect(r.map((x) => x.modelId)).toEqual(c.expected.map((x) => x.modelId));
      r.forEach((x, i) => {
        expect(x.risk).toBeCloseTo(c.expected[i]!.risk, 10);
        expect(x.hops).toBe(c.expected[i]!.hops);
      });
    });
  }

  it("hop counts match NetworkX single_source_shortest_path_length on a random graph", () => {
    const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, "../fixtures/graph/random-hops.json"), "utf8")) as {
      models: string[]; edges: Array<{ from: string; to: string; weight: number }>; source: string; hops: Record<string, number>;
    };
    const graph = buildSystemGraph({ models: fixture.models.map((id) => ({ id, key: id })), edges: fixture.edges });
    const r = blastRadius({ graph, source: fixture.source });
    expect(Object.fromEntries(r.map((x) => [x.modelId, x.hops]))).toEqual(fixture.hops);
    for (let i = 1; i < r.length; i++) expect(r[i]!.risk).toBeLessThanOrEqual(r[i - 1]!.risk);
    for (const x of r) expect(x.risk).toBeGreaterThan(0), expect(x.risk).toBeLessThanOrEqual(1);
  });

  it("throws on an unknown source and a bad decay", () => {
    expect(() => blastRadius({ graph: g, source: "x" })).toThrow("graph/blast-radius: unknown model 'x'");
    expect(() => blastRadius({ graph: g, source: "a", options: { decay: 0 } })).toThrow("decay must be in (0, 1]");
  });
});
