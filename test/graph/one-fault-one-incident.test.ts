// Issue #12 "One fault, one incident": the scenarios at the pure level — ranking, groups,
// cascades and sentences read one decision and agree.
import { describe, expect, it } from "vitest";
import { buildSystemGraph, detectCascadesWithAlerts, rankRootCauses, type ModelStates } from "../../graph/index.js";

const T = Date.UTC(2026, 0, 1, 10, 0);
const W = 600_000;
const graphOf = (ids: string[], edges: Array<[string, string, number]>) =>
  buildSystemGraph({ models: ids.map((id) => ({ id, key: id })), edges: edges.map(([from, to, weight]) => ({ from, to, weight })) });
const signals = (breached: number, of = 3) =>
  Array.from({ length: of }, (_, i) => ({ kind: "drift", name: `s${i}`, value: i < breached ? 0.6 : 0.1, threshold: 0.3, breached: i < breached }));
const bad = (score: number, w: number, breached = 3) => ({ score, anomalous: true, onset: T + w * W, evidence: signals(breached) });
const ok = () => ({ score: 0.1, anomalous: false, onset: null, evidence: signals(0) });
const options = { windowMs: W, windowStart: T };

const driving = ["camera", "lidar", "perception", "fusion", "tracking", "prediction", "planning", "control"];
const chain7 = graphOf(driving.slice(1), driving.slice(1, -1).map((m, i) => [m, driving[i + 2]!, 0.8] as [string, string, number]));
// A shared sensor feeding two branches, and an unrelated parking → pricing branch.
const nine = graphOf(["sensors", "perception", "fusion", "planning", "mapping", "localization", "parking", "pricing", "billing"], [
  ["sensors", "perception", 0.9], ["perception", "fusion", 0.8], ["fusion", "planning", 0.8],
  ["sensors", "mapping", 0.9], ["mapping", "localization", 0.8],
  ["parking", "pricing", 0.9], ["pricing", "billing", 0.7],
]);

