// The fast root-cause code (compact view, typed arrays, shared scratch) against the former slow
// implementation kept in reference/: same explanations, and — with the former settings
// { signalWeight: 0, healthyHops: Infinity } — the same ranking and scores, on random graphs with
// feedback loops, missing states and ties in onset.
import { describe, expect, it } from "vitest";
import { buildSystemGraph, rankRootCauses, type ModelStates } from "../../graph/index.js";
import { explainAnomalies } from "../../graph/explain-anomaly.js";
import { mulberry32, simulateTrial } from "../bench/rca/simulate.js";
import { referenceExplainAnomalies, referenceRankRootCauses } from "./reference/root-causes-reference.js";

const T = Date.UTC(2026, 0, 1, 10, 0);
const W = 600_000;

/** A random directed graph (cycles allowed) with random states: some anomalous, some healthy, some missing. */
function randomCase(random: () => number) {
  const n = 5 + Math.floor(random() * 60);
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const edges = new Map<string, { from: string; to: string; weight: number }>();
  const m = Math.floor(n * (1 + random() * 3));
  for (let k = 0; k < m; k++) {
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (a !== b) edges.set(`${a}>${b}`, { from: ids[a]!, to: ids[b]!, weight: random() < 0.2 ? 1 : Math.round((0.1 + 0.9 * random()) * 100) / 100 });
  }
  const graph = buildSystemGraph({ models: ids.map((id) => ({ id, key: id })), edges: [...edges.values()] });
  const states: ModelStates = {};
  for (const id of ids) {
    const u = random();
    if (u < 0.1) continue;
    if (u < 0.55) states[id] = { score: Math.round((0.3 + 0.7 * random()) * 20) / 20, anomalous: true, onset: T + Math.floor(random() * 4) * W };
    else states[id] = { score: 0.3 * random(), anomalous: false, onset: null };
  }
  return { graph, states };
}

function cases() {
  const random = mulberry32(424242);
  const out = Array.from({ length: 80 }, () => randomCase(random));
  for (let t = 0; t < 40; t++) {
    const trial = simulateTrial(random, t % 2 === 0 ? 1 : 2);
    if (trial.n <= 300) out.push({ graph: trial.graph, states: trial.states });
  }
  return out;
}

describe("root causes: fast implementation = former reference", () => {
  const all = cases();

  it("explainAnomalies gives the same explanations", () => {
    for (const { graph, states } of all) {
      const fast = explainAnomalies(graph, states);
      const slow = referenceExplainAnomalies(graph, states);
      expect([...fast.keys()]).toEqual([...slow.keys()]);
      for (const [id, e] of slow) {
        const f = fast.get(id)!;
        expect(f.explainers).toEqual(e.explainers);
        expect(f.laterParents).toEqual(e.laterParents);
        expect(f.followers).toEqual(e.followers);
        expect(f.unexplained).toBeCloseTo(e.unexplained, 12);
        expect(f.support).toBeCloseTo(e.support, 12);
        expect(f.coherence).toBeCloseTo(e.coherence, 12);
      }
    }
  });

  for (const method of ["likelihood", "product"] as const) {
    it(`rankRootCauses (${method}) with the former settings ranks and scores as the reference`, () => {
      for (const { graph, states } of all) {
        const fast = rankRootCauses({ graph, states, options: { method, signalWeight: 0, healthyHops: Infinity, latent: false } });
        const slow = referenceRankRootCauses({ graph, states, options: { method } });
        expect(fast.map((c) => c.modelId)).toEqual(slow.map((c) => c.modelId));
        fast.forEach((c, i) => expect(c.score).toBeCloseTo(slow[i]!.score, 12));
      }
    });
  }

  it("latent candidates: searching only those that could reach the top 3 keeps the top 3 of searching all", () => {
    let latentInTop3 = 0;
    const random = mulberry32(5150);
    const trials = [...all, ...Array.from({ length: 150 }, (_, t) => simulateTrial(random, t % 2 === 0 ? 1 : 2))];
    for (const { graph, states } of trials) {
      const pruned = rankRootCauses({ graph, states });
      const full = rankRootCauses({ graph, states, options: { latentMaxRank: Infinity } });
      expect(pruned.slice(0, 3).map((c) => c.modelId)).toEqual(full.slice(0, 3).map((c) => c.modelId));
      if (full.slice(0, 3).some((c) => c.latent)) latentInTop3 += 1;
    }
    expect(latentInTop3).toBeGreaterThan(10);
  });
});
