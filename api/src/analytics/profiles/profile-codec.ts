// The stored and uploaded form of a column profile: JSON with the quantile sketch's items and the
// HyperLogLog registers in base64 (float64 and bytes). `decodeColumnProfile` checks everything it
// reads, so an uploaded profile that is malformed is refused with the reason, never stored.
// Pure: no I/O, no clock.
import { decodeHll, encodeHll } from "./hyperloglog.js";
import { decodeItems, encodeItems } from "./frequent-items.js";
import { decodeKll, encodeKll } from "./kll-sketch.js";
import { MAX_EXACT_VALUES, type ColumnProfile } from "./column-profile.js";
import { FEATURE_KINDS, type FeatureKindName } from "../feature-kinds.js";

const WHERE = "analytics/profile-codec";
/** Bumped when the encoding changes; decoders refuse versions they do not know. */
export const PROFILE_FORMAT = 1;

export type EncodedColumnProfile = Record<string, unknown> & { v: number; kind: FeatureKindName };

export function encodeColumnProfile(p: ColumnProfile): EncodedColumnProfile {
  if (p.kind === "NUMERIC") {
    return {
      v: PROFILE_FORMAT, kind: "NUMERIC", count: p.count, missing: p.missing, min: p.min, max: p.max,
      moments: { ...p.moments }, quantiles: encodeKll(p.quantiles), exact: p.exact ? encodeExact(p.exact) : null, distinct: encodeHll(p.distinct), bins: p.bins,
    };
  }
  return { v: PROFILE_FORMAT, kind: "CATEGORICAL", count: p.count, missing: p.missing, items: encodeItems(p.items), distinct: encodeHll(p.distinct) };
}

/** Exact values and counts as two base64 arrays (float64 values ascending, float64 counts). */
function encodeExact(exact: Map<number, number>): { values: string; counts: string } {
  const entries = [...exact.entries()].sort((a, b) => a[0] - b[0]);
  const values = Float64Array.from(entries.map((e) => e[0]));
  const counts = Float64Array.from(entries.map((e) => e[1]));
  return { values: Buffer.from(values.buffer).toString("base64"), counts: Buffer.from(counts.buffer).toString("base64") };
}