describe("one fault, one incident", () => {
  const cases: Array<{ name: string; graph: ReturnType<typeof graphOf>; states: ModelStates; at?: number; top: string[]; groups: Array<[string, string[]]>; sentence?: RegExp }> = [
    {
      name: "7-model chain, lag 0: one group, rooted at the faulty model; its sentence names the 6 followers in the same window",
      graph: chain7,
      states: Object.fromEntries(driving.slice(1).map((m, i) => [m, bad(0.9 - i * 0.05, 0, i === 0 ? 3 : 2)])),
      top: ["lidar"],
      groups: [["lidar", ["perception", "fusion", "tracking", "prediction", "planning", "control"]]],
      sentence: /6 downstream models followed in the same window: perception, fusion, tracking, prediction, planning, control/,
    },
    {
      name: "the other sensor faulted: the fault in the middle of the chain, upstream healthy",
      graph: chain7,
      states: { lidar: ok(), perception: ok(), ...Object.fromEntries(driving.slice(3).map((m, i) => [m, bad(0.85 - i * 0.05, 0, i === 0 ? 3 : 2)])) },
      top: ["fusion"],
      groups: [["fusion", ["tracking", "prediction", "planning", "control"]]],
    },
    {
      name: "fan-out from a shared source, same window: one group",
      graph: nine,
      states: { sensors: bad(0.9, 0), perception: bad(0.8, 0, 2), fusion: bad(0.7, 0, 2), planning: bad(0.6, 0, 1), mapping: bad(0.8, 0, 2), localization: bad(0.7, 0, 2), parking: ok(), pricing: ok(), billing: ok() },
      top: ["sensors"],
      groups: [["sensors", ["fusion", "localization", "mapping", "perception", "planning"]]],
    },
    {
      name: "two independent faults two windows apart: both roots at ranks 1–2, two groups",
      graph: nine,
      at: T + 2 * W,
      states: {
        sensors: bad(0.95, 0), perception: bad(0.9, 0), fusion: bad(0.9, 1), planning: bad(0.85, 1), mapping: bad(0.9, 0), localization: bad(0.85, 1),
        parking: bad(0.6, 2, 2), pricing: bad(0.55, 2, 2), billing: bad(0.5, 2, 2),
      },
      top: ["sensors", "parking"],
      groups: [["sensors", ["fusion", "localization", "mapping", "perception", "planning"]], ["parking", ["billing", "pricing"]]],
    },
    {
      name: "a consumer flapping before the fault neither splits the cascade nor steals the root",
      graph: chain7,
      at: T + W,
      states: { lidar: bad(0.9, 1), perception: bad(0.9, 0, 3), fusion: bad(0.8, 1, 2), tracking: bad(0.75, 1, 2), prediction: bad(0.7, 1, 2), planning: bad(0.65, 1, 2), control: bad(0.6, 1, 2) },
      top: ["lidar"],
      groups: [["lidar", ["perception", "fusion", "tracking", "prediction", "planning", "control"]]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const opts = { ...options, windowStart: c.at ?? T };
      const ranked = rankRootCauses({ graph: c.graph, states: c.states, options: opts });
      expect(ranked.slice(0, c.top.length).map((r) => r.modelId).sort()).toEqual([...c.top].sort());
      const decision = detectCascadesWithAlerts({ graph: c.graph, states: c.states, options: opts });
      const groups = decision.groups.filter((g) => g.incident).map((g) => [g.root, g.members.map((m) => m.modelId).sort()]);
      expect(groups.sort()).toEqual(c.groups.map(([r, m]) => [r, [...m].sort()]).sort());
      expect(decision.standalone).toEqual([]);
      // The cascades and the ranking's group roots say the same.
      for (const [root, members] of c.groups) {
        if (members.length > 0) expect(decision.cascades.find((x) => x.root === root)?.affected).toEqual([...members].sort());
        for (const m of members) expect(ranked.find((r) => r.modelId === m)?.groupRoot).toBe(root);
      }
      if (c.sentence) expect(ranked[0]!.explanation).toMatch(c.sentence);
    });
  }

  it("a lone model with one breached signal is an alert, not an incident, until it persists (6 consecutive windows; 3 with two breached)", () => {
    const g = graphOf(["a", "b"], [["a", "b", 1]]);
    const at = (breached: number, windows: number) => detectCascadesWithAlerts({ graph: g, states: { a: bad(0.5, 0, breached), b: ok() }, options: { ...options, windowStart: T + (windows - 1) * W } });
    expect(at(1, 1).standalone).toEqual(["a"]);
    expect(at(1, 1).loneIncidents).toEqual([]);
    // One of three signals for 3 windows: what a flapping model does — still an alert.
    expect(at(1, 3).standalone).toEqual(["a"]);
    expect(at(1, 5).standalone).toEqual(["a"]);
    expect(at(1, 6).loneIncidents).toEqual(["a"]);
    // Two of three signals (ratio ≈ 4, under the incident ratio alone): an incident once it has persisted 3 windows.
    expect(at(2, 2).loneIncidents).toEqual([]);
    expect(at(2, 3).loneIncidents).toEqual(["a"]);
  });

  it("a consumer with one breached signal that an anomalous producer explains joins the producer's incident; so does one behind a model that shows nothing", () => {
    const g = graphOf(["a", "b", "c", "d", "e", "f"], [["a", "b", 0.9], ["b", "c", 0.9], ["c", "d", 0.9], ["d", "e", 0.9], ["e", "f", 0.9]]);
    // a → b → c: the fault; d shows nothing (its monitoring missed it); e: one breached signal; f: one breached signal, weak.
    const states: ModelStates = { a: bad(0.9, 0), b: bad(0.8, 0), c: bad(0.7, 0), d: ok(), e: bad(0.35, 1, 1), f: bad(0.31, 1, 1) };
    const d = detectCascadesWithAlerts({ graph: g, states, options: { ...options, windowStart: T + W } });
    expect(d.groups.filter((x) => x.incident).map((x) => [x.root, x.members.map((m) => m.modelId).sort()])).toEqual([["a", ["b", "c", "e", "f"]]]);
    expect(d.standalone).toEqual([]);
    const ranked = rankRootCauses({ graph: g, states, options: { ...options, windowStart: T + W } });
    expect(ranked[0]!.modelId).toBe("a");
    expect(ranked.find((r) => r.modelId === "e")!.groupRoot).toBe("a");
    expect(ranked[0]!.explanation).toMatch(/linked to it in the same incident/);
  });

  it("a lone upstream model whose consumer roots a group is in that group, not an alert of its own", () => {
    const g = graphOf(["a", "b", "c", "d"], [["a", "b", 0.9], ["b", "c", 0.9], ["c", "d", 0.9]]);
    const states: ModelStates = { a: bad(0.5, 0, 1), b: bad(0.9, 0), c: bad(0.8, 0), d: bad(0.7, 0) };
    const d = detectCascadesWithAlerts({ graph: g, states, options });
    const incidents = d.groups.filter((x) => x.incident);
    expect(incidents).toHaveLength(1);
    expect([incidents[0]!.root, ...incidents[0]!.members.map((m) => m.modelId)].sort()).toEqual(["a", "b", "c", "d"]);
    expect(d.standalone).toEqual([]);
  });

  it("two independent faults stay two incidents", () => {
    const d = detectCascadesWithAlerts({
      graph: nine,
      states: { sensors: bad(0.9, 0), perception: bad(0.8, 0), fusion: bad(0.7, 0), planning: ok(), mapping: ok(), localization: ok(), parking: bad(0.9, 0), pricing: bad(0.8, 0), billing: bad(0.7, 0, 1) },
      options,
    });
    expect(d.cascades.map((c) => [c.root, c.affected])).toEqual([["parking", ["billing", "pricing"]], ["sensors", ["fusion", "perception"]]]);
  });

  it("finer onsets decide a same-window order before the dependency direction", () => {
    const g = graphOf(["a", "b", "c"], [["a", "b", 1], ["b", "c", 1]]);
    const states: ModelStates = { a: { ...bad(0.8, 0), onsetFine: T + 300_000 }, b: { ...bad(0.8, 0), onsetFine: T + 60_000 }, c: bad(0.7, 1) };
    expect(rankRootCauses({ graph: g, states, options })[0]!.modelId).toBe("b");
  });

  it("a same-window feedback loop is entered where the trouble came in", () => {
    const g = graphOf(["x", "a", "b"], [["x", "a", 1], ["a", "b", 1], ["b", "a", 1]]);
    const states: ModelStates = { x: bad(0.7, 0), a: bad(0.9, 0), b: bad(0.95, 0) };
    const d = detectCascadesWithAlerts({ graph: g, states, options });
    expect(d.cascades).toEqual([{ root: "x", affected: ["a", "b"], startedAt: T }]);
  });
});
