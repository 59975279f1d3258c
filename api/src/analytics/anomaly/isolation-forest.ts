// Isolation forest (Liu, Ting & Zhou 2008) for anomaly detection on numeric inputs and outputs
// (issue 4, item 3).
//
// Each tree is grown on a subsample of ψ = min(sampleSize, rows) rows drawn without replacement.
// A node picks a feature uniformly among those that are not constant in the node and a split value
// uniform in [min, max) of that feature in the node; rows with x ≤ split go left. A node becomes a
// leaf when it holds fewer than 2 rows, when every feature is constant in it, or at the maximum
// depth ceil(log2(ψ)). As in scikit-learn's IsolationForest:
//
//   - the path length of x in a tree is the depth of the leaf it falls into plus c(leaf size), the
//     expected depth of the unbuilt subtree;
//   - c(n) = 2(ln(n − 1) + γ) − 2(n − 1)/n for n > 2, 1 for n = 2, 0 for n ≤ 1
//     (scikit-learn's `_average_path_length`, harmonic number H(n−1) ≈ ln(n − 1) + γ);
//   - scoreSamples(x) = −2^(−E[h(x)] / c(ψ)) (lower = more abnormal, in [−1, 0]);
//   - anomalyScores(x) = 2^(−E[h(x)] / c(ψ)) in [0, 1] (higher = more abnormal; ≈ 0.5 for
//     ordinary rows, close to 1 for isolated ones).
//
// Randomness comes from a seeded generator (`seededRandom`), so a forest is a function of its rows
// and seed; it is a plain JSON object (flat arrays per tree) that can be persisted and reloaded.
import { seededRandom } from "../drift/window-summary.js";

const MODULE = "analytics/isolation-forest";

export const ISOLATION_FOREST_DEFAULTS = {
  trees: 100,
  sampleSize: 256,
} as const;

/** Euler–Mascheroni constant. */
const EULER_GAMMA = 0.5772156649015329;

/** One tree, as parallel arrays indexed by node (node 0 is the root). */
export interface IsolationTree {
  /** Split feature of each node; −1 at a leaf. */
  feature: number[];
  /** Split value of each node (x ≤ threshold goes left); 0 at a leaf. */
  threshold: number[];
  /** Left child of each node; −1 at a leaf. */
  left: number[];
  /** Right child of each node; −1 at a leaf. */
  right: number[];
  /** Training rows that reached each node. */
  size: number[];
}

export interface IsolationForest {
  method: "isolation-forest";
  /** Columns of every row. */
  features: number;
  /** ψ: rows per tree (min(sampleSize, rows)). */
  sampleSize: number;
  maxDepth: number;
  seed: number;
  trees: IsolationTree[];
}

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n nodes, as
 * scikit-learn's `_average_path_length`: 2(ln(n − 1) + γ) − 2(n − 1)/n for n > 2, 1 for n = 2,
 * 0 for n ≤ 1.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n <= 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

function checkRows(rows: unknown, features?: number): number {
  if (!Array.isArray(rows) || rows.length === 0) throw new Error(`${MODULE}: rows must be a non-empty array of numeric rows`);
  const d = features ?? (Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : 0);
  if (d < 1) throw new Error(`${MODULE}: rows must have at least one column`);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) throw new Error(`${MODULE}: row ${i} is not an array`);
    if (row.length !== d) throw new Error(`${MODULE}: row ${i} has ${row.length} columns, expected ${d}`);
    for (let j = 0; j < d; j++) {
      const v: unknown = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${MODULE}: row ${i}, column ${j} is not a finite number (${String(v)})`);
    }
  });
  return d;
}

function positiveInteger(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${MODULE}: ${name} must be an integer ≥ 1, got ${v}`);
  return v;
}

/** Rows × columns in one row-major typed array (what the encoders produce; no array per row). */
export interface RowMatrix {
  data: Float32Array | Float64Array;
  rows: number;
  columns: number;
}

type Rows = ReadonlyArray<ReadonlyArray<number>> | RowMatrix;

function isMatrix(rows: Rows): rows is RowMatrix {
  return !Array.isArray(rows);
}

/** Checks the rows (finite numbers, `features` columns when given) and returns them as one matrix. */
function asMatrix(rows: Rows, features?: number): RowMatrix {
  if (!isMatrix(rows)) {
    const d = checkRows(rows, features);
    const data = new Float64Array(rows.length * d);
    rows.forEach((row, i) => data.set(row, i * d));
    return { data, rows: rows.length, columns: d };
  }
  const m = rows;
  if (!(m?.data instanceof Float32Array || m?.data instanceof Float64Array) || !Number.isInteger(m.rows) || !Number.isInteger(m.columns) || m.rows < 1 || m.columns < 1 || m.data.length !== m.rows * m.columns) {
    throw new Error(`${MODULE}: rows must be a non-empty array of numeric rows or a RowMatrix whose data holds rows × columns numbers`);
  }
  if (features !== undefined && m.columns !== features) throw new Error(`${MODULE}: rows have ${m.columns} columns, expected ${features}`);
  for (let k = 0; k < m.data.length; k++) {
    if (!Number.isFinite(m.data[k]!)) throw new Error(`${MODULE}: row ${Math.floor(k / m.columns)}, column ${k % m.columns} is not a finite number (${m.data[k]})`);
  }
  return m;
}

