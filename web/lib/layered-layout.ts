/**
 * Layered ("Sugiyama") layout of a directed graph, for the system map.
 *
 * Pure and dependency-free so it can run anywhere (server components, tests, benches):
 *
 * 1. **Cycle removal** — an iterative depth-first search started from the sources (nodes without
 *    incoming edges) marks the edges that close a cycle as *feedback* edges. Without them the graph
 *    is acyclic; they are drawn as arcs back to the left.
 * 2. **Layering** — each node's layer is the length of the longest path reaching it from a source
 *    (feedback edges ignored), so sources are on the left and consumers to their right.
 * 3. **Proper layering** — an edge spanning several layers gets a *dummy* node in each layer it
 *    crosses; edges are routed through them, so they bend around nodes instead of crossing them.
 * 4. **Crossing reduction** — alternating down/up sweeps order each layer by the weighted
 *    barycenter of its neighbours in the previous layer; the ordering with the fewest crossings
 *    (counted exactly, with a Fenwick tree) is kept.
 * 5. **Coordinates** — x from the layer; y by a few passes pulling each node towards its
 *    neighbours, with the minimum spacing inside a layer solved exactly (isotonic regression).
 *
 * Each step is a function of its own in ./layout/ (graph, feedback-edges, longest-path-layers,
 * proper-layering, crossing-reduction, coordinates); {@link layeredLayout} runs them in order.
 *
 * Complexity is about O(sweeps · (V + D + E log V)) with D the dummy nodes: 500 models lay out in a
 * few milliseconds (see test/bench/web/layout.bench.ts).
 */
import { verticalCoordinates } from "./layout/coordinates";
import { reduceCrossings } from "./layout/crossing-reduction";
import { markFeedbackEdges } from "./layout/feedback-edges";
import { indexGraph, type IndexedGraph } from "./layout/graph";
import { longestPathLayers } from "./layout/longest-path-layers";
import { properLayering, type ProperLayering } from "./layout/proper-layering";

export interface LayoutEdgeInput {
  from: string;
  to: string;
  /** Heavier edges pull their endpoints closer together (default 1). */
  weight?: number;
}

export interface LayoutOptions {
  /** Horizontal distance between the centres of consecutive layers (default 220). */
  layerGap?: number;
  /** Minimum vertical distance between the centres of two real nodes of a layer (default 80). */
  nodeGap?: number;
  /** Minimum vertical distance next to a dummy node (an edge passing through; default nodeGap / 2). */
  dummyGap?: number;
  /** Barycenter sweeps for crossing reduction (default 12). */
  sweeps?: number;
  /** Passes of the vertical placement (default 8). */
  placementPasses?: number;
  /** Above this many dummy nodes, long edges are drawn straight instead (default 100,000). */
  maxDummies?: number;
}

export interface LayoutPoint {
  x: number;
  y: number;
}

export interface LayoutNode {
  id: string;
  /** 0 = sources (leftmost). */
  layer: number;
  /** Position inside its layer, from the top, counting real nodes only. */
  order: number;
  /** Centre of the node. */
  x: number;
  y: number;
}

export interface LayoutEdge {
  /** Index of the edge in the input. */
  index: number;
  from: string;
  to: string;
  weight: number;
  /** The edge closes a cycle (a feedback loop): it points back to an earlier layer. */
  feedback: boolean;
  /**
   * From the source's centre to the target's centre, through the edge's dummy nodes. Feedback
   * edges have only their two endpoints (the renderer draws them as an arc).
   */
  points: LayoutPoint[];
}

export interface Layout {
  nodes: LayoutNode[];
  /** Node ids per layer, top to bottom. */
  layers: string[][];
  /** Edges whose endpoints are known nodes (self-loops and dangling edges are left out). */
  edges: LayoutEdge[];
  /** Bounding box of the node centres: x ∈ [0, width], y ∈ [0, height]. */
  width: number;
  height: number;
  /** Edge crossings between adjacent layers of the chosen ordering (dummy segments included). */
  crossings: number;
  /** Dummy nodes inserted for long edges. */
  dummies: number;
}

export function layeredLayout(
  nodeIds: readonly string[],
  edgeInputs: readonly LayoutEdgeInput[],
  options: LayoutOptions = {},
): Layout {
  const layerGap = options.layerGap ?? 220;
  const nodeGap = options.nodeGap ?? 80;
  const dummyGap = options.dummyGap ?? nodeGap / 2;
  const sweeps = Math.max(0, Math.floor(options.sweeps ?? 12));
  const placementPasses = Math.max(0, Math.floor(options.placementPasses ?? 8));
  const maxDummies = options.maxDummies ?? 100_000;

  const graph = indexGraph(nodeIds, edgeInputs);
  markFeedbackEdges(graph);
  const layering = longestPathLayers(graph);
  const proper = properLayering(graph, layering, maxDummies);
  const crossings = reduceCrossings(proper.vertices, proper.layers, sweeps);
  const y = verticalCoordinates(proper.vertices, proper.layers, { nodeGap, dummyGap, placementPasses });
  return collectLayout(graph, proper, y, { layerGap, layerCount: layering.layerCount, crossings });
}

/** Step 6: normalises y to ≥ 0 and turns vertices back into nodes, layers of ids and edge polylines. */
function collectLayout(
  { ids, edges }: IndexedGraph,
  { vertices, layers, chains, dummies }: ProperLayering,
  y: Float64Array,
  { layerGap, layerCount, crossings }: { layerGap: number; layerCount: number; crossings: number },
): Layout {
  let minY = Infinity;
  let maxY = -Infinity;
  for (let v = 0; v < vertices.length; v += 1) {
    minY = Math.min(minY, y[v]!);
    maxY = Math.max(maxY, y[v]!);
  }
  if (!Number.isFinite(minY)) {
    minY = 0;
    maxY = 0;
  }
  const point = (v: number): LayoutPoint => ({ x: vertices[v]!.layer * layerGap, y: round(y[v]! - minY) });

  const nodes: LayoutNode[] = new Array(ids.length);
  const layerIds: string[][] = layers.map(() => []);
  layers.forEach((layer, l) => {
    let order = 0;
    for (const v of layer) {
      const vx = vertices[v]!;
      if (vx.node < 0) continue;
      const p = point(v);
      nodes[vx.node] = { id: ids[vx.node]!, layer: l, order, x: p.x, y: p.y };
      layerIds[l]!.push(ids[vx.node]!);
      order += 1;
    }
  });

  const layoutEdges: LayoutEdge[] = edges.map((e, k) => ({
    index: e.index,
    from: ids[e.u]!,
    to: ids[e.v]!,
    weight: e.weight,
    feedback: e.feedback,
    points: e.feedback ? [point(e.u), point(e.v)] : chains[k]!.map(point),
  }));

  return {
    nodes,
    layers: layerIds,
    edges: layoutEdges,
    width: Math.max(0, layerCount - 1) * layerGap,
    height: round(maxY - minY),
    crossings,
    dummies,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
