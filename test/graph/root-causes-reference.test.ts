// The latent-candidate pruning (only latent candidates whose optimistic estimate could reach the
// top 3 are searched) against searching them all, on random graphs with feedback loops, missing
// states and ties in onset, and on simulated trials. The exact-equivalence checks against the former
// implementation (test/graph/reference/) were dropped with issue #12: ties now favour the producer
// (no split credit), anomalous models that turned anomalous before the path are crossed (masked),
// and the ranking explains away — by design it no longer reproduces the former order.
import { describe, expect, it } from "vitest";
import { buildSystemGraph, rankRootCauses, type ModelStates } from "../../graph/index.js";
import { mulberry32, simulateTrial } from "../bench/rca/simulate.js";

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

describe("root causes: latent-candidate pruning", () => {
  const all = cases();
  for (const explainAway of [false, true]) {
    it(`searching only the latent candidates that could reach the top 3 keeps the top 3 of searching all (explainAway: ${explainAway})`, () => {
      let latentInTop3 = 0;
      let differ = 0;
      const random = mulberry32(5150);
      const trials = [...all, ...Array.from({ length: 150 }, (_, t) => simulateTrial(random, t % 2 === 0 ? 1 : 2))];
      for (const { graph, states } of trials) {
        const pruned = rankRootCauses({ graph, states, options: { explainAway } });
        const full = rankRootCauses({ graph, states, options: { explainAway, latentMaxRank: Infinity } });
        if (pruned.slice(0, 3).map((c) => c.modelId).join() !== full.slice(0, 3).map((c) => c.modelId).join()) differ += 1;
        if (full.slice(0, 3).some((c) => c.latent)) latentInTop3 += 1;
      }
      // With explaining away the bar (the 3rd best unconditional llr) is no bound on the conditional
      // ranking: a pruned latent candidate can take the 3rd rank at a score around 1% (4 of ~270 cases
      // since the searches from anomalous models cross one healthy model that feeds an orphan; 3 before).
      expect(differ).toBeLessThanOrEqual(explainAway ? 4 : 0);
      expect(latentInTop3).toBeGreaterThan(10);
    });
  }
});
