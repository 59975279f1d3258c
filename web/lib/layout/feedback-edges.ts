// Step 1 of the layered layout, cycle removal: the back edges of an iterative depth-first search
// started from the sources (nodes without incoming edges, then the rest) close the cycles; they are
// marked as feedback edges, and without them the graph is acyclic.
import type { IndexedGraph } from "./graph";

const WHITE = 0;
const GRAY = 1;
const BLACK = 2;

export function markFeedbackEdges({ ids, edges, out, inDegree }: IndexedGraph): void {
  const n = ids.length;
  const colour = new Uint8Array(n);
  const roots: number[] = [];
  for (let i = 0; i < n; i += 1) if (inDegree[i] === 0) roots.push(i);
  for (let i = 0; i < n; i += 1) if (inDegree[i] !== 0) roots.push(i);
  const stackNode: number[] = [];
  const stackNext: number[] = [];
  for (const root of roots) {
    if (colour[root] !== WHITE) continue;
    colour[root] = GRAY;
    stackNode.push(root);
    stackNext.push(0);
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const x = stackNode[top]!;
      const k = stackNext[top]!;
      const list = out[x]!;
      if (k < list.length) {
        stackNext[top] = k + 1;
        const e = edges[list[k]!]!;
        if (colour[e.v] === GRAY) e.feedback = true;
        else if (colour[e.v] === WHITE) {
          colour[e.v] = GRAY;
          stackNode.push(e.v);
          stackNext.push(0);
        }
      } else {
        colour[x] = BLACK;
        stackNode.pop();
        stackNext.pop();
      }
    }
  }
}
