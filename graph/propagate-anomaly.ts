// Anomaly propagation: a model's propagated score is its own score combined, as independent
// causes (noisy-OR), with what each upstream model passes along its edge, attenuated by `decay`:
//   p_v = 1 − (1 − s_v) · Π_{u → v} (1 − decay · w_uv · p_u)
// Iterated from p = s (Gauss–Seidel, on compact arrays). The map is monotone (p only grows) and bounded by 1, so the
// iteration converges on any graph, cycles included; we stop when no score moves by more than
// `tolerance` and throw when `maxIterations` is reached first.
import type { SystemGraph } from "./system-graph.js";

export interface PropagateAnomalyOptions {
  decay?: number;
  tolerance?: number;
  maxIterations?: number;
}

export interface PropagateAnomalyArgs {
  graph: SystemGraph;
  /** Own score in [0, 1] per model id; models left out count as 0. */
  scores: Record<string, number>;
  options?: PropagateAnomalyOptions;
}

export const PROPAGATE_DEFAULTS: Required<PropagateAnomalyOptions> = {
  decay: 0.5,
  tolerance: 1e-9,
  maxIterations: 1000,
};

const PREFIX = "graph/propagate-anomaly";

export function propagateAnomaly(args: PropagateAnomalyArgs): Record<string, number> {
  const { graph, scores } = args;
  const options = { ...PROPAGATE_DEFAULTS, ...args.options };
  if (!(options.decay >= 0 && options.decay <= 1)) throw new Error(`${PREFIX}: decay must be in [0, 1], got ${options.decay}`);
  if (!(options.tolerance > 0)) throw new Error(`${PREFIX}: tolerance must be > 0, got ${options.tolerance}`);
  if (!(Number.isInteger(options.maxIterations) && options.maxIterations > 0)) {
    throw new Error(`${PREFIX}: maxIterations must be a positive integer, got ${options.maxIterations}`);
  }
  // Compact arrays: nodes in graphology's order, each node's in-edges back to back (in
  // graphology's order) as source indices and decay · weight. The sweeps below do exactly the
  // arithmetic of a sweep over graphology's nodes and in-edges, in the same order, so the result is
  // the same to the last bit — only without string-keyed maps and callbacks.
  const nodes = graph.nodes();
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i]!, i);
  // Own scores, checked on the way (models left out count as 0).
  const own = new Float64Array(n);
  for (const id of Object.keys(scores)) {
    const i = index.get(id);
    if (i === undefined) throw new Error(`${PREFIX}: unknown model '${id}'`);
    const score = scores[id]!;
    if (!(score >= 0 && score <= 1)) throw new Error(`${PREFIX}: score of '${id}' must be in [0, 1], got ${score}`);
    own[i] = score;
  }
  const inStart = new Int32Array(n + 1);
  const sources = new Int32Array(graph.size);
  const factors = new Float64Array(graph.size);
  const decay = options.decay;
  const cursor = { m: 0 };
  const read = (_edge: string, attributes: { weight: number }, u: string) => {
    const m = cursor.m;
    sources[m] = index.get(u)!;
    factors[m] = decay * attributes.weight;
    cursor.m = m + 1;
  };
  for (let i = 0; i < n; i++) {
    inStart[i] = cursor.m;
    graph.forEachInEdge(nodes[i]!, read);
  }
  inStart[n] = cursor.m;
  const p = new Float64Array(n);
  p.set(own);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    let delta = 0;
    for (let i = 0; i < n; i++) {
      let healthy = 1 - own[i]!;
      for (let k = inStart[i]!, end = inStart[i + 1]!; k < end; k++) healthy *= 1 - factors[k]! * p[sources[k]!]!;
      const next = Math.min(1, Math.max(0, 1 - healthy));
      const change = Math.abs(next - p[i]!);
      if (change > delta) delta = change;
      p[i] = next;
    }
    if (delta <= options.tolerance) {
      const result: Record<string, number> = {};
      for (let i = 0; i < n; i++) result[nodes[i]!] = p[i]!;
      return result;
    }
  }
  throw new Error(`${PREFIX}: did not converge within ${options.maxIterations} iterations (tolerance ${options.tolerance})`);
}
