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

  it("candidates are anomalous models (and latent ones, below); none anomalous gives an empty list", () => {
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
      "camera-perception turned anomalous first (10:00 UTC); 4 downstream models followed within 2 windows: fusion, tracking, planning, control; its drift in 'brightness' is breached; no upstream model was anomalous",
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

  describe("time beyond the window (issue #12)", () => {
    const signals = (breached: number, m = 3) =>
      Array.from({ length: m }, (_, i) => ({ kind: "drift", name: `s${i}`, value: i < breached ? 0.6 : 0.1, threshold: 0.3, breached: i < breached }));
    const now = T + 7 * W;
    const opts = { windowMs: W, windowStart: now };
    it("persistence: a model anomalous for 5 windows outranks a fresh alarm with more breached signals (not without the window)", () => {
      const g = graphOf(["fresh", "old"], []);
      const states: ModelStates = { fresh: { ...bad(0.7, 7), evidence: signals(3) }, old: { ...bad(0.7, 3), evidence: signals(2) } };
      expect(rankRootCauses({ graph: g, states, options: opts }).map((x) => x.modelId)).toEqual(["old", "fresh"]);
      expect(rankRootCauses({ graph: g, states }).map((x) => x.modelId)).toEqual(["fresh", "old"]);
      expect(rankRootCauses({ graph: g, states, options: { ...opts, spuriousPersistence: 1 } }).map((x) => x.modelId)).toEqual(["fresh", "old"]);
      // The run counts, not the episode: an alarm every other window never builds persistence.
      const flapping: ModelStates = { fresh: { ...bad(0.7, 7), evidence: signals(3) }, old: { ...bad(0.7, 3), anomalousSince: now, evidence: signals(2) } };
      expect(rankRootCauses({ graph: g, states: flapping, options: opts })[0]!.modelId).toBe("fresh");
    });
    it("a consumer flapping before the fault, with nothing below it, is explained by its parent (re-triggered)", () => {
      const g = graphOf(["root", "flapper", "tail"], [["root", "flapper", 1], ["flapper", "tail", 1]]);
      const states: ModelStates = { root: { ...bad(0.9, 3), evidence: signals(2) }, flapper: { ...bad(0.75, 0), anomalousSince: T + 2 * W, evidence: signals(3) }, tail: ok() };
      const ranked = rankRootCauses({ graph: g, states, options: opts });
      expect(ranked[0]!.modelId).toBe("root");
      expect(ranked.find((r) => r.modelId === "flapper")!.groupRoot).toBe("root");
    });
    it("a root whose first window was missed (its consumers turned a window before it showed) is still named first", () => {
      const g = graphOf(["root", "a", "b", "c"], [["root", "a", 1], ["a", "b", 1], ["root", "c", 1]]);
      const states: ModelStates = {
        root: { ...bad(0.8, 4), evidence: signals(3) },
        a: { ...bad(0.6, 3), evidence: signals(2) },
        b: { ...bad(0.5, 3), evidence: signals(2) },
        c: { ...bad(0.5, 3), evidence: signals(2) },
      };
      const ranked = rankRootCauses({ graph: g, states, options: opts });
      expect(ranked[0]!.modelId).toBe("root");
      expect(ranked[0]!.explanation).toContain("root turned anomalous at 10:40 UTC; a, c, b turned anomalous a window before it showed (10:30 UTC): its first window was likely missed");
      expect(ranked.find((r) => r.modelId === "b")!.groupRoot).toBe("root");
      // Two windows late: not "a missed first window" any more.
      const late: ModelStates = { ...states, root: { ...bad(0.8, 5), evidence: signals(3) } };
      const lateRanked = rankRootCauses({ graph: g, states: late, options: opts });
      expect(lateRanked.find((r) => r.modelId === "root")!.explanation).toMatch(/^root turned anomalous at 10:50 UTC; already anomalous before it, then caught up in its cascade: c, a;/);
    });
    it("a root dipping under its thresholds for one window (recentOnset) is still named first", () => {
      const g = graphOf(["root", "a", "b", "c"], [["root", "a", 1], ["a", "b", 1], ["b", "c", 1]]);
      // Two signals reported this window, both under their thresholds (each quiet signal costs log(1 − 0.75)).
      const quiet = { score: 0.2, anomalous: false, onset: null, evidence: signals(0, 2) };
      const states: ModelStates = { root: { ...quiet, recentOnset: T + 3 * W }, a: { ...bad(0.6, 3), evidence: signals(1) }, b: { ...bad(0.5, 3), evidence: signals(2) }, c: { ...bad(0.4, 4), evidence: signals(2) } };
      const ranked = rankRootCauses({ graph: g, states, options: opts });
      expect(ranked[0]!.modelId).toBe("root");
      // Its own earlier run is worth log(1/ρ) + 3 windows of persistence over the same quiet model.
      const without = rankRootCauses({ graph: g, states: { ...states, root: quiet }, options: { ...opts, explainAway: false } });
      const withDip = rankRootCauses({ graph: g, states, options: { ...opts, explainAway: false } });
      const odds = (r: typeof withDip) => r.find((x) => x.modelId === "root")!.score / r.find((x) => x.modelId === "a")!.score;
      expect(Math.log(odds(withDip) / odds(without))).toBeCloseTo(-Math.log(0.075) + 3 * -Math.log(0.3), 6);
      expect(ranked[0]!.latent).toBe(true);
      expect(ranked[0]!.explanation).toContain("root shows no anomaly this window (its 2 signals are within thresholds), but it was anomalous until the previous window (since 10:30 UTC)");
      // Without the dip the same quiet model is only a weak latent candidate.
      expect(without[0]!.modelId).toBe("a");
      expect(() => rankRootCauses({ graph: g, states: { ...states, a: { ...states.a!, recentOnset: T } }, options: opts })).toThrow("recentOnset of 'a' is for a model with data that is not anomalous");
    });
    it("a second root that dipped this window and feeds nothing anomalous is still ranked before the first fault's collateral", () => {
      const g = graphOf(["p", "q", "x", "y"], [["p", "q", 1], ["x", "y", 1]]);
      const quiet = { score: 0.2, anomalous: false, onset: null, evidence: signals(0, 2) };
      const states: ModelStates = { p: { ...bad(0.9, 3), evidence: signals(3) }, q: { ...bad(0.7, 3), evidence: signals(3) }, x: { ...quiet, recentOnset: T + 4 * W }, y: ok() };
      const ranked = rankRootCauses({ graph: g, states, options: opts });
      expect(ranked.slice(0, 2).map((r) => r.modelId)).toEqual(["p", "x"]);
      expect(ranked[1]!.explanation).toBe("x shows no anomaly this window (its 2 signals are within thresholds), but it was anomalous until the previous window (since 10:40 UTC) — a fault does not breach every window; it feeds no anomalous model now — its episode may go on (check it before it shows again)");
    });
  });

  it("credits a fault that crossed one model whose signals stayed healthy (healthyHops)", () => {
    const g = graphOf(["a", "h", "x", "y", "z"], [["a", "h", 1], ["h", "x", 1], ["h", "y", 1], ["h", "z", 1]]);
    const states: ModelStates = { a: bad(0.8, 0), h: ok(0.2), x: bad(0.7, 1), y: bad(0.7, 1), z: bad(0.7, 2) };
    const share = (healthyHops: number) => rankRootCauses({ graph: g, states, options: { healthyHops } }).find((c) => c.modelId === "a")!.score;
    expect(share(1)).toBeGreaterThan(share(0));
    expect(share(Infinity)).toBeCloseTo(share(1), 12);
  });

  describe("latent candidates", () => {
    // camera → fusion → tracking, lidar → fusion, camera → tracking: fusion and tracking broke while
    // nothing upstream of them is anomalous.
    const sensors = graphOf(["camera", "lidar", "fusion", "tracking"], [["camera", "fusion", 0.9], ["lidar", "fusion", 0.6], ["camera", "tracking", 0.8], ["fusion", "tracking", 0.9]]);
    const signals = (breached: number, of = 3) =>
      Array.from({ length: of }, (_, i) => ({ kind: "drift", name: `s${i}`, value: i < breached ? 0.6 : 0.1, threshold: 0.3, breached: i < breached }));
    const broken = { fusion: { ...bad(0.7, 1), evidence: signals(3) }, tracking: { ...bad(0.6, 1), evidence: signals(2) } };

    it("a model without data that is the common upstream of unexplained anomalous models enters the top 3, with an honest sentence", () => {
      const states: ModelStates = { camera: { score: 0, anomalous: false, onset: null, evidence: [], hasData: false }, lidar: { ...ok(0.05), evidence: signals(0) }, ...broken };
      const ranked = rankRootCauses({ graph: sensors, states, keyOf: (id) => (id === "camera" ? "camera-perception" : id) });
      const camera = ranked.find((c) => c.modelId === "camera")!;
      expect(camera.rank).toBeLessThanOrEqual(3);
      expect(camera.latent).toBe(true);
      expect(camera.explanation).toBe(
        "camera-perception shows no anomaly itself — it reported no data this window, so its monitoring may be blind; but it feeds fusion (10:10 UTC), which turned anomalous with no anomalous upstream model to explain it; the fault may have started in it unseen — check its inputs and its monitoring",
      );
      // lidar reported 3 healthy signals and feeds only fusion: it ranks below camera.
      const lidar = ranked.find((c) => c.modelId === "lidar")!;
      expect(lidar.latent).toBe(true);
      expect(lidar.rank).toBeGreaterThan(camera.rank);
      expect(lidar.explanation).toContain("lidar shows no anomaly itself (its 3 signals are within thresholds); but it feeds fusion (10:10 UTC)");
      expect(ranked.filter((c) => !c.latent).map((c) => c.modelId).sort()).toEqual(["fusion", "tracking"]);
      expect(ranked.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 10);
      // No data = no state at all; healthy signals weigh against a latent candidate, more of them more so.
      const omitted: ModelStates = { lidar: states.lidar!, ...broken };
      expect(rankRootCauses({ graph: sensors, states: omitted }).map((c) => [c.modelId, c.score])).toEqual(ranked.map((c) => [c.modelId, c.score]));
      const share = (camera: ModelStates[string]) => rankRootCauses({ graph: sensors, states: { ...states, camera } }).find((c) => c.modelId === "camera")!.score;
      expect(share({ ...ok(0.05), evidence: signals(0, 1) })).toBeLessThan(camera.score);
      expect(share({ ...ok(0.05), evidence: signals(0, 3) })).toBeLessThan(share({ ...ok(0.05), evidence: signals(0, 1) }));
    });

    it("rank below a well-evidenced anomalous root, and only parents of unexplained anomalous models are latent", () => {
      // a (3 of 3 signals breached) → b → c, all anomalous; x is a lone anomaly fed by healthy h; u feeds a.
      const g = graphOf(["u", "a", "b", "c", "h", "x"], [["u", "a", 1], ["a", "b", 1], ["b", "c", 1], ["h", "x", 1]]);
      const states: ModelStates = {
        u: { ...ok(), evidence: signals(0) }, a: { ...bad(0.8, 0), evidence: signals(3) }, b: { ...bad(0.7, 1), evidence: signals(2) }, c: { ...bad(0.6, 2), evidence: signals(2) },
        h: { ...ok(), evidence: signals(0, 1) }, x: { ...bad(0.6, 0), evidence: signals(1) },
      };
      const ranked = rankRootCauses({ graph: g, states });
      expect(ranked[0]!.modelId).toBe("a");
      // u feeds a, which nothing explains: u is latent too, far below a (a has its own anomaly as
      // evidence; u's three signals stayed healthy).
      expect(ranked.filter((c) => c.latent).map((c) => c.modelId).sort()).toEqual(["h", "u"]);
      expect(ranked.find((c) => c.modelId === "u")!.score).toBeLessThan(ranked[0]!.score / 20);
      // b and c are explained by anomalous parents: their parents are not latent candidates; a healthy
      // model with no anomalous child never is.
      expect(rankRootCauses({ graph: g, states, options: { latent: false } }).map((c) => c.modelId).sort()).toEqual(["a", "b", "c", "x"]);
    });

    it("a latent candidate whose own earlier anomalous parent explains it is held back", () => {
      const g = graphOf(["a", "h", "x", "y"], [["a", "h", 1], ["h", "x", 1], ["h", "y", 1]]);
      const states: ModelStates = { a: bad(0.8, 0), h: ok(0.2), x: bad(0.7, 1), y: bad(0.7, 1) };
      const withParent = rankRootCauses({ graph: g, states }).find((c) => c.modelId === "h")!;
      const alone = rankRootCauses({ graph: g, states: { ...states, a: ok() } }).find((c) => c.modelId === "h")!;
      expect(withParent.latent).toBe(true);
      expect(withParent.score).toBeLessThan(alone.score);
    });

    it("signals without a threshold (custom metrics) do not count as evidence", () => {
      const metric = { kind: "metric", name: "latency", value: 12, threshold: null, breached: false };
      const states: ModelStates = { camera: { ...ok(0.05), evidence: signals(0, 1) }, lidar: { ...ok(0.05), evidence: signals(0) }, ...broken };
      const plain = rankRootCauses({ graph: sensors, states });
      const withMetrics: ModelStates = Object.fromEntries(Object.entries(states).map(([id, s]) => [id, { ...s, evidence: [...s.evidence!, metric, metric] }]));
      expect(rankRootCauses({ graph: sensors, states: withMetrics }).map((c) => [c.modelId, c.score])).toEqual(plain.map((c) => [c.modelId, c.score]));
    });
  });

  const errors: Array<{ name: string; states: ModelStates; message: string }> = [
    { name: "unknown model", states: { x: bad(0.5, 0) }, message: "graph/root-causes: unknown model 'x'" },
    { name: "score out of range", states: { perception: bad(1.5, 0) }, message: "graph/root-causes: score of 'perception' must be in [0, 1]" },
    { name: "anomalous without onset", states: { perception: { score: 0.5, anomalous: true, onset: null } }, message: "needs a finite onset" },
    { name: "anomalous without data", states: { perception: { ...bad(0.5, 0), hasData: false } }, message: "graph/root-causes: model 'perception' cannot be anomalous without data (hasData: false)" },
  ];
  it("throws on bad options", () => {
    const states: ModelStates = { perception: bad(0.7, 0) };
    expect(() => rankRootCauses({ graph: chain, states, options: { faultBreachRate: 1 } })).toThrow("graph/root-causes: faultBreachRate must be in (0, 1)");
    expect(() => rankRootCauses({ graph: chain, states, options: { healthyHops: -1 } })).toThrow("graph/root-causes: healthyHops must be ≥ 0");
    expect(() => rankRootCauses({ graph: chain, states, options: { signalWeight: Number.NaN } })).toThrow("graph/root-causes: signalWeight must be ≥ 0");
    expect(() => rankRootCauses({ graph: chain, states, options: { latentOrphanShare: 0 } })).toThrow("graph/root-causes: latentOrphanShare must be in (0, 1]");
    expect(() => rankRootCauses({ graph: chain, states, options: { latentPrior: Number.NEGATIVE_INFINITY } })).toThrow("graph/root-causes: latentPrior must be finite");
    expect(() => rankRootCauses({ graph: chain, states, options: { latentMaxRank: 0 } })).toThrow("graph/root-causes: latentMaxRank must be a positive integer or Infinity");
  });

  for (const c of errors) {
    it(`throws on ${c.name}`, () => {
      expect(() => rankRootCauses({ graph: chain, states: c.states })).toThrow(c.message);
    });
  }
});

