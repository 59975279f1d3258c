// Diagnosis of the RCA benchmark's misses (not a benchmark: every case returns at once unless its
// variable is set). Tuning seeds only (10,001 by default; never the reported ones). E.g.
//   DIAG_RANK=1 DIAG_FAMILY='{"topology":"diamond","lag":0,"faults":"one"}' npx vitest run --config test/bench/vitest.config.ts test/bench/rca/diagnose
// DIAG_RANK: the trials whose last-window top-k missed, with every model's state and a category;
// DIAG_ONE=<trial>: one trial window by window and its ranking with the sentences;
// DIAG_MISS: models a fault caused that its one incident does not hold; DIAG_INC: faults that did not give one incident.
import { it } from "vitest";
import { rankRootCauses } from "../../../graph/index.js";
import { simulateScenario, WINDOW_MS, WINDOWS, type Family } from "./scenarios.js";
import { mulberry32 } from "./simulate.js";
import { measureFamily, type FaultReport } from "./measure-families.js";

it("ranking misses", () => {
  if (!process.env.DIAG_RANK) return;
  const fam: Family = JSON.parse(process.env.DIAG_FAMILY ?? '{"topology":"chain","lag":0,"faults":"one"}');
  const random = mulberry32(Number(process.env.DIAG_SEED ?? 10001));
  const out: string[] = [];
  const cats: Record<string, number> = {};
  for (let t = 0; t < Number(process.env.DIAG_TRIALS ?? 150); t++) {
    const trial = simulateScenario(random, fam);
    const w = WINDOWS - 1;
    const states = trial.windows[w]!;
    const ranked = rankRootCauses({ graph: trial.graph, states, options: { windowMs: WINDOW_MS, windowStart: trial.windowStart(w) } });
    const k = trial.roots.length;
    const list = ranked.map((r) => r.modelId);
    if (trial.roots.every((r) => list.slice(0, k).includes(r))) continue;
    const root = trial.roots[0]!;
    const rs = states[root];
    const top = ranked[0]!;
    const ts = states[top.modelId];
    const fmt = (id: string) => {
      const s = states[id];
      if (!s) return `${id}:nostate`;
      if (s.hasData === false) return `${id}:nodata`;
      const b = (s.evidence ?? []).filter((e) => e.breached).length;
      return `${id}:${s.anomalous ? "A" : "h"} s=${s.score.toFixed(2)} b=${b}/${(s.evidence ?? []).length} on=${s.anomalous ? (s.onset! - trial.windowStart(0)) / WINDOW_MS : "-"}`;
    };
    const rootA = rs?.anomalous ? "rootA" : "rootQuiet";
    const topCaused = trial.caused[0]!.has(top.modelId) ? "topCaused" : "topSpurious";
    const earlier = rs?.anomalous && ts?.anomalous && ts.onset! < rs.onset! ? "topEarlier" : rs?.anomalous && ts?.anomalous && ts.onset! === rs.onset! ? "sameOnset" : "later";
    const cat = `${rootA} ${topCaused} ${earlier} ${top.latent ? "latent" : ""}`;
    cats[cat] = (cats[cat] ?? 0) + 1;
    const chain = [...trial.graph.nodes()].map(fmt).join(" | ");
    out.push(`t${t} roots=${trial.roots} top=${list.slice(0, 3)} rootRank=${list.indexOf(root)} ${cat}\n   ${chain}`);
  }
  console.log(out.slice(0, Number(process.env.DIAG_SHOW ?? 12)).join("\n"));
  console.log(cats);
});

it("one", () => {
  if (!process.env.DIAG_ONE) return;
  const fam: Family = JSON.parse(process.env.DIAG_FAMILY ?? '{"topology":"chain","lag":0,"faults":"one"}');
  const random = mulberry32(Number(process.env.DIAG_SEED ?? 10001));
  for (let t = 0; t <= Number(process.env.DIAG_ONE); t++) {
    const trial = simulateScenario(random, fam);
    if (t < Number(process.env.DIAG_ONE)) continue;
    for (let w = 0; w < WINDOWS; w++) {
      const s = trial.windows[w]!;
      console.log(`w${w} ` + Object.entries(s).filter(([, v]) => v.anomalous).map(([id, v]) => `${id}(on ${(v.onset! - trial.windowStart(0)) / WINDOW_MS}, since ${((v.anomalousSince ?? v.onset!) - trial.windowStart(0)) / WINDOW_MS}, b=${(v.evidence ?? []).filter((e) => e.breached).length})`).join(" "));
    }
    const w = WINDOWS - 1;
    const ranked = rankRootCauses({ graph: trial.graph, states: trial.windows[w]!, options: { windowMs: WINDOW_MS, windowStart: trial.windowStart(w) } });
    for (const r of ranked.slice(0, 4)) console.log(r.modelId, r.score.toFixed(3), r.explanation);
  }
});

