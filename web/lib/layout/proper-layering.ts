// Step 3 of the layered layout, proper layering: the real nodes become vertices, and an edge
// spanning several layers gets a dummy vertex in each layer it crosses (unless there would be more
// than `maxDummies` of them: long edges are then drawn straight and left out of the ordering).
import type { IndexedGraph } from "./graph";

export interface Vertex {
  /** Index in the `ids` array for real nodes; -1 for dummies. */
  node: number;
  layer: number;
  /** Predecessor / successor vertices in the adjacent layers, with the edge weights. */
  up: number[];
  upW: number[];
  down: number[];
  downW: number[];
}

export interface ProperLayering {
  vertices: Vertex[];
  /** Vertex chain of each non-feedback edge (by position in `edges`), from u to v. */
  chains: number[][];
  /** Vertices per layer: real nodes in input order, each dummy next to where it was created. */
  layers: number[][];
  dummies: number;
}

export function properLayering(
  { ids, edges }: IndexedGraph,
  { layerOf, layerCount }: { layerOf: number[]; layerCount: number },
  maxDummies: number,
): ProperLayering {
  const n = ids.length;
  const vertices: Vertex[] = ids.map((_, i) => ({ node: i, layer: layerOf[i]!, up: [], upW: [], down: [], downW: [] }));
  let totalSpan = 0;
  for (const e of edges) if (!e.feedback) totalSpan += layerOf[e.v]! - layerOf[e.u]! - 1;
  const useDummies = totalSpan <= maxDummies;
  const chains: number[][] = new Array(edges.length);
  const link = (a: number, b: number, w: number) => {
    vertices[a]!.down.push(b);
    vertices[a]!.downW.push(w);
    vertices[b]!.up.push(a);
    vertices[b]!.upW.push(w);
  };
  edges.forEach((e, k) => {
    if (e.feedback) return;
    const chain = [e.u];
    const from = layerOf[e.u]!;
    const to = layerOf[e.v]!;
    if (useDummies) {
      for (let layer = from + 1; layer < to; layer += 1) {
        vertices.push({ node: -1, layer, up: [], upW: [], down: [], downW: [] });
        chain.push(vertices.length - 1);
      }
    }
    chain.push(e.v);
    chains[k] = chain;
    if (useDummies || to - from === 1) {
      for (let i = 0; i + 1 < chain.length; i += 1) link(chain[i]!, chain[i + 1]!, e.weight);
    }
  });
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  vertices.forEach((vx, i) => layers[vx.layer]!.push(i));
  return { vertices, chains, layers, dummies: vertices.length - n };
}
