// Step 4 of the layered layout, crossing reduction: alternating down/up sweeps order each layer by
// the weighted barycenter of its neighbours in the previous layer; the ordering with the fewest
// crossings (counted exactly, with a Fenwick tree) is kept.
import type { Vertex } from "./proper-layering";

/** Reorders `layers` in place; returns the crossings of the ordering kept. */
export function reduceCrossings(vertices: readonly Vertex[], layers: number[][], sweeps: number): number {
  const pos = new Float64Array(vertices.length);
  writePositions(layers, pos);
  const segments = layerSegments(vertices, layers);
  const countCrossings = (): number => {
    let total = 0;
    for (let l = 0; l < segments.length; l += 1) total += crossingsBetween(segments[l]!.us, segments[l]!.vs, layers[l + 1]!.length, pos);
    return total;
  };
  let best = layers.map((l) => l.slice());
  let bestCrossings = countCrossings();
  const bary = new Float64Array(vertices.length);
  for (let s = 0; s < sweeps && bestCrossings > 0; s += 1) {
    const downward = s % 2 === 0;
    if (downward) {
      for (let l = 1; l < layers.length; l += 1) orderLayer(vertices, layers[l]!, "up", pos, bary);
    } else {
      for (let l = layers.length - 2; l >= 0; l -= 1) orderLayer(vertices, layers[l]!, "down", pos, bary);
    }
    const c = countCrossings();
    if (c < bestCrossings) {
      bestCrossings = c;
      best = layers.map((l) => l.slice());
    }
  }
  for (let l = 0; l < layers.length; l += 1) layers[l] = best[l]!;
  return bestCrossings;
}

function writePositions(layers: number[][], pos: Float64Array): void {
  for (const layer of layers) layer.forEach((v, i) => (pos[v] = i));
}

/** The edges between each layer and the next, as flat (upper vertex, lower vertex) arrays. */
function layerSegments(vertices: readonly Vertex[], layers: number[][]): Array<{ us: Int32Array; vs: Int32Array }> {
  return layers.slice(0, -1).map((layer) => {
    const us: number[] = [];
    const vs: number[] = [];
    for (const u of layer) for (const v of vertices[u]!.down) (us.push(u), vs.push(v));
    return { us: Int32Array.from(us), vs: Int32Array.from(vs) };
  });
}

/** Sorts a layer by the weighted barycenter of its neighbours on one side. */
function orderLayer(vertices: readonly Vertex[], layer: number[], side: "up" | "down", pos: Float64Array, bary: Float64Array): void {
  for (const v of layer) {
    const vx = vertices[v]!;
    const nb = side === "up" ? vx.up : vx.down;
    const nw = side === "up" ? vx.upW : vx.downW;
    if (nb.length === 0) {
      bary[v] = pos[v]!; // no neighbour on that side: keep its place
      continue;
    }
    let sum = 0;
    let weight = 0;
    for (let i = 0; i < nb.length; i += 1) {
      sum += pos[nb[i]!]! * nw[i]!;
      weight += nw[i]!;
    }
    bary[v] = sum / weight;
  }
  // The layer is in position order and the sort is stable: ties keep their places.
  layer.sort((a, b) => bary[a]! - bary[b]!);
  layer.forEach((v, i) => (pos[v] = i));
}

/**
 * Crossings between a layer and the next: the edges sorted by (upper position, lower position),
 * then the inversions among their lower positions, counted with a Fenwick tree (O(E log V)).
 */
export function crossingsBetween(us: Int32Array, vs: Int32Array, lowerSize: number, pos: Float64Array): number {
  const m = us.length;
  if (m < 2) return 0;
  const keys = new Float64Array(m);
  for (let i = 0; i < m; i += 1) keys[i] = pos[us[i]!]! * lowerSize + pos[vs[i]!]!;
  keys.sort();
  const tree = new Int32Array(lowerSize + 1);
  let crossings = 0;
  for (let k = 0; k < m; k += 1) {
    const d = keys[k]! % lowerSize;
    // Earlier edges (smaller upper position) whose lower end is strictly after d cross this one.
    let notAfter = 0;
    for (let i = d + 1; i > 0; i -= i & -i) notAfter += tree[i]!;
    crossings += k - notAfter;
    for (let i = d + 1; i <= lowerSize; i += i & -i) tree[i]! += 1;
  }
  return crossings;
}
