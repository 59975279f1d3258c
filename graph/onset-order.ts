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
  // Tarjan's strongly connected components, iterative, on the tied anomalous edges.
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const tiedChildren = (x: number): number[] => {
    view.load(x);
    const out: number[] = [];
    for (let k = view.outStart[x]!, end = view.outEnd[x]!; k < end; k++) {
      const y = view.targets[k]!;
      if (view.kind[y] === ANOMALOUS && tied(view, x, y)) out.push(y);
    }
    return out;
  };
  for (const start of nodes) {
    if (index.has(start)) continue;
    const frames: Array<{ node: number; children: number[]; next: number }> = [];
    const enter = (v: number) => {
      index.set(v, counter);
      low.set(v, counter);
      counter += 1;
      stack.push(v);
      onStack.add(v);
      frames.push({ node: v, children: tiedChildren(v), next: 0 });
    };
    enter(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.children.length) {
        const w = frame.children[frame.next++]!;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      frames.pop();
      const v = frame.node;
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
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
    let entry = false;
    graph.forEachInNeighbor(view.ids[v]!, (u) => {
      const i = view.id(u);
      if (!entry && !members.has(i) && view.kind[i] === ANOMALOUS && view.onset[i]! <= view.onset[v]!) entry = true;
    });
    return entry;
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
