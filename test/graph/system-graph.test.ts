import { describe, expect, it } from "vitest";
import { buildSystemGraph } from "../../graph/index.js";

const models = [{ id: "a", key: "perception" }, { id: "b", key: "tracking" }];

describe("buildSystemGraph", () => {
  it("builds nodes with keys and weighted edges; cycles allowed", () => {
    const g = buildSystemGraph({ models, edges: [{ from: "a", to: "b", weight: 0.5 }, { from: "b", to: "a", weight: 1 }] });
    expect(g.order).toBe(2);
    expect(g.size).toBe(2);
    expect(g.getNodeAttribute("a", "key")).toBe("perception");
    expect(g.getDirectedEdgeAttribute("a", "b", "weight")).toBe(0.5);
  });

  const errors = [
    { name: "self-loop", edges: [{ from: "a", to: "a", weight: 1 }], message: "graph/system-graph: model 'a' cannot depend on itself" },
    { name: "unknown target", edges: [{ from: "a", to: "x", weight: 1 }], message: "graph/system-graph: unknown model 'x'" },
    { name: "weight 0", edges: [{ from: "a", to: "b", weight: 0 }], message: "must be in (0, 1]" },
    { name: "weight above 1", edges: [{ from: "a", to: "b", weight: 1.2 }], message: "must be in (0, 1]" },
    { name: "weight NaN", edges: [{ from: "a", to: "b", weight: Number.NaN }], message: "must be in (0, 1]" },
    { name: "duplicate edge", edges: [{ from: "a", to: "b", weight: 1 }, { from: "a", to: "b", weight: 0.5 }], message: "duplicate dependency" },
  ];
  for (const c of errors) {
    it(`rejects ${c.name}`, () => {
      expect(() => buildSystemGraph({ models, edges: c.edges })).toThrow(c.message);
    });
  }
  it("rejects a duplicate model", () => {
    expect(() => buildSystemGraph({ models: [...models, { id: "a", key: "x" }], edges: [] })).toThrow("graph/system-graph: duplicate model 'a'");
  });
});