describe("a model that changed at its onset (a rollout)", () => {
  // Two producers turned anomalous in the same window with the same evidence, both feeding the
  // consumer that followed: the data cannot tell them apart; a new version at one's onset can.
  const g = graphOf(["a", "b", "c"], [["a", "c", 1], ["b", "c", 1]]);
  const states = (changed: Partial<Record<"a" | "b", number>>): ModelStates => ({
    a: { ...bad(0.7, 0), ...(changed.a ? { changedAtOnset: changed.a } : {}) },
    b: { ...bad(0.7, 0), ...(changed.b ? { changedAtOnset: changed.b } : {}) },
    c: bad(0.8, 0),
  });
  const order = (s: ModelStates, options = {}) => rankRootCauses({ graph: g, states: s, options }).map((r) => r.modelId);

  it("ranks first the producer whose version changed at the onset, whichever it is", () => {
    expect(order(states({ b: 1 }))[0]).toBe("b");
    expect(order(states({ a: 1 }))[0]).toBe("a");
  });

  it("weighs a change two windows before the onset less, and nothing with changeEvidence 0", () => {
    const full = rankRootCauses({ graph: g, states: states({ b: 1 }) }).find((r) => r.modelId === "b")!.score;
    const older = rankRootCauses({ graph: g, states: states({ b: 0.25 }) }).find((r) => r.modelId === "b")!.score;
    const none = rankRootCauses({ graph: g, states: states({}) }).find((r) => r.modelId === "b")!.score;
    expect(full).toBeGreaterThan(older);
    expect(older).toBeGreaterThan(none);
    expect(rankRootCauses({ graph: g, states: states({ b: 1 }), options: { changeEvidence: 0 } }).map((r) => r.score)).toEqual(rankRootCauses({ graph: g, states: states({}) }).map((r) => r.score));
  });

  it("refuses a weight outside (0, 1]", () => {
    expect(() => order(states({ a: 1.5 }))).toThrow("changedAtOnset of 'a' must be in (0, 1]");
  });
});
