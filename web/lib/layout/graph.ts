// Step 0 of the layered layout: index the nodes (first occurrence wins) and the usable edges
// (known endpoints, no self-loops, weight defaulting to 1).
import type { LayoutEdgeInput } from "../layered-layout";

export interface IndexedEdge {
  /** Index of the edge in the input. */
  index: number;
  u: number;
  v: number;
  weight: number;
  /** Set by the cycle-removal step. */
  feedback: boolean;
}

export interface IndexedGraph {
  ids: string[];
  edges: IndexedEdge[];
  /** Positions in `edges` of each node's outgoing edges. */
  out: number[][];
  inDegree: number[];
}

export function indexGraph(nodeIds: readonly string[], edgeInputs: readonly LayoutEdgeInput[]): IndexedGraph {
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  for (const id of nodeIds) {
    if (!indexOf.has(id)) {
      indexOf.set(id, ids.length);
      ids.push(id);
    }
  }
  const n = ids.length;
  const edges: IndexedEdge[] = [];
  edgeInputs.forEach((e, index) => {
    const u = indexOf.get(e.from);
    const v = indexOf.get(e.to);
    if (u === undefined || v === undefined || u === v) return;
    const w = e.weight;
    edges.push({ index, u, v, weight: typeof w === "number" && Number.isFinite(w) && w > 0 ? w : 1, feedback: false });
  });
  const out: number[][] = Array.from({ length: n }, () => []);
  const inDegree = new Array<number>(n).fill(0);
  edges.forEach((e, k) => {
    out[e.u]!.push(k);
    inDegree[e.v]! += 1;
  });
  return { ids, edges, out, inDegree };
}
