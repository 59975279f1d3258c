// A small, seeded version of the root-cause benchmark: Tandem must beat both baselines.
import { describe, expect, it } from "vitest";
import { rankRootCauses } from "../../graph/index.js";
import { measure } from "../bench/rca/simulate.js";

const TRIALS = 200;

describe("rankRootCauses accuracy on simulated systems (200 seeded trials)", () => {
  const cases = [
    // Single root: on 1,000 trials Tandem is only at parity with personalized PageRank (0.845 vs
    // 0.855 top-1), so this case asserts parity within 0.02, not a win — an open gap (README).
    { name: "one faulty root", roots: 1 as const, seed: 7, pagerankSlack: 0.02 },
    { name: "two independent faulty roots", roots: 2 as const, seed: 11, pagerankSlack: 0 },
  ];
  for (const c of cases) {
    it(`${c.name}: top-1 above most-anomalous, vs personalized PageRank within ${c.pagerankSlack}`, () => {
      const r = measure(c.seed, TRIALS, c.roots, (t) => rankRootCauses({ graph: t.graph, states: t.states }).map((x) => x.modelId));
      console.log(`[rca ${c.name}] ${JSON.stringify(r)}`);
      expect(r.tandem.top1).toBeGreaterThan(r.mostAnomalous.top1);
      expect(r.tandem.top1).toBeGreaterThan(r.pagerank.top1 - c.pagerankSlack);
      expect(r.tandem.top3).toBeGreaterThanOrEqual(r.pagerank.top3 - 0.02);
      expect(r.tandem.top3).toBeGreaterThan(r.mostAnomalous.top3);
    });
  }
});
