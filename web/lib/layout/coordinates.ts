// Step 5 of the layered layout, vertical coordinates: layers start stacked and centred on the
// tallest one, then a few passes pull each vertex towards its neighbours (the side swept from
// weighing double), with the minimum spacing inside a layer solved exactly (isotonic regression).
import type { Vertex } from "./proper-layering";

export interface Spacing {
  /** Between two real nodes. */
  nodeGap: number;
  /** Between two dummies; a real node next to a dummy gets the mean of both gaps. */
  dummyGap: number;
  placementPasses: number;
}

/** The y of every vertex (not normalised: it may be negative). */
export function verticalCoordinates(vertices: readonly Vertex[], layers: number[][], spacing: Spacing): Float64Array {
  const { nodeGap, dummyGap } = spacing;
  const gapBefore = (layer: number[], i: number) => {
    const a = vertices[layer[i - 1]!]!.node >= 0;
    const b = vertices[layer[i]!]!.node >= 0;
    return a && b ? nodeGap : a || b ? (nodeGap + dummyGap) / 2 : dummyGap;
  };
  const y = stackedLayers(vertices.length, layers, gapBefore);
  const desired = new Float64Array(vertices.length);
  for (let pass = 0; pass < spacing.placementPasses; pass += 1) {
    const fromAbove = pass % 2 === 0;
    const order = fromAbove ? layers : [...layers].reverse();
    for (const layer of order) {
      for (const v of layer) desired[v] = pulledY(vertices[v]!, y, fromAbove) ?? y[v]!;
      placeWithGaps(layer, desired, y, (i) => gapBefore(layer, i));
    }
  }
  return y;
}

/** Layers stacked with their gaps, centred on the tallest one. */
function stackedLayers(size: number, layers: number[][], gapBefore: (layer: number[], i: number) => number): Float64Array {
  const y = new Float64Array(size);
  const heights = layers.map((layer) => {
    let h = 0;
    for (let i = 1; i < layer.length; i += 1) h += gapBefore(layer, i);
    return h;
  });
  const tallest = Math.max(0, ...heights);
  layers.forEach((layer, l) => {
    let at = (tallest - heights[l]!) / 2;
    layer.forEach((v, i) => {
      if (i > 0) at += gapBefore(layer, i);
      y[v] = at;
    });
  });
  return y;
}

/** The weighted mean y of a vertex's neighbours on both sides, the side swept from weighing double; null without any. */
function pulledY(vx: Vertex, y: Float64Array, fromAbove: boolean): number | null {
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < vx.up.length; i += 1) {
    const w = vx.upW[i]! * (fromAbove ? 2 : 1);
    sum += y[vx.up[i]!]! * w;
    weight += w;
  }
  for (let i = 0; i < vx.down.length; i += 1) {
    const w = vx.downW[i]! * (fromAbove ? 1 : 2);
    sum += y[vx.down[i]!]! * w;
    weight += w;
  }
  return weight > 0 ? sum / weight : null;
}

/**
 * Places a layer's vertices as close as possible to their desired y (least squares) while keeping
 * their order and the minimum gaps: with z_i = y_i − offset_i the constraints become z
 * non-decreasing, solved exactly by the pool-adjacent-violators algorithm.
 */
function placeWithGaps(layer: number[], desired: Float64Array, y: Float64Array, gapBefore: (i: number) => number) {
  const m = layer.length;
  if (m === 0) return;
  const offset = new Float64Array(m);
  for (let i = 1; i < m; i += 1) offset[i] = offset[i - 1]! + gapBefore(i);
  // Blocks of pooled values: mean, size, and where each block starts.
  const mean: number[] = [];
  const size: number[] = [];
  for (let i = 0; i < m; i += 1) {
    mean.push(desired[layer[i]!]! - offset[i]!);
    size.push(1);
    while (mean.length > 1 && mean[mean.length - 2]! > mean[mean.length - 1]!) {
      const b = mean.pop()!;
      const sb = size.pop()!;
      const a = mean.pop()!;
      const sa = size.pop()!;
      mean.push((a * sa + b * sb) / (sa + sb));
      size.push(sa + sb);
    }
  }
  let i = 0;
  for (let b = 0; b < mean.length; b += 1) {
    for (let k = 0; k < size[b]!; k += 1, i += 1) y[layer[i]!] = mean[b]! + offset[i]!;
  }
}
