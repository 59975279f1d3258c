// Root-cause accuracy over 1,000 seeded trials per series (the system-graph issue's acceptance).
// A hit at k: the top-k of the ranked list contains a true fault root (with two roots, either one).
import { describe, expect, it } from "vitest";
import { rankRootCauses } from "../../../graph/index.js";
import { measure } from "./simulate.js";

const TRIALS = 1000;

describe("root-cause accuracy (1,000 trials per series)", () => {
  for (const roots of [1, 2] as const) {
    it(`${roots === 1 ? "single root" : "two independent roots"}: Tandem vs most-anomalous vs personalized PageRank`, () => {
      const started = performance.now();
      const r = measure(20260101 + roots, TRIALS, roots, (t) => rankRootCauses({ graph: t.graph, states: t.states }).map((c) => c.modelId), {
        // Variants on the same trials: without latent candidates (anomalous models only); searches
        // crossing one healthy model; without the signal-count evidence; the former method (anomalous
        // models only, no signal evidence, searches through every healthy descendant).
        noLatent: (t) => rankRootCauses({ graph: t.graph, states: t.states, options: { latent: false } }).map((c) => c.modelId),
        healthyHop: (t) => rankRootCauses({ graph: t.graph, states: t.states, options: { healthyHops: 1 } }).map((c) => c.modelId),
        noSignals: (t) => rankRootCauses({ graph: t.graph, states: t.states, options: { signalWeight: 0 } }).map((c) => c.modelId),
        former: (t) => rankRootCauses({ graph: t.graph, states: t.states, options: { signalWeight: 0, healthyHops: Infinity, latent: false } }).map((c) => c.modelId),
      });
      const f = (x: number) => x.toFixed(3);
      console.log(
        `[rca] series ${roots} root(s), ${TRIALS} trials (${((performance.now() - started) / 1000).toFixed(1)} s; hit@k = top-k holds a true root)\n` +
          `  method            top-1  top-3\n` +
          `  tandem            ${f(r.tandem.top1)}  ${f(r.tandem.top3)}\n` +
          `  (no latent)       ${f(r.noLatent.top1)}  ${f(r.noLatent.top3)}\n` +
          `  (1 healthy hop)   ${f(r.healthyHop.top1)}  ${f(r.healthyHop.top3)}\n` +
          `  (no signal count) ${f(r.noSignals.top1)}  ${f(r.noSignals.top3)}\n` +
          `  (former method)   ${f(r.former.top1)}  ${f(r.former.top3)}\n` +
          `  most anomalous    ${f(r.mostAnomalous.top1)}  ${f(r.mostAnomalous.top3)}\n` +
          `  personalized PR   ${f(r.pagerank.top1)}  ${f(r.pagerank.top3)}\n` +
          `  ceiling           ${f(r.ceiling)}  ${f(r.ceiling)}   (share of trials where a true root is anomalous: the ceiling when ranking anomalous models only)`,
      );
      const above = (k: "top1" | "top3") => r.tandem[k] > r.mostAnomalous[k] && r.tandem[k] > r.pagerank[k];
      const targets = [
        ...(roots === 1 ? [`top-1 ≥ 0.90: ${r.tandem.top1 >= 0.9 ? "met" : "NOT met"}`, `top-3 ≥ 0.98: ${r.tandem.top3 >= 0.98 ? "met" : `NOT met (the true root is not anomalous in ${Math.round((1 - r.ceiling) * TRIALS)} trials)`}`] : []),
        `above both baselines on top-1: ${above("top1") ? "met" : "NOT met"}`,
        `above both baselines on top-3: ${above("top3") ? "met" : "NOT met"}`,
      ];
      console.log(`[rca] series ${roots} targets: ${targets.join("; ")}`);
      // Asserted: above both baselines on top-1 and top-3, and top-1 ≥ 0.90 with one root. Top-3 ≥ 0.98
      // is printed, not asserted (it rests on the latent candidates; see the README).
      expect(above("top1")).toBe(true);
      expect(above("top3")).toBe(true);
      if (roots === 1) expect(r.tandem.top1).toBeGreaterThanOrEqual(0.9);
    });
  }
});
