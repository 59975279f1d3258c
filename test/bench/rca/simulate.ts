// Synthetic systems for the root-cause benchmark: random layered DAGs (1–3 parents each) plus a
// few feedback edges; a fault at one root (or two independent roots) spreads along edges that
// transmit with probability 0.5–0.9 and attenuate, each hop delayed 0–2 windows; 5–10% of the
// healthy models show spurious anomalies; some signals are missing.
import { buildSystemGraph, type ModelStates, type SystemGraph } from "../../../graph/index.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";

export const mulberry32 = seededRandom;

export const WINDOW_MS = 600_000;
const T0 = Date.UTC(2026, 0, 1, 10, 0);
const THRESHOLD = 0.3;
const SIGNALS = 3;

export interface Trial {
  graph: SystemGraph;
  states: ModelStates;
  roots: string[];
  n: number;
}

export function simulateTrial(random: () => number, roots: 1 | 2): Trial {
  const uniform = (a: number, b: number) => a + (b - a) * random();
  const int = (a: number, b: number) => Math.floor(uniform(a, b + 1));
  const n = Math.round(Math.exp(uniform(Math.log(10), Math.log(1000))));
  const layers = Math.max(3, Math.round(Math.sqrt(n) / 1.5));
  const layerOf: number[] = [];
  for (let i = 0; i < n; i++) layerOf.push(i < layers ? i : int(0, layers - 1));
  layerOf.sort((a, b) => a - b);
  const byLayer: number[][] = Array.from({ length: layers }, () => []);
  layerOf.forEach((l, i) => byLayer[l]!.push(i));
  const ids = Array.from({ length: n }, (_, i) => `m${i}`);
  const edges: Array<{ from: string; to: string; weight: number }> = [];
  const has = new Set<string>();
  const add = (from: number, to: number) => {
    const k = `${from}>${to}`;
    if (from === to || has.has(k)) return;
    has.add(k);
    edges.push({ from: ids[from]!, to: ids[to]!, weight: Math.round(uniform(0.3, 1) * 100) / 100 });
  };
  for (let i = 0; i < n; i++) {
    const l = layerOf[i]!;
    if (l === 0) continue;
    const k = int(1, 3);
    for (let j = 0; j < k; j++) {
      const pl = random() < 0.7 ? l - 1 : int(0, l - 1);
      const pool = byLayer[pl]!;
      add(pool[int(0, pool.length - 1)]!, i);
    }
  }
  const feedback = Math.max(1, Math.round(n * 0.02));
  for (let j = 0; j < feedback; j++) {
    const a = int(0, n - 1);
    const b = int(0, n - 1);
    if (layerOf[a]! > layerOf[b]!) add(a, b);
  }
  const graph = buildSystemGraph({ models: ids.map((id) => ({ id, key: id })), edges });

  // Fault roots: roots of the layered DAG (layer 0) with at least one consumer; two roots must not
  // reach each other (feedback edges could connect them).
  const withChildren = ids.filter((id, i) => layerOf[i] === 0 && graph.outDegree(id) > 0);
  const reach = (s: string) => {
    const seen = new Set([s]);
    const q = [s];
    for (let i = 0; i < q.length; i++) graph.forEachOutNeighbor(q[i]!, (v) => { if (!seen.has(v)) { seen.add(v); q.push(v); } });
    return seen;
  };
  const chosen: string[] = [];
  for (let attempt = 0; chosen.length < roots && attempt < 100; attempt++) {
    const c = withChildren[int(0, withChildren.length - 1)]!;
    if (chosen.some((r) => r === c || reach(r).has(c) || reach(c).has(r))) continue;
    chosen.push(c);
  }

  // Spread: intensity and onset (in windows) of each affected model, earliest arrival first.
  const intensity = new Map<string, number>();
  const onsetW = new Map<string, number>();
  const queue: Array<{ id: string; at: number; intensity: number }> = [];
  for (const r of chosen) queue.push({ id: r, at: chosen.length > 1 ? int(0, 2) : 0, intensity: uniform(0.6, 1) });
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at);
    const { id, at, intensity: x } = queue.shift()!;
    if (onsetW.has(id)) continue;
    onsetW.set(id, at);
    intensity.set(id, x);
    graph.forEachOutEdge(id, (_e, attributes, _s, v) => {
      if (onsetW.has(v) || random() >= uniform(0.5, 0.9)) return;
      queue.push({ id: v, at: at + int(0, 2), intensity: x * (0.6 + 0.4 * attributes.weight) * uniform(0.75, 1) });
    });
  }

  // Observation: three signals per model, each missing with probability 0.1.
  const spuriousRate = uniform(0.05, 0.1);
  const states: ModelStates = {};
  for (const id of ids) {
    const affected = intensity.get(id);
    const spurious = affected === undefined && random() < spuriousRate;
    const spuriousSignal = int(0, SIGNALS - 1);
    const present = Array.from({ length: SIGNALS }, () => random() >= 0.1);
    if (!present.some(Boolean)) continue; // no signal at all: state unknown
    const values = present.map((p, s) => {
      if (!p) return null;
      let v = uniform(0, 0.25);
      if (affected !== undefined && random() < 0.8) v = Math.min(1, Math.max(v, affected * uniform(0.8, 1.05)));
      if (spurious && s === spuriousSignal) v = uniform(0.3, 1);
      return v;
    });
    const score = Math.max(...values.filter((v): v is number => v !== null));
    const anomalous = score >= THRESHOLD;
    const onsetWindows = affected !== undefined ? onsetW.get(id)! : int(-3, 6);
    states[id] = {
      score,
      anomalous,
      onset: anomalous ? T0 + onsetWindows * WINDOW_MS : null,
      evidence: values.flatMap((v, s) => (v === null ? [] : [{ kind: "drift", name: `signal-${s}`, value: v, threshold: THRESHOLD, breached: v >= THRESHOLD }])),
    };
  }
  return { graph, states, roots: chosen, n };
}

