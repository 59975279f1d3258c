// A small, seeded version of the scenario-family benchmark (test/bench/rca/rca.bench.ts): per
// family, Tandem's top-k at least both baselines' (summed over the families, strictly above), and
// floors under the figures measured on these seeds (7 + index; tuning used 10,001 +, the bench
// 20,260,201 +). The targets are NOT all met (see graph/README.md): these floors guard
// against regressions, they are not the targets.
import { describe, expect, it } from "vitest";
import { measureFamily } from "../bench/rca/measure-families.js";
import type { Family } from "../bench/rca/scenarios.js";

const TRIALS = 40;

describe("root causes and incidents on simulated scenario families (40 seeded trials each)", () => {
  const cases: Array<{ family: Family; topK: number; oneIncident: number }> = [
    { family: { topology: "chain", lag: 0, faults: "one" }, topK: 0.8, oneIncident: 0.6 },
    { family: { topology: "fan-out", lag: 1, faults: "one" }, topK: 0.85, oneIncident: 0.6 },
    { family: { topology: "diamond", lag: "mixed", faults: "two" }, topK: 0.6, oneIncident: 0.4 },
    { family: { topology: "layered", lag: 1, faults: "one" }, topK: 0.7, oneIncident: 0.25 },
  ];
  let tandem = 0;
  let best = 0;
  cases.forEach((c, index) => {
    it(`${c.family.topology} / lag ${c.family.lag} / ${c.family.faults}`, () => {
      const r = measureFamily(7 + index, TRIALS, c.family);
      console.log(`[rca ${c.family.topology}/${c.family.lag}/${c.family.faults}] ${JSON.stringify(r)}`);
      expect(r.topK.tandem).toBeGreaterThanOrEqual(c.topK);
      expect(r.topK.tandem).toBeGreaterThanOrEqual(r.topK.mostAnomalous);
      expect(r.oneIncident).toBeGreaterThanOrEqual(c.oneIncident);
      tandem += r.topK.tandem;
      best += Math.max(r.topK.mostAnomalous, r.topK.pagerank);
    });
  });
  it("summed over the families, above the better baseline", () => expect(tandem).toBeGreaterThan(best));
});
