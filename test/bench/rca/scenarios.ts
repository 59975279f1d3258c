// The scenario families of the root-cause / incident benchmark (issue #12). Each trial simulates a
// system window by window (WINDOWS windows of WINDOW_MS): a fault starts at FAULT_WINDOW (a second
// one 0–2 windows later) and persists; it spreads along edges (each transmits with probability
// U(0.6, 0.95), attenuating the intensity by (0.6 + 0.4 w)·U(0.75, 1)), each hop delayed by the
// family's lag (0, 1, 2 windows, or 0–2 at random). Per model-window: 3 signals (each model lacks
// each signal with probability 0.1; 5% of models report no data at all); an affected model's
// signals are raised to its intensity with probability 0.8 each; spurious alarms hit every model-
// window with probability p ∈ U(0.02, 0.10), breaching 1 signal (60%), 2 (30%) or all 3 (10%) —
// multi-signal alarms too, which the method's signal counts do not assume away; in half of the
// trials a downstream model of the (first) fault flaps before the fault (an alarm in 50% of the
// windows, 1–3 signals). Onsets are the start of each model's current run of anomalous windows.
import { anomalousRun, buildSystemGraph, type ModelStates, type SystemGraph } from "../../../graph/index.js";

export const WINDOW_MS = 600_000;
export const WINDOWS = 8;
export const FAULT_WINDOW = 3;
const T0 = Date.UTC(2026, 0, 1, 8, 0);
const THRESHOLD = 0.3;
const SIGNALS = 3;
// Gap tolerated inside one anomalous episode (BENCH_RCA_ONSET_GAP to compare; the service uses 1).
const ONSET_GAP_WINDOWS = Number(process.env.BENCH_RCA_ONSET_GAP ?? 1);

export type Topology = "chain" | "fan-out" | "fan-in" | "diamond" | "layered";
export type Lag = 0 | 1 | 2 | "mixed";
export type Faults = "one" | "two" | "overlap";
export const TOPOLOGIES: Topology[] = ["chain", "fan-out", "fan-in", "diamond", "layered"];

export interface Family {
  topology: Topology;
  lag: Lag;
  faults: Faults;
}

export interface ScenarioTrial {
  graph: SystemGraph;
  /** Per window: the states the service would build (onsets from the timeline). */
  windows: ModelStates[];
  windowStart: (w: number) => number;
  roots: string[];
  /** Per fault: the models it affected (root included), and when each turned affected. */
  caused: Array<Map<string, number>>;
  /** Per fault: the model each affected model caught it from (the root: null). */
  causedVia: Array<Map<string, string | null>>;
  /** The window the last fault started. */
  lastFaultWindow: number;
}

type Edge = [number, number];

/** One instance of a topology: n models with edges; `sources`: the models a fault may start at. */
function topology(kind: Topology, random: () => number): { n: number; edges: Edge[]; sources: number[] } {
  const int = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  const edges: Edge[] = [];
  switch (kind) {
    case "chain": {
      const n = int(6, 12);
      for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1]);
      return { n, edges, sources: [0, 1] };
    }
    case "fan-out": {
      const k = int(5, 10);
      let n = 1 + k;
      for (let i = 1; i <= k; i++) if (random() < 0.5) edges.push([i, n++]);
      for (let i = 1; i <= k; i++) edges.push([0, i]);
      return { n, edges, sources: [0] };
    }
    case "fan-in": {
      const k = int(4, 8);
      const hub = k;
      const tail = int(2, 4);
      for (let i = 0; i < k; i++) edges.push([i, hub]);
      for (let i = 0; i < tail; i++) edges.push([hub + i, hub + i + 1]);
      // Each source also feeds a consumer of its own (so a source fault shows beyond the hub).
      let n = hub + tail + 1;
      for (let i = 0; i < k; i++) edges.push([i, n++]);
      return { n, edges, sources: Array.from({ length: k }, (_, i) => i) };
    }
    case "diamond": {
      const stacked = int(2, 3);
      let n = 1;
      let top = 0;
      for (let d = 0; d < stacked; d++) {
        const l = n;
        const r = n + 1;
        const t = n + 2;
        edges.push([top, l], [top, r], [l, t], [r, t]);
        n += 3;
        top = t;
      }
      for (let i = 0; i < 2; i++) edges.push([top, n]), (top = n++);
      return { n, edges, sources: [0] };
    }
    case "layered": {
      const n = int(20, 150);
      const layers = Math.max(3, Math.round(Math.sqrt(n) / 1.5));
      const layerOf = Array.from({ length: n }, (_, i) => (i < layers ? i : int(0, layers - 1))).sort((a, b) => a - b);
      const byLayer: number[][] = Array.from({ length: layers }, () => []);
      layerOf.forEach((l, i) => byLayer[l]!.push(i));
      for (let i = 0; i < n; i++) {
        const l = layerOf[i]!;
        if (l === 0) continue;
        for (let j = int(1, 3); j > 0; j--) {
          const pool = byLayer[random() < 0.7 ? l - 1 : int(0, l - 1)]!;
          edges.push([pool[int(0, pool.length - 1)]!, i]);
        }
      }
      // Feedback loops: back edges (3%), some closing two-model loops.
      for (let j = Math.max(2, Math.round(n * 0.03)); j > 0; j--) {
        const [a, b] = edges[int(0, edges.length - 1)]!;
        if (random() < 0.5) edges.push([b, a]);
        else {
          const c = int(0, n - 1);
          if (layerOf[c]! > layerOf[a]!) edges.push([c, a]);
        }
      }
      return { n, edges, sources: byLayer[0]! };
    }
    default: {
      const never: never = kind;
      throw new Error(`scenarios: unknown topology ${String(never)}`);
    }
  }
}