it("missing", () => {
  if (!process.env.DIAG_MISS) return;
  const fam: Family = JSON.parse(process.env.DIAG_FAMILY ?? '{"topology":"chain","lag":0,"faults":"one"}');
  const bad = new Map<number, FaultReport>();
  measureFamily(Number(process.env.DIAG_SEED ?? 10001), Number(process.env.DIAG_TRIALS ?? 150), fam, {}, (r) => {
    if (!r.good && r.holding.length === 1) bad.set(r.trial, r);
  });
  const random = mulberry32(Number(process.env.DIAG_SEED ?? 10001));
  const out: string[] = [];
  for (let t = 0; t < Number(process.env.DIAG_TRIALS ?? 150); t++) {
    const trial = simulateScenario(random, fam);
    const r = bad.get(t);
    if (!r || out.length >= Number(process.env.DIAG_SHOW ?? 10)) continue;
    const missing = r.mine.filter((id) => !r.holding[0]!.affected.includes(id));
    for (const id of missing) {
      const wins = trial.windows.map((s, w) => (s[id]?.anomalous ? `w${w}:b${(s[id]!.evidence ?? []).filter((e) => e.breached).length}` : "")).filter(Boolean).join(" ");
      const parents = trial.graph.inNeighbors(id).map((p) => `${p}[${trial.windows.map((s) => (s[p]?.hasData === false ? "n" : s[p]?.anomalous ? "A" : ".")).join("")}]`).join(" ");
      const gp = trial.graph.inNeighbors(id).flatMap((p) => trial.graph.inNeighbors(p)).map((p) => `${p}[${trial.windows.map((s) => (s[p]?.hasData === false ? "n" : s[p]?.anomalous ? "A" : ".")).join("")}]`).join(" ");
      out.push(`t${t} missing ${id} [${trial.windows.map((s) => (s[id]?.anomalous ? "A" : ".")).join("")}] ${wins}; parents ${parents}; grandparents ${gp}; incident ${r.holding[0]!.affected.join(",")}`);
    }
  }
  console.log(out.join("\n"));
});

it("trace", () => {
  if (!process.env.DIAG_TRACE) return;
  const fam: Family = JSON.parse(process.env.DIAG_FAMILY ?? '{"topology":"chain","lag":0,"faults":"one"}');
  const lines: string[] = [];
  measureFamily(Number(process.env.DIAG_SEED ?? 10001), Number(process.env.DIAG_TRACE) + 1, fam, {}, undefined, (t, v, line) => {
    if (t === Number(process.env.DIAG_TRACE)) lines.push(`w${v} ${line}`);
  });
  console.log(lines.join("\n"));
});

it("false incidents", () => {
  if (!process.env.DIAG_FALSE) return;
  const fam: Family = JSON.parse(process.env.DIAG_FAMILY ?? '{"topology":"chain","lag":0,"faults":"one"}');
  const lines: string[] = [];
  measureFamily(Number(process.env.DIAG_SEED ?? 10001), Number(process.env.DIAG_TRIALS ?? 150), fam, {}, undefined, (t, v, line) => {
    if (v === -1) lines.push(`t${t} ${line}`);
  });
  console.log(lines.slice(0, Number(process.env.DIAG_SHOW ?? 20)).join("\n"));
});

it("incidents", () => {
  if (!process.env.DIAG_INC) return;
  const fam: Family = JSON.parse(process.env.DIAG_FAMILY ?? '{"topology":"chain","lag":0,"faults":"one"}');
  const lines: string[] = [];
  const why: Record<string, number> = {};
  measureFamily(Number(process.env.DIAG_SEED ?? 10001), Number(process.env.DIAG_TRIALS ?? 150), fam, {}, (r) => {
    if (r.good) return;
    const k = r.holding.length === 0 ? "none" : r.holding.length > 1 ? "split" : "partial/foreign";
    why[k] = (why[k] ?? 0) + 1;
    lines.push(`t${r.trial} f${r.fault} root=${r.root} mine=${r.mine.join(",")} ${k}: ${r.holding.map((h) => `[${h.rootCause} @${h.opened}: ${h.affected.join(",")}]`).join(" ")}`);
  });
  console.log(lines.slice(0, Number(process.env.DIAG_SHOW ?? 15)).join("\n"));
  console.log(why);
});

it("second root", () => {
  if (!process.env.DIAG_SECOND) return;
  const fam: Family = JSON.parse(process.env.DIAG_FAMILY ?? '{"topology":"chain","lag":0,"faults":"two"}');
  const random = mulberry32(Number(process.env.DIAG_SEED ?? 10001));
  const out: string[] = [];
  for (let t = 0; t < Number(process.env.DIAG_TRIALS ?? 150); t++) {
    const trial = simulateScenario(random, fam);
    const w = WINDOWS - 1;
    const states = trial.windows[w]!;
    const ranked = rankRootCauses({ graph: trial.graph, states, options: { windowMs: WINDOW_MS, windowStart: trial.windowStart(w) } });
    const list = ranked.map((r) => r.modelId);
    const missed = trial.roots.filter((r) => !list.slice(0, trial.roots.length).includes(r));
    if (missed.length === 0) continue;
    const fmt = (id: string) => {
      const s = states[id];
      if (!s) return `${id}:nostate`;
      if (s.hasData === false) return `${id}:nodata`;
      return `${id}:${s.anomalous ? "A" : "h"} b=${(s.evidence ?? []).filter((e) => e.breached).length}/${(s.evidence ?? []).length} on=${s.anomalous ? (s.onset! - trial.windowStart(0)) / WINDOW_MS : "-"}${s.recentOnset !== undefined ? " dip" : ""}`;
    };
    out.push(`t${t} roots=${trial.roots} (starts ${trial.roots.map((r) => trial.caused[trial.roots.indexOf(r)]!.get(r))}) top=${list.slice(0, 4)} missed=${missed.map(fmt)} top1=${fmt(list[0]!)} top2=${fmt(list[1] ?? "-")}`);
  }
  console.log(out.slice(0, Number(process.env.DIAG_SHOW ?? 15)).join("\n"));
});