/** Fits an isolation forest on a numeric matrix (rows × features). */
export function fitIsolationForest(args: { rows: Rows; trees?: number; sampleSize?: number; seed: number }): IsolationForest {
  const rows = asMatrix(args.rows);
  const d = rows.columns;
  const trees = positiveInteger("trees", args.trees ?? ISOLATION_FOREST_DEFAULTS.trees);
  const requested = positiveInteger("sampleSize", args.sampleSize ?? ISOLATION_FOREST_DEFAULTS.sampleSize);
  if (!Number.isInteger(args.seed)) throw new Error(`${MODULE}: seed must be an integer, got ${args.seed}`);
  const n = rows.rows;
  const psi = Math.min(requested, n);
  const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
  const rng = seededRandom(args.seed);
  const pool = Array.from({ length: n }, (_, i) => i);
  const out: IsolationTree[] = [];
  for (let t = 0; t < trees; t++) {
    // ψ rows without replacement: a partial Fisher–Yates over the (persistent) index pool.
    for (let i = 0; i < psi; i++) {
      const j = i + Math.floor(rng() * (n - i));
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
    }
    out.push(growTree(rows, pool.slice(0, psi), d, maxDepth, rng));
  }
  return { method: "isolation-forest", features: d, sampleSize: psi, maxDepth, seed: args.seed, trees: out };
}

function growTree(rows: RowMatrix, sample: number[], d: number, maxDepth: number, rng: () => number): IsolationTree {
  const x = rows.data;
  const tree: IsolationTree = { feature: [], threshold: [], left: [], right: [], size: [] };
  const addNode = (size: number): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.size.push(size);
    return tree.size.length - 1;
  };
  // Depth-first with an explicit stack: [node, row indexes, depth].
  const stack: Array<[number, number[], number]> = [[addNode(sample.length), sample, 0]];
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  while (stack.length > 0) {
    const [node, idx, depth] = stack.pop()!;
    if (idx.length < 2 || depth >= maxDepth) continue;
    lo.fill(Infinity);
    hi.fill(-Infinity);
    for (const r of idx) {
      const at = r * d;
      for (let j = 0; j < d; j++) {
        const v = x[at + j]!;
        if (v < lo[j]!) lo[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    }
    const candidates: number[] = [];
    for (let j = 0; j < d; j++) if (hi[j]! > lo[j]!) candidates.push(j);
    if (candidates.length === 0) continue; // every row identical: a leaf
    const f = candidates[Math.floor(rng() * candidates.length)]!;
    const r = rng();
    const width = hi[f]! - lo[f]!;
    // A range wider than 1.8e308 overflows: take the same point as a weighted mean instead.
    let split = Number.isFinite(width) ? lo[f]! + r * width : lo[f]! * (1 - r) + hi[f]! * r;
    if (split >= hi[f]!) split = lo[f]!; // rounding: keep at least one row on the right
    const leftRows: number[] = [];
    const rightRows: number[] = [];
    for (const r of idx) (x[r * d + f]! <= split ? leftRows : rightRows).push(r);
    const l = addNode(leftRows.length);
    const rr = addNode(rightRows.length);
    tree.feature[node] = f;
    tree.threshold[node] = split;
    tree.left[node] = l;
    tree.right[node] = rr;
    stack.push([rr, rightRows, depth + 1], [l, leftRows, depth + 1]);
  }
  return tree;
}

function checkForest(forest: IsolationForest): void {
  if (forest?.method !== "isolation-forest" || !Array.isArray(forest.trees) || forest.trees.length === 0) {
    throw new Error(`${MODULE}: forest is not an IsolationForest (build it with fitIsolationForest)`);
  }
  if (!Number.isInteger(forest.features) || forest.features < 1 || !Number.isInteger(forest.sampleSize) || forest.sampleSize < 1) {
    throw new Error(`${MODULE}: forest has invalid features (${forest.features}) or sampleSize (${forest.sampleSize})`);
  }
}

/** E[h(x)] per row: the mean over trees of (leaf depth + c(leaf size)). */
export function meanPathLengths(args: { forest: IsolationForest; rows: Rows }): number[] {
  const { forest } = args;
  checkForest(forest);
  const rows = asMatrix(args.rows, forest.features);
  const { data: x, columns: d } = rows;
  const sums = new Float64Array(rows.rows);
  for (const tree of forest.trees) {
    // Typed copies of the tree, and c(size) once per leaf (not a log per row): the walk is the hot loop.
    const feature = Int32Array.from(tree.feature);
    const threshold = Float64Array.from(tree.threshold);
    const left = Int32Array.from(tree.left);
    const right = Int32Array.from(tree.right);
    const leaf = Float64Array.from(tree.size, (size, node) => (feature[node]! < 0 ? averagePathLength(size) : 0));
    for (let i = 0, at = 0; i < rows.rows; i++, at += d) {
      let node = 0;
      let depth = 0;
      for (let f = feature[0]!; f >= 0; f = feature[node]!) {
        node = x[at + f]! <= threshold[node]! ? left[node]! : right[node]!;
        depth += 1;
      }
      sums[i]! += depth + leaf[node]!;
    }
  }
  return Array.from(sums, (s) => s / forest.trees.length);
}

/** scikit-learn's `score_samples`: −2^(−E[h(x)] / c(ψ)); lower = more abnormal, in [−1, 0]. */
export function scoreSamples(args: { forest: IsolationForest; rows: Rows }): number[] {
  return anomalyScores(args).map((s) => -s);
}

/** The original paper's anomaly score 2^(−E[h(x)] / c(ψ)) in [0, 1]; higher = more abnormal. */
export function anomalyScores(args: { forest: IsolationForest; rows: Rows }): number[] {
  const c = averagePathLength(args.forest?.sampleSize);
  // ψ = 1 gives c = 0: scikit-learn then takes the ratio as 1 (np.divide(..., out=ones, where=c != 0)),
  // so every row scores 0.5.
  return meanPathLengths(args).map((h) => 2 ** -(c > 0 ? h / c : 1));
}
