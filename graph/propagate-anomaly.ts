// Anomaly propagation: a model's propagated score is its own score combined, as independent
// causes (noisy-OR), with what each upstream model passes along its edge, attenuated by `decay`:
//   p_v = 1 − (1 − s_v) · Π_{u → v} (1 − decay · w_uv · p_u)
// Iterated from p = s (Gauss–Seidel). The map is monotone (p only grows) and bounded by 1, so the
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
  for (const [id, score] of Object.entries(scores)) {
    if (!graph.hasNode(id)) throw new Error(`${PREFIX}: unknown model '${id}'`);
    if (!(score >= 0 && score <= 1)) throw new Error(`${PREFIX}: score of '${id}' must be in [0, 1], got ${score}`);
  }

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
  throw new Error(`${PREFIX}: did not converge within ${options.maxIterations} iterations (tolerance ${options.tolerance})`);
}
