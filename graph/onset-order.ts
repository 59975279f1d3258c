// Which of two anomalous models turned anomalous first, when their onsets cannot tell (the same
// window, no finer onset for both, or equal ones). The dependency edge is prior knowledge: trouble
// travels from producer to consumer, so a tie along an edge u → v favours the producer u (no more
// split credit). Feedback loops make both directions edges; inside a loop whose members share
// their onset (a strongly connected component of the "same onset" anomalous subgraph) the order is
// decided once, here:
// 1. entries first: members with an anomalous parent outside the loop that may precede them
//    (earlier onset, or the same) — the trouble came in through them;
// 2. then by hops from the entries along the loop's edges (breadth first) — the loop without its
//    feedback edges is a DAG ordered by these hops;
// 3. with no entry (the fault started inside the loop), from its strongest member (own score, then
//    breached signals; the fault weakens as it travels), then by hops from it;
// 4. equal hops: strongest first, then id.
// Members get (group, position); CompactView.follows reads them. Cost: the out-edges of the
// anomalous models (already read by the searches) and the in-edges of the loop members.
import { ANOMALOUS, type CompactView } from "./compact.js";
import type { SystemGraph } from "./system-graph.js";

/** Same onset, and no finer onsets that tell them apart. */
function tied(view: CompactView, x: number, y: number): boolean {
  if (view.onset[x] !== view.onset[y]) return false;
  const fx = view.fine[x]!;
  const fy = view.fine[y]!;
  return !(fx === fx && fy === fy && fx !== fy);
}

function strength(view: CompactView, i: number): number {
  let breached = 0;
  for (const s of view.state[i]?.evidence ?? []) if (s.breached) breached += 1;
  return view.score[i]! * 100 + breached;
}

/** Fills view.tieGroup / view.tiePos for the anomalous models (ids) in same-onset feedback loops. */
export function orderTies(graph: SystemGraph, view: CompactView, anomalous: string[]): void {
  const nodes = anomalous.map((id) => view.id(id));
  for (const x of nodes) view.load(x);
  // Tarjan's strongly connected components, iterative, on the tied anomalous edges; typed arrays
  // indexed by compact id (the anomalous models and their children are registered by now).
  const n = view.ids.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const frameNode: number[] = [];
  const frameEdge: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const enter = (v: number) => {
    index[v] = counter;
    low[v] = counter;
    counter += 1;
    stack.push(v);
    onStack[v] = 1;
    frameNode.push(v);
    frameEdge.push(view.outStart[v]!);
  };
  for (const start of nodes) {
    if (index[start]! >= 0) continue;
    enter(start);
    while (frameNode.length > 0) {
      const top = frameNode.length - 1;
      const v = frameNode[top]!;
      const k = frameEdge[top]!;
      if (k < view.outEnd[v]!) {
        frameEdge[top] = k + 1;
        const w = view.targets[k]!;
        if (view.kind[w] !== ANOMALOUS || !tied(view, v, w)) continue;
        if (index[w]! < 0) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      frameNode.pop();
      frameEdge.pop();
      if (frameNode.length > 0) {
        const parent = frameNode[frameNode.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        if (component.length > 1) components.push(component);
      }
    }
  }
  components.forEach((component, group) => orderComponent(graph, view, component, group));
}

function orderComponent(graph: SystemGraph, view: CompactView, component: number[], group: number): void {
  const members = new Set(component);
  const power = new Map(component.map((i) => [i, strength(view, i)]));
  const byStrength = (a: number, b: number) => power.get(b)! - power.get(a)! || (view.ids[a]! < view.ids[b]! ? -1 : 1);
  const entries = component.filter((v) => {
    view.loadIn(v);
    for (let k = view.inStart[v]!, end = view.inEnd[v]!; k < end; k++) {
      const i = view.sources[k]!;
      if (!members.has(i) && view.kind[i] === ANOMALOUS && view.onset[i]! <= view.onset[v]!) return true;
    }
    return false;
  });
  const sources = entries.length > 0 ? entries : [[...component].sort(byStrength)[0]!];
  const hops = new Map<number, number>(sources.map((s) => [s, 0]));
  const queue = [...sources];
  for (let q = 0; q < queue.length; q++) {
    const x = queue[q]!;
    for (let k = view.outStart[x]!, end = view.outEnd[x]!; k < end; k++) {
      const y = view.targets[k]!;
      if (!members.has(y) || hops.has(y) || !tied(view, x, y)) continue;
      hops.set(y, hops.get(x)! + 1);
      queue.push(y);
    }
  }
  const ordered = [...component].sort((a, b) => (hops.get(a) ?? Infinity) - (hops.get(b) ?? Infinity) || byStrength(a, b));
  ordered.forEach((v, position) => {
    view.tieGroup[v] = group;
    view.tiePos[v] = position;
  });
}
