// Frequent categories with their counts: exact while at most `capacity` distinct categories have
// been seen, then the mergeable Misra–Gries summary (Misra & Gries 1982; merge by Agarwal et al.
// 2012, "Mergeable summaries"): add the counters, and when more than `capacity` remain subtract
// the (capacity+1)-th largest count from every counter and drop those ≤ 0. Every kept count c
// underestimates the true count by at most `maxError` (the sum of the subtracted amounts), and a
// category whose true count exceeds maxError is always kept. maxError is 0 while exact.
// Pure: no I/O, no clock.

const WHERE = "analytics/frequent-items";
export const DEFAULT_CAPACITY = 1_000;

export interface FrequentItems {
  capacity: number;
  counts: Map<string, number>;
  /** Upper bound on how much any kept count (or a dropped category's count) underestimates. */
  maxError: number;
}

export function emptyItems(capacity = DEFAULT_CAPACITY): FrequentItems {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`${WHERE}: capacity must be a positive integer, got ${capacity}`);
  return { capacity, counts: new Map(), maxError: 0 };
}

function reduce(s: FrequentItems): void {
  if (s.counts.size <= s.capacity) return;
  const sorted = [...s.counts.values()].sort((a, b) => b - a);
  const cut = sorted[s.capacity]!;
  for (const [key, c] of s.counts) {
    if (c - cut <= 0) s.counts.delete(key);
    else s.counts.set(key, c - cut);
  }
  s.maxError += cut;
}

/** Adds `count` occurrences of a category in place. */
export function addItem(s: FrequentItems, value: string, count = 1): void {
  s.counts.set(value, (s.counts.get(value) ?? 0) + count);
  // Reduce in amortized batches: at twice the capacity, back to at most the capacity.
  if (s.counts.size > 2 * s.capacity) reduce(s);
}

export function mergeItems(a: FrequentItems, b: FrequentItems): FrequentItems {
  if (a.capacity !== b.capacity) throw new Error(`${WHERE}: cannot merge summaries of different capacity (${a.capacity} and ${b.capacity})`);
  const out: FrequentItems = { capacity: a.capacity, counts: new Map(a.counts), maxError: a.maxError + b.maxError };
  for (const [key, c] of b.counts) out.counts.set(key, (out.counts.get(key) ?? 0) + c);
  reduce(out);
  return out;
}

/** Brings the summary to at most `capacity` counters (before reading or storing it). */
export function settleItems(s: FrequentItems): FrequentItems {
  const out: FrequentItems = { capacity: s.capacity, counts: new Map(s.counts), maxError: s.maxError };
  reduce(out);
  return out;
}

export function encodeItems(s: FrequentItems): { capacity: number; maxError: number; counts: Array<[string, number]> } {
  const settled = settleItems(s);
  return { capacity: settled.capacity, maxError: settled.maxError, counts: [...settled.counts.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)) };
}

export function decodeItems(e: { capacity: number; maxError: number; counts: Array<[string, number]> }): FrequentItems {
  return { capacity: e.capacity, maxError: e.maxError, counts: new Map(e.counts) };
}
