// The search behind COMBINED's near-duplicate suppression: "which already selected sample (the
// earliest selected) lies within epsilon of this one?", with the distance of combined.ts — the
// root-mean-square difference of z-scores over the features both samples have (none shared:
// infinitely far). Comparing each sample with every selected one is O(n²) map walks: about 100 s
// for 20,000 candidates. This index gives the same answers much faster:
//   - vectors are dense Float64Arrays over one feature order (NaN: the sample lacks the feature);
//   - when every sample has every feature (the usual case: a model's declared numeric features),
//     a distance ≤ ε over d features implies |Δz_k| ≤ ε·√d on EVERY feature, so selected samples
//     are bucketed on a grid of cell width w = ε·√d over up to 3 features (those with the most
//     distinct cells) and only the 3^g neighbouring cells are searched; a partial sum beyond d·ε²
//     stops a comparison early;
//   - otherwise (features missing here and there) every selected sample is compared, on arrays.
// Among the matches the earliest selected wins, as in a linear scan.

const GRID_DIMS = 3;

export interface NearDuplicateIndex {
  /** The dense vector of a candidate id (undefined: unknown id). */
  vectorOf(id: string): Float64Array | undefined;
  /** Selection index of the earliest selected vector within epsilon of `v`, or -1. */
  firstWithin(v: Float64Array): number;
  /** Adds `v` as the next selected vector. */
  add(v: Float64Array): void;
}

interface DenseVectors {
  /** Feature order of the dense vectors. */
  names: string[];
  dense: Map<string, Float64Array>;
  /** Every sample has every feature. */
  complete: boolean;
}

function denseVectors(vectors: ReadonlyMap<string, ReadonlyMap<string, number>>): DenseVectors {
  const names: string[] = [];
  const position = new Map<string, number>();
  for (const z of vectors.values()) {
    for (const k of z.keys()) {
      if (!position.has(k)) {
        position.set(k, names.length);
        names.push(k);
      }
    }
  }
  const d = names.length;
  const dense = new Map<string, Float64Array>();
  let complete = true;
  for (const [id, z] of vectors) {
    const v = new Float64Array(d).fill(Number.NaN);
    for (const [k, x] of z) v[position.get(k)!] = x;
    if (z.size !== d) complete = false;
    dense.set(id, v);
  }
  return { names, dense, complete };
}

/** Whether the RMS z-score difference over the features both have is ≤ epsilon (a partial sum beyond ε²·d stops early). */
function distanceWithin(a: Float64Array, b: Float64Array, d: number, complete: boolean, epsilon: number): boolean {
  const limit = epsilon * epsilon * d;
  if (complete) {
    let sum = 0;
    for (let k = 0; k < d; k++) {
      const diff = a[k]! - b[k]!;
      sum += diff * diff;
      if (sum > limit) return false;
    }
    return d > 0 && Math.sqrt(sum / d) <= epsilon;
  }
  let sum = 0;
  let n = 0;
  for (let k = 0; k < d; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x !== x || y !== y) continue; // NaN: a missing feature
    sum += (x - y) * (x - y);
    n += 1;
  }
  return n > 0 && Math.sqrt(sum / n) <= epsilon;
}

/** The (up to GRID_DIMS) features with the most distinct cells, for complete vectors; else none. */
function gridDimensions(vectors: DenseVectors, cellOf: (x: number) => number): number[] {
  const { names, dense, complete } = vectors;
  if (!complete || names.length === 0) return [];
  const distinct = names.map((_, k) => {
    const cells = new Set<number>();
    for (const v of dense.values()) cells.add(cellOf(v[k]!));
    return [k, cells.size] as const;
  });
  return distinct.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, GRID_DIMS).map(([k]) => k);
}

/** The offsets of the 3^dims neighbouring cells (only the cell itself when the width is 0). */
function neighbourOffsets(dims: number, width: number): number[][] {
  const offsets: number[][] = [[]];
  for (let g = 0; g < dims; g++) {
    const next: number[][] = [];
    for (const o of offsets) for (const delta of width > 0 ? [-1, 0, 1] : [0]) next.push([...o, delta]);
    offsets.splice(0, offsets.length, ...next);
  }
  return offsets;
}

export function createNearDuplicateIndex(args: { vectors: ReadonlyMap<string, ReadonlyMap<string, number>>; epsilon: number }): NearDuplicateIndex {
  const { epsilon } = args;
  const vectors = denseVectors(args.vectors);
  const { dense, complete } = vectors;
  const d = vectors.names.length;
  const selected: Float64Array[] = [];
  const within = (a: Float64Array, b: Float64Array): boolean => distanceWithin(a, b, d, complete, epsilon);

  // The grid (complete vectors only).
  const width = epsilon * Math.sqrt(d);
  const cellOf = (x: number): number => (width > 0 ? Math.floor(x / width) : x);
  const gridDims = gridDimensions(vectors, cellOf);
  const grid = new Map<string, number[]>();
  const keyOf = (cells: readonly number[]): string => cells.join(",");
  const offsets = neighbourOffsets(gridDims.length, width);

  return {
    vectorOf: (id) => dense.get(id),
    firstWithin(v) {
      if (d === 0) return -1; // no numeric feature at all: nothing is near anything
      if (gridDims.length === 0) {
        for (let i = 0; i < selected.length; i++) if (within(selected[i]!, v)) return i;
        return -1;
      }
      const base = gridDims.map((k) => cellOf(v[k]!));
      let best = -1;
      for (const o of offsets) {
        const bucket = grid.get(keyOf(base.map((c, g) => c + o[g]!)));
        if (!bucket) continue;
        for (const i of bucket) {
          if (best !== -1 && i >= best) break; // buckets are in selection order
          if (within(selected[i]!, v)) {
            best = i;
            break;
          }
        }
      }
      return best;
    },
    add(v) {
      const i = selected.length;
      selected.push(v);
      if (gridDims.length === 0) return;
      const key = keyOf(gridDims.map((k) => cellOf(v[k]!)));
      const bucket = grid.get(key);
      if (bucket) bucket.push(i);
      else grid.set(key, [i]);
    },
  };
}
