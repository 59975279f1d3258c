// Merge properties of the profiles, on seeded random data split at random points:
//   - commutative: merge(a, b) and merge(b, a) are the same profile (encoded byte for byte);
//   - associative within the bounds: (a ∪ b) ∪ c and a ∪ (b ∪ c) have the same counts, moments
//     (1e-12), min/max, bins, distinct-count registers and exact counts, and quantile sketches
//     whose CDFs differ by at most the two rank errors;
//   - parts vs whole: merging the profiles of the parts equals the profile of all rows within the
//     same bounds, and the mergeable moments equal a two-pass computation;
//   - Misra–Gries: every category's count is under by at most maxError;
//   - the codec round-trips and refuses malformed input naming the field.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/src/analytics/seeded-random.js";
import { addValue, emptyColumnProfile, mergeColumnProfiles, type ColumnProfile, type NumericProfile } from "../../../api/src/analytics/profiles/column-profile.js";
import { addItem, emptyItems, mergeItems } from "../../../api/src/analytics/profiles/frequent-items.js";
import { hllEstimate, hllStandardError } from "../../../api/src/analytics/profiles/hyperloglog.js";
import { cdfAt, rankErrorBound, sortedView } from "../../../api/src/analytics/profiles/kll-sketch.js";
import { decodeColumnProfile, encodeColumnProfile } from "../../../api/src/analytics/profiles/profile-codec.js";
import { referenceBinsOf } from "../../../api/src/analytics/profiles/reference-bins.js";

const EPS = rankErrorBound(512);

function data(seed: number, n: number): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => (r() < 0.02 ? null : Math.exp(3 * (r() - 0.5)) * 100 + r())) as number[];
}

function profile(values: readonly (number | null)[], bins = referenceBinsOf(data(1, 5000).filter((v) => v !== null))): NumericProfile {
  const p = emptyColumnProfile("NUMERIC", bins) as NumericProfile;
  for (const v of values) addValue(p, v);
  return p;
}

function expectSameWithinBounds(a: ColumnProfile, b: ColumnProfile): void {
  if (a.kind !== "NUMERIC" || b.kind !== "NUMERIC") throw new Error("numeric expected");
  expect([a.count, a.missing, a.min, a.max]).toEqual([b.count, b.missing, b.min, b.max]);
  expect(a.moments.n).toBe(b.moments.n);
  expect(Math.abs(a.moments.mean - b.moments.mean)).toBeLessThan(1e-12 * Math.abs(b.moments.mean));
  expect(Math.abs(a.moments.m2 - b.moments.m2)).toBeLessThan(1e-9 * b.moments.m2);
  expect(a.bins!.counts).toEqual(b.bins!.counts);
  a.bins!.sums.forEach((s, i) => expect(Math.abs(s - b.bins!.sums[i]!)).toBeLessThanOrEqual(1e-9 * Math.abs(s) + 1e-9));
  expect([...a.distinct.registers]).toEqual([...b.distinct.registers]);
  const va = sortedView(a.quantiles);
  const vb = sortedView(b.quantiles);
  for (const x of [...va.values].filter((_, i) => i % 7 === 0)) expect(Math.abs(cdfAt(va, x) - cdfAt(vb, x))).toBeLessThanOrEqual(2 * EPS);
}

describe("profile merge properties", () => {
  for (let seed = 1; seed <= 6; seed++) {
    it(`seed ${seed}: commutative, associative, parts equal the whole`, () => {
      const r = seededRandom(1000 + seed);
      const all = data(seed, 30_000 + Math.floor(r() * 20_000));
      const cut1 = Math.floor(r() * all.length * 0.5);
      const cut2 = cut1 + Math.floor(r() * (all.length - cut1));
      const [a, b, c] = [profile(all.slice(0, cut1)), profile(all.slice(cut1, cut2)), profile(all.slice(cut2))];
      expect(JSON.stringify(encodeColumnProfile(mergeColumnProfiles(a, b)))).toBe(JSON.stringify(encodeColumnProfile(mergeColumnProfiles(b, a))));
      const left = mergeColumnProfiles(mergeColumnProfiles(a, b), c);
      const right = mergeColumnProfiles(a, mergeColumnProfiles(b, c));
      expectSameWithinBounds(left, right);
      const whole = profile(all);
      expectSameWithinBounds(left, whole);
      const finite = all.filter((v): v is number => v !== null);
      const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
      const m2 = finite.reduce((s, v) => s + (v - mean) ** 2, 0);
      expect(Math.abs(left.kind === "NUMERIC" ? left.moments.m2 - m2 : NaN)).toBeLessThan(1e-9 * m2);
      const v = sortedView((left as NumericProfile).quantiles);
      const sorted = Float64Array.from(finite).sort();
      for (let q = 0.05; q < 1; q += 0.05) {
        const x = sorted[Math.floor(q * sorted.length)]!;
        let rank = 0;
        while (rank < sorted.length && sorted[rank]! <= x) rank++;
        expect(Math.abs(cdfAt(v, x) - rank / sorted.length)).toBeLessThanOrEqual(EPS);
      }
      expect(Math.abs(hllEstimate(left.distinct) - new Set(finite).size) / new Set(finite).size).toBeLessThan(4 * hllStandardError(11));
    });
  }

  it("Misra–Gries: each count is under by at most maxError; exact below the capacity", () => {
    const r = seededRandom(5);
    const truth = new Map<string, number>();
    const parts = [emptyItems(50), emptyItems(50), emptyItems(50)];
    for (let i = 0; i < 60_000; i++) {
      const key = `c${Math.floor(Math.pow(r(), 3) * 2000)}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
      addItem(parts[i % 3]!, key);
    }
    const merged = mergeItems(mergeItems(parts[0]!, parts[1]!), parts[2]!);
    expect(merged.maxError).toBeGreaterThan(0);
    for (const [key, count] of truth) {
      const kept = merged.counts.get(key) ?? 0;
      expect(kept).toBeLessThanOrEqual(count);
      expect(count - kept).toBeLessThanOrEqual(merged.maxError);
    }
    const exact = emptyItems(10);
    for (const k of ["a", "b", "a", "c"]) addItem(exact, k);
    expect([...exact.counts.entries()]).toEqual([["a", 2], ["b", 1], ["c", 1]]);
    expect(exact.maxError).toBe(0);
  });

  it("the codec round-trips and names the field of malformed input", () => {
    const p = profile(data(3, 20_000));
    const encoded = encodeColumnProfile(p);
    const back = decodeColumnProfile(JSON.parse(JSON.stringify(encoded)), "columns.x");
    expect(JSON.stringify(encodeColumnProfile(back))).toBe(JSON.stringify(encoded));
    const cat = emptyColumnProfile("CATEGORICAL");
    for (const k of ["x", "y", "x"]) addValue(cat, k);
    expect(JSON.stringify(encodeColumnProfile(decodeColumnProfile(encodeColumnProfile(cat), "c")))).toBe(JSON.stringify(encodeColumnProfile(cat)));
    expect(() => decodeColumnProfile({ ...encoded, count: -1 }, "columns.x")).toThrow(/columns\.x\.count: expected a non-negative integer/);
    expect(() => decodeColumnProfile({ ...encoded, v: 9 }, "columns.x")).toThrow(/columns\.x\.v: expected profile format 1/);
    expect(() => decodeColumnProfile({ ...encoded, moments: { n: 1, mean: 0, m2: 0 } }, "columns.x")).toThrow(/columns\.x\.moments\.n/);
    expect(() => decodeColumnProfile({ ...encoded, kind: "TEXT" }, "columns.x")).toThrow(/columns\.x\.kind/);
  });
});
