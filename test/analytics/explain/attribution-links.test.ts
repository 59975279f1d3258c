// Attribution drift as root-cause evidence (analytics/explain/attribution-links.ts): a consumer whose
// attribution shift sits on its producer's output, the producer anomalous, is explained by it — on a
// weak edge the ranking otherwise names the louder consumer first.
import { describe, expect, it } from "vitest";
import { movedAttributionFeatures, strengthenLinkedEdges } from "../../../api/src/analytics/explain/attribution-links.js";
import { buildSystemGraph, rankRootCauses, type ModelStates } from "../../../graph/index.js";

const W = 3600_000;
const T = 10 * W;
const drifted = (...features: string[]) => [
  { kind: "attribution_drift", name: "ndcg", breached: true },
  ...features.map((f) => ({ kind: "attribution_drift", name: `${f}.importance_shift`, breached: true })),
];

describe("movedAttributionFeatures", () => {
  it("names the moved features only when the ranking itself drifted", () => {
    expect([...movedAttributionFeatures(drifted("p_out", "age"))].sort()).toEqual(["age", "p_out"]);
    expect(movedAttributionFeatures([{ kind: "attribution_drift", name: "ndcg", breached: false }, { kind: "attribution_drift", name: "p_out.importance_shift", breached: true }]).size).toBe(0);
    expect(movedAttributionFeatures([{ kind: "drift", name: "p_out", breached: true }]).size).toBe(0);
  });
});

describe("strengthenLinkedEdges", () => {
  const edges = [
    { from: "p", to: "c", weight: 0.1, feature: "p_out" },
    { from: "q", to: "c", weight: 0.4, feature: "q_out" },
    { from: "p", to: "d", weight: 0.2, feature: null },
  ];
  it("weighs an edge at 1 when its consumer's shift sits on its feature and its producer is anomalous", () => {
    const r = strengthenLinkedEdges({ edges, signalsOf: (id) => (id === "c" || id === "d" ? drifted("p_out", "q_out") : []), anomalous: (id) => id === "p" });
    expect(r.edges.map((e) => e.weight)).toEqual([1, 0.4, 0.2]); // q is healthy; p → d declares no feature
    expect(r.linked.map((e) => `${e.from}>${e.to}`)).toEqual(["p>c"]);
  });
  it("changes nothing without attribution drift", () => {
    const r = strengthenLinkedEdges({ edges, signalsOf: () => [], anomalous: () => true });
    expect(r.edges).toEqual(edges);
    expect(r.linked).toEqual([]);
  });
});

describe("the evidence in root-cause ranking", () => {
  const evidence = (n: number, breached: number) => Array.from({ length: n }, (_, i) => ({ kind: "drift", name: `f${i}`, threshold: 0.1, breached: i < breached, value: 0 }));
  const states: ModelStates = {
    p: { score: 0.5, anomalous: true, onset: T, evidence: evidence(4, 2), hasData: true },
    c: { score: 0.9, anomalous: true, onset: T, evidence: evidence(4, 3), hasData: true },
  };
  const rank = (edges: Array<{ from: string; to: string; weight: number; feature: string | null }>) =>
    rankRootCauses({ graph: buildSystemGraph({ models: [{ id: "p", key: "p" }, { id: "c", key: "c" }], edges }), states, options: { windowMs: W, windowStart: T } }).map((r) => r.modelId);

  it("on a weak edge the louder consumer ranks first; with its attribution shift on the producer's output, the producer does", () => {
    const wired = [{ from: "p", to: "c", weight: 0.1, feature: "p_out" }];
    expect(rank(wired)[0]).toBe("c");
    const { edges } = strengthenLinkedEdges({ edges: wired, signalsOf: (id) => (id === "c" ? drifted("p_out") : []), anomalous: (id) => id === "p" || id === "c" });
    expect(rank(edges)[0]).toBe("p");
  });
});
