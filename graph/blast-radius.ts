// Blast radius: every model downstream of `source`, with the shortest hop count (BFS) and a risk in
// [0, 1] = the strongest path product Π (decay · w) over the path's edges (max-product Dijkstra;
// every factor is ≤ 1, so cycles cannot raise a risk and the search terminates).
import { MaxHeap } from "./max-heap.js";
import type { SystemGraph } from "./system-graph.js";

export interface BlastRadiusOptions {
  decay?: number;
}

export interface BlastRadiusArgs {
  graph: SystemGraph;
  source: string;
  options?: BlastRadiusOptions;
}

export interface BlastRadiusEntry {
  modelId: string;
  risk: number;
  hops: number;
}

export const BLAST_RADIUS_DEFAULTS: Required<BlastRadiusOptions> = { decay: 0.9 };

const PREFIX = "graph/blast-radius";

export function blastRadius(args: BlastRadiusArgs): BlastRadiusEntry[] {
  const { graph, source } = args;
  const { decay } = { ...BLAST_RADIUS_DEFAULTS, ...args.options };
  if (!graph.hasNode(source)) throw new Error(`${PREFIX}: unknown model '${source}'`);
  if (!(decay > 0 && decay <= 1)) throw new Error(`${PREFIX}: decay must be in (0, 1], got ${decay}`);

  const hops = new Map<string, number>([[source, 0]]);
  const queue = [source];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    graph.forEachOutNeighbor(u, (v) => {
      if (!hops.has(v)) {
        hops.set(v, hops.get(u)! + 1);
        queue.push(v);
      }
    });
  }

  const risk = new Map<string, number>([[source, 1]]);
  const done = new Set<string>();
  const heap = new MaxHeap<string>();
  heap.push(1, source);
  while (heap.size > 0) {
    const { key, value: u } = heap.pop()!;
    if (done.has(u)) continue;
    done.add(u);
    graph.forEachOutEdge(u, (_edge, attributes, _s, v) => {
      const r = key * decay * attributes.weight;
      if (!done.has(v) && r > (risk.get(v) ?? -1)) {
        risk.set(v, r);
        heap.push(r, v);
      }
    });
  }

  return [...hops.keys()]
    .filter((id) => id !== source)
    .map((modelId) => ({ modelId, risk: risk.get(modelId)!, hops: hops.get(modelId)! }))
    .sort((a, b) => b.risk - a.risk || a.hops - b.hops || (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
}
