// Tuning harness (skipped unless TANDEM_TUNE is set): ranks the trials of the tuning seeds
// 10,001–10,006 (never the bench or test seeds) with several option sets, printing top-1 / top-3 per
// seed. TANDEM_TUNE = a JSON object { name: RankRootCausesOptions }; TANDEM_TUNE_TRIALS (400).
import { it } from "vitest";
import { rankRootCauses, type RankRootCausesOptions } from "../../../graph/index.js";
import { mulberry32, rankByPersonalizedPageRank, rankByScore, simulateTrial } from "./simulate.js";

const configs: Record<string, RankRootCausesOptions> = process.env.TANDEM_TUNE ? JSON.parse(process.env.TANDEM_TUNE) : {};
const TRIALS = Number(process.env.TANDEM_TUNE_TRIALS ?? 400);
const SEEDS = (process.env.TANDEM_TUNE_SEEDS ?? "10001,10002,10003,10004,10005,10006").split(",").map(Number);

it.skipIf(!process.env.TANDEM_TUNE)("tunes on seeds 10,001–10,006", () => {
  const names = ["mostAnomalous", "pagerank", ...Object.keys(configs)];
  const total: Record<string, Record<number, [number, number]>> = { 1: {}, 2: {} } as never;
  const lines: string[] = [];
  for (const seed of SEEDS) {
    const roots = seed % 2 === 1 ? 1 : 2;
    const random = mulberry32(seed);
    const hits = new Map(names.map((n) => [n, [0, 0]]));
    let ceiling = 0;
    for (let t = 0; t < TRIALS; t++) {
      const trial = simulateTrial(random, roots);
      if (trial.roots.some((r) => trial.states[r]?.anomalous)) ceiling += 1;
      for (const name of names) {
        const list =
          name === "mostAnomalous"
            ? rankByScore(trial.states)
            : name === "pagerank"
              ? rankByPersonalizedPageRank(trial.graph, trial.states)
              : rankRootCauses({ graph: trial.graph, states: trial.states, options: configs[name] }).map((c) => c.modelId);
        const h = hits.get(name)!;
        if (trial.roots.includes(list[0] ?? "")) h[0]! += 1;
        if (list.slice(0, 3).some((id) => trial.roots.includes(id))) h[1]! += 1;
      }
    }
    lines.push(`seed ${seed} (${roots} root${roots === 1 ? "" : "s"}), ceiling ${(ceiling / TRIALS).toFixed(3)}`);
    for (const [name, h] of hits) {
      lines.push(`  ${name.padEnd(24)} ${(h[0]! / TRIALS).toFixed(3)}  ${(h[1]! / TRIALS).toFixed(3)}`);
      const agg = ((total[roots] as Record<string, [number, number]>)[name] ??= [0, 0]);
      agg[0] += h[0]!;
      agg[1] += h[1]!;
    }
  }
  for (const roots of [1, 2]) {
    const agg = total[roots] as Record<string, [number, number]>;
    const n = SEEDS.filter((s) => (s % 2 === 1 ? 1 : 2) === roots).length * TRIALS;
    if (n === 0) continue;
    lines.push(`mean over ${roots}-root seeds (${n} trials)`);
    for (const [name, h] of Object.entries(agg)) lines.push(`  ${name.padEnd(24)} ${(h[0] / n).toFixed(3)}  ${(h[1] / n).toFixed(3)}`);
  }
  console.log(lines.join("\n"));
});
