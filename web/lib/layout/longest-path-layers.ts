// Step 2 of the layered layout, layering: each node's layer is the length of the longest path
// reaching it from a source, feedback edges ignored (Kahn's order on the acyclic part).
import type { IndexedGraph } from "./graph";

export function longestPathLayers({ ids, edges, out }: IndexedGraph): { layerOf: number[]; layerCount: number } {
  const n = ids.length;
  const layerOf = new Array<number>(n).fill(0);
  const dagIn = new Array<number>(n).fill(0);
  for (const e of edges) if (!e.feedback) dagIn[e.v]! += 1;
  const queue: number[] = [];
  for (let i = 0; i < n; i += 1) if (dagIn[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head += 1) {
    const x = queue[head]!;
    for (const k of out[x]!) {
      const e = edges[k]!;
      if (e.feedback) continue;
      if (layerOf[x]! + 1 > layerOf[e.v]!) layerOf[e.v] = layerOf[x]! + 1;
      dagIn[e.v]! -= 1;
      if (dagIn[e.v] === 0) queue.push(e.v);
    }
  }
  let layerCount = 0;
  for (let i = 0; i < n; i += 1) layerCount = Math.max(layerCount, layerOf[i]! + 1);
  return { layerOf, layerCount };
}
