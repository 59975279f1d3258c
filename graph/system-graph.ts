// Building the system graph: models are nodes (id → { key }), a dependency "from → to" means
// `to` consumes `from`'s output, weighted in (0, 1] by how strongly it does. Cycles are allowed.
import { DirectedGraph } from "graphology";

export interface ModelNode {
  key: string;
}

export interface DependencyEdge {
  weight: number;
}

export type SystemGraph = DirectedGraph<ModelNode, DependencyEdge>;

export interface BuildSystemGraphArgs {
  models: Array<{ id: string; key: string }>;
  edges: Array<{ from: string; to: string; weight: number }>;
}

const PREFIX = "graph/system-graph";

export function buildSystemGraph(args: BuildSystemGraphArgs): SystemGraph {
  const graph: SystemGraph = new DirectedGraph<ModelNode, DependencyEdge>({ allowSelfLoops: false });
  for (const model of args.models) {
    if (typeof model.id !== "string" || model.id === "") throw new Error(`${PREFIX}: model id must be a non-empty string`);
    if (graph.hasNode(model.id)) throw new Error(`${PREFIX}: duplicate model '${model.id}'`);
    graph.addNode(model.id, { key: model.key });
  }
  for (const edge of args.edges) {
    if (edge.from === edge.to) throw new Error(`${PREFIX}: model '${edge.from}' cannot depend on itself`);
    for (const id of [edge.from, edge.to]) {
      if (!graph.hasNode(id)) throw new Error(`${PREFIX}: unknown model '${id}'`);
    }
    if (!(Number.isFinite(edge.weight) && edge.weight > 0 && edge.weight <= 1)) {
      throw new Error(`${PREFIX}: weight of '${edge.from}' → '${edge.to}' must be in (0, 1], got ${edge.weight}`);
    }
    if (graph.hasDirectedEdge(edge.from, edge.to)) {
      throw new Error(`${PREFIX}: duplicate dependency '${edge.from}' → '${edge.to}'`);
    }
    graph.addDirectedEdge(edge.from, edge.to, { weight: edge.weight });
  }
  return graph;
}

/** The weight of the edge u → v (the graph is simple, so there is at most one). */
export function edgeWeight(graph: SystemGraph, from: string, to: string): number {
  return graph.getDirectedEdgeAttribute(from, to, "weight");
}