export function simulateScenario(random: () => number, family: Family): ScenarioTrial {
  const uniform = (a: number, b: number) => a + (b - a) * random();
  const int = (a: number, b: number) => Math.floor(uniform(a, b + 1));
  // Two independent faults: two instances side by side; otherwise (one, overlap) one instance.
  const instances = family.faults === "two" ? 2 : 1;
  let n = 0;
  const edgeSet = new Map<string, { from: string; to: string; weight: number }>();
  const sources: number[][] = [];
  for (let k = 0; k < instances; k++) {
    const t = topology(family.topology, random);
    for (const [a, b] of t.edges) {
      if (a !== b) edgeSet.set(`${n + a}>${n + b}`, { from: `m${n + a}`, to: `m${n + b}`, weight: Math.round(uniform(0.4, 1) * 100) / 100 });
    }
    sources.push(t.sources.map((s) => s + n));
    n += t.n;
  }
  const ids = Array.from({ length: n }, (_, i) => `m${i}`);
  const graph = buildSystemGraph({ models: ids.map((id) => ({ id, key: id })), edges: [...edgeSet.values()] });
  const reach = (s: string) => {
    const seen = new Set([s]);
    const q = [s];
    for (let i = 0; i < q.length; i++) graph.forEachOutNeighbor(q[i]!, (v) => { if (!seen.has(v)) { seen.add(v); q.push(v); } });
    return seen;
  };
  const pick = (pool: number[]) => ids[pool[int(0, pool.length - 1)]!]!;
  let roots: string[];
  if (family.faults === "one") roots = [pick(sources[0]!)];
  else if (family.faults === "two") roots = [pick(sources[0]!), pick(sources[1]!)];
  else {
    // Overlap: two roots neither reaches the other whose descendants meet.
    roots = [pick(sources[0]!)];
    const all = ids.filter((id) => graph.outDegree(id) > 0);
    for (let attempt = 0; attempt < 200 && roots.length < 2; attempt++) {
      const c = all[int(0, all.length - 1)]!;
      const r0 = reach(roots[0]!);
      const rc = reach(c);
      if (r0.has(c) || rc.has(roots[0]!)) continue;
      if ([...rc].some((x) => x !== c && r0.has(x))) roots.push(c);
    }
  }
  const hopLag = () => (family.lag === "mixed" ? int(0, 2) : family.lag);
  // Spread of each fault: affected models with onset window and intensity.
  const caused: Array<Map<string, number>> = [];
  const causedVia: Array<Map<string, string | null>> = [];
  const intensity = new Map<string, number>();
  const affectedAt = new Map<string, number>();
  const starts = roots.map((_, i) => FAULT_WINDOW + (i === 0 ? 0 : int(0, 2)));
  roots.forEach((root, i) => {
    const at = new Map<string, number>();
    const via = new Map<string, string | null>();
    const queue: Array<{ id: string; at: number; x: number; from: string | null }> = [{ id: root, at: starts[i]!, x: uniform(0.6, 1), from: null }];
    while (queue.length > 0) {
      queue.sort((a, b) => a.at - b.at);
      const { id, at: when, x, from } = queue.shift()!;
      if (at.has(id)) continue;
      at.set(id, when);
      via.set(id, from);
      intensity.set(id, Math.max(intensity.get(id) ?? 0, x));
      affectedAt.set(id, Math.min(affectedAt.get(id) ?? Infinity, when));
      graph.forEachOutEdge(id, (_e, attributes, _s, v) => {
        if (at.has(v) || random() >= uniform(0.6, 0.95)) return;
        queue.push({ id: v, at: when + hopLag(), x: x * (0.6 + 0.4 * attributes.weight) * uniform(0.75, 1), from: id });
      });
    }
    caused.push(at);
    causedVia.push(via);
  });
  // Observation.
  const spuriousRate = uniform(0.02, 0.1);
  const noData = new Set(ids.filter((id) => !roots.includes(id) && random() < 0.05));
  const present = new Map(ids.map((id) => [id, Array.from({ length: SIGNALS }, () => random() >= 0.1)]));
  const downstream = [...caused[0]!.keys()].filter((id) => id !== roots[0]);
  const flapper = random() < 0.5 && downstream.length > 0 ? downstream[int(0, downstream.length - 1)]! : null;
  const windows: ModelStates[] = [];
  // Each model's anomalous windows so far: onsets as the service computes them (graph/anomalous-run.ts).
  const anomalousIn = new Map<string, Set<number>>(ids.map((id) => [id, new Set<number>()]));
  for (let w = 0; w < WINDOWS; w++) {
    const states: ModelStates = {};
    for (const id of ids) {
      if (noData.has(id)) {
        states[id] = { score: 0, anomalous: false, onset: null, hasData: false };
        continue;
      }
      const signals = present.get(id)!;
      if (!signals.some(Boolean)) continue;
      const affected = (affectedAt.get(id) ?? Infinity) <= w ? intensity.get(id)! : undefined;
      const flapping = id === flapper && w < FAULT_WINDOW && random() < 0.5;
      const spurious = flapping || random() < spuriousRate;
      const u = random();
      const breach = spurious ? (u < 0.6 ? 1 : u < 0.9 ? 2 : 3) : 0;
      const order = [0, 1, 2].sort(() => random() - 0.5);
      const values = signals.map((p, s) => {
        if (!p) return null;
        let v = uniform(0, 0.25);
        if (affected !== undefined && random() < 0.8) v = Math.min(1, Math.max(v, affected * uniform(0.8, 1.05)));
        if (order.indexOf(s) < breach) v = Math.max(v, uniform(0.3, 1));
        return v;
      });
      const score = Math.max(...values.filter((v): v is number => v !== null));
      const anomalous = score >= THRESHOLD;
      const run = anomalous ? anomalousRun({ windowStart: T0 + w * WINDOW_MS, windowMs: WINDOW_MS, anomalousAt: (t) => anomalousIn.get(id)!.has(t), lookbackWindows: w, maxGapWindows: ONSET_GAP_WINDOWS }) : null;
      // Not anomalous now but in the previous window: where that episode started (a one-window dip).
      const previous = T0 + (w - 1) * WINDOW_MS;
      const dip = !anomalous && anomalousIn.get(id)!.has(previous) ? anomalousRun({ windowStart: previous, windowMs: WINDOW_MS, anomalousAt: (t) => anomalousIn.get(id)!.has(t), lookbackWindows: w - 1, maxGapWindows: ONSET_GAP_WINDOWS }) : null;
      if (anomalous) anomalousIn.get(id)!.add(T0 + w * WINDOW_MS);
      states[id] = {
        score,
        anomalous,
        onset: run ? run.onset : null,
        ...(run ? { anomalousSince: run.since } : {}),
        ...(dip ? { recentOnset: dip.onset } : {}),
        evidence: values.flatMap((v, s) => (v === null ? [] : [{ kind: "drift", name: `signal-${s}`, value: v, threshold: THRESHOLD, breached: v >= THRESHOLD }])),
      };
    }
    windows.push(states);
  }
  return { graph, windows, windowStart: (w) => T0 + w * WINDOW_MS, roots, caused, causedVia, lastFaultWindow: Math.max(...starts) };
}
