// Root-cause and incident benchmark (issue #12): every scenario family scored separately — top-k
// ranking (Tandem vs most anomalous vs personalized PageRank) at the last window of each trial and
// over every window from the last fault's start (with the ceiling: faults that show at all), one
// incident per fault, false
// incidents per 1,000 healthy model-windows. Seeds 20,260,201 + family index (tuning used
// 10,001 + index; the test uses 7 + index). BENCH_RCA_TRIALS (default 200) trials per family.
import { expect, it } from "vitest";
import { families, familyName, measureFamily } from "./measure-families.js";
import { TOPOLOGIES } from "./scenarios.js";

const TRIALS = Number(process.env.BENCH_RCA_TRIALS ?? 200);
const SEED = Number(process.env.BENCH_RCA_SEED ?? 20260201);
// Tuning: BENCH_RCA_OPTIONS (JSON RankRootCausesOptions) with BENCH_RCA_SEED=10001 (never the reported seeds).
const OPTIONS = process.env.BENCH_RCA_OPTIONS ? JSON.parse(process.env.BENCH_RCA_OPTIONS) : {};

it("root causes and incidents per scenario family", () => {
  const started = performance.now();
  const f = (x: number) => x.toFixed(3);
  const lines = [`family                                       top-k last window T / MA / PR  ceiling  top-k every window T / MA / PR  ceiling  top-(k+2) T / MA / PR  one-incident  incident root  false/1000  noise members  targets`];
  const misses: string[] = [];
  families(TOPOLOGIES).forEach((family, index) => {
    const r = measureFamily(SEED + index, TRIALS, family, OPTIONS);
    const k = family.faults === "one" ? 1 : 2;
    const met = [
      r.topK.tandem >= (k === 1 ? 0.95 : 0.9) ? "" : `top-${k}`,
      r.oneIncident >= 0.95 ? "" : "one-incident",
      r.falsePer1000 <= 1 ? "" : "false",
      r.topK.tandem > r.topK.mostAnomalous && r.topK.tandem > r.topK.pagerank ? "" : "baselines",
    ].filter(Boolean);
    if (met.length > 0) misses.push(`${familyName(family)}: ${met.join(", ")}`);
    lines.push(
      `${familyName(family).padEnd(44)} ${f(r.topK.tandem)} / ${f(r.topK.mostAnomalous)} / ${f(r.topK.pagerank)}  ${f(r.ceiling)}    ${f(r.topKEvery.tandem)} / ${f(r.topKEvery.mostAnomalous)} / ${f(r.topKEvery.pagerank)}  ${f(r.ceilingEvery)}    ${f(r.top3.tandem)} / ${f(r.top3.mostAnomalous)} / ${f(r.top3.pagerank)}  ${f(r.oneIncident).padStart(12)}  ${f(r.incidentRoot).padStart(13)}  ${r.falsePer1000.toFixed(2).padStart(10)}  ${f(r.noiseMembers).padStart(13)}  ${met.length === 0 ? "met" : `NOT met: ${met.join(", ")}`}`,
    );
  });
  console.log(`[rca] ${TRIALS} trials per family, seeds ${SEED}+ (${((performance.now() - started) / 1000).toFixed(1)} s)\n${lines.join("\n")}\n[rca] targets not met: ${misses.length === 0 ? "none" : misses.join("; ")}`);
  expect(lines.length).toBeGreaterThan(1);
});
