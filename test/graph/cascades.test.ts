import { describe, expect, it } from "vitest";
import { buildSystemGraph, detectCascades, detectCascadesWithAlerts, type ModelStates } from "../../graph/index.js";

const T = Date.UTC(2026, 0, 1, 10, 0);
const W = 600_000;
const graphOf = (ids: string[], edges: Array<[string, string, number]>) =>
  buildSystemGraph({ models: ids.map((id) => ({ id, key: id })), edges: edges.map(([from, to, weight]) => ({ from, to, weight })) });
const bad = (score: number, w: number) => ({ score, anomalous: true, onset: T + w * W });
const ok = { score: 0.1, anomalous: false, onset: null };

describe("detectCascades", () => {
  const cases: Array<{ name: string; graph: ReturnType<typeof graphOf>; states: ModelStates; expected: Array<{ root: string; affected: string[]; startedAt: number }> }> = [
    {
      name: "chain: one cascade from the first model",
      graph: graphOf(["a", "b", "c"], [["a", "b", 1], ["b", "c", 1]]),
      states: { a: bad(0.8, 0), b: bad(0.7, 1), c: bad(0.6, 1) },
      expected: [{ root: "a", affected: ["b", "c"], startedAt: T }],
    },
    {
      name: "a healthy model in between breaks the cascade; a lone anomaly is no cascade",
      graph: graphOf(["a", "b", "c", "d"], [["a", "b", 1], ["b", "c", 1], ["c", "d", 1]]),
      states: { a: bad(0.8, 0), b: ok, c: bad(0.7, 1), d: bad(0.6, 2) },
      expected: [{ root: "c", affected: ["d"], startedAt: T + W }],
    },
    {
      name: "a consumer already anomalous before the root (flapping) joins its cascade: its earlier anomaly masks whether the fault reached it",
      graph: graphOf(["a", "b", "c"], [["a", "b", 1], ["a", "c", 1]]),
      states: { a: bad(0.8, 1), b: bad(0.7, 0), c: bad(0.7, 2) },
      expected: [{ root: "a", affected: ["b", "c"], startedAt: T + W }],
    },
    {
      name: "two independent roots give two cascades",
      graph: graphOf(["a", "a1", "b", "b1", "b2"], [["a", "a1", 1], ["b", "b1", 1], ["b1", "b2", 0.8]]),
      states: { a: bad(0.8, 0), a1: bad(0.7, 1), b: bad(0.9, 2), b1: bad(0.8, 2), b2: bad(0.5, 3) },
      expected: [{ root: "a", affected: ["a1"], startedAt: T }, { root: "b", affected: ["b1", "b2"], startedAt: T + 2 * W }],
    },
    {
      name: "feedback loop: the cascade does not claim its own root back",
      graph: graphOf(["a", "b", "c"], [["a", "b", 1], ["b", "c", 1], ["c", "a", 1]]),
      states: { a: bad(0.8, 0), b: bad(0.7, 1), c: bad(0.6, 1) },
      expected: [{ root: "a", affected: ["b", "c"], startedAt: T }],
    },
    {
      name: "a loop whose members all turned anomalous in one window is claimed by its strongest member",
      graph: graphOf(["a", "b"], [["a", "b", 1], ["b", "a", 1]]),
      states: { a: bad(0.8, 0), b: bad(0.8, 0) },
      expected: [{ root: "a", affected: ["b"], startedAt: T }],
    },
    {
      name: "a much stronger anomaly than its weak parent explains is a root of its own",
      graph: graphOf(["a", "b", "c"], [["a", "b", 0.3], ["b", "c", 1]]),
      states: { a: bad(0.4, 0), b: bad(0.9, 1), c: bad(0.8, 2) },
      expected: [{ root: "b", affected: ["c"], startedAt: T + W }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // Every group an incident here (incidentMinModels 1): these cases are about who explains whom.
      expect(detectCascades({ graph: c.graph, states: c.states, options: { incidentMinModels: 1 } })).toEqual(c.expected);
    });
  }

  it("with the default incident rule, a weak two-model group is no cascade: its models are standalone alerts", () => {
    const graph = graphOf(["a", "b", "c"], [["a", "b", 1], ["b", "c", 1]]);
    const states = { a: bad(0.5, 0), b: bad(0.4, 0), c: ok };
    expect(detectCascades({ graph, states })).toEqual([]);
    expect(detectCascadesWithAlerts({ graph, states }).standalone.sort()).toEqual(["a", "b"]);
  });

  it("throws on an unknown model", () => {
    expect(() => detectCascades({ graph: graphOf(["a"], []), states: { x: bad(0.5, 0) } })).toThrow("graph/cascades: unknown model 'x'");
  });
});
