import { describe, expect, it } from "vitest";
import { buildSystemGraph, rankRootCauses, type ModelStates } from "../../graph/index.js";

const T = Date.UTC(2026, 0, 1, 10, 0);
const W = 600_000;
const graphOf = (ids: string[], edges: Array<[string, string, number]>) =>
  buildSystemGraph({ models: ids.map((id) => ({ id, key: id })), edges: edges.map(([from, to, weight]) => ({ from, to, weight })) });
const bad = (score: number, w: number) => ({ score, anomalous: true, onset: T + w * W });
const ok = (score = 0.1) => ({ score, anomalous: false, onset: null });

const chain = graphOf(["perception", "fusion", "tracking", "planning", "control"], [
  ["perception", "fusion", 1], ["fusion", "tracking", 0.9], ["tracking", "planning", 0.8], ["planning", "control", 0.8],
]);

describe("rankRootCauses", () => {
  const cases: Array<{ name: string; graph: ReturnType<typeof graphOf>; states: ModelStates; top: string[] }> = [
    {
      name: "chain: the first model of the cascade, not the loudest",
      graph: chain,
      states: { perception: bad(0.7, 0), fusion: bad(0.8, 1), tracking: bad(0.75, 1), planning: bad(0.6, 2), control: bad(0.5, 2) },
      top: ["perception"],
    },
    {
      name: "onset precedence beats a higher score (a → b, b louder but later)",
      graph: graphOf(["a", "b"], [["a", "b", 1]]),
      states: { a: bad(0.6, 0), b: bad(0.95, 1) },
      top: ["a", "b"],
    },
    {
      name: "a parent that turned anomalous later cannot be the cause",
      graph: graphOf(["a", "b", "c"], [["a", "b", 1], ["b", "c", 1]]),
      states: { a: bad(0.9, 3), b: bad(0.6, 0), c: bad(0.5, 1) },
      top: ["b"],
    },
    {
      name: "diamond: the shared source explains both branches and the sink",
      graph: graphOf(["s", "l", "r", "t"], [["s", "l", 1], ["s", "r", 1], ["l", "t", 1], ["r", "t", 1]]),
      states: { s: bad(0.7, 0), l: bad(0.7, 1), r: bad(0.65, 0), t: bad(0.9, 2) },
      top: ["s"],
    },
    {
      name: "feedback loop: the model that started it, not the one feeding back",
      graph: graphOf(["a", "b", "c"], [["a", "b", 1], ["b", "c", 1], ["c", "a", 1]]),
      states: { a: bad(0.8, 0), b: bad(0.7, 1), c: bad(0.6, 2) },
      top: ["a"],
    },
    {
      name: "two independent roots rank above their collateral",
      graph: graphOf(["a", "a1", "a2", "b", "b1", "b2"], [["a", "a1", 1], ["a1", "a2", 1], ["b", "b1", 1], ["b1", "b2", 1]]),
      states: { a: bad(0.7, 0), a1: bad(0.9, 1), a2: bad(0.6, 1), b: bad(0.6, 2), b1: bad(0.8, 2), b2: bad(0.5, 3) },
      top: ["a", "b"],
    },
    {
      name: "a lone spurious anomaly ranks below a root with followers",
      graph: graphOf(["a", "b", "c", "x"], [["a", "b", 1], ["b", "c", 1]]),
      states: { a: bad(0.6, 1), b: bad(0.6, 1), c: bad(0.5, 2), x: bad(0.95, 0) },
      top: ["a"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = rankRootCauses({ graph: c.graph, states: c.states });
      expect(r.slice(0, c.top.length).map((x) => x.modelId)).toEqual(c.top);
      expect(r.map((x) => x.rank)).toEqual(r.map((_, i) => i + 1));
      expect(r.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 10);
    });
  }

  it("only anomalous models are candidates; none anomalous gives an empty list", () => {
    expect(rankRootCauses({ graph: chain, states: { perception: ok(), fusion: ok(0.2) } })).toEqual([]);
    const r = rankRootCauses({ graph: chain, states: { perception: bad(0.7, 0), fusion: ok(0.2) } });
    expect(r.map((x) => x.modelId)).toEqual(["perception"]);
  });

  it("explains the top candidate in words a person can act on, with its evidence", () => {
    const states: ModelStates = {
      perception: { ...bad(0.7, 0), evidence: [
        { kind: "drift", name: "speed", value: 0.01, threshold: 0.05, breached: false },
        { kind: "drift", name: "brightness", value: 0.4, threshold: 0.2, breached: true },
      ] },
      fusion: bad(0.6, 1), tracking: bad(0.6, 1), planning: bad(0.5, 2), control: bad(0.5, 2),
    };
    const keys: Record<string, string> = { perception: "camera-perception" };
    const [top] = rankRootCauses({ graph: chain, states, keyOf: (id) => keys[id] ?? id, options: { windowMs: W } });
    expect(top!.explanation).toBe(
      "camera-perception turned anomalous first (10:00 UTC); 4 downstream models followed within 2 windows; its drift in 'brightness' is breached; no upstream model was anomalous",
    );
    expect(top!.evidence[0]!.name).toBe("brightness");
    const fusion = rankRootCauses({ graph: chain, states, options: { windowMs: W } }).find((x) => x.modelId === "fusion")!;
    expect(fusion.explanation).toContain("upstream perception was already anomalous (10:00 UTC) and may explain 100% of it");
  });

  it("counts breached signals: an anomaly breaching most of its signals outranks one breaching a single signal", () => {
    const g = graphOf(["a", "b"], []);
    const signals = (breached: number) =>
      Array.from({ length: 3 }, (_, i) => ({ kind: "drift", name: `s${i}`, value: i < breached ? 0.6 : 0.1, threshold: 0.3, breached: i < breached }));
    const states: ModelStates = { a: { ...bad(0.6, 0), evidence: signals(1) }, b: { ...bad(0.6, 0), evidence: signals(3) } };
    expect(rankRootCauses({ graph: g, states }).map((x) => x.modelId)).toEqual(["b", "a"]);
    // Without evidence, or with the signal weight at 0, the tie breaks by id.
    expect(rankRootCauses({ graph: g, states, options: { signalWeight: 0 } }).map((x) => x.modelId)).toEqual(["a", "b"]);
    // Only breached evidence (as the API passes it): more breached signals still weigh more.
    const breachedOnly: ModelStates = { a: { ...bad(0.6, 0), evidence: signals(1).slice(0, 1) }, b: { ...bad(0.6, 0), evidence: signals(3) } };
    expect(rankRootCauses({ graph: g, states: breachedOnly })[0]!.modelId).toBe("b");
  });

  it("credits a fault that crossed one model whose signals stayed healthy (healthyHops)", () => {
    const g = graphOf(["a", "h", "x", "y", "z"], [["a", "h", 1], ["h", "x", 1], ["h", "y", 1], ["h", "z", 1]]);
    const states: ModelStates = { a: bad(0.8, 0), h: ok(0.2), x: bad(0.7, 1), y: bad(0.7, 1), z: bad(0.7, 2) };
    const share = (healthyHops: number) => rankRootCauses({ graph: g, states, options: { healthyHops } }).find((c) => c.modelId === "a")!.score;
    expect(share(1)).toBeGreaterThan(share(0));
    expect(share(Infinity)).toBeCloseTo(share(1), 12);
  });

  const errors: Array<{ name: string; states: ModelStates; message: string }> = [
    { name: "unknown model", states: { x: bad(0.5, 0) }, message: "graph/root-causes: unknown model 'x'" },
    { name: "score out of range", states: { perception: bad(1.5, 0) }, message: "graph/root-causes: score of 'perception' must be in [0, 1]" },
    { name: "anomalous without onset", states: { perception: { score: 0.5, anomalous: true, onset: null } }, message: "needs a finite onset" },
  ];
  it("throws on bad options", () => {
    const states: ModelStates = { perception: bad(0.7, 0) };
    expect(() => rankRootCauses({ graph: chain, states, options: { faultBreachRate: 1 } })).toThrow("graph/root-causes: faultBreachRate must be in (0, 1)");
    expect(() => rankRootCauses({ graph: chain, states, options: { healthyHops: -1 } })).toThrow("graph/root-causes: healthyHops must be ≥ 0");
    expect(() => rankRootCauses({ graph: chain, states, options: { signalWeight: Number.NaN } })).toThrow("graph/root-causes: signalWeight must be ≥ 0");
  });

  for (const c of errors) {
    it(`throws on ${c.name}`, () => {
      expect(() => rankRootCauses({ graph: chain, states: c.states })).toThrow(c.message);
    });
  }
});
