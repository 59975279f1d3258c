// The bin of a value among sorted cut points, shared by the drift histograms (drift/bins.ts) and the
// drifted regions of prioritization (prioritize/drift-regions.ts), which keep no other tie.

/**
 * Index of the bin of `v` for the cut points `edges` (ascending): the number of edges ≤ v
 * (`numpy.searchsorted(edges, v, "right")`), so bin 0 is (−∞, e0) and bin i is [e(i−1), e(i)).
 */
export function binIndex(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
