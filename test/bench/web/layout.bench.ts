// Layered layout of the system map (web/lib/layered-layout.ts) at 500 and 2,000 models with twice
// as many dependencies (1% feedback loops). Prints the median time of a few runs; asserts only
// that every node was placed. The page's own render time is measured by the browser check
// test/e2e/checks/system-map-500.ts.
import { expect, it } from "vitest";
import { layeredLayout } from "../../../web/lib/layered-layout.js";
import { randomSystemGraph } from "./graph.js";

const RUNS = 5;

for (const n of [500, 2000]) {
  it(`lays out ${n} models / ${2 * n} dependencies`, () => {
    const { ids, edges } = randomSystemGraph(n, 2 * n, 2026);
    layeredLayout(ids, edges); // warm-up (JIT)
    const times: number[] = [];
    let layout = layeredLayout(ids, edges);
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      layout = layeredLayout(ids, edges);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(RUNS / 2)]!;
    console.log(
      `[web layout] ${n} models, ${edges.length} dependencies: ${median.toFixed(1)} ms (median of ${RUNS}; ` +
        `${layout.layers.length} layers, ${layout.dummies} dummy nodes, ${layout.crossings} crossings, ` +
        `${layout.edges.filter((e) => e.feedback).length} feedback edges)`,
    );
    expect(layout.nodes).toHaveLength(n);
  });
}
