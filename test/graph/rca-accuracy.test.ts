// A small, seeded version of the root-cause benchmark: Tandem must beat both baselines.
import { describe, expect, it } from "vitest";
import { rankRootCauses } from "../../graph/index.js";
import { measure } from "../bench/rca/simulate.js";

const TRIALS = 200;

describe("rankRootCauses accuracy on simulated systems (200 seeded trials)", () => {
  // Seeds 7 / 11 (tuning used seeds 10,001–10,006). On these 200 trials Tandem is strictly above
  // both baselines on top-1 and top-3 in both series (one root 0.945 / 0.980 vs PageRank 0.825 /
  // 0.915; two roots 0.980 / 1.000 vs 0.925 / 0.990).
  const cases = [
    { name: "one faulty root", roots: 1 as const, seed: 7 },
    { name: "two independent faulty roots", roots: 2 as const, seed: 11 },
  ];
  for (const c of cases) {
    it(`${c.name}: above most-anomalous and personalized PageRank`, () => {
      const r = measure(c.seed, TRIALS, c.roots, (t) => rankRootCauses({ graph: t.graph, states: t.states }).map((x) => x.modelId));
      console.log(`[rca ${c.name}] ${JSON.stringify(r)}`);
      expect(r.tandem.top1).toBeGreaterThan(r.mostAnomalous.top1);
      expect(r.tandem.top1).toBeGreaterThan(r.pagerank.top1);
      expect(r.tandem.top3).toBeGreaterThan(r.mostAnomalous.top3);
      expect(r.tandem.top3).toBeGreaterThan(r.pagerank.top3);
    });
  }
});
