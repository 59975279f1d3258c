// The former propagateAnomaly (string-keyed maps, graphology callbacks in every sweep), kept only
// as a reference for the compact-array implementation in graph/ — see propagate-anomaly.test.ts.
import { PROPAGATE_DEFAULTS, type PropagateAnomalyArgs } from "../../../graph/propagate-anomaly.js";

export function referencePropagateAnomaly(args: PropagateAnomalyArgs): Record<string, number> {
  const { graph, scores } = args;
  const options = { ...PROPAGATE_DEFAULTS, ...args.options };
  const nodes = graph.nodes();
  const own = new Map<string, number>(nodes.map((id) => [id, scores[id] ?? 0]));
  const p = new Map(own);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    let delta = 0;
    for (const v of nodes) {
      let healthy = 1 - own.get(v)!;
      graph.forEachInEdge(v, (_edge, attributes, u) => {
        healthy *= 1 - options.decay * attributes.weight * p.get(u)!;
      });
      const next = Math.min(1, Math.max(0, 1 - healthy));
      delta = Math.max(delta, Math.abs(next - p.get(v)!));
      p.set(v, next);
    }
    if (delta <= options.tolerance) return Object.fromEntries(p);
  }
  throw new Error(`reference propagateAnomaly: did not converge within ${options.maxIterations} iterations`);
}