/** Baseline (a): the most anomalous models first. */
export function rankByScore(states: ModelStates): string[] {
  return Object.entries(states)
    .filter(([, s]) => s.anomalous)
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1))
    .map(([id]) => id);
}

/** Baseline (b), MicroRCA-style: personalized PageRank (power iteration) on the reversed anomalous subgraph, personalised by anomaly score. */
export function rankByPersonalizedPageRank(graph: SystemGraph, states: ModelStates, damping = 0.85): string[] {
  const nodes = Object.keys(states).filter((id) => states[id]!.anomalous);
  if (nodes.length === 0) return [];
  const index = new Map(nodes.map((id, i) => [id, i]));
  const total = nodes.reduce((s, id) => s + states[id]!.score, 0);
  const personal = nodes.map((id) => states[id]!.score / total);
  // Reversed edges: child → parent, weight w; out-weights normalised per node.
  const out: Array<Array<{ to: number; w: number }>> = nodes.map(() => []);
  for (const id of nodes) {
    graph.forEachInEdge(id, (_e, attributes, parent) => {
      const j = index.get(parent);
      if (j !== undefined) out[index.get(id)!]!.push({ to: j, w: attributes.weight });
    });
  }
  let rank = [...personal];
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = personal.map((p) => (1 - damping) * p);
    let dangling = 0;
    rank.forEach((r, i) => {
      const edges = out[i]!;
      const sum = edges.reduce((s, e) => s + e.w, 0);
      if (sum === 0) dangling += r;
      else for (const e of edges) next[e.to]! += (damping * r * e.w) / sum;
    });
    for (let i = 0; i < next.length; i++) next[i]! += damping * dangling * personal[i]!;
    const delta = next.reduce((s, x, i) => s + Math.abs(x - rank[i]!), 0);
    rank = next;
    if (delta < 1e-10) break;
  }
  return nodes.map((id, i) => ({ id, r: rank[i]! })).sort((a, b) => b.r - a.r || (a.id < b.id ? -1 : 1)).map((x) => x.id);
}

export interface Accuracy {
  top1: number;
  top3: number;
}

export type Measured<K extends string = never> = Record<"tandem" | "mostAnomalous" | "pagerank" | K, Accuracy> & {
  /** Share of trials in which at least one true root is anomalous: the ceiling of any method that ranks anomalous models. */
  ceiling: number;
};

/**
 * Runs `trials` seeded trials; a hit at k = the top-k list contains a true root. `extra` ranks the
 * same trials with further methods (e.g. ablations), reported under their names.
 */
export function measure<K extends string = never>(
  seed: number,
  trials: number,
  roots: 1 | 2,
  tandem: (t: Trial) => string[],
  extra: Partial<Record<K, (t: Trial) => string[]>> = {},
): Measured<K> {
  const random = mulberry32(seed);
  const hits: Record<string, number[]> = { tandem: [0, 0], mostAnomalous: [0, 0], pagerank: [0, 0] };
  for (const name of Object.keys(extra)) hits[name] = [0, 0];
  let reachable = 0;
  for (let t = 0; t < trials; t++) {
    const trial = simulateTrial(random, roots);
    if (trial.roots.some((r) => trial.states[r]?.anomalous)) reachable += 1;
    const lists: Record<string, string[]> = {
      tandem: tandem(trial),
      mostAnomalous: rankByScore(trial.states),
      pagerank: rankByPersonalizedPageRank(trial.graph, trial.states),
    };
    for (const [name, rank] of Object.entries(extra) as Array<[string, (t: Trial) => string[]]>) lists[name] = rank(trial);
    for (const name of Object.keys(lists)) {
      const list = lists[name]!;
      if (trial.roots.includes(list[0] ?? "")) hits[name]![0]! += 1;
      if (list.slice(0, 3).some((id) => trial.roots.includes(id))) hits[name]![1]! += 1;
    }
  }
  const result: Record<string, unknown> = { ceiling: reachable / trials };
  for (const [name, h] of Object.entries(hits)) result[name] = { top1: h[0]! / trials, top3: h[1]! / trials };
  return result as Measured<K>;
}
