// KLL quantile sketch (Karnin, Lang & Liberty 2016, "Optimal Quantile Approximation in Streams"),
// with the level capacities of Apache DataSketches' KllDoublesSketch: level h holds items of
// weight 2^h, its capacity is max(8, ⌊k·(2/3)^(H−1−h)⌋) for H levels; when the sketch holds more
// than the sum of the capacities, the lowest full level is sorted and every other item (odd or even
// positions, by a coin) is promoted with twice the weight. The space is O(k) whatever the stream.
//
// Rank-error bound (stated, verified in test/analytics/profiles): for any value x the sketch's
// normalized rank differs from the exact one by at most
//
//   ε(k) = 2.296 / k^0.9723      (DataSketches' single-rank bound at 99% confidence)
//
// ε(512) ≈ 0.0053. Both samples' CDFs are off by at most ε each, so a KS D computed from two
// sketches is within ε_ref + ε_cur of the exact D.
//
// The coin is deterministic: a hash of the level and the stream size, so that the same stream and
// the same merges always give the same sketch, and merge(a, b) equals merge(b, a) item for item.
// Pure: no I/O, no clock.

const WHERE = "analytics/kll-sketch";

export const DEFAULT_K = 512;
const MIN_LEVEL_CAPACITY = 8;

export interface KllSketch {
  k: number;
  /** Values added (the total weight). */
  n: number;
  /** levels[h]: items of weight 2^h (unsorted). */
  levels: number[][];
  /** Items held (sum of level lengths). */
  size: number;
}

export function rankErrorBound(k: number): number {
  return 2.296 / Math.pow(k, 0.9723);
}

export function emptyKll(k = DEFAULT_K): KllSketch {
  if (!Number.isInteger(k) || k < MIN_LEVEL_CAPACITY || k > 65_535) throw new Error(`${WHERE}: k must be an integer in [8, 65535], got ${k}`);
  return { k, n: 0, levels: [[]], size: 0 };
}

/** Capacities per (k, number of levels), computed once: [total, capacity of level 0, of level 1, …]. */
const capacityCache = new Map<number, number[]>();

function capacities(k: number, levels: number): number[] {
  const key = k * 128 + levels;
  let c = capacityCache.get(key);
  if (!c) {
    const caps = Array.from({ length: levels }, (_, h) => Math.max(MIN_LEVEL_CAPACITY, Math.floor(k * Math.pow(2 / 3, levels - 1 - h))));
    c = [caps.reduce((a, b) => a + b, 0), ...caps];
    capacityCache.set(key, c);
  }
  return c;
}

function levelCapacity(k: number, levels: number, h: number): number {
  return capacities(k, levels)[h + 1]!;
}

function totalCapacity(s: KllSketch): number {
  return capacities(s.k, s.levels.length)[0]!;
}

function coin(h: number, n: number, length: number): number {
  let x = Math.imul(h + 1, 0x9e3779b1) ^ Math.imul(n | 0, 0x85ebca6b) ^ Math.imul(Math.floor(n / 4294967296) + length, 0xc2b2ae35);
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  return x & 1;
}

/** Compacts the lowest level at or over its capacity until the sketch fits. */
function compress(s: KllSketch): void {
  while (s.size > totalCapacity(s)) {
    const H = s.levels.length;
    let h = 0;
    while (h < H && s.levels[h]!.length < levelCapacity(s.k, H, h)) h++;
    if (h === H) h = H - 1;
    if (h === H - 1) s.levels.push([]);
    const level = Float64Array.from(s.levels[h]!).sort(); // numeric sort of a typed copy: several times faster
    const keep = level.length % 2 === 1 ? [level[level.length - 1]!] : [];
    const even = level.length - keep.length;
    const offset = coin(h, s.n, level.length);
    const up = s.levels[h + 1]!;
    for (let i = offset; i < even; i += 2) up.push(level[i]!);
    s.levels[h] = keep;
    s.size -= even / 2;
  }
}

/** Adds one finite value in place. */
export function addKll(s: KllSketch, x: number): void {
  s.levels[0]!.push(x);
  s.n += 1;
  s.size += 1;
  if (s.size > totalCapacity(s)) compress(s);
}

