import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { attributionNdcg } from "../../../api/src/analytics/explain/ndcg.js";

const golden = JSON.parse(readFileSync(new URL("../../fixtures/explain/ndcg.json", import.meta.url), "utf8")) as {
  cases: Array<{ name: string; reference: Record<string, number>; current: Record<string, number>; ndcg: number; sklearn: number }>;
};

/** The definition written out by hand, independently of ndcg.ts: DCG of the current order / DCG of the ideal order. */
function handNdcg(reference: Record<string, number>, current: Record<string, number>): number {
  const names = Object.keys(reference);
  const byCurrent = [...names].sort((a, b) => current[b]! - current[a]!);
  const ideal = names.map((n) => reference[n]!).sort((a, b) => b - a);
  let dcg = 0;
  let idcg = 0;
  byCurrent.forEach((n, i) => (dcg += reference[n]! / Math.log2(i + 2)));
  ideal.forEach((r, i) => (idcg += r / Math.log2(i + 2)));
  return dcg / idcg;
}

describe("analytics/explain/ndcg", () => {
  it.each(golden.cases)("$name equals NumPy's formula and scikit-learn's ndcg_score to 1e-12", (c) => {
    const ndcg = attributionNdcg({ reference: c.reference, current: c.current })!;
    expect(Math.abs(ndcg - c.ndcg)).toBeLessThan(1e-12);
    expect(Math.abs(ndcg - c.sklearn)).toBeLessThan(1e-12);
    expect(Math.abs(ndcg - handNdcg(c.reference, c.current))).toBeLessThan(1e-12);
  });

  it.each<{ name: string; reference: Record<string, number>; current: Record<string, number>; expected: number }>([
    // 3 features, reference a=3 b=2 c=1; the window swaps a and c: DCG = 1/1 + 2/log2 3 + 3/2, iDCG = 3 + 2/log2 3 + 1/2
    { name: "swap of first and last", reference: { a: 3, b: 2, c: 1 }, current: { a: 1, b: 2, c: 3 }, expected: (1 + 2 / Math.log2(3) + 3 / 2) / (3 + 2 / Math.log2(3) + 1 / 2) },
    { name: "same order, other magnitudes", reference: { a: 3, b: 2, c: 1 }, current: { a: 30, b: 0.2, c: 0.1 }, expected: 1 },
    { name: "a feature absent from the window counts 0", reference: { a: 1, b: 1 }, current: { b: 1 }, expected: 1 },
    { name: "ties in the window break by reference importance", reference: { a: 2, b: 1 }, current: { a: 1, b: 1 }, expected: 1 },
  ])("$name", ({ reference, current, expected }) => {
    expect(attributionNdcg({ reference, current })).toBeCloseTo(expected, 14);
  });

  it("is null without reference mass and refuses negative or non-finite importances", () => {
    expect(attributionNdcg({ reference: { a: 0, b: 0 }, current: { a: 1, b: 2 } })).toBeNull();
    expect(() => attributionNdcg({ reference: { a: -1 }, current: { a: 1 } })).toThrow(/analytics\/ndcg: reference.a/);
    expect(() => attributionNdcg({ reference: { a: 1 }, current: { a: Number.NaN } })).toThrow(/current.a/);
  });
});