function floats(text: string, path: string): Float64Array {
  const buf = Buffer.from(text, "base64");
  if (buf.length % 8 !== 0) throw new Error(`${path}: expected base64 float64 values`);
  return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

function decodeExact(raw: unknown, n: number, path: string): Map<number, number> | null {
  if (raw === null || raw === undefined) return null;
  if (!isObject(raw) || typeof raw.values !== "string" || typeof raw.counts !== "string") throw new Error(`${path}: expected {values, counts} or null`);
  const values = floats(raw.values, `${path}.values`);
  const counts = floats(raw.counts, `${path}.counts`);
  if (values.length !== counts.length || values.length > MAX_EXACT_VALUES) throw new Error(`${path}: values and counts differ in length or exceed ${MAX_EXACT_VALUES}`);
  const out = new Map<number, number>();
  let total = 0;
  values.forEach((v, i) => {
    const c = counts[i]!;
    if (!Number.isFinite(v) || !Number.isInteger(c) || c <= 0 || out.has(v)) throw new Error(`${path}: expected distinct finite values with positive integer counts`);
    out.set(v, c);
    total += c;
  });
  if (total !== n) throw new Error(`${path}: the counts sum to ${total}, not count ${n}`);
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function count(o: Record<string, unknown>, field: string, path: string): number {
  const v = o[field];
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new Error(`${path}.${field}: expected a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}

function finiteOrNull(o: Record<string, unknown>, field: string, path: string): number | null {
  const v = o[field];
  if (v === null) return null;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${path}.${field}: expected a finite number or null, got ${JSON.stringify(v)}`);
  return v;
}

function decodeNumeric(o: Record<string, unknown>, path: string): ColumnProfile {
  const m = o.moments;
  const q = o.quantiles;
  const d = o.distinct;
  if (!isObject(m) || !isObject(q) || !isObject(d)) throw new Error(`${path}: a numeric profile needs moments, quantiles and distinct objects`);
  const n = count(o, "count", path);
  const moments = { n: count(m, "n", `${path}.moments`), mean: finiteOrNull(m, "mean", `${path}.moments`) ?? 0, m2: finiteOrNull(m, "m2", `${path}.moments`) ?? 0 };
  if (moments.n !== n) throw new Error(`${path}.moments.n: ${moments.n} differs from count ${n}`);
  if (!Array.isArray(q.sizes) || typeof q.items !== "string" || typeof q.k !== "number") throw new Error(`${path}.quantiles: expected {k, n, sizes, items}`);
  const quantiles = decodeKll({ k: q.k, n: count(q, "n", `${path}.quantiles`), sizes: q.sizes as number[], items: q.items });
  if (quantiles.n !== n) throw new Error(`${path}.quantiles.n: ${quantiles.n} differs from count ${n}`);
  if (typeof d.p !== "number" || typeof d.registers !== "string") throw new Error(`${path}.distinct: expected {p, registers}`);
  let bins = null;
  if (o.bins !== null && o.bins !== undefined) {
    const b = o.bins;
    if (!isObject(b) || !Array.isArray(b.edges) || !Array.isArray(b.counts) || !Array.isArray(b.sums) || b.counts.length !== b.edges.length + 1 || b.sums.length !== b.counts.length) {
      throw new Error(`${path}.bins: expected {edges, counts, sums} with one more count (and sum) than edges`);
    }
    if (!(b.sums as unknown[]).every((x) => typeof x === "number" && Number.isFinite(x))) throw new Error(`${path}.bins.sums: expected finite numbers`);
    const edges = b.edges as unknown[];
    if (!edges.every((e, i) => typeof e === "number" && Number.isFinite(e) && (i === 0 || e > (edges[i - 1] as number)))) throw new Error(`${path}.bins.edges: expected strictly increasing finite numbers`);
    const counts = b.counts as unknown[];
    if (!counts.every((c) => typeof c === "number" && Number.isInteger(c) && c >= 0)) throw new Error(`${path}.bins.counts: expected non-negative integers`);
    if ((counts as number[]).reduce((a, c) => a + c, 0) !== n) throw new Error(`${path}.bins.counts: they sum to another number than count ${n}`);
    const deciles = Array.isArray(b.deciles) ? (b.deciles as unknown[]) : [];
    if (!deciles.every((d) => typeof d === "number" && edges.includes(d))) throw new Error(`${path}.bins.deciles: expected cut points among the edges`);
    bins = { edges: edges as number[], deciles: deciles as number[], counts: counts as number[], sums: b.sums as number[] };
  }
  const min = finiteOrNull(o, "min", path);
  const max = finiteOrNull(o, "max", path);
  if ((n > 0) !== (min !== null && max !== null) || (min !== null && max !== null && min > max)) throw new Error(`${path}.min/max: expected min ≤ max when count > 0, null when 0`);
  return { kind: "NUMERIC", count: n, missing: count(o, "missing", path), min, max, moments, quantiles, exact: decodeExact(o.exact, n, `${path}.exact`), distinct: decodeHll({ p: d.p, registers: d.registers }), bins };
}

function decodeCategorical(o: Record<string, unknown>, path: string): ColumnProfile {
  const it = o.items;
  const d = o.distinct;
  if (!isObject(it) || !isObject(d) || !Array.isArray(it.counts)) throw new Error(`${path}: a categorical profile needs items {capacity, maxError, counts} and distinct`);
  const counts = it.counts as unknown[];
  for (const [i, pair] of counts.entries()) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "number" || !(pair[1] > 0)) throw new Error(`${path}.items.counts[${i}]: expected [category, positive count]`);
  }
  if (typeof d.p !== "number" || typeof d.registers !== "string") throw new Error(`${path}.distinct: expected {p, registers}`);
  const items = decodeItems({ capacity: count(it, "capacity", `${path}.items`), maxError: count(it, "maxError", `${path}.items`), counts: counts as Array<[string, number]> });
  const n = count(o, "count", path);
  let held = 0;
  for (const c of items.counts.values()) held += c;
  if (held > n) throw new Error(`${path}.items: the category counts sum to ${held}, more than count ${n}`);
  return { kind: "CATEGORICAL", count: n, missing: count(o, "missing", path), items, distinct: decodeHll({ p: d.p, registers: d.registers }) };
}

/** Decodes and checks one encoded profile; errors name `path` (e.g. "profiles[0].columns.age"). */
export function decodeColumnProfile(raw: unknown, path: string): ColumnProfile {
  if (!isObject(raw)) throw new Error(`${path}: expected an object`);
  if (raw.v !== PROFILE_FORMAT) throw new Error(`${path}.v: expected profile format ${PROFILE_FORMAT}, got ${JSON.stringify(raw.v)}`);
  try {
    if (raw.kind === "NUMERIC") return decodeNumeric(raw, path);
    if (raw.kind === "CATEGORICAL") return decodeCategorical(raw, path);
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.startsWith(path) ? message : `${path}: ${message.replace(/^analytics\/[a-z-]+: /, "")}`);
  }
  throw new Error(`${path}.kind: expected ${FEATURE_KINDS.join(" or ")}, got ${JSON.stringify(raw.kind)}`);
}

export { WHERE as PROFILE_CODEC };