/** The sketch of the union of two streams; the arguments are not changed. */
export function mergeKll(a: KllSketch, b: KllSketch): KllSketch {
  if (a.k !== b.k) throw new Error(`${WHERE}: cannot merge sketches of different k (${a.k} and ${b.k})`);
  const H = Math.max(a.levels.length, b.levels.length);
  const levels: number[][] = [];
  for (let h = 0; h < H; h++) {
    const x = a.levels[h] ?? [];
    const y = b.levels[h] ?? [];
    // Order-independent: the smaller level (then the lexically smaller first item) goes first.
    levels.push(x.length < y.length || (x.length === y.length && (x[0] ?? 0) <= (y[0] ?? 0)) ? [...x, ...y] : [...y, ...x]);
  }
  const out: KllSketch = { k: a.k, n: a.n + b.n, levels, size: a.size + b.size };
  compress(out);
  return out;
}

export interface WeightedItems {
  /** Sorted ascending. */
  values: Float64Array;
  /** cumulative[i]: total weight of values[0..i]. */
  cumulative: Float64Array;
  n: number;
}

/** The sketch's items sorted with their cumulative weights: the approximate CDF. */
export function sortedView(s: KllSketch): WeightedItems {
  const pairs: Array<[number, number]> = [];
  s.levels.forEach((level, h) => {
    const w = 2 ** h;
    for (const v of level) pairs.push([v, w]);
  });
  pairs.sort((p, q) => p[0] - q[0]);
  const values = new Float64Array(pairs.length);
  const cumulative = new Float64Array(pairs.length);
  let c = 0;
  for (let i = 0; i < pairs.length; i++) {
    values[i] = pairs[i]![0];
    c += pairs[i]![1];
    cumulative[i] = c;
  }
  return { values, cumulative, n: c };
}

/** Approximate share of values ≤ x. */
export function cdfAt(view: WeightedItems, x: number): number {
  let lo = 0;
  let hi = view.values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view.values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return view.n === 0 || lo === 0 ? 0 : view.cumulative[lo - 1]! / view.n;
}

/** Approximate share of values < x. */
export function cdfBelow(view: WeightedItems, x: number): number {
  let lo = 0;
  let hi = view.values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view.values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return view.n === 0 || lo === 0 ? 0 : view.cumulative[lo - 1]! / view.n;
}

/** The smallest item whose cumulative weight reaches q·n (q in [0, 1]): the inverse CDF. */
export function quantileOf(view: WeightedItems, q: number): number {
  if (view.values.length === 0) throw new Error(`${WHERE}: quantile of an empty sketch`);
  if (!(q >= 0 && q <= 1)) throw new Error(`${WHERE}: q must be in [0, 1], got ${q}`);
  const target = q * view.n;
  let lo = 0;
  let hi = view.values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view.cumulative[mid]! >= target) hi = mid;
    else lo = mid + 1;
  }
  return view.values[lo]!;
}

/** Compact binary form: the level sizes then every item as float64, base64. */
export function encodeKll(s: KllSketch): { k: number; n: number; sizes: number[]; items: string } {
  const items = new Float64Array(s.size);
  let i = 0;
  for (const level of s.levels) for (const v of level) items[i++] = v;
  return { k: s.k, n: s.n, sizes: s.levels.map((l) => l.length), items: Buffer.from(items.buffer).toString("base64") };
}

export function decodeKll(e: { k: number; n: number; sizes: number[]; items: string }): KllSketch {
  const buf = Buffer.from(e.items, "base64");
  const total = e.sizes.reduce((a, b) => a + b, 0);
  if (buf.length !== total * 8) throw new Error(`${WHERE}: encoded items hold ${buf.length} bytes, expected ${total * 8}`);
  const items = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  const levels: number[][] = [];
  let i = 0;
  for (const size of e.sizes) {
    levels.push(Array.from(items.subarray(i, i + size)));
    i += size;
  }
  const s: KllSketch = { k: e.k, n: e.n, levels: levels.length ? levels : [[]], size: total };
  let weight = 0;
  s.levels.forEach((l, h) => (weight += l.length * 2 ** h));
  if (weight !== e.n) throw new Error(`${WHERE}: encoded sketch weighs ${weight}, expected n = ${e.n}`);
  return s;
}
