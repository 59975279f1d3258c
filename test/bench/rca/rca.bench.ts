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
      const r = measure(20260101 + roots, TRIALS, roots, (t) => rankRootCauses({ graph: t.graph, states: t.states }).map((c) => c.modelId));
      const f = (x: number) => x.toFixed(3);
      console.log(
        `[rca] series ${roots} root(s), ${TRIALS} trials (${((performance.now() - started) / 1000).toFixed(1)} s; hit@k = top-k holds a true root)\n` +
          `  method            top-1  top-3\n` +
          `  tandem            ${f(r.tandem.top1)}  ${f(r.tandem.top3)}\n` +
          `  most anomalous    ${f(r.mostAnomalous.top1)}  ${f(r.mostAnomalous.top3)}\n` +
          `  personalized PR   ${f(r.pagerank.top1)}  ${f(r.pagerank.top3)}`,
      );
      const above = (k: "top1" | "top3") => r.tandem[k] > r.mostAnomalous[k] && r.tandem[k] > r.pagerank[k];
      const targets = [
        ...(roots === 1 ? [`top-1 ≥ 0.90: ${r.tandem.top1 >= 0.9 ? "met" : "NOT met"}`, `top-3 ≥ 0.98: ${r.tandem.top3 >= 0.98 ? "met" : "NOT met"}`] : []),
        `above both baselines on top-1: ${above("top1") ? "met" : "NOT met"}`,
        `above both baselines on top-3: ${above("top3") ? "met" : "NOT met"}`,
      ];
      console.log(`[rca] series ${roots} targets: ${targets.join("; ")}`);
      // Asserted: above both baselines on top-1 (the 0.90 / 0.98 single-root targets are
      // printed, not asserted — see the README).
      expect(r.tandem.top1).toBeGreaterThan(r.mostAnomalous.top1);
      expect(r.tandem.top1).toBeGreaterThan(r.pagerank.top1);
    });
  }
});
